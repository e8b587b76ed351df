from odoo import fields, models
from odoo.fields import Command


class AccountMove(models.Model):
    _inherit = "account.move"

    hotel_stay_ids = fields.Many2many(
        "hotel.stay",
        "hotel_stay_account_move_rel",
        "move_id",
        "stay_id",
        string="Stays",
        copy=False,
        readonly=True,
    )
    hotel_stay_count = fields.Integer(compute="_compute_hotel_stay_count")

    def _compute_hotel_stay_count(self):
        for move in self:
            move.hotel_stay_count = len(move.hotel_stay_ids)

    def _reverse_moves(self, default_values_list=None, cancel=False):
        # credit notes stay linked to the stays of the invoice they reverse
        if not default_values_list:
            default_values_list = [{} for _move in self]
        for move, default_values in zip(self, default_values_list, strict=True):
            if move.hotel_stay_ids:
                default_values["hotel_stay_ids"] = [
                    Command.set(move.hotel_stay_ids.ids)
                ]
        return super()._reverse_moves(
            default_values_list=default_values_list, cancel=cancel
        )

    def action_view_hotel_stays(self):
        self.ensure_one()
        action = self.env["ir.actions.actions"]._for_xml_id(
            "hotel_crm.hotel_stay_action"
        )
        if len(self.hotel_stay_ids) == 1:
            action.update(views=[(False, "form")], res_id=self.hotel_stay_ids.id)
        else:
            action["domain"] = [("id", "in", self.hotel_stay_ids.ids)]
        action["context"] = {"create": False}
        return action

    def _hotel_demo_register_payment(self):
        """Settle the invoices of ``self`` in full through Odoo's payment
        wizard; used by the demo data to show paid stays."""
        if not self:
            return self.env["account.payment"]
        return (
            self.env["account.payment.register"]
            .with_context(active_model="account.move", active_ids=self.ids)
            .create({"group_payment": False})
            ._create_payments()
        )
