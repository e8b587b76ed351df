from datetime import date, datetime

from freezegun import freeze_time
from psycopg2 import IntegrityError

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form, tagged
from odoo.tools import mute_logger

from .common import HotelCrmCommon


@tagged("post_install", "-at_install")
class TestGuestRestriction(HotelCrmCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.guest = cls._hotel_create_guest("Rudi Rowdy")
        cls.other = cls._hotel_create_guest("Olli Other")
        cls.Restriction = cls.env["hotel.guest.restriction"]

    def _restrict_as_manager(self, reason, until=None, guest=None):
        guest = guest or self.guest
        action = guest.with_user(self.user_manager).action_hotel_restrict()
        Wizard = self.env[action["res_model"]].with_user(self.user_manager)
        with Form(Wizard.with_context(**action["context"])) as form:
            form.reason = reason
            if until:
                form.until = until
        form.record.action_confirm()
        return guest.guest_restriction_ids.filtered("active")

    def _history(self, guest=None):
        return (
            (guest or self.guest).with_context(active_test=False).guest_restriction_ids
        )

    @freeze_time("2026-06-15 09:00:00")
    def test_manager_restricts_and_booking_is_refused(self):
        restriction = self._restrict_as_manager("Threatened the night auditor")
        self.assertEqual(len(restriction), 1)
        self.assertEqual(restriction.reason, "Threatened the night auditor")
        self.assertEqual(restriction.set_by_id, self.user_manager)
        self.assertEqual(restriction.date_from, date(2026, 6, 15))
        self.assertFalse(restriction.date_until)
        self.assertTrue(restriction.is_current)
        self.assertTrue(self.guest.guest_is_restricted)
        self.assertEqual(
            self.guest.guest_restriction_reason, "Threatened the night auditor"
        )
        with self._hotel_assert_raises(UserError, "Threatened the night auditor"):
            self.guest._hotel_check_not_restricted()
        self.assertFalse(self.other.guest_is_restricted)
        self.assertTrue(self.other._hotel_check_not_restricted())

    @freeze_time("2026-06-15")
    def test_refusal_names_the_end_date_in_the_users_format(self):
        self._restrict_as_manager("Unpaid minibar", until=date(2026, 6, 30))
        with self._hotel_assert_raises(
            UserError,
            "Rudi Rowdy is a restricted guest until 06/30/2026: Unpaid minibar",
        ):
            self.guest._hotel_check_not_restricted()

    def test_restricted_filter_and_its_negation(self):
        self._restrict_as_manager("Fight in the bar")
        found = self._hotel_search_filter(
            "hotel_crm.res_partner_action_hotel_guest", "restricted"
        )
        self.assertIn(self.guest, found)
        self.assertNotIn(self.other, found)
        Partner = self.env["res.partner"].with_user(self.user_front_desk)
        guests = [("id", "in", (self.guest | self.other).ids)]
        for domain, expected in (
            ([("guest_is_restricted", "=", True)], self.guest),
            ([("guest_is_restricted", "!=", False)], self.guest),
            ([("guest_is_restricted", "=", False)], self.other),
            ([("guest_is_restricted", "!=", True)], self.other),
        ):
            self.assertEqual(Partner.search(guests + domain), expected, domain)

    @freeze_time("2026-06-15")
    def test_restriction_ends_after_its_last_day(self):
        self._restrict_as_manager("Unpaid minibar", until=date(2026, 6, 30))
        Partner = self.env["res.partner"]
        for day, restricted in (
            ("2026-06-30", True),  # the last day still counts
            ("2026-07-01", False),
        ):
            with freeze_time(day):
                self.guest.invalidate_recordset(["guest_is_restricted"])
                self.assertEqual(self.guest.guest_is_restricted, restricted, day)
                self.assertEqual(
                    bool(
                        Partner.search(
                            [
                                ("id", "=", self.guest.id),
                                ("guest_is_restricted", "=", True),
                            ]
                        )
                    ),
                    restricted,
                    day,
                )
        with freeze_time("2026-07-01"):
            self.guest.invalidate_recordset(["guest_is_restricted"])
            self.assertTrue(self.guest._hotel_check_not_restricted())
            # an expired restriction no longer protects the file from the desk
            self.guest.with_user(self.user_front_desk).action_archive()
            self.assertFalse(self.guest.active)

    @freeze_time("2026-06-15 09:00:00")
    def test_a_list_shows_each_guest_their_own_restriction(self):
        third = self._hotel_create_guest("Theo Third")
        with freeze_time("2026-06-01"):
            self.Restriction.create(
                {"partner_id": third.id, "reason": "Ended", "date_until": "2026-06-14"}
            )
        for guest, reason, until in (
            (self.guest, "Damage", date(2026, 8, 31)),
            (self.guest, "Noise", date(2026, 7, 31)),
            (self.other, "Unpaid bill", False),
        ):
            self.Restriction.create(
                {"partner_id": guest.id, "reason": reason, "date_until": until}
            )
        guests = (self.guest | self.other | third).with_user(self.user_front_desk)
        guests.invalidate_recordset()
        # one batch, as the guests' list reads it
        self.assertEqual(
            [
                (
                    g.guest_is_restricted,
                    g.guest_restriction_reason,
                    g.guest_restricted_until,
                )
                for g in guests
            ],
            [
                (True, "Damage", date(2026, 8, 31)),
                (True, "Unpaid bill", False),
                (False, False, False),
            ],
        )

    @freeze_time("2026-06-15 09:00:00")
    def test_the_restriction_shown_is_the_one_that_lasts_longest(self):
        def restrict(reason, until=False):
            return self.Restriction.create(
                {"partner_id": self.guest.id, "reason": reason, "date_until": until}
            )

        def shown():
            self.guest.invalidate_recordset()
            return (
                self.guest.guest_is_restricted,
                self.guest.guest_restriction_reason,
                self.guest.guest_restricted_until,
            )

        with freeze_time("2026-06-01"):
            restrict("Ended", date(2026, 6, 14))
        lifted = restrict("Lifted")
        lifted.active = False
        self.assertEqual(shown(), (False, False, False))
        restrict("Until July", date(2026, 7, 31))
        later = restrict("Until August", date(2026, 8, 31))
        restrict("Also until August", date(2026, 8, 31))
        self.assertEqual(shown(), (True, "Also until August", date(2026, 8, 31)))
        open_ended = restrict("For good")
        self.assertEqual(shown(), (True, "For good", False))
        open_ended.active = False
        self.guest.guest_restriction_ids.filtered(
            lambda r: r.reason == "Also until August"
        ).active = False
        self.assertEqual(shown(), (True, later.reason, date(2026, 8, 31)))
        # the other guest's file is not touched, and its list computes alike
        both = self.guest | self.other
        both.invalidate_recordset()
        self.assertEqual(both.mapped("guest_is_restricted"), [True, False])

    @freeze_time("2026-06-15 10:30:00")
    def test_manager_lifts_and_the_history_stays(self):
        restriction = self._restrict_as_manager("Noise complaints")
        self.guest.with_user(self.user_manager).action_hotel_lift_restriction()
        self.assertFalse(self.guest.guest_is_restricted)
        self.assertFalse(self.guest.guest_restriction_reason)
        self.assertTrue(self.guest._hotel_check_not_restricted())
        self.assertEqual(self._history(), restriction)
        self.assertFalse(restriction.active)
        self.assertEqual(restriction.reason, "Noise complaints")
        self.assertEqual(restriction.lifted_by_id, self.user_manager)
        self.assertEqual(restriction.lifted_on, datetime(2026, 6, 15, 10, 30))
        # a second restriction later: both are in the history
        self._restrict_as_manager("Noise again")
        self.assertEqual(len(self._history()), 2)
        self.assertEqual(self.guest.guest_restriction_reason, "Noise again")

    def test_only_managers_restrict(self):
        for user in (self.user_front_desk, self.user_relations, self.user_internal):
            guest = self.guest.with_user(user)
            with self.assertRaises(AccessError):
                guest.action_hotel_restrict()
            with self.assertRaises(AccessError):
                guest._hotel_restrict("Self-made ban")
            with self.assertRaises(AccessError):
                self.Restriction.with_user(user).create(
                    {"partner_id": self.guest.id, "reason": "x"}
                )
            with self.assertRaises(AccessError):
                self.env["hotel.guest.restrict.wizard"].with_user(user).create(
                    {"partner_id": self.guest.id, "reason": "x"}
                )
        result = self.Restriction.with_user(self.user_front_desk).load(
            ["partner_id/.id", "reason"], [[str(self.guest.id), "Imported ban"]]
        )
        self.assertFalse(result["ids"])
        self.assertFalse(self._history())
        self.assertFalse(self.guest.guest_is_restricted)

    def test_only_managers_lift_or_remove(self):
        restriction = self._restrict_as_manager("Fraudulent card")
        for user in (self.user_front_desk, self.user_relations, self.user_internal):
            with self.assertRaises(AccessError):
                self.guest.with_user(user).action_hotel_lift_restriction()
            with self.assertRaises(AccessError):
                restriction.with_user(user).action_lift()
            with self.assertRaises(AccessError):
                restriction.with_user(user).write({"active": False})
            with self.assertRaises(AccessError):
                restriction.with_user(user).write({"date_until": date(2099, 1, 1)})
            with self.assertRaises(AccessError):
                restriction.with_user(user).unlink()
        # not even a manager deletes the history
        with self.assertRaises(AccessError):
            restriction.with_user(self.user_manager).unlink()
        self.assertTrue(restriction.active)
        self.assertTrue(self.guest.guest_is_restricted)
        # other changes by the front desk still work on a restricted guest
        self.guest.with_user(self.user_front_desk).write({"phone": "+33 1 23 45"})
        self.assertEqual(self.guest.phone, "+33 1 23 45")

    def test_who_set_or_lifted_cannot_be_forged(self):
        restriction = self._restrict_as_manager("Fraudulent card")
        manager = restriction.with_user(self.user_manager)
        for vals in (
            {"set_by_id": self.user_front_desk.id},
            {"lifted_by_id": self.user_front_desk.id},
            {"lifted_on": "2026-01-01 00:00:00"},
        ):
            with self.assertRaises(UserError):
                manager.write(vals)
        with self.assertRaises(UserError):
            self.Restriction.with_user(self.user_manager).create(
                {
                    "partner_id": self.other.id,
                    "reason": "x",
                    "set_by_id": self.user_front_desk.id,
                }
            )
        self.assertEqual(restriction.set_by_id, self.user_manager)
        self.assertFalse(restriction.lifted_by_id)
        self.assertFalse(self._history(self.other))

    def test_a_restriction_stays_with_its_guest(self):
        restriction = self._restrict_as_manager("Fraudulent card")
        with self._hotel_assert_raises(UserError, "cannot be moved to another guest"):
            restriction.with_user(self.user_manager).write(
                {"partner_id": self.other.id}
            )
        self.assertEqual(restriction.partner_id, self.guest)

    def test_restriction_needs_a_reason(self):
        for reason in ("   ", "\n"):
            with self._hotel_assert_raises(ValidationError, "Give the reason"):
                self.guest.with_user(self.user_manager)._hotel_restrict(reason)
        self.assertFalse(self._history())
        restriction = self._restrict_as_manager("Fraudulent card")
        with self._hotel_assert_raises(UserError, "not rewritten"):
            restriction.with_user(self.user_manager).write({"reason": " "})
        self.assertEqual(restriction.reason, "Fraudulent card")

    @freeze_time("2026-06-15 10:30:00")
    def test_the_history_is_not_rewritten(self):
        restriction = self._restrict_as_manager("Threatened staff")
        manager = restriction.with_user(self.user_manager)
        for vals in (
            {"active": False},  # lifting without a trace of who and when
            {"reason": "Late check-out"},
            {"date_from": date(2001, 1, 1)},
        ):
            with self._hotel_assert_raises(UserError, "not rewritten"):
                manager.write(vals)
        self.assertTrue(restriction.active)
        self.assertEqual(restriction.reason, "Threatened staff")
        self.assertEqual(restriction.date_from, date(2026, 6, 15))
        # the end of a restriction in force may move
        manager.write({"date_until": date(2026, 12, 31)})
        self.assertEqual(restriction.date_until, date(2026, 12, 31))
        manager.action_lift()
        # a lifted restriction is not revived nor changed
        with self._hotel_assert_raises(UserError, "not rewritten"):
            manager.write({"active": True})
        with self._hotel_assert_raises(UserError, "cannot be changed"):
            manager.write({"date_until": date(2027, 1, 31)})
        self.assertFalse(restriction.active)
        self.assertEqual(restriction.lifted_by_id, self.user_manager)
        # and the guest it belongs to cannot be deleted with its history
        with self.assertRaises(IntegrityError), mute_logger("odoo.sql_db"):
            with self.env.cr.savepoint():
                self.guest.with_user(self.user_manager).unlink()
        self.assertTrue(restriction.exists())

    @freeze_time("2026-06-15")
    def test_restriction_end_cannot_be_in_the_past(self):
        with self._hotel_assert_raises(ValidationError, "cannot be in the past"):
            self._restrict_as_manager("Too late", until=date(2026, 6, 14))
        self.assertFalse(self._history())
        # today is the last day it can end
        restriction = self._restrict_as_manager("Just today", until=date(2026, 6, 15))
        self.assertTrue(self.guest.guest_is_restricted)
        with self._hotel_assert_raises(ValidationError, "cannot be in the past"):
            restriction.with_user(self.user_manager).write(
                {"date_until": date(2026, 6, 14)}
            )
        self.assertEqual(restriction.date_until, date(2026, 6, 15))

    def test_restricted_guest_is_archived_or_deleted_by_managers_only(self):
        self._restrict_as_manager("Stole towels")
        for user in (self.user_front_desk, self.user_relations, self.user_internal):
            guest = self.guest.with_user(user)
            with self.assertRaises(AccessError):
                guest.write({"active": False})
            with self.assertRaises(AccessError):
                guest.toggle_active()
            with self.assertRaises(AccessError):
                guest.action_archive()
            with self.assertRaises(AccessError):
                guest.unlink()
            self.assertTrue(self.guest.active)
        # the rule is about restricted guests only
        self.other.with_user(self.user_front_desk).toggle_active()
        self.assertFalse(self.other.active)
        self.guest.with_user(self.user_manager).toggle_active()
        self.assertFalse(self.guest.active)
