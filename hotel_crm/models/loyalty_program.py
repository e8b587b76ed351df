from odoo import api, models
from odoo.exceptions import UserError


class LoyaltyProgram(models.Model):
    _inherit = "loyalty.program"

    @api.ondelete(at_uninstall=True)
    def _unlink_except_hotel_points(self):
        """A hotel's points programme holding guests' cards is kept, also
        when Hotel CRM is uninstalled: the points belong to the guests."""
        hotel = self.sudo().filtered(
            lambda p: (
                p.coupon_count
                and (
                    p.get_external_id().get(p.id, "").startswith("hotel_crm.")
                    or self.env["res.company"]
                    .sudo()
                    .search_count([("hotel_loyalty_program_id", "=", p.id)], limit=1)
                )
            )
        )
        if hotel:
            raise UserError(
                self.env._(
                    "The points programme %(program)s holds the points of guests: "
                    "archive it instead of deleting it.",
                    program=hotel[0].name,
                )
            )
