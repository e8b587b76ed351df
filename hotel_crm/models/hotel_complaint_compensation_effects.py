from markupsafe import Markup

from odoo import fields, models
from odoo.exceptions import UserError
from odoo.fields import Command
from odoo.tools import format_amount

from .hotel_complaint import OPEN_STATES


class HotelComplaintCompensation(models.Model):
    """What applying a compensation does: a discount line on the stay, a
    credit note on its invoice, points on the guest's card, or notes."""

    _inherit = "hotel.complaint.compensation"

    # ------------------------------------------------------------------
    # The effects
    # ------------------------------------------------------------------

    def _hotel_check_applicable(self):
        self.ensure_one()
        complaint = self.complaint_id
        if complaint.state not in OPEN_STATES:
            raise UserError(
                self.env._(
                    "%(complaint)s is not open: compensation is given while the "
                    "complaint is handled.",
                    complaint=complaint.name,
                )
            )
        stay = complaint.stay_id.sudo()
        kind = self.compensation_type
        if kind in ("discount", "credit_note") and not stay:
            raise UserError(
                self.env._(
                    "A discount or a credit note is given on a stay: choose the "
                    "complaint's stay first."
                )
            )
        if kind == "discount":
            if (
                stay.state in ("cancelled", "no_show")
                or stay.invoice_status == "invoiced"
            ):
                raise UserError(
                    self.env._(
                        "%(stay)s is invoiced or cancelled: give a credit note on its "
                        "invoice instead of a discount.",
                        stay=stay.name,
                    )
                )
            if self.currency_id.compare_amounts(self.amount, stay.amount_total) > 0:
                raise UserError(
                    self.env._(
                        "The discount is more than the bill of %(stay)s.",
                        stay=stay.name,
                    )
                )
        if kind == "credit_note":
            invoice = self._hotel_invoice()
            if not invoice:
                raise UserError(
                    self.env._(
                        "%(stay)s has no posted invoice: give a discount on the stay "
                        "instead of a credit note.",
                        stay=stay.name,
                    )
                )
            # what the invoice's earlier credit notes gave back is not given
            # twice
            credited = (
                self.env["account.move"]
                .sudo()
                .search(
                    [
                        ("reversed_entry_id", "=", invoice.id),
                        ("move_type", "=", "out_refund"),
                        ("state", "=", "posted"),
                    ]
                )
            )
            # in the company currency, as the compensation's amount
            remaining = abs(invoice.amount_untaxed_signed) - sum(
                abs(refund.amount_untaxed_signed) for refund in credited
            )
            if self.currency_id.compare_amounts(self.amount, remaining) > 0:
                raise UserError(
                    self.env._(
                        "The credit note is more than the invoice %(invoice)s before "
                        "taxes, less its credit notes: %(remaining)s at most.",
                        invoice=invoice.name,
                        remaining=format_amount(
                            self.env, max(remaining, 0.0), self.currency_id
                        ),
                    )
                )

    def _hotel_invoice(self):
        invoices = self.complaint_id.stay_id.sudo()._hotel_valid_invoices()
        return invoices.filtered(lambda m: m.state == "posted")[-1:]

    def _hotel_apply(self, approver):
        """Makes the real effect of the compensation, in superuser mode (the
        user's right to give it was checked)."""
        self.ensure_one()
        compensation = self.sudo()
        complaint = compensation.complaint_id
        stay = complaint.stay_id
        product = self.env.ref("hotel_crm.product_hotel_complaint_compensation")
        vals = {
            "state": "applied",
            "approved_by_id": approver.id,
            "applied_date": fields.Datetime.now(),
        }
        label = self.env._(
            "Compensation for the complaint %(complaint)s", complaint=complaint.name
        )
        kind = compensation.compensation_type
        if kind == "discount":
            line = (
                self.env["hotel.stay.line"]
                .sudo()
                .create(
                    {
                        "stay_id": stay.id,
                        "product_id": product.id,
                        "name": label,
                        "charge_type": "compensation",
                        "quantity": 1,
                        "price_unit": -compensation.amount,
                        "tax_ids": [Command.clear()],
                    }
                )
            )
            vals["stay_line_id"] = line.id
        elif kind == "credit_note":
            invoice = compensation._hotel_invoice()
            # the amount is in the company currency, the credit note in the
            # invoice's: converted at the rate of the invoice's date
            company = invoice.company_id
            refund_amount = company.currency_id._convert(
                compensation.amount,
                invoice.currency_id,
                company,
                invoice.invoice_date or fields.Date.context_today(self),
            )
            refund = (
                self.env["account.move"]
                .sudo()
                .with_company(invoice.company_id)
                .create(
                    {
                        "move_type": "out_refund",
                        "partner_id": invoice.partner_id.id,
                        "company_id": invoice.company_id.id,
                        "currency_id": invoice.currency_id.id,
                        "journal_id": invoice.journal_id.id,
                        "reversed_entry_id": invoice.id,
                        "invoice_origin": invoice.name,
                        "ref": label,
                        "invoice_line_ids": [
                            Command.create(
                                {
                                    "product_id": product.id,
                                    "name": label,
                                    "quantity": 1,
                                    "price_unit": refund_amount,
                                    "tax_ids": [Command.clear()],
                                }
                            )
                        ],
                    }
                )
            )
            refund.action_post()
            vals["refund_id"] = refund.id
        elif kind == "points":
            partner = complaint.partner_id
            card = partner._hotel_points_card(compensation.company_id)
            self.env["res.partner"]._hotel_points_move(
                card,
                compensation.points,
                0,
                self.env._(
                    "%(points)s points given for the complaint %(complaint)s.",
                    points=compensation.points,
                    complaint=complaint.name,
                ),
            )
        compensation.write(vals)
        if compensation.approver_id:
            compensation._hotel_close_approval_activity()
        compensation._hotel_log(
            complaint,
            self.env._(
                "Compensation applied, approved by %(user)s.", user=approver.name
            ),
        )
        if stay:
            compensation._hotel_log(
                stay,
                self.env._(
                    "Compensation for the complaint %(complaint)s.",
                    complaint=complaint.name,
                ),
            )

    def _hotel_format_value(self):
        self.ensure_one()
        return format_amount(self.env, self.value, self.currency_id)

    def _hotel_summary(self):
        """A sentence saying what the compensation gives."""
        self.ensure_one()
        kind = self.compensation_type
        if kind == "discount":
            return self.env._(
                "A discount of %(amount)s on the stay %(stay)s.",
                amount=self._hotel_format_value(),
                stay=self.complaint_id.stay_id.name,
            )
        if kind == "credit_note":
            return self.env._(
                "A credit note of %(amount)s on the stay %(stay)s.",
                amount=self._hotel_format_value(),
                stay=self.complaint_id.stay_id.name,
            )
        if kind == "points":
            return self.env._(
                "%(points)s loyalty points on the guest's card.", points=self.points
            )
        if kind == "complimentary":
            return self.env._(
                "A complimentary service: %(what)s.", what=self.description
            )
        return self.env._("An upgrade: %(what)s.", what=self.description)

    def _hotel_log(self, record, sentence):
        """A note of two whole sentences: what happened, and what is given."""
        record.sudo().message_post(
            body=Markup("<p>%s</p><p>%s</p>") % (sentence, self._hotel_summary())
        )
