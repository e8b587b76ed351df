from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.fields import Command

# Marks, in the context, the lines created by account.move's own create: a
# Python object, which no client can send over RPC.
CREATING_MOVES = object()


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
        check_company=True,
    )
    hotel_stay_count = fields.Integer(compute="_compute_hotel_stay_count")

    def _compute_hotel_stay_count(self):
        for move in self:
            move.hotel_stay_count = len(move.hotel_stay_ids)

    @api.constrains("hotel_stay_ids", "state", "line_ids", "invoice_line_ids")
    def _check_hotel_stays(self):
        """A stay is linked to the invoices that bill its charges, and to no
        other: one valid invoice per stay (credit notes aside), and a credit
        note only to the stays of the invoice it corrects."""
        for move in self.sudo().filtered(
            lambda m: m.hotel_stay_ids or m.line_ids.hotel_stay_line_id
        ):
            stays = move.hotel_stay_ids
            if stays.company_id - move.company_id:
                raise ValidationError(
                    self.env._(
                        "%(invoice)s belongs to %(company)s: it cannot bill stays of "
                        "another hotel.",
                        invoice=move.display_name,
                        company=move.company_id.name,
                    )
                )
            if move.line_ids.hotel_stay_line_id.stay_id - stays:
                raise ValidationError(
                    self.env._(
                        "%(invoice)s bills charges of stays it is not linked to: "
                        "stays are invoiced with Create Invoice on the stay.",
                        invoice=move.display_name,
                    )
                )
            if move.move_type not in ("out_invoice", "out_refund"):
                raise ValidationError(
                    self.env._("Only customer invoices and credit notes bill stays.")
                )
            billed = move.invoice_line_ids.hotel_stay_line_id.stay_id
            if not billed & stays or (
                move.move_type == "out_invoice" and stays - billed
            ):
                raise ValidationError(
                    self.env._(
                        "%(invoice)s bills no charge of the stays %(stays)s: stays are "
                        "invoiced with Create Invoice on the stay.",
                        invoice=move.display_name,
                        stays=", ".join(((stays - billed) or stays).mapped("name")),
                    )
                )
            if unbilled := stays.filtered(lambda s: s.state != "checked_out"):
                raise ValidationError(
                    self.env._(
                        "%(stay)s is not checked out: only checked-out stays are "
                        "invoiced.",
                        stay=unbilled[0].name,
                    )
                )
            if move.move_type == "out_refund":
                if (
                    move.reversed_entry_id
                    and stays - move.reversed_entry_id.hotel_stay_ids
                ):
                    raise ValidationError(
                        self.env._(
                            "A credit note is linked only to the stays of the invoice "
                            "it corrects."
                        )
                    )
            elif move.state == "cancel":
                continue
            # also when a credit note goes back to draft: the invoice it
            # reversed counts again
            for stay in stays:
                valid = stay._hotel_valid_invoices()
                others = valid - move
                if others and (move.move_type == "out_invoice" or len(valid) > 1):
                    raise ValidationError(
                        self.env._(
                            "%(stay)s is already invoiced by %(invoice)s: a stay is "
                            "never invoiced twice. Reverse that invoice with a credit "
                            "note first.",
                            stay=stay.name,
                            invoice=others[0].display_name,
                        )
                    )

    @api.model_create_multi
    def create(self, vals_list):
        moves = super(
            AccountMove, self.with_context(hotel_crm_creating_moves=CREATING_MOVES)
        ).create(vals_list)
        return moves.with_env(self.env)

    def write(self, vals):
        if (
            not self.env.su
            and "hotel_stay_ids" in vals
            and any(
                set(move.hotel_stay_ids.ids)
                != set(
                    move._fields["hotel_stay_ids"].convert_to_cache(
                        vals["hotel_stay_ids"], move
                    )
                )
                for move in self.sudo()
            )
        ):
            raise UserError(
                self.env._(
                    "The stays of an invoice are set when it is created from them "
                    "(Create Invoice on the stay) and cannot be changed."
                )
            )
        return super().write(vals)

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
