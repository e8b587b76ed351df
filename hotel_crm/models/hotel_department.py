from odoo import fields, models


class HotelDepartment(models.Model):
    """A department of the hotel that complaints are assigned to (Front
    Office, Housekeeping...). Its manager is told when a complaint misses its
    acknowledgement time."""

    _name = "hotel.department"
    _description = "Hotel Department"
    _inherit = ["hotel.guard.mixin"]
    _order = "sequence, name, id"
    _check_company_auto = True

    name = fields.Char(required=True, translate=True, size=64)
    sequence = fields.Integer(default=10)
    manager_id = fields.Many2one(
        "res.users",
        check_company=True,
        domain="[('share', '=', False)]",
        help="Gets an activity for each complaint of the department that is not "
        "acknowledged in time.",
    )
    company_id = fields.Many2one(
        "res.company",
        string="Hotel",
        index=True,
        help="Leave empty for a department of every hotel.",
    )
    active = fields.Boolean(default=True)
