from odoo import api, fields, models
from odoo.exceptions import ValidationError

from .hotel_stay_chain import LONG_STAY_SETTINGS, LONG_STAY_THRESHOLDS

# a hundred years: today less the period must still be a date
MAX_WINDOW_DAYS = 36500


class ResCompany(models.Model):
    _name = "res.company"
    _inherit = ["res.company", "hotel.guard.mixin"]
    _hotel_field_prefixes = ("hotel_",)

    hotel_group_corporate_invoices = fields.Boolean(
        string="One Invoice per Billing Partner",
        help="When several stays are invoiced together, the stays billed to the "
        "same partner (a corporate client, for example) go on one invoice. "
        "Otherwise each stay gets its own invoice.",
    )
    hotel_long_stay_nights = fields.Integer(
        string="Long Stay From (Nights in a Row)",
        default=30,
        help="A stay of at least this many consecutive nights is a long stay, "
        "and its guest is a long-stay guest.",
    )
    hotel_long_stay_window_nights = fields.Integer(
        string="Long-Stay Guest From (Nights in the Period)",
        default=60,
        help="A guest who stayed at least this many nights, in stays that started "
        "within the period below, is a long-stay guest.",
    )
    hotel_long_stay_window_days = fields.Integer(
        string="Period for Counting Nights (Days)",
        default=90,
        help="How many days back the nights of a guest's stays are added up.",
    )

    @api.constrains(*LONG_STAY_SETTINGS)
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
            if company.hotel_long_stay_window_days > MAX_WINDOW_DAYS:
                raise ValidationError(
                    self.env._(
                        "The period for counting nights cannot be longer than "
                        "%(days)s days.",
                        days=MAX_WINDOW_DAYS,
                    )
                )

    def write(self, vals):
        if LONG_STAY_SETTINGS & vals.keys():
            # the guests' long-stay flags follow the new settings (the period's
            # length applies when they are computed)
            self.env["res.partner"].invalidate_model(["guest_is_long_stay"])
        fnames = [fname for fname in LONG_STAY_THRESHOLDS if fname in vals]
        before = {company: [company[fname] for fname in fnames] for company in self}
        res = super().write(vals)
        changed = [
            company.id
            for company in self
            if fnames and before[company] != [company[fname] for fname in fnames]
        ]
        if changed:
            # the hotel's stays follow its new long-stay thresholds (the dates
            # the Long-Stay Guests filter reads); a settings screen saving the
            # same values again changes nothing, nor does a new period length
            self.env["hotel.stay"].sudo()._hotel_update_chains(company_ids=changed)
        return res
