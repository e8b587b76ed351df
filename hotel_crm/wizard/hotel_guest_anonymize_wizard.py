from odoo import fields, models


class HotelGuestAnonymizeWizard(models.TransientModel):
    _name = "hotel.guest.anonymize.wizard"
    _description = "Anonymize Guests"

    partner_ids = fields.Many2many("res.partner", string="Guests", required=True)

    def action_confirm(self):
        self.ensure_one()
        self.partner_ids._hotel_anonymize()
        return {"type": "ir.actions.act_window_close"}
