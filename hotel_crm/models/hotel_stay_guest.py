from odoo import api, models
from odoo.exceptions import UserError


class HotelStay(models.Model):
    """Who can be the guest of a stay, on every path a client has (the
    buttons, create, write, import): a person in one room of the group at a
    time, and never an anonymized guest file (a person who comes back gets a
    new file)."""

    _inherit = "hotel.stay"

    @api.model_create_multi
    def create(self, vals_list):
        stays = super().create(vals_list)
        stays._hotel_check_guest_not_anonymized()
        # a stay imported as in house: the same rule as the Check In button
        stays.filtered(lambda s: s.state == "checked_in")._hotel_check_not_in_house()
        return stays

    def write(self, vals):
        res = super().write(vals)
        if "partner_id" in vals:
            self._hotel_check_guest_not_anonymized()
        if "partner_id" in vals or vals.get("state") == "checked_in":
            # another guest put on a stay in house must not be in house already
            self.filtered(lambda s: s.state == "checked_in")._hotel_check_not_in_house()
        return res

    def _hotel_check_guest_not_anonymized(self):
        if self.env.su:
            return
        erased = self.sudo().partner_id.filtered("guest_anonymized")
        if erased:
            raise UserError(
                self.env._(
                    "%(guest)s is an anonymized guest file: no stay can be recorded "
                    "for it. If the person comes back, create a new guest file.",
                    guest=erased[0].display_name,
                )
            )
