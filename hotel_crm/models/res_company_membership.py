from odoo import api, fields, models
from odoo.exceptions import ValidationError

WINDOWS = [
    ("rolling", "Rolling months"),
    ("calendar", "Calendar year"),
]
VALIDITIES = [
    ("next_year", "Until the end of the next calendar year"),
    ("months", "A number of months"),
]
# the programme's settings: the hotel settings screens change these
MEMBERSHIP_SETTINGS = (
    "hotel_membership_window",
    "hotel_membership_window_months",
    "hotel_membership_validity",
    "hotel_membership_validity_months",
    "hotel_membership_soft_landing",
    "hotel_points_expiry_months",
    "hotel_points_per_currency_unit",
)


class ResCompany(models.Model):
    """The hotel's membership programme: how levels are earned, kept and
    lost, and what points are worth."""

    _inherit = "res.company"

    hotel_membership_window = fields.Selection(
        WINDOWS,
        string="Qualification Window",
        required=True,
        default="rolling",
        help="The stays that count for a level: those of the last months (rolling) "
        "or those of the current calendar year.",
    )
    hotel_membership_window_months = fields.Integer(
        string="Rolling Window (Months)",
        default=12,
        help="How many months back the nights, stays and revenue count.",
    )
    hotel_membership_validity = fields.Selection(
        VALIDITIES,
        string="Level Validity",
        required=True,
        default="next_year",
        help="How long a level is kept once reached: until the end of the next "
        "calendar year, or a number of months.",
    )
    hotel_membership_validity_months = fields.Integer(
        string="Validity (Months)",
        default=12,
        help="How many months a level is kept after it was reached or renewed.",
    )
    hotel_membership_soft_landing = fields.Boolean(
        string="Soft Landing",
        default=True,
        help="When a level ends and the guest no longer qualifies for it, the guest "
        "drops one level at most.",
    )
    hotel_points_expiry_months = fields.Integer(
        string="Points Expire After (Months)",
        default=24,
        help="The points of a card without any points earned or used for this many "
        "months expire, except at levels whose points never expire.",
    )
    hotel_points_per_currency_unit = fields.Integer(
        string="Points per Currency Unit",
        default=100,
        help="How many points redeem one unit of the company currency as a "
        "discount on a stay.",
    )

    @api.constrains(*MEMBERSHIP_SETTINGS)
    def _check_hotel_membership(self):
        for company in self:
            if (
                company.hotel_membership_window_months < 1
                or company.hotel_membership_validity_months < 1
                or company.hotel_points_expiry_months < 1
                or company.hotel_points_per_currency_unit < 1
            ):
                raise ValidationError(
                    self.env._(
                        "The months of the membership programme and the points per "
                        "currency unit must be at least 1."
                    )
                )
