"""Settling the bill at departure: the front desk with Billing rights invoices
the stay, posts the invoice and takes the payment in one flow at check-out;
without these rights the bill waits for the accountants. The stay form's
ribbons and its tax totals footer."""

import re
from datetime import date, timedelta

from lxml import etree

from odoo.exceptions import AccessError, UserError
from odoo.fields import Command
from odoo.tests import Form, new_test_user, tagged
from odoo.tools.safe_eval import safe_eval

from .common import HotelCrmInvoicingCommon

DESK_BILLER = "base.group_user,hotel_crm.group_hotel_user,account.group_account_invoice"
# Odoo Community shows a fully paid invoice as paid, also while a card or bank
# payment waits for the bank statement (the accounting app shows "In Payment")
PAID = "paid"


@tagged("post_install", "-at_install")
class TestDeskSettle(HotelCrmInvoicingCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company = cls.env.company
        cls.cash_journal = cls.company_data["default_journal_cash"]
        cls.user_desk_biller = new_test_user(
            cls.env, login="hotel_desk_biller", name="Bea Biller", groups=DESK_BILLER
        )
        cls.room_double = cls.env["hotel.room.type"].create(
            {"name": "Double", "code": "DBL", "default_rate": 120.0}
        )
        cls.guest = cls._hotel_create_guest("Stella Stay", email="stella@example.com")
        cls.product_fb = cls.env.ref("hotel_crm.product_hotel_food_beverage")
        cls.product_room = cls.env.ref("hotel_crm.product_hotel_room_night")
        cls.tax_10 = cls.env["account.tax"].create(
            {
                "name": "Lodging tax 10%",
                "amount": 10.0,
                "amount_type": "percent",
                "type_tax_use": "sale",
                "company_id": cls.company.id,
            }
        )
        # room nights taxed at 10%, food and beverage without tax
        cls.product_room.taxes_id = [Command.set(cls.tax_10.ids)]
        cls.product_fb.taxes_id = [Command.clear()]

    # ------------------------------------------------------------------
    # Helpers
    # ------------------------------------------------------------------

    @classmethod
    def _stay(cls, user, start=date(2026, 3, 1), nights=2, guest=None, **vals):
        """A stay checked in by ``user``, with a dinner of 45 (no tax); the
        check-out will charge ``nights`` x 120 at 10%."""
        stay = (
            cls.env["hotel.stay"]
            .with_user(user)
            .create(
                {
                    "partner_id": (guest or cls.guest).id,
                    "room_type_id": vals.pop("room_type_id", cls.room_double.id),
                    "check_in_date": start,
                    "check_out_date": start + timedelta(days=nights),
                    **vals,
                }
            )
        )
        cls._hotel_check_in(stay)
        cls.env["hotel.stay.line"].with_user(user).create(
            {"stay_id": stay.id, "product_id": cls.product_fb.id, "price_unit": 45.0}
        )
        return stay.with_env(cls.env)

    def _form_arch(self, user):
        views = self.env["hotel.stay"].with_user(user).get_views([(False, "form")])
        return etree.fromstring(views["views"]["form"]["arch"])

    def _check_out_button(self, stay, user):
        """Check Out as the form's button does it, with its context."""
        button = self._form_arch(user).xpath("//button[@name='action_check_out']")[0]
        context = safe_eval(button.get("context") or "{}")
        # on the departure day, as booked (another day asks to move the date)
        return self._hotel_on_its_day(
            stay.with_context(**context), "check_out_date", "action_check_out", user
        )

    def _visible(self, node, stay, user):
        """Whether the form shows ``node`` for ``stay`` to ``user``: its
        ``invisible`` expression evaluated on the values the user reads."""
        expression = node.get("invisible") or "False"
        fnames = set(re.findall(r"[a-z_]+", expression)) & set(stay._fields)
        values = stay.with_user(user).read(sorted(fnames))[0]
        values = {
            fname: value[0] if isinstance(value, tuple) else value
            for fname, value in values.items()
        }
        return not safe_eval(expression, values)

    def _ribbons(self, stay, user=None):
        user = user or self.user_front_desk
        return [
            (node.get("title"), node.get("bg_color"))
            for node in self._form_arch(user).xpath("//widget[@name='web_ribbon']")
            if self._visible(node, stay, user)
        ]

    def _ribbons_for(self, **values):
        """The ribbons the form shows for these field values."""
        return [
            node.get("title")
            for node in self._form_arch(self.user_front_desk).xpath(
                "//widget[@name='web_ribbon']"
            )
            if not safe_eval(node.get("invisible"), values)
        ]

    def _settle_button_shown(self, stay, user):
        nodes = self._form_arch(user).xpath("//button[@name='action_settle_bill']")
        return bool(nodes) and self._visible(nodes[0], stay, user)

    def _register(self, action, user, journal, amount=None):
        """Confirm Odoo's payment dialog that ``action`` opens, as ``user``."""
        self.assertEqual(action["res_model"], "account.payment.register")
        self.assertEqual(action["target"], "new")
        form = Form(
            self.env[action["res_model"]]
            .with_user(user)
            .with_context(**action["context"])
        )
        form.journal_id = journal
        if amount is not None:
            # the rest stays open on the invoice (the dialog's default)
            form.amount = amount
        wizard = form.save()
        return wizard, wizard.action_create_payments()

    def _moves_of(self, partner):
        return self.env["account.move"].search(
            [("partner_id", "=", partner.id), ("move_type", "=", "out_invoice")]
        )

    # ------------------------------------------------------------------
    # The desk with Billing rights
    # ------------------------------------------------------------------

    def test_check_out_invoices_posts_and_takes_cash(self):
        user = self.user_desk_biller
        stay = self._stay(user)
        self.assertEqual(self._ribbons(stay, user), [])
        action = self._check_out_button(stay, user)

        self.assertEqual(stay.state, "checked_out")
        invoice = stay.invoice_ids
        self.assertEqual(len(invoice), 1)
        self.assertEqual(invoice.move_type, "out_invoice")
        self.assertEqual(invoice.state, "posted")
        self.assertEqual(invoice.partner_id, self.guest)
        self.assertEqual(invoice.company_id, self.company)
        self.assertEqual(invoice.hotel_stay_ids, stay)
        self.assertEqual(invoice.invoice_origin, stay.name)
        lines = invoice.invoice_line_ids.sorted(lambda line: line.price_unit)
        self.assertEqual(
            [(line.quantity, line.price_unit, line.tax_ids) for line in lines],
            [(1.0, 45.0, self.env["account.tax"]), (2.0, 120.0, self.tax_10)],
        )
        self.assertEqual(lines.hotel_stay_line_id, stay.line_ids)
        self.assertEqual(
            (invoice.amount_untaxed, invoice.amount_tax, invoice.amount_total),
            (285.0, 24.0, 309.0),
        )
        self.assertEqual(
            (stay.amount_untaxed, stay.amount_tax, stay.amount_total),
            (285.0, 24.0, 309.0),
        )
        self.assertEqual(
            (stay.invoice_status, stay.payment_state, stay.is_unpaid),
            ("invoiced", "not_paid", True),
        )
        self.assertEqual(self._ribbons(stay, user), [("Not Paid", "text-bg-warning")])
        self.assertTrue(self._settle_button_shown(stay, user))

        # the clerk takes cash in Odoo's payment dialog, and is back on the stay
        wizard, result = self._register(action, user, self.cash_journal)
        self.assertEqual(wizard.amount, 309.0)
        self.assertIs(result, True)
        payment = invoice.matched_payment_ids
        self.assertEqual(len(payment), 1)
        self.assertEqual(
            (payment.journal_id, payment.amount, payment.partner_id, payment.state),
            (self.cash_journal, 309.0, self.guest, "paid"),
        )
        self.assertEqual(invoice.payment_state, PAID)
        self.assertEqual(invoice.amount_residual, 0.0)
        self.assertEqual(
            (stay.invoice_status, stay.payment_state, stay.is_unpaid),
            ("invoiced", PAID, False),
        )
        self.assertEqual(self._ribbons(stay, user), [("Paid", "text-bg-success")])
        self.assertFalse(self._settle_button_shown(stay, user))
        self.assertEqual(self._ribbons(stay), [("Paid", "text-bg-success")])

    def test_partial_payment_then_the_rest(self):
        user = self.user_desk_biller
        stay = self._stay(user)
        action = self._check_out_button(stay, user)
        invoice = stay.invoice_ids
        self._register(action, user, self.cash_journal, amount=100.0)
        self.assertEqual(invoice.payment_state, "partial")
        self.assertEqual(invoice.amount_residual, 209.0)
        self.assertEqual((stay.payment_state, stay.is_unpaid), ("partial", True))
        self.assertEqual(
            self._ribbons(stay, user), [("Partially Paid", "text-bg-warning")]
        )
        self.assertTrue(self._settle_button_shown(stay, user))

        # the guest pays the rest by card: the same invoice, what is left
        bank = self.company_data["default_journal_bank"]
        action = stay.with_user(user).action_settle_bill()
        self.assertEqual(stay.invoice_ids, invoice)
        wizard, _result = self._register(action, user, bank)
        self.assertEqual(wizard.amount, 209.0)
        self.assertEqual(invoice.amount_residual, 0.0)
        self.assertEqual(
            sorted(invoice.matched_payment_ids.mapped("amount")), [100.0, 209.0]
        )
        self.assertEqual(
            invoice.matched_payment_ids.journal_id, self.cash_journal + bank
        )
        self.assertEqual(invoice.matched_payment_ids.mapped("state"), ["paid", "paid"])
        self.assertEqual(invoice.payment_state, PAID)
        self.assertEqual((stay.payment_state, stay.is_unpaid), (PAID, False))
        self.assertEqual(self._ribbons(stay, user), [("Paid", "text-bg-success")])
        self.assertFalse(self._settle_button_shown(stay, user))

    def test_settling_twice_never_invoices_twice(self):
        user = self.user_desk_biller
        stay = self._stay(user)
        first = self._hotel_check_out(stay, user)
        # without the button's context, Check Out only checks out
        self.assertIs(first, True)
        self.assertFalse(stay.invoice_ids)
        self.assertEqual(stay.invoice_status, "to_invoice")

        action = stay.with_user(user).action_settle_bill()
        invoice = stay.invoice_ids
        self.assertEqual(len(invoice), 1)
        # the guest walked away from the dialog: settling again offers the same bill
        again = stay.with_user(user).action_settle_bill()
        self.assertEqual(stay.invoice_ids, invoice)
        self.assertEqual(len(self._moves_of(self.guest)), 1)
        self.assertEqual(again["context"], action["context"])
        self._register(again, user, self.cash_journal)
        self.assertEqual(stay.payment_state, PAID)
        # a paid bill: nothing to do
        self.assertIs(stay.with_user(user).action_settle_bill(), True)
        self.assertEqual(len(self._moves_of(self.guest)), 1)
        self.assertEqual(invoice.payment_state, PAID)

    def test_settling_posts_the_accountants_draft(self):
        user = self.user_desk_biller
        stay = self._stay(user)
        self._hotel_check_out(stay, user)
        stay.with_user(self.user_accountant).action_create_invoices()
        draft = stay.invoice_ids
        self.assertEqual(draft.state, "draft")
        self.assertEqual(self._ribbons(stay), [("To Invoice", "text-bg-info")])
        action = stay.with_user(user).action_settle_bill()
        self.assertEqual(stay.invoice_ids, draft)
        self.assertEqual(draft.state, "posted")
        self.assertEqual(draft.amount_total, 309.0)
        self.assertEqual(
            self._register(action, user, self.cash_journal)[0].amount, 309.0
        )
        self.assertEqual(stay.payment_state, PAID)

    def test_check_out_stands_when_the_bill_cannot_be_settled(self):
        user = self.user_desk_biller
        stay = self._stay(user)
        self._hotel_flush_tracking()
        # no sales journal: Invoicing cannot make the invoice
        self.env["account.journal"].search(
            [("company_id", "=", self.company.id), ("type", "=", "sale")]
        ).active = False
        action = self._check_out_button(stay, user)
        self.assertEqual(action["tag"], "display_notification")
        self.assertEqual(action["params"]["type"], "warning")
        self.assertIn(
            f"{stay.name} checked out, but the bill could not be settled here",
            action["params"]["message"],
        )
        self.assertEqual(stay.state, "checked_out")
        self.assertEqual(len(stay.line_ids), 2)
        self.assertFalse(stay.invoice_ids)
        self.assertFalse(self._moves_of(self.guest))
        self.assertEqual((stay.invoice_status, stay.is_unpaid), ("to_invoice", True))
        # the chatter keeps the check-out
        self._hotel_flush_tracking()
        tracked = stay.message_ids.tracking_value_ids.filtered(
            lambda value: value.field_id.name == "state"
        )
        self.assertIn("Checked Out", tracked.mapped("new_value_char"))

    def test_only_checked_out_stays_are_settled(self):
        user = self.user_desk_biller
        stay = self._stay(user)
        with self._hotel_assert_raises(
            UserError, "only the bill of a checked-out stay is settled"
        ):
            stay.with_user(user).action_settle_bill()
        self.assertEqual(stay.state, "checked_in")
        self.assertFalse(stay.invoice_ids)
        self.assertFalse(self._moves_of(self.guest))

    def test_corporate_stay_waits_for_the_accountants(self):
        acme = self.env["res.partner"].create(
            {"name": "Acme Corp", "is_company": True, "guest_corporate_account": True}
        )
        employee = self._hotel_create_guest("Ann Acme", parent_id=acme.id)
        user = self.user_desk_biller
        stay = self._stay(user, guest=employee)
        self.assertEqual(stay.billing_partner_id, acme)
        # the company is billed on account: no invoice at the desk
        self.assertIs(self._check_out_button(stay, user), True)
        self.assertFalse(stay.invoice_ids)
        self.assertEqual(self._ribbons(stay, user), [("To Invoice", "text-bg-info")])
        # unless the clerk settles it on purpose
        self.assertTrue(self._settle_button_shown(stay, user))
        action = stay.with_user(user).action_settle_bill()
        self.assertEqual(stay.invoice_ids.partner_id, acme)
        self.assertEqual(stay.invoice_ids.state, "posted")
        self.assertEqual(action["res_model"], "account.payment.register")

    # ------------------------------------------------------------------
    # The desk without Billing rights
    # ------------------------------------------------------------------

    def test_front_desk_without_billing_rights(self):
        user = self.user_front_desk
        stay = self._stay(user)
        self.assertIs(self._check_out_button(stay, user), True)
        self.assertEqual(stay.state, "checked_out")
        self.assertFalse(stay.invoice_ids)
        self.assertEqual(
            (stay.invoice_status, stay.payment_state, stay.is_unpaid),
            ("to_invoice", False, True),
        )
        # a calm ribbon, no Settle Bill button; the accountants' list has it
        self.assertEqual(self._ribbons(stay, user), [("To Invoice", "text-bg-info")])
        self.assertFalse(
            self._form_arch(user).xpath("//button[@name='action_settle_bill']")
        )
        self.assertIn(
            stay,
            self._hotel_search_filter(
                "hotel_crm.hotel_stay_action_to_invoice", "to_invoice"
            ),
        )
        # over RPC: a clear message, nothing written
        with self._hotel_assert_raises(
            AccessError,
            "Settling the bill needs Invoicing rights: the bill of "
            f"{stay.name} waits for the accountants",
        ):
            stay.with_user(user).action_settle_bill()
        self.assertFalse(stay.invoice_ids)
        self.assertFalse(self._moves_of(self.guest))
        self.assertEqual(stay.invoice_status, "to_invoice")

    def test_ribbons_follow_the_bill(self):
        desk, accountant = self.user_front_desk, self.user_accountant
        stay = self._stay(desk)
        self.assertEqual(self._ribbons(stay), [])
        self._hotel_check_out(stay, desk)
        self.assertEqual(self._ribbons(stay), [("To Invoice", "text-bg-info")])
        stay.with_user(accountant).action_create_invoices()
        invoice = stay.invoice_ids
        # a draft is not a bill yet
        self.assertEqual(self._ribbons(stay), [("To Invoice", "text-bg-info")])
        invoice.with_user(accountant).action_post()
        self.assertEqual(self._ribbons(stay), [("Not Paid", "text-bg-warning")])
        invoice.with_user(accountant).action_toggle_block_payment()
        self.assertEqual(stay.payment_state, "blocked")
        self.assertEqual(self._ribbons(stay), [("Not Paid", "text-bg-warning")])
        self.assertFalse(self._settle_button_shown(stay, self.user_desk_biller))
        with self._hotel_assert_raises(UserError, "is blocked in Invoicing"):
            stay.with_user(self.user_desk_biller).action_settle_bill()
        invoice.with_user(accountant).action_toggle_block_payment()
        self.assertEqual(stay.payment_state, "not_paid")
        # reversed by a credit note: to invoice again
        reversal = (
            self.env["account.move.reversal"]
            .with_context(active_model="account.move", active_ids=invoice.ids)
            .create({"journal_id": invoice.journal_id.id, "reason": "Wrong rate"})
        )
        reversal.refund_moves()
        stay.invoice_ids.filtered(lambda m: m.move_type == "out_refund").action_post()
        self.assertEqual(
            (stay.invoice_status, stay.payment_state), ("to_invoice", "reversed")
        )
        self.assertEqual(self._ribbons(stay), [("To Invoice", "text-bg-info")])
        action = stay.with_user(self.user_desk_biller).action_settle_bill()
        new_invoice = stay._hotel_valid_invoices()
        self.assertEqual(len(new_invoice), 1)
        self.assertNotEqual(new_invoice, invoice)
        self._register(action, self.user_desk_biller, self.cash_journal)
        self.assertEqual(self._ribbons(stay), [("Paid", "text-bg-success")])
        self.assertEqual(self._ribbons(stay, accountant), [("Paid", "text-bg-success")])

    def test_ribbon_for_each_state_of_the_bill(self):
        """Every (unpaid, payment status) pair a stay can have, one ribbon at
        most: the accounting app's "In Payment" counts as paid."""
        expected = {
            (False, False): [],
            (True, False): ["To Invoice"],
            (True, "reversed"): ["To Invoice"],
            (True, "not_paid"): ["Not Paid"],
            (True, "blocked"): ["Not Paid"],
            (True, "partial"): ["Partially Paid"],
            (False, "in_payment"): ["Paid"],
            (False, "paid"): ["Paid"],
            (False, "reversed"): [],
        }
        for (is_unpaid, payment_state), ribbons in expected.items():
            with self.subTest(is_unpaid=is_unpaid, payment_state=payment_state):
                self.assertEqual(
                    self._ribbons_for(is_unpaid=is_unpaid, payment_state=payment_state),
                    ribbons,
                )

    # ------------------------------------------------------------------
    # Two hotels
    # ------------------------------------------------------------------

    def test_settled_in_the_stays_hotel(self):
        company_data_b = self.setup_other_company(name="Hotel Bravo Harbour")
        company_b = company_data_b["company"]
        tax_b = self.env["account.tax"].create(
            {
                "name": "Harbour tax 5%",
                "amount": 5.0,
                "type_tax_use": "sale",
                "company_id": company_b.id,
            }
        )
        # the new hotel's chart gave the products its default tax
        self.product_room.taxes_id = [Command.set((self.tax_10 + tax_b).ids)]
        self.product_fb.taxes_id = [Command.clear()]
        room_b = self.env["hotel.room.type"].create(
            {
                "name": "Harbour Double",
                "code": "HARB",
                "default_rate": 50.0,
                "company_id": company_b.id,
            }
        )
        biller_b = new_test_user(
            self.env,
            login="hotel_desk_biller_b",
            groups=DESK_BILLER,
            company_id=company_b.id,
            company_ids=[Command.set(company_b.ids)],
        )
        stay = self._stay(
            biller_b, company_id=company_b.id, room_type_id=room_b.id, nights=3
        )
        # a biller of the other hotel cannot settle it, nor see it
        with self.assertRaises(AccessError):
            stay.with_user(self.user_desk_biller).action_settle_bill()
        self.assertFalse(stay.invoice_ids)

        action = self._check_out_button(stay, biller_b)
        invoice = stay.invoice_ids
        self.assertEqual(invoice.company_id, company_b)
        self.assertEqual(invoice.journal_id.company_id, company_b)
        self.assertEqual(invoice.state, "posted")
        self.assertEqual(
            (invoice.amount_untaxed, invoice.amount_tax, invoice.amount_total),
            (195.0, 7.5, 202.5),
        )
        self.assertEqual(stay.line_ids.tax_ids, tax_b)
        wizard, _result = self._register(
            action, biller_b, company_data_b["default_journal_cash"]
        )
        self.assertEqual(wizard.company_id, company_b)
        payment = invoice.matched_payment_ids
        self.assertEqual(
            (payment.company_id, payment.journal_id, payment.amount),
            (company_b, company_data_b["default_journal_cash"], 202.5),
        )
        self.assertEqual((stay.payment_state, stay.is_unpaid), (PAID, False))
        # stays of two hotels are never settled together
        other = self._stay(self.user_desk_biller, start=date(2026, 4, 1))
        self._hotel_check_out(other, self.user_desk_biller)
        with self._hotel_assert_raises(UserError, "belong to different hotels"):
            (stay + other).action_settle_bill()
        self.assertFalse(other.invoice_ids)

    # ------------------------------------------------------------------
    # Tax totals footer
    # ------------------------------------------------------------------

    def test_tax_totals_footer(self):
        node = self._form_arch(self.user_front_desk).xpath(
            "//group[@name='totals']/field[@name='tax_totals']"
        )
        self.assertEqual(node[0].get("widget"), "account-tax-totals-field")
        stay = self._stay(self.user_front_desk)
        totals = stay.with_user(self.user_front_desk).tax_totals
        self.assertEqual(
            (
                totals["base_amount_currency"],
                totals["tax_amount_currency"],
                totals["total_amount_currency"],
                totals["has_tax_groups"],
            ),
            (45.0, 0.0, 45.0, False),
        )
        self._hotel_check_out(stay, self.user_front_desk)
        totals = stay.with_user(self.user_front_desk).tax_totals
        self.assertEqual(totals["currency_id"], self.company.currency_id.id)
        self.assertEqual(
            (
                totals["base_amount_currency"],
                totals["tax_amount_currency"],
                totals["total_amount_currency"],
            ),
            (285.0, 24.0, 309.0),
        )
        self.assertEqual(
            (
                totals["base_amount_currency"],
                totals["tax_amount_currency"],
                totals["total_amount_currency"],
            ),
            (stay.amount_untaxed, stay.amount_tax, stay.amount_total),
        )
        [subtotal] = totals["subtotals"]
        [group] = subtotal["tax_groups"]
        self.assertEqual(subtotal["base_amount_currency"], 285.0)
        self.assertEqual(
            (group["id"], group["base_amount_currency"], group["tax_amount_currency"]),
            (self.tax_10.tax_group_id.id, 240.0, 24.0),
        )
        # a change of the charges shows at once
        stay.line_ids.filtered(lambda line: line.charge_type == "room").with_user(
            self.user_front_desk
        ).quantity = 3
        totals = stay.with_user(self.user_front_desk).tax_totals
        self.assertEqual(
            (totals["base_amount_currency"], totals["total_amount_currency"]),
            (405.0, 441.0),
        )
        self.assertEqual(totals["total_amount_currency"], stay.amount_total)
        # computed by Hotel CRM only: a client cannot write it
        with self._hotel_assert_raises(UserError, "set by Hotel CRM itself"):
            stay.with_user(self.user_front_desk).write(
                {"tax_totals": {**totals, "total_amount_currency": 1.0}}
            )
        self.assertEqual(stay.tax_totals["total_amount_currency"], 441.0)
