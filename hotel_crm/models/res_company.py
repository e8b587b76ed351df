from odoo import api, fields, models
from odoo.exceptions import ValidationError


class ResCompany(models.Model):
    _name = "res.company"
    _inherit = ["res.company", "hotel.guard.mixin"]
    _hotel_field_prefixes = ("hotel_",)

    hotel_group_corporate_invoices = fields.Boolean(
        string="Group Corporate Stays on One Invoice",
        help="Invoice all selected stays of the same billing partner on one invoice "
        "instead of one invoice per stay.",
    )
    hotel_long_stay_nights = fields.Integer(
        string="Long Stay After (Consecutive Nights)",
        default=30,
        help="A stay of this many nights or more is a long stay.",
    )
    hotel_long_stay_window_nights = fields.Integer(
        string="Long Stay After (Nights in Period)",
        default=60,
        help="A guest with this many nights or more within the period is a "
        "long-stay guest.",
    )
    hotel_long_stay_window_days = fields.Integer(
        string="Long Stay Period (Days)", default=90
    )

    @api.constrains(
        "hotel_long_stay_nights",
        "hotel_long_stay_window_nights",
        "hotel_long_stay_window_days",
    )
    def _check_hotel_long_stay(self):
        for company in self:
            if (
                company.hotel_long_stay_nights < 1
                or company.hotel_long_stay_window_nights < 1
                or company.hotel_long_stay_window_days < 1
            ):
                raise ValidationError(
                    self.env._(
                        "The long-stay thresholds must be at least one night or day."
                    )
                )
