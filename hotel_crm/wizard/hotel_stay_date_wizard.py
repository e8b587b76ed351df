from odoo import api, fields, models
from odoo.exceptions import UserError


class HotelStayDateWizard(models.TransientModel):
    """The front desk's confirmation of a check-in or check-out on another day
    than booked: it shows each stay's booked date, the new date and the nights
    before and after. Confirming moves the dates and runs the check-in or
    check-out with all its checks; the stays' own rights and rules apply."""

    _name = "hotel.stay.date.wizard"
    _description = "Check In or Out on Another Day"
    _inherit = ["hotel.guard.mixin"]

    desk_action = fields.Selection(
        [("check_in", "Check In"), ("check_out", "Check Out")],
        required=True,
        readonly=True,
    )
    stay_ids = fields.Many2many("hotel.stay", string="Stays", readonly=True)
    line_ids = fields.One2many(
        "hotel.stay.date.wizard.line", "wizard_id", string="Dates", readonly=True
    )
    today = fields.Date(default=fields.Date.context_today, readonly=True)

    @api.model_create_multi
    def create(self, vals_list):
        wizards = super().create(vals_list)
        # a confirmation names stays and guests: only those the user may read
        wizards.stay_ids.check_access("read")
        return wizards

    def action_confirm(self):
        self.ensure_one()
        action = self.desk_action  # read with the user's rights on the wizard
        # every stay of the confirmation, also those the user may not see: the
        # stays' own access rights and rules then refuse them
        wizard = self.sudo()
        stays = wizard.stay_ids.with_env(self.env)
        if not stays:
            raise UserError(self.env._("There is no stay to check in or out."))
        shown = {
            line.stay_id.id: (line.booked_date, line.new_date)
            for line in wizard.line_ids
        }
        return stays._hotel_move_dates(action, shown)


class HotelStayDateWizardLine(models.TransientModel):
    _name = "hotel.stay.date.wizard.line"
    _description = "Check In or Out on Another Day: One Stay"
    _inherit = ["hotel.guard.mixin"]

    wizard_id = fields.Many2one(
        "hotel.stay.date.wizard", required=True, ondelete="cascade", index=True
    )
    stay_id = fields.Many2one("hotel.stay", required=True)
    partner_id = fields.Many2one(related="stay_id.partner_id", string="Guest")
    booked_date = fields.Date(required=True)
    new_date = fields.Date(required=True)
    booked_nights = fields.Integer(string="Nights Booked")
    new_nights = fields.Integer(string="Nights Now")

    @api.model_create_multi
    def create(self, vals_list):
        lines = super().create(vals_list)
        lines.stay_id.check_access("read")
        return lines
