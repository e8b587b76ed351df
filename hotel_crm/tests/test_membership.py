"""Membership levels: how a guest earns, keeps, renews and loses a level,
hotel by hotel, with every change in the history; who may change a level."""

from datetime import date, timedelta
from unittest.mock import patch

from freezegun import freeze_time

from odoo import fields
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.fields import Command
from odoo.tests import tagged

from ..models import res_partner_membership
from .test_stays import HotelStayCommon

DAY = date(2026, 6, 15)


@tagged("post_install", "-at_install")
class MembershipCommon(HotelStayCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.silver = cls.env.ref("hotel_crm.membership_level_silver")
        cls.gold = cls.env.ref("hotel_crm.membership_level_gold")
        cls.platinum = cls.env.ref("hotel_crm.membership_level_platinum")
        cls.diamond = cls.env.ref("hotel_crm.membership_level_diamond")
        cls.company.write(
            {
                "hotel_membership_window": "rolling",
                "hotel_membership_window_months": 12,
                "hotel_membership_validity": "next_year",
                "hotel_membership_soft_landing": True,
            }
        )

    def _member(self, name="Mia Member", **vals):
        return self._hotel_create_guest(name, **vals)

    def _past(
        self, guest, check_out, nights=1, rate=100.0, invoice=False, company=None
    ):
        """A stay of ``guest`` that took place, checked out on ``check_out``,
        its room charge invoiced and posted when ``invoice``."""
        company = company or self.company
        Stay = self.env["hotel.stay"].with_company(company)
        vals = {
            "partner_id": guest.id,
            "check_in_date": check_out - timedelta(days=nights),
            "check_out_date": check_out,
            "state": "checked_out",
            "company_id": company.id,
        }
        if company == self.company:
            vals["room_type_id"] = self.room_double.id
        stay = Stay.create(vals)
        if invoice:
            Stay.env["hotel.stay.line"].create(
                {
                    "stay_id": stay.id,
                    "product_id": self.product_room.id,
                    "quantity": nights,
                    "price_unit": rate,
                    "tax_ids": [Command.clear()],
                }
            )
            stay.with_company(company).action_create_invoices()
            stay.invoice_ids.action_post()
        return stay

    def _last(self, guest):
        return self.env["hotel.membership.history"].search(
            [("partner_id", "=", guest.id)], limit=1
        )

    def _evaluate(self, guests, on_date=DAY):
        return guests._hotel_evaluate_membership(on_date)

    def _membership(self, guest):
        guest.invalidate_recordset()
        return (
            guest.guest_level_id,
            guest.guest_level_valid_until,
            guest.guest_member_since,
        )


@tagged("post_install", "-at_install")
class TestQualification(MembershipCommon):
    def test_by_nights_both_sides_of_the_threshold(self):
        short, enough = self._member("Nine Nights"), self._member("Ten Nights")
        self._past(short, DAY - timedelta(days=30), nights=9)
        self._past(enough, DAY - timedelta(days=30), nights=10)
        self.assertEqual(self._evaluate(short | enough), 1)
        self.assertFalse(short.guest_level_id)
        self.assertEqual(
            self._membership(enough), (self.silver, date(2027, 12, 31), DAY)
        )
        history = enough.guest_membership_history_ids
        self.assertEqual(
            history.read(["reason", "nights", "stays", "revenue", "valid_until"])[0]
            | {"id": 0},
            {
                "id": 0,
                "reason": "qualified",
                "nights": 10,
                "stays": 1,
                "revenue": 0.0,
                "valid_until": date(2027, 12, 31),
            },
        )
        self.assertFalse(history.old_level_id)
        self.assertEqual(history.new_level_id, self.silver)

    def test_by_stays_both_sides_of_the_threshold(self):
        three, four = self._member("Three Stays"), self._member("Four Stays")
        for week in range(4):
            if week < 3:
                self._past(three, DAY - timedelta(weeks=week + 1))
            self._past(four, DAY - timedelta(weeks=week + 1))
        self._evaluate(three | four)
        self.assertFalse(three.guest_level_id)
        self.assertEqual(four.guest_level_id, self.silver)
        with freeze_time(DAY):
            four.invalidate_recordset()
            self.assertEqual(four.guest_qualifying_stays, 4)
            self.assertEqual(four.guest_qualifying_nights, 4)

    def test_by_revenue_of_posted_invoices_without_taxes(self):
        short, enough = self._member("Short Spender"), self._member("Big Spender")
        self._past(short, DAY - timedelta(days=5), rate=5999.99, invoice=True)
        self._past(enough, DAY - timedelta(days=5), rate=6000.0, invoice=True)
        self._evaluate(short | enough)
        self.assertFalse(short.guest_level_id)
        # one night, one stay: Gold by its revenue alone
        self.assertEqual(enough.guest_level_id, self.gold)
        self.assertEqual(enough.guest_membership_history_ids.revenue, 6000.0)

    def test_a_credit_note_takes_the_revenue_back(self):
        guest = self._member()
        stay = self._past(guest, DAY - timedelta(days=5), rate=6000.0, invoice=True)
        self._reverse(stay.invoice_ids).action_post()
        figures = guest._hotel_qualifying_figures(DAY, self.company, guest.ids)
        self.assertEqual(figures[guest.id], {"nights": 1, "stays": 1, "revenue": 0.0})
        self._evaluate(guest)
        self.assertFalse(guest.guest_level_id)

    def test_draft_invoices_and_bookings_do_not_count(self):
        guest = self._member()
        stay = self._past(guest, DAY - timedelta(days=5), rate=6000.0)
        self.env["hotel.stay.line"].create(
            {
                "stay_id": stay.id,
                "product_id": self.product_room.id,
                "price_unit": 6000.0,
            }
        )
        stay.action_create_invoices()  # draft
        self._stay(guest, start=DAY + timedelta(days=1), nights=40)  # booked
        figures = guest._hotel_qualifying_figures(DAY, self.company, guest.ids)
        self.assertEqual(figures[guest.id], {"nights": 1, "stays": 1, "revenue": 0.0})

    def test_all_mode_needs_every_threshold(self):
        """Diamond: 75 nights and 12,000 of revenue; 75 nights alone give
        Platinum (50 nights)."""
        nights_only, both = self._member("Nights Only"), self._member("Both")
        self._past(
            nights_only, DAY - timedelta(days=1), nights=75, rate=159.99, invoice=True
        )
        self._past(both, DAY - timedelta(days=1), nights=75, rate=160.0, invoice=True)
        self._evaluate(nights_only | both)
        self.assertEqual(nights_only.guest_level_id, self.platinum)
        self.assertEqual(both.guest_level_id, self.diamond)
        self.assertEqual(both.guest_membership_history_ids.revenue, 12000.0)
        with freeze_time(DAY):
            nights_only.invalidate_recordset()
            self.assertEqual(nights_only.guest_next_level_id, self.diamond)
            self.assertEqual(
                (
                    nights_only.guest_next_level_nights,
                    nights_only.guest_next_level_revenue,
                    nights_only.guest_next_level_all,
                    nights_only.guest_next_level_hint,
                ),
                (0, 0.75, True, "To reach Diamond, all of these are still needed:"),
            )
            both.invalidate_recordset()
            self.assertFalse(both.guest_next_level_id)
            self.assertFalse(both.guest_next_level_hint)

    def test_rolling_window_boundary(self):
        """Twelve rolling months on 15 June 2026: from 16 June 2025."""
        inside, outside = self._member("Inside"), self._member("Outside")
        self._past(inside, date(2025, 6, 16), nights=10)
        self._past(outside, date(2025, 6, 15), nights=10)
        self._evaluate(inside | outside)
        self.assertEqual(inside.guest_level_id, self.silver)
        self.assertFalse(outside.guest_level_id)

    def test_calendar_window_across_the_new_year(self):
        guest = self._member()
        self._past(guest, date(2025, 12, 30), nights=10)
        self.company.hotel_membership_window = "calendar"
        self.assertEqual(self._evaluate(guest, date(2026, 1, 2)), 0)
        self.company.hotel_membership_window = "rolling"
        self.assertEqual(self._evaluate(guest, date(2026, 1, 2)), 1)
        self.assertEqual(guest.guest_level_id, self.silver)
        self.assertEqual(guest.guest_level_valid_until, date(2027, 12, 31))

    def test_validity_in_months(self):
        guest = self._member()
        self._past(guest, DAY - timedelta(days=1), nights=10)
        self.company.write(
            {
                "hotel_membership_validity": "months",
                "hotel_membership_validity_months": 18,
            }
        )
        self._evaluate(guest)
        self.assertEqual(guest.guest_level_valid_until, date(2027, 12, 15))

    def test_upgrade_at_once_and_what_is_missing_for_the_next_level(self):
        guest = self._member()
        self._past(guest, DAY - timedelta(days=60), nights=12)
        self._evaluate(guest, DAY - timedelta(days=60))
        self.assertEqual(guest.guest_level_id, self.silver)
        # Gold: 25 nights or 10 stays or 6,000
        with freeze_time(DAY):
            guest.invalidate_recordset()
            self.assertEqual(guest.guest_next_level_id, self.gold)
            self.assertEqual(
                (
                    guest.guest_next_level_nights,
                    guest.guest_next_level_stays,
                    guest.guest_next_level_revenue,
                    guest.guest_next_level_all,
                ),
                (13, 9, 6000.0, False),
            )
            self.assertEqual(
                guest.guest_next_level_hint,
                "To reach Gold, one of these is still needed:",
            )
        self._past(guest, DAY - timedelta(days=1), nights=13)
        self._evaluate(guest)
        self.assertEqual(
            self._membership(guest),
            (self.gold, date(2027, 12, 31), DAY - timedelta(days=60)),
        )
        self.assertEqual(
            guest.guest_membership_history_ids.mapped("reason"),
            ["qualified", "qualified"],
        )
        self.assertEqual(self._last(guest).old_level_id, self.silver)


@tagged("post_install", "-at_install")
class TestValidity(MembershipCommon):
    def _platinum_until_2027(self, guest):
        self._past(guest, date(2026, 3, 1), nights=50)
        self._evaluate(guest, date(2026, 3, 2))
        self.assertEqual(guest.guest_level_id, self.platinum)
        self.assertEqual(guest.guest_level_valid_until, date(2027, 12, 31))

    def test_no_drop_before_the_end_of_validity(self):
        guest = self._member()
        self._platinum_until_2027(guest)
        self.assertEqual(self._evaluate(guest, date(2027, 12, 31)), 0)
        self.assertEqual(guest.guest_level_id, self.platinum)

    def test_soft_landing_drops_one_level_at_most(self):
        guest = self._member()
        self._platinum_until_2027(guest)
        self.assertEqual(self._evaluate(guest, date(2028, 1, 1)), 1)
        self.assertEqual(guest.guest_level_id, self.gold)
        self.assertEqual(guest.guest_level_valid_until, date(2029, 12, 31))
        last = self._last(guest)
        self.assertEqual(
            (last.reason, last.old_level_id, last.new_level_id, last.nights),
            ("soft_landing", self.platinum, self.gold, 0),
        )
        # a year later still nothing earned: one more level down, then none
        self._evaluate(guest, date(2030, 1, 1))
        self.assertEqual(guest.guest_level_id, self.silver)
        self._evaluate(guest, date(2032, 1, 1))
        self.assertFalse(guest.guest_level_id)
        self.assertFalse(guest.guest_level_valid_until)
        self.assertEqual(self._last(guest).reason, "expired")
        self.assertEqual(guest.guest_member_since, date(2026, 3, 2))

    def test_without_soft_landing_the_guest_keeps_what_is_earned(self):
        self.company.hotel_membership_soft_landing = False
        guest, other = self._member(), self._member("Other")
        self._platinum_until_2027(guest)
        self._platinum_until_2027(other)
        self._past(other, date(2027, 10, 1), nights=10)  # Silver in the window
        self._evaluate(guest | other, date(2028, 1, 1))
        self.assertFalse(guest.guest_level_id)
        self.assertEqual(self._last(guest).reason, "expired")
        self.assertEqual(other.guest_level_id, self.silver)
        self.assertEqual(self._last(other).reason, "expired")

    def test_soft_landing_never_below_what_is_earned(self):
        guest = self._member()
        self._platinum_until_2027(guest)
        self._past(guest, date(2027, 11, 1), nights=10)  # Silver earned
        self._evaluate(guest, date(2028, 1, 1))
        self.assertEqual(guest.guest_level_id, self.gold)  # one down, not two

    def test_renewal_when_the_guest_qualifies_again_in_a_new_year(self):
        guest = self._member()
        self._past(guest, date(2026, 3, 1), nights=10)
        self._evaluate(guest, date(2026, 3, 2))
        self.assertEqual(self._evaluate(guest, date(2026, 12, 31)), 0)
        self._past(guest, date(2027, 2, 1), nights=10)
        self.assertEqual(self._evaluate(guest, date(2027, 2, 2)), 1)
        self.assertEqual(guest.guest_level_id, self.silver)
        self.assertEqual(guest.guest_level_valid_until, date(2028, 12, 31))
        self.assertEqual(self._last(guest).reason, "renewed")
        # the same day again: nothing to change, nothing written
        self.assertEqual(self._evaluate(guest, date(2027, 2, 2)), 0)
        self.assertEqual(len(guest.guest_membership_history_ids), 2)

    def test_renewal_in_months_when_the_validity_ends(self):
        self.company.write(
            {
                "hotel_membership_validity": "months",
                "hotel_membership_validity_months": 6,
            }
        )
        guest = self._member()
        self._past(guest, date(2026, 3, 1), nights=10)
        self._evaluate(guest, date(2026, 3, 2))
        self.assertEqual(guest.guest_level_valid_until, date(2026, 9, 2))
        self.assertEqual(self._evaluate(guest, date(2026, 9, 2)), 0)
        self.assertEqual(self._evaluate(guest, date(2026, 9, 3)), 1)
        self.assertEqual(guest.guest_level_valid_until, date(2027, 3, 3))
        self.assertEqual(self._last(guest).reason, "renewed")

    def test_locked_and_anonymized_guests_are_left_alone(self):
        locked, anonymized = self._member("Locked"), self._member("Gone")
        for guest in locked | anonymized:
            self._past(guest, DAY - timedelta(days=2), nights=10)
        locked.sudo().guest_level_locked = True
        anonymized.sudo().guest_anonymized = True
        self.assertEqual(self._evaluate(locked | anonymized), 0)
        self.assertFalse((locked | anonymized).guest_level_id)
        self.assertFalse(
            self.env["hotel.membership.history"].search_count(
                [("partner_id", "in", (locked | anonymized).ids)]
            )
        )

    def test_scheduled_action_twice_the_same_day(self):
        guests = self._member("A") | self._member("B") | self._member("C")
        for guest in guests[:2]:
            self._past(guest, DAY - timedelta(days=3), nights=10)
        cron = self.env.ref("hotel_crm.ir_cron_membership_evaluation")
        History = self.env["hotel.membership.history"]
        with freeze_time(DAY):
            cron.method_direct_trigger()
            self.assertEqual(guests.mapped("guest_level_id"), self.silver)
            self.assertFalse(guests[2].guest_level_id)
            count = History.search_count([])
            cron.method_direct_trigger()
        self.assertEqual(History.search_count([]), count)


@tagged("post_install", "-at_install")
class TestUpgradeMail(MembershipCommon):
    def test_upgrade_e_mail_only_with_an_address_and_consent(self):
        consent = self._member(
            "Consent", email="consent@example.com", guest_marketing_consent=True
        )
        no_consent = self._member("No Consent", email="no@example.com")
        no_address = self._member(
            "No Address", email=False, guest_marketing_consent=True
        )
        guests = consent | no_consent | no_address
        for guest in guests:
            self._past(guest, DAY - timedelta(days=3), nights=10)
        Mail = self.env["mail.mail"]
        History = self.env["hotel.membership.history"]
        before = Mail.search([]).ids
        self._evaluate(guests)
        # told by their own scheduled action, not by the evaluation
        self.assertFalse(Mail.search([("id", "not in", before)]))
        pending = History.search([("notify_pending", "=", True)])
        self.assertEqual(pending.partner_id, guests)
        self.assertEqual(History._hotel_cron_notify_changes(), 0)
        self.assertFalse(History.search([("notify_pending", "=", True)]))
        mails = Mail.search([("id", "not in", before)])
        self.assertEqual(len(mails), 1)
        self.assertEqual(mails.recipient_ids, consent)
        self.assertEqual(mails.subject, "Welcome to Silver, Consent")
        self.assertIn("Late check-out until 13:00", mails.body_html)
        # the e-mail in the chatter of the one, a note in the others'
        self.assertEqual(mails.mail_message_id.res_id, consent.id)
        for guest in no_consent | no_address:
            notes = guest.message_ids.filtered(
                lambda m: "reached the membership level Silver" in m.body
            )
            self.assertEqual(len(notes), 1)
        # a second call has nothing left to tell
        self.assertEqual(History._hotel_cron_notify_changes(), 0)
        self.assertEqual(len(Mail.search([("id", "not in", before)])), 1)
        # a renewal sends nothing
        for guest in guests:
            self._past(guest, date(2027, 2, 1), nights=10)
        self._evaluate(guests, date(2027, 2, 2))
        History._hotel_cron_notify_changes()
        self.assertEqual(len(Mail.search([("id", "not in", before)])), 1)
        self.assertIn("renewed", consent.message_ids[0].body)

    def test_no_e_mail_once_the_consent_is_withdrawn(self):
        guest = self._member(
            "Changed Mind", email="changed@example.com", guest_marketing_consent=True
        )
        self._past(guest, DAY - timedelta(days=3), nights=10)
        Mail = self.env["mail.mail"]
        before = Mail.search([]).ids
        self._evaluate(guest)
        guest.guest_marketing_consent = False
        History = self.env["hotel.membership.history"]
        self.assertEqual(History._hotel_cron_notify_changes(), 0)
        self.assertFalse(Mail.search([("id", "not in", before)]))
        self.assertFalse(self._last(guest).notify_pending)
        self.assertIn("reached the membership level Silver", guest.message_ids[0].body)


@tagged("post_install", "-at_install")
class TestLevelRights(MembershipCommon):
    def _wizard(self, user, guest, **vals):
        return (
            self.env["hotel.membership.level.wizard"]
            .with_user(user)
            .with_context(active_model="res.partner", active_id=guest.id)
            .create(vals)
        )

    def test_only_managers_change_levels_and_locks(self):
        guest = self._member()
        for user in (self.user_front_desk, self.user_relations, self.user_accountant):
            with self.subTest(user=user.login), self.assertRaises(AccessError):
                self._wizard(user, guest, level_id=self.gold.id)
        for user in (self.user_front_desk, self.user_manager):
            for fname, value in (
                ("guest_level_id", self.gold.id),
                ("guest_level_locked", True),
                ("guest_level_valid_until", "2030-01-01"),
            ):
                with self.subTest(user=user.login, field=fname):
                    with self._hotel_assert_raises(UserError, "cannot be written"):
                        guest.with_user(user).write({fname: value})
        wizard = self._wizard(
            self.user_manager,
            guest,
            level_id=self.gold.id,
            locked=True,
            lock_reason="Status match from another chain",
        )
        self.assertEqual(wizard.valid_until, self._today_validity())
        wizard.action_apply()
        self.assertEqual(guest.guest_level_id, self.gold)
        self.assertTrue(guest.guest_level_locked)
        history = guest.guest_membership_history_ids
        self.assertEqual(
            (history.reason, history.user_id, history.note, history.new_level_id),
            ("manual", self.user_manager, "Status match from another chain", self.gold),
        )
        # a locked level is left alone by the evaluation
        self.assertEqual(self._evaluate(guest), 0)
        self.assertEqual(guest.guest_level_id, self.gold)

    def _today_validity(self):
        today = fields.Date.context_today(self.env["res.partner"])
        return date(today.year + 1, 12, 31)

    def test_a_lock_needs_a_reason(self):
        guest = self._member()
        wizard = self._wizard(
            self.user_manager, guest, level_id=self.gold.id, locked=True
        )
        with self._hotel_assert_raises(UserError, "reason"):
            wizard.action_apply()
        self.assertFalse(guest.guest_level_id)
        self.assertFalse(guest.guest_membership_history_ids)

    def test_import_cannot_set_a_level(self):
        guest = self._member()
        result = (
            self.env["res.partner"]
            .with_user(self.user_manager)
            .load(
                ["id", "guest_level_id/id"],
                [
                    [
                        guest.get_external_id()[guest.id] or self._xmlid(guest),
                        "hotel_crm.membership_level_gold",
                    ]
                ],
            )
        )
        self.assertTrue(result["messages"])
        self.assertFalse(guest.guest_level_id)

    def _xmlid(self, guest):
        self.env["ir.model.data"].create(
            {
                "name": f"guest_{guest.id}",
                "module": "__import__",
                "model": "res.partner",
                "res_id": guest.id,
            }
        )
        return f"__import__.guest_{guest.id}"

    def test_history_is_read_only_except_for_managers(self):
        guest = self._member()
        self._past(guest, DAY - timedelta(days=3), nights=10)
        self._evaluate(guest)
        history = guest.guest_membership_history_ids
        self.assertEqual(
            history.with_user(self.user_front_desk).new_level_id, self.silver
        )
        for user in (self.user_front_desk, self.user_relations):
            with self.subTest(user=user.login), self.assertRaises(AccessError):
                history.with_user(user).write({"note": "Edited"})
            with self.subTest(user=user.login), self.assertRaises(AccessError):
                history.with_user(user).unlink()
        history.with_user(self.user_manager).write({"note": "Checked with the guest"})
        self.assertEqual(history.note, "Checked with the guest")

    def test_levels_are_configured_by_managers_only(self):
        for user in (self.user_front_desk, self.user_relations):
            with self.subTest(user=user.login), self.assertRaises(AccessError):
                self.silver.with_user(user).write({"min_nights": 1})
        self.silver.with_user(self.user_manager).write({"min_nights": 8})
        self.assertEqual(self.silver.min_nights, 8)

    def test_a_held_level_is_archived_not_deleted(self):
        guest = self._member()
        self._past(guest, DAY - timedelta(days=3), nights=10)
        self._evaluate(guest)
        with self._hotel_assert_raises(UserError, "archive it"):
            self.silver.with_user(self.user_manager).unlink()

    def test_two_levels_cannot_share_a_rank(self):
        with self._hotel_assert_raises(Exception, "rank 20"):
            self.env["hotel.membership.level"].create(
                {"name": "Gold Plus", "sequence": 20, "min_nights": 30}
            )


@tagged("post_install", "-at_install")
class TestLevelDiscount(MembershipCommon):
    def test_the_level_discount_reaches_the_invoice_lines(self):
        gold, plain = self._member("Gold Guest"), self._member("Plain Guest")
        gold.sudo().guest_level_id = self.gold  # 5 %
        stays = self._checked_out(gold) | self._checked_out(
            plain, start=date(2026, 3, 10)
        )
        stays.action_create_invoices()
        gold_lines = stays[0].invoice_ids.invoice_line_ids
        self.assertEqual(gold_lines.mapped("discount"), [5.0])
        self.assertAlmostEqual(gold_lines.price_subtotal, 228.0)  # 2 x 120 less 5 %
        self.assertEqual(
            stays[1].invoice_ids.invoice_line_ids.mapped("discount"), [0.0]
        )


@tagged("post_install", "-at_install")
class TestEvaluationQueries(MembershipCommon):
    def test_ten_or_a_hundred_guests_cost_the_same_queries(self):
        counts = []
        for size in (3, 10, 100):
            guests = self.env["res.partner"].create(
                [{"name": f"Q{size}-{i}", "is_hotel_guest": True} for i in range(size)]
            )
            self.env["hotel.stay"].create(
                [
                    {
                        "partner_id": guest.id,
                        "room_type_id": self.room_double.id,
                        "check_in_date": DAY - timedelta(days=12),
                        "check_out_date": DAY - timedelta(days=2),
                        "state": "checked_out",
                    }
                    for guest in guests
                ]
            )
            self.env.flush_all()
            self.env.invalidate_all()
            before = self.env.cr.sql_log_count
            self.assertEqual(self._evaluate(guests), size)
            self.env.flush_all()
            counts.append(self.env.cr.sql_log_count - before)
        self.assertEqual(counts[1], counts[2])


@tagged("post_install", "-at_install")
class TestMembershipPerHotel(MembershipCommon):
    def test_another_hotels_stays_never_count(self):
        bravo = self.env["res.company"].create({"name": "Hotel Bravo Membership"})
        self.env.user.company_ids += bravo
        guest = self._member()
        self._past(guest, DAY - timedelta(days=20), nights=9)
        self._past(guest, DAY - timedelta(days=5), nights=10, company=bravo)
        self.assertEqual(self._evaluate(guest), 0)
        self.assertFalse(guest.guest_level_id)
        at_bravo = guest.with_company(bravo)
        self.assertEqual(self._evaluate(at_bravo), 1)
        self.assertEqual(at_bravo.guest_level_id, self.silver)
        guest.invalidate_recordset()
        self.assertFalse(guest.guest_level_id)
        history = self.env["hotel.membership.history"].search(
            [("partner_id", "=", guest.id)]
        )
        self.assertEqual(history.company_id, bravo)
        self.assertEqual((history.nights, history.stays), (10, 1))
        # a front desk clerk of the first hotel does not see the other's history
        self.assertFalse(
            self.env["hotel.membership.history"]
            .with_user(self.user_front_desk)
            .search([("partner_id", "=", guest.id)])
        )


@tagged("post_install", "-at_install")
class TestEvaluationBatches(MembershipCommon):
    def test_the_scheduled_action_applies_the_changes_in_batches(self):
        guests = self._member("B1") | self._member("B2") | self._member("B3")
        for guest in guests:
            self._past(guest, DAY - timedelta(days=3), nights=10)
        Partner = self.env["res.partner"]
        History = self.env["hotel.membership.history"]
        with (
            freeze_time(DAY),
            patch.object(res_partner_membership, "EVALUATION_BATCH", 2),
        ):
            Partner._hotel_cron_evaluate_membership()
            self.assertEqual(
                History.search_count([("partner_id", "in", guests.ids)]), 2
            )
            Partner._hotel_cron_evaluate_membership()
            self.assertEqual(
                History.search_count([("partner_id", "in", guests.ids)]), 3
            )
            Partner._hotel_cron_evaluate_membership()
        self.assertEqual(History.search_count([("partner_id", "in", guests.ids)]), 3)
        guests.invalidate_recordset()
        self.assertEqual(guests.mapped("guest_level_id"), self.silver)


@tagged("post_install", "-at_install")
class TestProgrammeBounds(MembershipCommon):
    def test_a_manager_saves_the_programme_and_bad_months_are_refused(self):
        Settings = self.env["hotel.settings"].with_user(self.user_manager)
        Settings.create(
            {
                "hotel_membership_window": "calendar",
                "hotel_membership_validity": "months",
                "hotel_membership_validity_months": 18,
                "hotel_membership_soft_landing": False,
                "hotel_points_expiry_months": 36,
                "hotel_points_per_currency_unit": 50,
            }
        ).action_save()
        self.assertEqual(
            (
                self.company.hotel_membership_window,
                self.company.hotel_membership_validity,
                self.company.hotel_membership_validity_months,
                self.company.hotel_membership_soft_landing,
                self.company.hotel_points_expiry_months,
                self.company.hotel_points_per_currency_unit,
            ),
            ("calendar", "months", 18, False, 36, 50),
        )
        for fname in (
            "hotel_membership_window_months",
            "hotel_membership_validity_months",
            "hotel_points_expiry_months",
            "hotel_points_per_currency_unit",
        ):
            with self.subTest(field=fname):
                with self._hotel_assert_raises(ValidationError, "at least 1"):
                    Settings.create({fname: 0}).action_save()
                self.assertGreaterEqual(self.company[fname], 1)
        self.company.hotel_membership_window_months = 1  # the bound itself is valid
        self.assertEqual(self.company.hotel_membership_window_months, 1)

    def test_level_thresholds_and_percentages_have_bounds(self):
        Level = self.env["hotel.membership.level"].with_user(self.user_manager)
        for vals, text in (
            ({"min_nights": -1}, "cannot be negative"),
            ({"min_revenue": -0.01}, "cannot be negative"),
            ({"discount_percent": 100.01}, "between 0 and 100%"),
            ({"discount_percent": -1}, "between 0 and 100%"),
            ({"points_bonus_percent": 1000.01}, "between 0 and 1000%"),
        ):
            with self.subTest(vals=vals):
                with self._hotel_assert_raises(ValidationError, text):
                    Level.create({"name": "Bronze", "sequence": 5, **vals})
        bronze = Level.create(
            {
                "name": "Bronze",
                "sequence": 5,
                "min_nights": 0,
                "discount_percent": 100,
                "points_bonus_percent": 1000,
            }
        )
        # no threshold set: given by hand only, never earned
        self.assertFalse(
            bronze._hotel_qualifies({"nights": 99, "stays": 99, "revenue": 1e6})
        )
