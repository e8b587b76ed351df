from odoo.exceptions import AccessError


def require_hotel_group(env, group_xmlid, message):
    """Raise an AccessError with ``message`` unless the environment runs as
    superuser or its user belongs to the hotel group ``group_xmlid``."""
    if not env.su and not env.user.has_group(group_xmlid):
        raise AccessError(message)
