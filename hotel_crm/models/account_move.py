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

    def copy_data(self, default=None):
        # credit notes and "reverse and create invoice" stay linked to the
        # stays of the invoice they come from (Odoo copies business fields then)
        vals_list = super().copy_data(default=default)
        if self.env.context.get("include_business_fields"):
            for move, vals in zip(self, vals_list, strict=True):
                if move.hotel_stay_ids and "hotel_stay_ids" not in (default or {}):
                    vals["hotel_stay_ids"] = [Command.set(move.hotel_stay_ids.ids)]
        return vals_list

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
