from odoo import fields, models


class HotelGuestRestrictWizard(models.TransientModel):
    _name = "hotel.guest.restrict.wizard"
    _description = "Restrict a Guest"
    _inherit = ["hotel.guard.mixin"]

    partner_id = fields.Many2one("res.partner", string="Guest", required=True)
    reason = fields.Text(required=True)
    until = fields.Date(
        string="Restricted Until", help="Leave empty for a restriction without end."
    )

    def action_confirm(self):
        self.ensure_one()
        self.partner_id._hotel_restrict(self.reason, self.until)
        return {"type": "ir.actions.act_window_close"}
