from odoo import models


class AccountMove(models.Model):
    """The stays learn here that their bill is paid or reversed: the guest
    earns or loses the stay's points at once (the hourly scheduled action
    catches up on what this misses)."""

    _inherit = "account.move"

    def _invoice_paid_hook(self):
        res = super()._invoice_paid_hook()
        self.sudo().hotel_stay_ids._hotel_award_points()
        return res

    def _post(self, soft=True):
        posted = super()._post(soft=soft)
        refunds = posted.filtered(lambda m: m.move_type == "out_refund")
        if refunds:
            refunds.sudo().hotel_stay_ids._hotel_take_back_points()
        return posted
