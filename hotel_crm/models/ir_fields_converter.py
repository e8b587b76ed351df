from odoo import api, models


class KnownIds(frozenset):
    """The ids of an import's column that exist, checked by ``hotel.stay.load``
    itself: a context value no client can send (JSON has no such type), so
    that a forged ``hotel_import_ids`` is ignored."""


class IrFieldsConverter(models.AbstractModel):
    """Database ids of an import checked once for all its rows.

    Odoo's import checks each row's ``.id`` reference with a query of its own:
    two per row for an import of past stays (the guest and the room type).
    ``hotel.stay.load`` checks all of a column's ids in one query and passes
    the existing ones in the context (``hotel_import_ids``, ``KnownIds``);
    they are then taken as Odoo would take them, and any other value
    (unknown, not a number) goes through Odoo's own conversion and its error
    messages."""

    _inherit = "ir.fields.converter"

    @api.model
    def db_id_for(self, model, field, subfield, value):
        checked = self.env.context.get("hotel_import_ids")
        # whatever a client puts under that key is not the module's
        known = checked.get(field.comodel_name) if isinstance(checked, dict) else None
        if subfield == ".id" and isinstance(known, KnownIds) and isinstance(value, str):
            try:
                record_id = int(value)
            except ValueError:
                record_id = None
            if record_id in known:
                return record_id, self.env._("database id"), []
        return super().db_id_for(model, field, subfield, value)
