"""Rules of stays at their boundaries, each one through the path a client
uses: the overlap of a guest's stays (also between two clerks at once), the
credit limit of the billed partner, what an invoice locks, payment states,
the managers' rights on room types."""

import threading
from datetime import date
from unittest.mock import patch

import psycopg2

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged
from odoo.tools import mute_logger

from .test_stays import HotelStayCommon


@tagged("post_install", "-at_install")
class TestStayRules(HotelStayCommon):
    def test_overlap_boundaries(self):
        self._stay(start=date(2026, 5, 10), nights=3)  # 10 -> 13 May
        for start, nights, overlaps in (
            (date(2026, 5, 7), 3, False),  # 7 -> 10: leaves as the other arrives
            (date(2026, 5, 7), 4, True),  # 7 -> 11: one night together
            (date(2026, 5, 12), 1, True),  # 12 -> 13: inside
            (date(2026, 5, 9), 5, True),  # 9 -> 14: around
            (date(2026, 5, 13), 2, False),  # 13 -> 15: arrives as the other leaves
        ):
            with self.subTest(start=start, nights=nights):
                if overlaps:
                    with self._hotel_assert_raises(ValidationError, "overlaps"):
                        self._stay(start=start, nights=nights)
                else:
                    stay = self._stay(start=start, nights=nights)
                    stay.action_cancel()

    def test_moving_dates_or_guest_into_an_overlap_is_refused(self):
        first = self._stay(start=date(2026, 5, 10), nights=3)
        second = self._stay(start=date(2026, 5, 13), nights=2)
        with self._hotel_assert_raises(ValidationError, first.name):
            second.with_user(self.user_front_desk).write(
                {"check_in_date": date(2026, 5, 12)}
            )
        self.assertEqual(second.check_in_date, date(2026, 5, 13))
        other = self._hotel_create_guest("Otto Other")
        third = self._stay(guest=other, start=date(2026, 5, 11), nights=1)
        with self._hotel_assert_raises(ValidationError, "overlaps"):
            third.with_user(self.user_front_desk).write({"partner_id": self.guest.id})
        self.assertEqual(third.partner_id, other)

    def test_booking_a_cancelled_stay_again_checks_the_overlap(self):
        cancelled = self._stay(start=date(2026, 5, 10), nights=3)
        cancelled.action_cancel()
        self._stay(start=date(2026, 5, 11), nights=1)
        for action in ("action_reset_to_booked",):
            with self._hotel_assert_raises(ValidationError, "overlaps"):
                getattr(cancelled.with_user(self.user_front_desk), action)()
        self.assertEqual(cancelled.state, "cancelled")
        no_show = self._stay(start=date(2026, 6, 1), nights=2)
        no_show.action_mark_no_show()
        self._stay(start=date(2026, 6, 2), nights=2)
        with self._hotel_assert_raises(ValidationError, "overlaps"):
            no_show.action_reset_to_booked()
        self.assertEqual(no_show.state, "no_show")

    def test_stays_imported_together_may_not_overlap(self):
        Stay = self.env["hotel.stay"].with_user(self.user_front_desk)
        result = Stay.load(
            ["partner_id/.id", "check_in_date", "check_out_date"],
            [
                [str(self.guest.id), "2026-07-01", "2026-07-05"],
                [str(self.guest.id), "2026-07-04", "2026-07-06"],
            ],
        )
        self.assertFalse(result["ids"])
        self.assertRegex(str(result["messages"]), "same time|overlaps")
        self.assertFalse(Stay.search([("partner_id", "=", self.guest.id)]))

    def test_at_least_one_adult_boundary(self):
        self.assertEqual(self._stay(adults=1, children=0).adults, 1)
        with self._hotel_assert_raises(ValidationError, "at least one adult"):
            self._stay(start=date(2026, 8, 1), adults=0)
        with self._hotel_assert_raises(ValidationError, "at least one adult"):
            self._stay(start=date(2026, 8, 1), children=-1)

    def test_check_out_boundary(self):
        with self._hotel_assert_raises(ValidationError, "must be after"):
            self._stay(start=date(2026, 8, 1), nights=0)
        with self._hotel_assert_raises(ValidationError, "must be after"):
            self._stay(start=date(2026, 8, 1), nights=-2)
        self.assertEqual(self._stay(start=date(2026, 8, 1), nights=1).nights, 1)

    def test_front_desk_only_reads_room_types(self):
        RoomType = self.env["hotel.room.type"]
        for user in (self.user_front_desk, self.user_relations, self.user_accountant):
            self.assertEqual(
                RoomType.with_user(user).browse(self.room_double.id).name, "Double"
            )
            with self.assertRaises(AccessError):
                RoomType.with_user(user).create({"name": "Attic"})
            with self.assertRaises(AccessError):
                self.room_double.with_user(user).write({"default_rate": 1.0})
            with self.assertRaises(AccessError):
                self.room_double.with_user(user).unlink()
        self.assertEqual(self.room_double.default_rate, 120.0)
        with self.assertRaises(AccessError):
            RoomType.with_user(self.user_internal).search([])
        manager = RoomType.with_user(self.user_manager)
        attic = manager.create({"name": "Attic", "default_rate": 80.0})
        attic.write({"default_rate": 85.0})
        self.assertEqual(attic.default_rate, 85.0)
        attic.unlink()

    def test_stays_are_for_hotel_staff_and_accountants_only(self):
        stay = self._stay()
        with self.assertRaises(AccessError):
            stay.with_user(self.user_internal).read(["name"])
        for action in ("action_check_in", "action_cancel", "action_mark_no_show"):
            with self.assertRaises(AccessError):
                getattr(stay.with_user(self.user_internal), action)()
            with self.assertRaises(AccessError):
                getattr(stay.with_user(self.user_accountant), action)()
        self.assertEqual(stay.state, "booked")

    def test_invoiced_stay_is_locked_field_by_field(self):
        stay = self._checked_out(charges=[(self.product_fb, 30.0)])
        stay.action_create_invoices()
        other = self._hotel_create_guest("Ivy Other")
        company = self.env["res.partner"].create(
            {"name": "Ivy Ltd", "is_company": True}
        )
        for vals in (
            {"partner_id": other.id},
            {"billing_partner_id": company.id},
            {"check_in_date": date(2026, 2, 27)},
            {"check_out_date": date(2026, 3, 4)},
            {"nightly_rate": 1.0},
        ):
            with self.subTest(vals=vals):
                with self._hotel_assert_raises(UserError, "is invoiced"):
                    stay.with_user(self.user_manager).write(vals)
        self.assertEqual(stay.partner_id, self.guest)
        self.assertEqual(stay.billing_partner_id, self.guest)
        self.assertEqual(stay.nightly_rate, 120.0)
        self.assertEqual(stay.check_out_date, date(2026, 3, 3))
        # what does not change the bill still can
        stay.with_user(self.user_front_desk).write({"room_number": "204"})
        self.assertEqual(stay.room_number, "204")

    def test_payment_states_follow_the_invoice(self):
        stay = self._checked_out()
        self.assertEqual(stay.invoice_status, "to_invoice")
        self.assertTrue(stay.is_unpaid)
        stay.action_create_invoices()
        invoice = stay.invoice_ids
        self.assertEqual(invoice.amount_untaxed, 240.0)
        invoice.action_post()
        self.assertEqual(stay.payment_state, "not_paid")
        self.assertTrue(stay.is_unpaid)
        register = self.env["account.payment.register"].with_context(
            active_model="account.move", active_ids=invoice.ids
        )
        register.create({"amount": invoice.amount_total - 0.01})._create_payments()
        self.assertEqual(invoice.payment_state, "partial")
        self.assertEqual(stay.payment_state, "partial")
        self.assertTrue(stay.is_unpaid)
        register.create({"amount": 0.01})._create_payments()
        self.assertIn(stay.payment_state, ("paid", "in_payment"))
        self.assertFalse(stay.is_unpaid)

    def test_invoice_line_discount_hook(self):
        """The hook the membership levels use: its percentage reaches the
        invoice line and the amounts."""
        stay = self._checked_out(charges=[(self.product_fb, 50.0)])

        def discount(self, line):
            return 10.0 if line.charge_type == "room" else 0.0

        with patch.object(
            type(self.env["hotel.stay"]), "_hotel_invoice_line_discount", discount
        ):
            stay.action_create_invoices()
        lines = stay.invoice_ids.invoice_line_ids
        room = lines.filtered(
            lambda line: line.hotel_stay_line_id.charge_type == "room"
        )
        food = lines - room
        self.assertEqual(room.discount, 10.0)
        self.assertAlmostEqual(room.price_subtotal, 216.0)  # 2 x 120 less 10 %
        self.assertEqual(food.discount, 0.0)
        self.assertAlmostEqual(food.price_subtotal, 50.0)
        self.assertAlmostEqual(stay.invoice_ids.amount_untaxed, 266.0)


@tagged("post_install", "-at_install")
class TestCreditLimit(HotelStayCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.account_use_credit_limit = True
        # the guest works for a company that is not billed...
        cls.employer = cls.env["res.partner"].create(
            {"name": "Employer Ltd", "is_company": True}
        )
        cls.employer.with_company(cls.company).credit_limit = 10.0
        cls.guest.parent_id = cls.employer
        # ...while the stay is billed to a travel agency with a limit of 500
        cls.agency = cls.env["res.partner"].create(
            {"name": "Agency AG", "is_company": True}
        )
        cls.agency.with_company(cls.company).credit_limit = 500.0

    def _billed_stay(self, nights):
        stay = self._stay(nights=nights)
        stay.billing_partner_id = self.agency
        return stay

    def test_the_billed_partners_limit_counts(self):
        # 4 nights x 120 = 480 <= 500: within the agency's limit
        within = self._billed_stay(4)
        self.assertFalse(within.credit_limit_warning)
        self._hotel_check_in(within, self.user_front_desk)
        self.assertEqual(within.state, "checked_in")

    def test_over_the_billed_partners_limit(self):
        # 5 nights x 120 = 600 > 500
        stay = self._billed_stay(5)
        self.assertTrue(stay.credit_limit_warning)
        with self._hotel_assert_raises(UserError, "Agency AG would exceed"):
            self._hotel_check_in(stay, self.user_front_desk)
        self.assertEqual(stay.state, "booked")
        with self.assertRaises(AccessError):
            stay.with_user(self.user_front_desk).action_confirm_credit_limit()
        stay.with_user(self.user_manager).action_confirm_credit_limit()
        self.assertEqual(stay.credit_limit_confirmed_by_id, self.user_manager)
        self._hotel_check_in(stay, self.user_front_desk)
        self.assertEqual(stay.state, "checked_in")

    def test_a_confirmation_holds_for_what_was_confirmed_only(self):
        within = self._billed_stay(4)
        with self._hotel_assert_raises(UserError, "nothing to confirm"):
            within.with_user(self.user_manager).action_confirm_credit_limit()
        self.assertFalse(within.credit_limit_confirmed_by_id)
        within.action_cancel()
        stay = self._billed_stay(5)
        stay.with_user(self.user_manager).action_confirm_credit_limit()
        for vals in (
            {"nightly_rate": 5000.0},
            {"billing_partner_id": self.employer.id},
            {"check_out_date": date(2026, 3, 9)},
        ):
            with self.subTest(vals=vals):
                stay.with_user(self.user_manager).action_confirm_credit_limit()
                stay.with_user(self.user_front_desk).write(vals)
                self.assertFalse(stay.credit_limit_confirmed_by_id)
                with self._hotel_assert_raises(UserError, "would exceed"):
                    self._hotel_check_in(stay, self.user_front_desk)
        self.assertEqual(stay.state, "booked")

    def test_the_limit_itself_is_not_exceeded(self):
        self.agency.with_company(self.company).credit_limit = 480.0
        stay = self._billed_stay(4)  # exactly 480
        self.assertFalse(stay.credit_limit_warning)
        self.agency.with_company(self.company).credit_limit = 479.99
        stay.invalidate_recordset(["credit_limit_warning"])
        self.assertTrue(stay.credit_limit_warning)

    def test_accountants_read_the_figures_with_the_stay_included(self):
        stay = self._billed_stay(5)
        warning = stay.with_user(self.user_accountant).credit_limit_warning
        self.assertEqual(
            warning,
            "Agency AG has reached its credit limit of: $\xa0500.00\n"
            "Total amount due (including this document): $\xa0600.00",
        )
        self.assertEqual(
            stay.with_user(self.user_front_desk).credit_limit_warning,
            "Agency AG would exceed its credit limit with this stay.",
        )

    def test_import_in_house_over_the_limit_is_refused(self):
        Stay = self.env["hotel.stay"].with_user(self.user_front_desk)
        result = Stay.load(
            [
                "partner_id/.id",
                "billing_partner_id/.id",
                "check_in_date",
                "check_out_date",
                "nightly_rate",
                "state",
            ],
            [
                [
                    str(self.guest.id),
                    str(self.agency.id),
                    "2026-03-01",
                    "2026-03-06",
                    "120",
                    "checked_in",
                ]
            ],
        )
        self.assertFalse(result["ids"])
        self.assertIn("would exceed its credit limit", str(result["messages"]))
        self.assertFalse(Stay.search([("partner_id", "=", self.guest.id)]))


@tagged("post_install", "-at_install")
class TestBookingRace(HotelStayCommon):
    """Two clerks book the same guest for the same night at the same moment:
    each transaction sees no other stay, one of them must fail."""

    def test_two_clerks_cannot_double_book_a_guest(self):
        registry = self.registry
        admin = self.env.ref("base.user_admin").id
        with registry.cursor() as cr:
            env = self.env(cr=cr, user=admin)
            guest = env["res.partner"].create(
                {"name": "Rita Race", "is_hotel_guest": True}
            )
            guest_id = guest.id
        barrier = threading.Barrier(2, timeout=20)
        outcomes = []

        def book(login):
            try:
                with registry.cursor() as cr:
                    env = self.env(cr=cr, user=admin)
                    # both transactions take their snapshot before either books
                    env["hotel.stay"].search_count([("partner_id", "=", guest_id)])
                    barrier.wait()
                    env["hotel.stay"].create(
                        {
                            "partner_id": guest_id,
                            "check_in_date": date(2026, 9, 1),
                            "check_out_date": date(2026, 9, 3),
                            "note": login,
                        }
                    )
                    env.flush_all()
                    cr.commit()  # pylint: disable=invalid-commit
                outcomes.append("booked")
            except (psycopg2.Error, ValidationError):
                outcomes.append("refused")

        try:
            with mute_logger("odoo.sql_db"):
                threads = [
                    threading.Thread(target=book, args=(name,))
                    for name in ("clerk_1", "clerk_2")
                ]
                for thread in threads:
                    thread.start()
                for thread in threads:
                    thread.join(timeout=60)
            self.assertEqual(sorted(outcomes), ["booked", "refused"])
            with registry.cursor() as cr:
                cr.execute(
                    "SELECT count(*) FROM hotel_stay WHERE partner_id = %s", [guest_id]
                )
                self.assertEqual(cr.fetchone()[0], 1)
        finally:
            with registry.cursor() as cr:
                cr.execute("DELETE FROM hotel_stay WHERE partner_id = %s", [guest_id])
                cr.execute("DELETE FROM res_partner WHERE id = %s", [guest_id])
