from datetime import date, timedelta

from freezegun import freeze_time

from odoo import fields
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.fields import Command
from odoo.tests import Form, tagged

from .common import HotelCrmInvoicingCommon


class HotelStayCommon(HotelCrmInvoicingCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company = cls.env.company
        cls.room_double = cls.env["hotel.room.type"].create(
            {"name": "Double", "code": "DBL", "default_rate": 120.0}
        )
        cls.guest = cls._hotel_create_guest("Stella Stay", email="stella@example.com")
        cls.product_fb = cls.env.ref("hotel_crm.product_hotel_food_beverage")
        cls.product_room = cls.env.ref("hotel_crm.product_hotel_room_night")

    @classmethod
    def _stay(cls, guest=None, start=date(2026, 3, 1), nights=2, user=None, **vals):
        Stay = cls.env["hotel.stay"]
        if user:
            Stay = Stay.with_user(user)
        return Stay.create(
            {
                "partner_id": (guest or cls.guest).id,
                "room_type_id": cls.room_double.id,
                "check_in_date": start,
                "check_out_date": start + timedelta(days=nights),
                **vals,
            }
        )

    def _hotel_past_stay(self, guest, start, nights, company=None, state="checked_out"):
        """A past stay as imported from the previous system."""
        return self.env["hotel.stay"].create(
            {
                "partner_id": guest.id,
                "check_in_date": start,
                "check_out_date": start + timedelta(days=nights),
                "state": state,
                "company_id": (company or self.company).id,
            }
        )

    def _checked_out(self, *args, charges=(), **kwargs):
        stay = self._stay(*args, **kwargs)
        self._hotel_check_in(stay)
        for product, price in charges:
            self.env["hotel.stay.line"].create(
                {"stay_id": stay.id, "product_id": product.id, "price_unit": price}
            )
        self._hotel_check_out(stay)
        return stay

    def _pay(self, invoices):
        self.env["account.payment.register"].with_context(
            active_model="account.move", active_ids=invoices.ids
        ).create({})._create_payments()

    def _reverse(self, invoice):
        wizard = (
            self.env["account.move.reversal"]
            .with_context(active_model="account.move", active_ids=invoice.ids)
            .create({"journal_id": invoice.journal_id.id, "reason": "Room not cleaned"})
        )
        action = wizard.refund_moves()
        return self.env["account.move"].browse(action["res_id"])


@tagged("post_install", "-at_install")
class TestStayFlow(HotelStayCommon):
    def test_from_booking_to_paid_invoice(self):
        with Form(self.env["hotel.stay"].with_user(self.user_front_desk)) as form:
            form.partner_id = self.guest
            form.room_type_id = self.room_double
            form.room_number = "204"
            form.check_in_date = date(2026, 3, 1)
            form.check_out_date = date(2026, 3, 4)
            form.channel = "phone"
        stay = form.record.with_env(self.env)
        self.assertTrue(stay.name.startswith("STAY/"))
        self.assertEqual(stay.nights, 3)
        self.assertEqual(stay.nightly_rate, 120.0)
        self.assertEqual(stay.billing_partner_id, self.guest)
        self.assertEqual(stay.state, "booked")
        self._hotel_check_in(stay, self.user_front_desk)
        self.assertEqual(stay.state, "checked_in")
        self.env["hotel.stay.line"].with_user(self.user_front_desk).create(
            {
                "stay_id": stay.id,
                "product_id": self.product_fb.id,
                "price_unit": 45.0,
                "name": "Dinner for two",
            }
        )
        self._hotel_check_out(stay, self.user_front_desk)
        self.assertEqual(stay.state, "checked_out")
        room = stay.line_ids.filtered(lambda line: line.charge_type == "room")
        self.assertEqual((room.quantity, room.price_unit), (3, 120.0))
        self.assertEqual(stay.amount_untaxed, 3 * 120.0 + 45.0)
        self.assertEqual(stay.invoice_status, "to_invoice")
        self.assertTrue(stay.is_unpaid)

        stay.with_user(self.user_accountant).action_create_invoices()
        invoice = stay.invoice_ids
        self.assertEqual(len(invoice), 1)
        self.assertEqual(invoice.move_type, "out_invoice")
        self.assertEqual(invoice.partner_id, self.guest)
        self.assertEqual(invoice.invoice_origin, stay.name)
        self.assertEqual(invoice.hotel_stay_ids, stay)
        self.assertEqual(len(invoice.invoice_line_ids), 2)
        self.assertTrue(
            all(stay.name in name for name in invoice.invoice_line_ids.mapped("name"))
        )
        self.assertAlmostEqual(invoice.amount_untaxed, 405.0)
        self.assertEqual(stay.invoice_status, "invoiced")

        invoice.action_post()
        self.assertEqual(stay.payment_state, "not_paid")
        self.assertTrue(stay.is_unpaid)
        self._pay(invoice)
        self.assertIn(stay.payment_state, ("paid", "in_payment"))
        self.assertFalse(stay.is_unpaid)
        # the invoice leads back to its stay
        action = invoice.action_view_hotel_stays()
        self.assertEqual(action["res_id"], stay.id)

    def test_check_out_keeps_an_existing_room_charge(self):
        stay = self._stay(nights=2)
        self._hotel_check_in(stay)
        self.env["hotel.stay.line"].create(
            {
                "stay_id": stay.id,
                "product_id": self.product_room.id,
                "quantity": 2,
                "price_unit": 99.0,
            }
        )
        self._hotel_check_out(stay)
        room = stay.line_ids.filtered(lambda line: line.charge_type == "room")
        self.assertEqual(len(room), 1)
        self.assertEqual(room.price_unit, 99.0)

    def test_check_in_shows_the_allergy_alert(self):
        self.env["hotel.guest.preference"].sudo().create(
            {
                "partner_id": self.guest.id,
                "category_id": self.env.ref("hotel_crm.preference_category_allergy").id,
                "name": "Walnuts",
            }
        )
        stay = self._stay()
        self.assertEqual(stay.guest_allergy_summary, "Walnuts")
        action = self._hotel_check_in(stay, self.user_front_desk)
        self.assertEqual(action["params"]["type"], "danger")
        self.assertIn("Walnuts", action["params"]["message"])
        self.assertIn("Walnuts", stay.message_ids[0].body)

    def test_stay_makes_the_contact_a_guest(self):
        contact = self.env["res.partner"].create({"name": "Walk In"})
        stay = self._stay(guest=contact)
        self.assertTrue(contact.is_hotel_guest)
        self.assertTrue(contact.guest_code)
        self.assertEqual(stay.partner_id, contact)


@tagged("post_install", "-at_install")
class TestRoomTypeOrder(HotelStayCommon):
    def test_room_types_in_the_managers_order_then_as_created(self):
        RoomType = self.env["hotel.room.type"]
        suite, attic, annex = RoomType.create(
            [
                {"name": "Suite", "code": "STE", "sequence": 5},
                {"name": "Attic", "code": "ATT", "sequence": 7},
                {"name": "Annex", "code": "ANX", "sequence": 7},
            ]
        )
        ours = suite | attic | annex
        # the handle's order, then creation: never the (translated) name
        found = RoomType.search([("id", "in", ours.ids)])
        self.assertEqual(found.ids, [suite.id, attic.id, annex.id])
        for day, room_type in ((1, annex), (11, suite)):
            self.env["hotel.stay"].create(
                {
                    "partner_id": self.guest.id,
                    "room_type_id": room_type.id,
                    "check_in_date": date(2020, 3, day),
                    "check_out_date": date(2020, 3, day + 2),
                }
            )
        groups = self.env["hotel.stay"]._read_group(
            [("room_type_id", "in", ours.ids)], ["room_type_id"], ["__count"]
        )
        self.assertEqual(groups, [(suite, 1), (annex, 1)])


class TestStayInvoicing(HotelStayCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.acme = cls.env["res.partner"].create(
            {"name": "Acme Corp", "is_company": True, "guest_corporate_account": True}
        )
        cls.employee_a = cls._hotel_create_guest("Ann Acme", parent_id=cls.acme.id)
        cls.employee_b = cls._hotel_create_guest("Bert Acme", parent_id=cls.acme.id)

    def test_corporate_guest_is_billed_to_the_company(self):
        stay = self._stay(guest=self.employee_a)
        self.assertEqual(stay.billing_partner_id, self.acme)
        self.acme.guest_corporate_account = False
        other = self._stay(guest=self.employee_b)
        self.assertEqual(other.billing_partner_id, self.employee_b)

    def test_one_invoice_per_stay_by_default(self):
        stays = self._checked_out(guest=self.employee_a) | self._checked_out(
            guest=self.employee_b
        )
        stays.action_create_invoices()
        self.assertEqual(len(stays.invoice_ids), 2)
        self.assertEqual(stays.invoice_ids.partner_id, self.acme)

    def test_grouped_corporate_invoice(self):
        self.company.hotel_group_corporate_invoices = True
        stays = self._checked_out(guest=self.employee_a) | self._checked_out(
            guest=self.employee_b
        )
        stays.action_create_invoices()
        invoice = stays.invoice_ids
        self.assertEqual(len(invoice), 1)
        self.assertEqual(invoice.partner_id, self.acme)
        self.assertEqual(invoice.hotel_stay_ids, stays)
        self.assertEqual(len(invoice.invoice_line_ids), 2)
        for stay in stays:
            self.assertIn(stay.name, invoice.invoice_origin)

    def test_invoice_lines_point_to_their_charges(self):
        stay = self._checked_out(charges=[(self.product_fb, 30.0)])
        stay.action_create_invoices()
        lines = stay.invoice_ids.invoice_line_ids
        self.assertEqual(lines.hotel_stay_line_id, stay.line_ids)
        self.assertEqual(
            sorted(lines.mapped("name")),
            sorted(f"{line.name} ({stay.name})" for line in stay.line_ids),
        )

    def test_double_invoicing_refused(self):
        stay = self._checked_out()
        stay.action_create_invoices()
        with self._hotel_assert_raises(UserError, "already invoiced"):
            stay.action_create_invoices()
        self.assertEqual(len(stay.invoice_ids), 1)

    def test_only_checked_out_stays_are_invoiced(self):
        stay = self._stay()
        with self._hotel_assert_raises(UserError, "not checked out"):
            stay.action_create_invoices()
        self.assertFalse(stay.invoice_ids)

    def test_reversal_puts_the_stay_back_to_invoice(self):
        stay = self._checked_out()
        stay.action_create_invoices()
        invoice = stay.invoice_ids
        invoice.action_post()
        credit_note = self._reverse(invoice)
        credit_note.action_post()  # reconciles with the invoice
        self.assertEqual(invoice.payment_state, "reversed")
        self.assertIn(credit_note, stay.invoice_ids)
        self.assertEqual(stay.invoice_status, "to_invoice")
        self.assertTrue(stay.is_unpaid)
        stay.action_create_invoices()
        self.assertEqual(stay.invoice_status, "invoiced")
        # the new invoice is a draft: the bill is still open
        self.assertFalse(stay.payment_state)
        self.assertTrue(stay.is_unpaid)
        found = self._hotel_search_filter("hotel_crm.hotel_stay_action", "unpaid")
        self.assertIn(stay, found)

    def test_reverse_and_create_invoice_keeps_the_stay_invoiced(self):
        stay = self._checked_out()
        stay.action_create_invoices()
        invoice = stay.invoice_ids
        invoice.action_post()
        wizard = (
            self.env["account.move.reversal"]
            .with_context(active_model="account.move", active_ids=invoice.ids)
            .create({"journal_id": invoice.journal_id.id, "reason": "Wrong rate"})
        )
        wizard.modify_moves()
        self.assertEqual(invoice.payment_state, "reversed")
        new_invoice = stay._hotel_valid_invoices()
        self.assertEqual(len(new_invoice), 1)
        self.assertNotEqual(new_invoice, invoice)
        self.assertEqual(stay.invoice_status, "invoiced")
        with self._hotel_assert_raises(UserError, "already invoiced"):
            stay.action_create_invoices()
        new_invoice.action_post()
        self.assertAlmostEqual(self.guest.guest_revenue, 240.0)

    def test_billed_partner_fiscal_position_maps_the_taxes(self):
        foreign = self.env["res.partner"].create(
            {"name": "Export Client", "is_company": True}
        )
        fiscal_position = self.env["account.fiscal.position"].create(
            {
                "name": "Export",
                "tax_ids": [
                    Command.create(
                        {
                            "tax_src_id": self.tax_sale_a.id,
                            "tax_dest_id": self.tax_sale_b.id,
                        }
                    )
                ],
            }
        )
        foreign.property_account_position_id = fiscal_position
        stay = self._stay(billing_partner_id=foreign.id)
        self._hotel_check_in(stay)
        self.env["hotel.stay.line"].create(
            {
                "stay_id": stay.id,
                "product_id": self.product_fb.id,
                "price_unit": 10.0,
                "tax_ids": [Command.set(self.tax_sale_a.ids)],
            }
        )
        self._hotel_check_out(stay)
        stay.action_create_invoices()
        invoice = stay.invoice_ids
        self.assertEqual(invoice.fiscal_position_id, fiscal_position)
        fb_line = invoice.invoice_line_ids.filtered(
            lambda line: line.product_id == self.product_fb
        )
        self.assertEqual(fb_line.tax_ids, self.tax_sale_b)

    def test_cancelled_invoice_puts_the_stay_back_to_invoice(self):
        stay = self._checked_out()
        stay.action_create_invoices()
        stay.invoice_ids.button_cancel()
        self.assertEqual(stay.invoice_status, "to_invoice")

    def test_invoiced_charges_are_locked(self):
        stay = self._checked_out()
        stay.action_create_invoices()
        with self.assertRaises(UserError):
            stay.line_ids.write({"price_unit": 1.0})
        with self.assertRaises(UserError):
            self.env["hotel.stay.line"].create(
                {
                    "stay_id": stay.id,
                    "product_id": self.product_fb.id,
                    "price_unit": 5.0,
                }
            )
        self.assertEqual(len(stay.line_ids), 1)

    def test_unpaid_filters_chase_guests_who_left_without_paying(self):
        paid = self._checked_out(guest=self.employee_a, start=date(2026, 1, 1))
        paid.billing_partner_id = self.employee_a
        paid.action_create_invoices()
        paid.invoice_ids.action_post()
        self._pay(paid.invoice_ids)
        unpaid = self._checked_out(guest=self.employee_b, start=date(2026, 1, 1))
        unpaid.action_create_invoices()
        unpaid.invoice_ids.action_post()
        stays = self._hotel_search_filter("hotel_crm.hotel_stay_action", "unpaid")
        self.assertIn(unpaid, stays)
        self.assertNotIn(paid, stays)
        guests = self._hotel_search_filter(
            "hotel_crm.res_partner_action_hotel_guest", "unpaid"
        )
        self.assertIn(self.employee_b, guests)
        self.assertNotIn(self.employee_a, guests)


@tagged("post_install", "-at_install")
class TestStayRules(HotelStayCommon):
    def test_check_out_must_follow_check_in(self):
        count = self.env["hotel.stay"].search_count([])
        with self._hotel_assert_raises(ValidationError, "must be after its check-in"):
            self._stay(nights=0)
        with self._hotel_assert_raises(ValidationError, "must be after its check-in"):
            self._stay(nights=-2)
        self.assertEqual(self.env["hotel.stay"].search_count([]), count)

    def test_guests_counted_sensibly(self):
        with self._hotel_assert_raises(ValidationError, "at least one adult"):
            self._stay(adults=0)
        with self._hotel_assert_raises(ValidationError, "at least one adult"):
            self._stay(children=-1)
        self.assertFalse(self.guest.sudo().guest_stay_ids)

    def test_stays_of_a_guest_do_not_overlap(self):
        self._stay(start=date(2026, 5, 1), nights=3)
        with self._hotel_assert_raises(ValidationError, "overlaps"):
            self._stay(start=date(2026, 5, 3), nights=2)
        # back to back is fine, and a cancelled stay frees the dates
        self._stay(start=date(2026, 5, 4), nights=1)
        cancelled = self._stay(start=date(2026, 6, 1), nights=3)
        cancelled.action_cancel()
        self._stay(start=date(2026, 6, 2), nights=1)
        # another guest may stay on the same dates
        self._stay(
            guest=self._hotel_create_guest("Other Guest"), start=date(2026, 5, 1)
        )

    def test_no_negative_amounts(self):
        stay = self._stay()
        with self._hotel_assert_raises(ValidationError, "cannot be negative"):
            stay.nightly_rate = -1
        with self.assertRaises(ValidationError):
            self.env["hotel.stay.line"].create(
                {
                    "stay_id": stay.id,
                    "product_id": self.product_fb.id,
                    "price_unit": -5.0,
                }
            )
        with self.assertRaises(ValidationError):
            self.env["hotel.stay.line"].create(
                {
                    "stay_id": stay.id,
                    "product_id": self.product_fb.id,
                    "quantity": -1,
                    "price_unit": 5.0,
                }
            )
        self.assertFalse(stay.line_ids)
        self.assertEqual(stay.nightly_rate, 120.0)

    def test_checked_out_or_invoiced_stay_cannot_be_cancelled(self):
        stay = self._checked_out()
        with self.assertRaises(UserError):
            stay.action_cancel()
        self.assertEqual(stay.state, "checked_out")
        booked = self._stay(start=date(2026, 8, 1))
        booked.action_cancel()
        self.assertEqual(booked.state, "cancelled")

    def test_state_flow_is_enforced(self):
        stay = self._stay()
        with self.assertRaises(UserError):
            self._hotel_check_out(stay)
        stay.action_mark_no_show()
        self.assertEqual(stay.state, "no_show")
        with self.assertRaises(UserError):
            self._hotel_check_in(stay)
        stay.action_reset_to_booked()
        self.assertEqual(stay.state, "booked")

    def test_restricted_guest_refused_unless_manager_overrides(self):
        self.guest.with_user(self.user_manager)._hotel_restrict("Fraudulent card")
        with self._hotel_assert_raises(UserError, "Fraudulent card"):
            self._stay(user=self.user_front_desk)
        with self.assertRaises(AccessError):
            self._stay(
                user=self.user_front_desk, restriction_override_reason="VIP friend"
            )
        self.assertFalse(
            self.env["hotel.stay"].search([("partner_id", "=", self.guest.id)])
        )
        stay = self._stay(
            user=self.user_manager, restriction_override_reason="Debt settled"
        )
        self.assertEqual(stay.restriction_override_reason, "Debt settled")
        # the chatter says who accepted; the reason is a tracked hotel-only field
        self.assertEqual(
            stay.message_ids[0].body,
            "<p>Max Manager accepted the restricted guest Stella Stay.</p>",
        )
        self._hotel_check_in(stay, self.user_front_desk)
        self.assertEqual(stay.state, "checked_in")

    def test_override_does_not_follow_a_change_of_guest(self):
        other = self._hotel_create_guest("Other Restricted")
        other.with_user(self.user_manager)._hotel_restrict("Fight in the bar")
        self.guest.with_user(self.user_manager)._hotel_restrict("Fraudulent card")
        stay = self._stay(user=self.user_manager, restriction_override_reason="Settled")
        with self._hotel_assert_raises(UserError, "Fight in the bar"):
            stay.with_user(self.user_front_desk).write({"partner_id": other.id})
        self.assertEqual(stay.partner_id, self.guest)
        self.assertEqual(stay.restriction_override_reason, "Settled")

    def test_restriction_after_booking_blocks_check_in(self):
        stay = self._stay(user=self.user_front_desk)
        self.guest.with_user(self.user_manager)._hotel_restrict("Violence")
        with self._hotel_assert_raises(UserError, "Violence"):
            self._hotel_check_in(stay, self.user_front_desk)
        self.assertEqual(stay.state, "booked")
        stay.with_user(self.user_manager).restriction_override_reason = "Apologised"
        self._hotel_check_in(stay, self.user_front_desk)
        self.assertEqual(stay.state, "checked_in")

    def test_credit_limit_warning_and_manager_confirmation(self):
        self.company.account_use_credit_limit = True
        acme = self.env["res.partner"].create(
            {"name": "Tight Corp", "is_company": True, "guest_corporate_account": True}
        )
        acme.with_company(self.company).credit_limit = 300.0
        guest = self._hotel_create_guest("Tim Tight", parent_id=acme.id)
        previous = self.init_invoice(
            "out_invoice", partner=acme, amounts=[200.0], post=True
        )
        self.assertTrue(previous.amount_residual)
        stay = self._stay(guest=guest, nights=2)  # 2 x 120 on top of 200 open
        self.assertIn("credit limit", stay.credit_limit_warning)
        with self._hotel_assert_raises(UserError, "credit limit"):
            self._hotel_check_in(stay, self.user_front_desk)
        self.assertEqual(stay.state, "booked")
        with self.assertRaises(AccessError):
            stay.with_user(self.user_front_desk).action_confirm_credit_limit()
        stay.with_user(self.user_manager).action_confirm_credit_limit()
        self.assertEqual(stay.credit_limit_confirmed_by_id, self.user_manager)
        self._hotel_check_in(stay, self.user_front_desk)
        self.assertEqual(stay.state, "checked_in")

    def test_no_credit_warning_within_the_limit(self):
        self.company.account_use_credit_limit = True
        self.guest.with_company(self.company).credit_limit = 5000.0
        stay = self._stay()
        self.assertFalse(stay.credit_limit_warning)
        self._hotel_check_in(stay, self.user_front_desk)
        self.assertEqual(stay.state, "checked_in")


@tagged("post_install", "-at_install")
class TestStayAccess(HotelStayCommon):
    def test_front_desk_records_stays_and_charges(self):
        stay = self._stay(user=self.user_front_desk)
        self._hotel_check_in(stay, self.user_front_desk)
        self.env["hotel.stay.line"].with_user(self.user_front_desk).create(
            {"stay_id": stay.id, "product_id": self.product_fb.id, "price_unit": 12.0}
        )
        self.assertEqual(stay.amount_untaxed, 12.0)
        with self.assertRaises(AccessError):
            stay.with_user(self.user_front_desk).unlink()

    def test_accountant_reads_and_invoices_stays(self):
        stay = self._checked_out()
        as_accountant = stay.with_user(self.user_accountant)
        self.assertEqual(as_accountant.partner_id, self.guest)
        self.assertTrue(as_accountant.line_ids.read(["price_subtotal"]))
        with self.assertRaises(AccessError):
            as_accountant.write({"room_number": "999"})
        with self.assertRaises(AccessError):
            self._stay(user=self.user_accountant, start=date(2026, 9, 1))
        as_accountant.action_create_invoices()
        self.assertEqual(stay.invoice_status, "invoiced")
        self.assertEqual(
            stay.invoice_ids.with_user(self.user_accountant).hotel_stay_ids, stay
        )

    def test_accountant_opens_stay_and_guest_forms(self):
        self.guest.with_user(self.user_manager)._hotel_restrict("Unpaid bills")
        stay = self._stay(restriction_override_reason="Prepaid")
        form = Form(stay.with_user(self.user_accountant))
        self.assertEqual(form.partner_id, self.guest)
        # the restriction and the manager's reason are hotel matters
        for fname in ("guest_is_restricted", "restriction_override_reason"):
            self.assertNotIn(fname, form._view["fields"])
        self.assertTrue(Form(stay.with_user(self.user_front_desk)).guest_is_restricted)
        guest_form = Form(self.guest.with_user(self.user_accountant))
        self.assertEqual(guest_form.guest_stay_count, 0)

    def test_front_desk_cannot_invoice_without_invoicing_rights(self):
        stay = self._checked_out()
        with self.assertRaises(AccessError):
            stay.with_user(self.user_front_desk).action_create_invoices()
        self.assertFalse(stay.invoice_ids)

    def test_front_desk_opens_an_invoiced_stay(self):
        stay = self._checked_out()
        stay.action_create_invoices()
        stay.invoice_ids.action_post()
        form = Form(stay.with_user(self.user_front_desk))
        self.assertEqual(form.invoice_status, "invoiced")
        self.assertEqual(form.payment_state, "not_paid")
        self.assertTrue(form.is_unpaid)

    def test_front_desk_cannot_bypass_the_workflow(self):
        stay = self._stay(user=self.user_front_desk)
        name = stay.name
        unrelated = self.init_invoice("out_invoice", partner=self.guest, amounts=[10])
        as_front_desk = stay.with_user(self.user_front_desk)
        for vals in (
            {"state": "checked_out"},
            {"credit_limit_confirmed_by_id": self.user_front_desk.id},
            {"invoice_ids": [Command.set(unrelated.ids)]},
            {"name": "STAY/FAKE"},
        ):
            with self.assertRaises(UserError):
                as_front_desk.write(vals)
        self.assertEqual(stay.state, "booked")
        self.assertEqual(stay.name, name)
        self.assertFalse(stay.credit_limit_confirmed_by_id)
        self.assertFalse(stay.invoice_ids)

    def test_invoiced_stay_keeps_its_guest_dates_and_rate(self):
        stay = self._checked_out()
        stay.action_create_invoices()
        with self._hotel_assert_raises(UserError, "is invoiced"):
            stay.write({"check_out_date": date(2026, 3, 10)})
        with self._hotel_assert_raises(UserError, "is invoiced"):
            stay.write({"nightly_rate": 1.0})
        self.assertEqual(stay.check_out_date, date(2026, 3, 3))

    def test_outsider_sees_no_stays(self):
        stay = self._stay()
        with self.assertRaises(AccessError):
            stay.with_user(self.user_internal).read(["name"])
        with self.assertRaises(AccessError):
            self._stay(user=self.user_internal, start=date(2026, 9, 1))


@tagged("post_install", "-at_install")
class TestGuestValue(HotelStayCommon):
    def test_guest_value_after_stays_and_a_credit_note(self):
        first = self._checked_out(
            start=date(2026, 1, 10), nights=2, charges=[(self.product_fb, 60.0)]
        )
        second = self._checked_out(start=date(2026, 2, 10), nights=3)
        self._stay(start=date(2026, 4, 1), nights=5).action_cancel()  # does not count
        (first | second).action_create_invoices()
        (first | second).invoice_ids.action_post()
        guest = self.guest
        self.assertEqual(guest.guest_stay_count, 2)
        self.assertEqual(guest.guest_night_count, 5)
        self.assertAlmostEqual(guest.guest_revenue, 2 * 120 + 60 + 3 * 120)
        self.assertAlmostEqual(guest.guest_average_rate, 660.0 / 5)
        self.assertEqual(guest.guest_first_stay_date, date(2026, 1, 10))
        self.assertEqual(guest.guest_last_stay_date, date(2026, 2, 10))
        # a credit note on the second stay's invoice takes its revenue back
        credit_note = self._reverse(second.invoice_ids)
        credit_note.action_post()
        self.assertAlmostEqual(guest.guest_revenue, 300.0)
        self.assertEqual(guest.guest_invoice_count, 3)
        action = guest.action_hotel_view_stays()
        self.assertEqual(
            self.env["hotel.stay"].search(action["domain"]).partner_id, guest
        )

    def test_draft_invoices_do_not_count_as_revenue(self):
        stay = self._checked_out()
        stay.action_create_invoices()
        self.assertEqual(self.guest.guest_revenue, 0.0)
        stay.invoice_ids.action_post()
        self.assertAlmostEqual(self.guest.guest_revenue, 240.0)

    def test_guest_value_query_count_does_not_grow(self):
        guests = self.env["res.partner"].create(
            [{"name": f"Bulk Guest {i}", "is_hotel_guest": True} for i in range(50)]
        )
        stays = self.env["hotel.stay"].create(
            [
                {
                    "partner_id": guest.id,
                    "room_type_id": self.room_double.id,
                    "check_in_date": date(2026, 1, 1),
                    "check_out_date": date(2026, 1, 3),
                }
                for guest in guests
            ]
        )
        self._hotel_check_in(stays)
        self._hotel_check_out(stays)
        stays.action_create_invoices()
        stays.invoice_ids.action_post()
        self.env.flush_all()

        def recompute(partners):
            partners.invalidate_recordset()
            partners._compute_guest_value()

        def queries(partners):
            before = self.env.cr.sql_log_count
            recompute(partners)
            return self.env.cr.sql_log_count - before

        few = queries(guests[:5])
        with self.assertQueryCount(few):
            recompute(guests)
        self.assertEqual(set(guests.mapped("guest_night_count")), {2})
        self.assertEqual(set(guests.mapped("guest_revenue")), {240.0})


@tagged("post_install", "-at_install")
class TestLongStay(HotelStayCommon):
    @freeze_time("2026-06-30")
    def test_long_stay_by_consecutive_nights(self):
        self.company.hotel_long_stay_nights = 30
        short = self._checked_out(start=date(2026, 1, 1), nights=29)
        self.assertFalse(short.is_long_stay)
        self.assertFalse(self.guest.guest_is_long_stay)
        long_guest = self._hotel_create_guest("Lena Long")
        long = self._checked_out(guest=long_guest, start=date(2026, 1, 1), nights=30)
        self.assertTrue(long.is_long_stay)
        self.assertTrue(long_guest.guest_is_long_stay)
        stays = self.env["hotel.stay"].search([("is_long_stay", "=", True)])
        self.assertIn(long, stays)
        self.assertNotIn(short, stays)
        guests = self._hotel_search_filter(
            "hotel_crm.res_partner_action_hotel_guest", "long_stay"
        )
        self.assertIn(long_guest, guests)
        self.assertNotIn(self.guest, guests)

    @freeze_time("2026-06-30")
    def test_back_to_back_stays_are_consecutive_nights(self):
        self.company.hotel_long_stay_nights = 30
        self._checked_out(start=date(2026, 1, 1), nights=20)
        self._checked_out(start=date(2026, 1, 21), nights=12)  # extension
        self.assertTrue(self.guest.guest_is_long_stay)
        gap = self._hotel_create_guest("Gap Gina")
        self._checked_out(guest=gap, start=date(2026, 1, 1), nights=20)
        self._checked_out(
            guest=gap, start=date(2026, 1, 22), nights=12
        )  # a night apart
        self.assertFalse(gap.guest_is_long_stay)
        guests = self._hotel_search_filter(
            "hotel_crm.res_partner_action_hotel_guest", "long_stay"
        )
        self.assertIn(self.guest, guests)
        self.assertNotIn(gap, guests)

    @freeze_time("2026-06-30")
    def test_long_stay_by_nights_within_the_period(self):
        self.company.write(
            {"hotel_long_stay_window_nights": 60, "hotel_long_stay_window_days": 90}
        )
        today = fields.Date.today()
        for offset in (85, 60, 30):  # three stays of 20 nights within 90 days
            self._checked_out(start=today - timedelta(days=offset), nights=20)
        self.assertTrue(self.guest.guest_is_long_stay)
        self.assertFalse(self.guest.guest_stay_ids.filtered("is_long_stay"))
        # the same nights spread over more than the period do not count
        other = self._hotel_create_guest("Sparse Sam")
        for offset in (170, 130, 30):
            self._checked_out(
                guest=other, start=today - timedelta(days=offset), nights=20
            )
        self.assertFalse(other.guest_is_long_stay)

    def test_settings_are_validated(self):
        with self.assertRaises(ValidationError):
            self.company.hotel_long_stay_nights = 0
        # the boundary: one night is the smallest threshold
        self.company.hotel_long_stay_nights = 1
        self.assertEqual(self.company.hotel_long_stay_nights, 1)

    def test_settings_refuse_numbers_beyond_the_database(self):
        settings = self.env["res.config.settings"].with_user(self.env.user).create({})
        for value in (2**31, "thirty"):
            with self._hotel_assert_raises(ValidationError, "not a valid value"):
                self.company.write({"hotel_long_stay_window_days": value})
        self.assertEqual(self.company.hotel_long_stay_window_days, 90)
        settings.hotel_long_stay_window_days = 120
        settings.execute()
        self.assertEqual(self.company.hotel_long_stay_window_days, 120)
