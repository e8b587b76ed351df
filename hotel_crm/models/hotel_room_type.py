from odoo import api, fields, models
from odoo.exceptions import ValidationError


class HotelRoomType(models.Model):
    _name = "hotel.room.type"
    _description = "Hotel Room Type"
    _inherit = ["hotel.guard.mixin"]
    # the order the manager gives them (handle); not by name, which is
    # translated: the stays' reports group by room type in this order, and
    # a translated name in the grouping key costs a third of a pivot at a
    # million stays
    _order = "sequence, id"
    _check_company_auto = True

    name = fields.Char(required=True, translate=True, size=128)
    code = fields.Char(size=16, help="Short code shown on stays, e.g. DBL or STE.")
    sequence = fields.Integer(default=10)
    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    default_rate = fields.Monetary(
        string="Default Nightly Rate",
        currency_field="currency_id",
        help="Proposed as the nightly rate of new stays in this room type.",
    )
    active = fields.Boolean(default=True)

    _sql_constraints = [
        (
            "code_company_unique",
            "unique(code, company_id)",
            "Another room type of this company has the same code.",
        ),
    ]

    @api.depends("code", "name")
    def _compute_display_name(self):
        for room_type in self:
            room_type.display_name = (
                f"[{room_type.code}] {room_type.name}"
                if room_type.code
                else room_type.name
            )

    @api.constrains("default_rate")
    def _check_default_rate(self):
        if any(room_type.default_rate < 0 for room_type in self):
            raise ValidationError(self.env._("A nightly rate cannot be negative."))
