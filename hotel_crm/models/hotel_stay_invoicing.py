from types import SimpleNamespace

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools import create_index
from odoo.tools.sql import drop_index, make_index_name

ACCOUNTING_READERS = ("account.group_account_invoice", "account.group_account_readonly")
# Invoices the guest still owes something on, which the desk can take payment for.
PAYABLE_STATES = ("not_paid", "partial")


class HotelStay(models.Model):
    """What a stay costs and how it is settled: its invoices (made by Odoo's
    Invoicing through ``hotel.stay.make.invoice``), their payment, and the
    customer credit limit of Odoo's Invoicing settings."""

    _inherit = "hotel.stay"

    credit_limit_warning = fields.Text(compute="_compute_credit_limit_warning")
    credit_limit_confirmed_by_id = fields.Many2one(
        "res.users",
        readonly=True,
        copy=False,
        tracking=True,
    )

    # Invoicing
    invoice_ids = fields.Many2many(
        "account.move",
        "hotel_stay_account_move_rel",
        "stay_id",
        "move_id",
        copy=False,
        readonly=True,
        check_company=True,
    )
    invoice_count = fields.Integer(compute="_compute_invoice_count")
    invoice_status = fields.Selection(
        [
            ("nothing", "Nothing to Invoice"),
            ("to_invoice", "To Invoice"),
            ("invoiced", "Invoiced"),
        ],
        compute="_compute_invoice_status",
        store=True,
        # the To Invoice filter's partial index serves the stays to invoice;
        # no index of its own, which each write of a stay would update
    )
    payment_state = fields.Selection(
        [
            ("not_paid", "Not Paid"),
            ("partial", "Partially Paid"),
            ("in_payment", "In Payment"),
            ("paid", "Paid"),
            ("reversed", "Reversed"),
            ("blocked", "Blocked"),
        ],
        compute="_compute_invoice_status",
        store=True,
    )
    is_unpaid = fields.Boolean(
        string="Unpaid",
        compute="_compute_invoice_status",
        store=True,
        # the Unpaid filter's partial index serves the unpaid stays
        help="The guest has left and the bill is not (fully) paid or not invoiced yet.",
    )
    tax_totals = fields.Binary(compute="_compute_tax_totals", exportable=False)

    def init(self):  # pylint: disable=missing-return
        super().init()
        # the Unpaid and To Invoice filters list a few stays among all of them,
        # in the list's order (check-in date, newest first)
        for name, where in (
            ("hotel_stay_unpaid_check_in_date_index", "is_unpaid"),
            (
                "hotel_stay_to_invoice_check_in_date_index",
                "invoice_status = 'to_invoice'",
            ),
        ):
            create_index(
                self.env.cr,
                name,
                self._table,
                ["check_in_date DESC", "id DESC"],
                where=where,
            )
        # the statuses' own indexes of earlier versions, which Odoo keeps on
        # an upgrade: the indexes above and the list's (state, check-in) serve
        # their searches, and each index costs every write of a stay
        for fname in ("state", "invoice_status", "payment_state", "is_unpaid"):
            drop_index(self.env.cr, make_index_name(self._table, fname), self._table)

    @api.depends("invoice_ids")
    def _compute_invoice_count(self):
        for stay in self:
            stay.invoice_count = len(stay.invoice_ids)

    @api.depends(
        "state",
        "line_ids",
        "invoice_ids.state",
        "invoice_ids.move_type",
        "invoice_ids.payment_state",
    )
    def _compute_invoice_status(self):
        for stay in self:
            invoices = stay._hotel_valid_invoices()
            if invoices:
                stay.invoice_status = "invoiced"
            elif stay.state == "checked_out" and stay.line_ids:
                stay.invoice_status = "to_invoice"
            else:
                stay.invoice_status = "nothing"
            # the invoices that count; reversed ones only when nothing else does
            stay.payment_state = self._hotel_aggregate_payment_state(
                invoices.filtered(lambda m: m.state == "posted")
                if invoices
                else stay.invoice_ids.filtered(lambda m: m.payment_state == "reversed")
            )
            stay.is_unpaid = stay.state == "checked_out" and (
                stay.invoice_status == "to_invoice"
                or stay.payment_state in ("not_paid", "partial", "blocked")
                or (stay.invoice_status == "invoiced" and not stay.payment_state)
            )

    @api.depends_context("lang")
    @api.depends(
        "line_ids.price_subtotal",
        "line_ids.price_total",
        "billing_partner_id",
        "currency_id",
        "company_id",
    )
    def _compute_tax_totals(self):
        """The totals of the charges, by tax group, for Odoo's tax totals
        widget (as on a sales order): the same charges and taxes as the
        stay's amounts."""
        AccountTax = self.env["account.tax"]
        for stay in self:
            company = stay.company_id or self.env.company
            base_lines = [
                AccountTax._prepare_base_line_for_taxes_computation(
                    line,
                    partner_id=stay.billing_partner_id,
                    currency_id=stay.currency_id or company.currency_id,
                )
                for line in stay.line_ids
            ]
            AccountTax._add_tax_details_in_base_lines(base_lines, company)
            AccountTax._round_base_lines_tax_details(base_lines, company)
            stay.tax_totals = AccountTax._get_tax_totals_summary(
                base_lines=base_lines,
                currency=stay.currency_id or company.currency_id,
                company=company,
            )

    @api.depends(
        "billing_partner_id", "amount_total", "nightly_rate", "nights", "state"
    )
    @api.depends_context("uid", "company")
    def _compute_credit_limit_warning(self):
        for stay in self:
            stay.credit_limit_warning = stay._hotel_credit_limit_message() or False

    # ------------------------------------------------------------------
    # Credit limit (Odoo's customer credit limit, Invoicing settings)
    # ------------------------------------------------------------------

    def _hotel_expected_amount(self):
        """What the stay will cost: its charges, plus the room nights when they
        are not charged yet."""
        self.ensure_one()
        amount = self.amount_total
        if not self.line_ids.filtered(lambda line: line.charge_type == "room"):
            amount += self.nights * self.nightly_rate
        return amount

    def _hotel_credit_exceeded(self):
        """The billed partner (its commercial entity) when its open balance
        plus this stay exceeds its credit limit, else an empty recordset."""
        self.ensure_one()
        partner = self.env["res.partner"]
        if (
            self.state not in ("booked", "checked_in")
            or not self.company_id.account_use_credit_limit
            or not self.billing_partner_id
        ):
            return partner
        partner = self.billing_partner_id.commercial_partner_id.with_company(
            self.company_id
        ).sudo()
        total = (
            partner.credit + partner.credit_to_invoice + self._hotel_expected_amount()
        )
        if not partner.credit_limit or total <= partner.credit_limit:
            return self.env["res.partner"]
        return partner

    def _hotel_credit_limit_message(self):
        """The warning of Odoo's Invoicing for the billed partner with this
        stay's amount. Its figures (open balance, limit) are accounting data:
        users without accounting rights read that the limit is exceeded, not
        by how much."""
        self.ensure_one()
        partner = self._hotel_credit_exceeded()
        if not partner:
            return ""
        if not any(self.env.user.has_group(group) for group in ACCOUNTING_READERS):
            return self.env._(
                "%(partner)s would exceed its credit limit with this stay.",
                partner=partner.display_name,
            )
        return (
            self.env["account.move"]
            .with_company(self.company_id)
            ._build_credit_warning_message(
                SimpleNamespace(partner_id=partner, company_id=self.company_id),
                current_amount=self._hotel_expected_amount(),
            )
        )

    def _hotel_check_credit_limit(self):
        for stay in self.filtered(lambda s: not s.credit_limit_confirmed_by_id):
            partner = stay._hotel_credit_exceeded()
            if partner:
                raise UserError(
                    self.env._(
                        "%(partner)s would exceed its credit limit with %(stay)s: ask a "
                        "Hotel Manager to confirm the check-in over the credit limit.",
                        partner=partner.display_name,
                        stay=stay.name,
                    )
                )

    def action_confirm_credit_limit(self):
        self._hotel_check_manager("credit")
        self.check_access("write")
        if within := self.filtered(lambda s: not s._hotel_credit_exceeded()):
            raise UserError(
                self.env._(
                    "%(stay)s is within the credit limit: there is nothing to confirm.",
                    stay=within[0].name,
                )
            )
        self.sudo().write({"credit_limit_confirmed_by_id": self.env.uid})
        for stay in self:
            stay._message_log(
                body=self.env._(
                    "Check-in over the credit limit confirmed by %(user)s.",
                    user=self.env.user.name,
                ),
            )
        return True

    # ------------------------------------------------------------------
    # Invoices
    # ------------------------------------------------------------------

    def _hotel_valid_invoices(self):
        """Customer invoices of the stay that still count: not cancelled and not
        reversed by a credit note."""
        return self.invoice_ids.filtered(
            lambda m: (
                m.move_type == "out_invoice"
                and m.state != "cancel"
                and m.payment_state != "reversed"
            )
        )

    @api.model
    def _hotel_aggregate_payment_state(self, invoices):
        states = set(invoices.mapped("payment_state"))
        if not states:
            return False
        if states == {"reversed"}:
            return "reversed"
        states -= {"reversed"}
        # bills settled in the former Invoicing app count as paid
        states = {"paid" if state == "invoicing_legacy" else state for state in states}
        if "blocked" in states:
            return "blocked"
        if states == {"paid"}:
            return "paid"
        if states <= {"paid", "in_payment"}:
            return "in_payment"
        if states == {"not_paid"}:
            return "not_paid"
        return "partial"

    def _hotel_invoice_line_discount(self, line):
        """Discount (in %) granted to the guest on an invoiced charge. Hook for
        the membership levels; no discount by default."""
        self.ensure_one()
        return 0.0

    def action_create_invoices(self):
        wizard = self.env["hotel.stay.make.invoice"].create(
            {"stay_ids": [fields.Command.set(self.ids)]}
        )
        return wizard.action_create_invoices()

    def action_view_invoices(self):
        self.ensure_one()
        return self._hotel_action_view_invoices(self.invoice_ids)

    def _hotel_action_view_invoices(self, invoices):
        action = self.env["ir.actions.actions"]._for_xml_id(
            "account.action_move_out_invoice_type"
        )
        if len(invoices) == 1:
            action.update(
                views=[(self.env.ref("account.view_move_form").id, "form")],
                res_id=invoices.id,
            )
        else:
            action["domain"] = [("id", "in", invoices.ids)]
        action["context"] = {"default_move_type": "out_invoice"}
        return action

    # ------------------------------------------------------------------
    # Settling the bill at departure
    # ------------------------------------------------------------------

    def _hotel_can_settle(self):
        """Whether the user may invoice and take payments (Odoo's Billing
        rights): the access rights of the documents the settlement makes."""
        return all(
            self.env[model].has_access("create")
            for model in ("account.move", "account.payment.register")
        )

    def _hotel_check_settle(self):
        """Refuse, before anything is written, what cannot be settled here."""
        if not self._hotel_can_settle():
            raise AccessError(
                self.env._(
                    "Settling the bill needs Invoicing rights: the bill of %(stay)s "
                    "waits for the accountants in Invoicing (Hotel Stays to Invoice).",
                    stay=self[:1].name,
                )
            )
        if not_out := self.filtered(lambda s: s.state != "checked_out"):
            stay = not_out[0]
            raise UserError(
                self.env._(
                    "%(stay)s is %(state)s: only the bill of a checked-out stay is "
                    "settled.",
                    stay=stay.name,
                    state=dict(self._fields["state"]._description_selection(self.env))[
                        stay.state
                    ],
                )
            )
        if len(self.company_id) > 1:
            raise UserError(
                self.env._(
                    "These stays belong to different hotels: settle the bills of one "
                    "hotel at a time."
                )
            )

    def action_settle_bill(self):
        """The bill at departure, in one go: invoice the stays that have no
        invoice yet, post their draft invoices and open Odoo's payment
        dialog for what is still owed (cash, card or bank: the clerk picks
        the journal). Settling again never invoices twice: it offers the
        payment of what is left, and does nothing on a paid bill."""
        self._hotel_check_settle()
        to_invoice = self.filtered(lambda s: not s._hotel_valid_invoices())
        if to_invoice:
            self.env["hotel.stay.make.invoice"].create(
                {"stay_ids": [fields.Command.set(to_invoice.ids)]}
            )._create_invoices()
        invoices = self._hotel_valid_invoices()
        drafts = invoices.filtered(lambda m: m.state == "draft")
        if drafts:
            drafts.with_company(self.company_id).action_post()
        payable = invoices.filtered(
            lambda m: m.state == "posted" and m.payment_state in PAYABLE_STATES
        )
        if not payable:
            if blocked := invoices.filtered(lambda m: m.payment_state == "blocked"):
                raise UserError(
                    self.env._(
                        "The payment of %(invoice)s is blocked in Invoicing: ask an "
                        "accountant.",
                        invoice=blocked[0].display_name,
                    )
                )
            return True
        action = payable.action_register_payment()
        # back to the stay once the payment is registered
        action["context"] = {**action["context"], "dont_redirect_to_payments": True}
        return action

    def _hotel_after_check_out(self):
        """What the Check Out button leads to: the payment of the bill at the
        desk for users with Billing rights, when the guest pays their own
        bill (stays billed to a company wait for the accountants, who may
        group them on one invoice). The other stays wait in the accountants'
        list (Hotel Stays to Invoice)."""
        if not self.env.context.get("hotel_settle_at_check_out"):
            return True
        own_bills = self.filtered(lambda s: s.billing_partner_id == s.partner_id)
        if not (
            own_bills and len(own_bills.company_id) == 1 and self._hotel_can_settle()
        ):
            return True
        # the guest has left the room whatever happens to the bill: a bill
        # that cannot be settled here waits for the accountants
        try:
            with self.env.cr.savepoint():
                return own_bills.action_settle_bill()
        except UserError as error:
            return {
                "type": "ir.actions.client",
                "tag": "display_notification",
                "params": {
                    "title": self.env._("Bill not settled"),
                    "message": self.env._(
                        "%(stays)s checked out, but the bill could not be settled "
                        "here: %(error)s It waits for the accountants in Invoicing "
                        "(Hotel Stays to Invoice).",
                        stays=", ".join(own_bills.mapped("name")),
                        error=error.args[0],
                    ),
                    "type": "warning",
                    "sticky": True,
                    "next": {"type": "ir.actions.client", "tag": "soft_reload"},
                },
            }
