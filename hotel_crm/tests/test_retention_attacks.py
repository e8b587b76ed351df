"""Attacks on the retention pass, the win-back activities and the data
retention: boundaries, idempotency and progress."""

from datetime import timedelta
from unittest.mock import patch

from freezegun import freeze_time

from odoo.exceptions import UserError
from odoo.tests import tagged

from ..models import res_partner_data_retention
from .test_retention import D, RetentionCommon
from .test_retention_winback import WinBackCommon


@tagged("post_install", "-at_install")
class TestLapseBoundaries(RetentionCommon):
    def test_factor_times_interval_is_exact(self):
        """1.4 x 90 days is 126 days, not 125.99999999999999 (floored to
        125): the guest is not lapsed 126 days after the last stay."""
        self.company.write({"hotel_lapse_factor": 1.4, "hotel_lapse_floor_days": 60})
        guest = self._member("Fiona Factor")
        self._arrivals(guest, [D - timedelta(days=218), D - timedelta(days=128)])
        self._refresh(D)
        row = self._row(guest)
        self.assertEqual(row.typical_interval, 90)
        self.assertEqual(row.last_stay_date, D - timedelta(days=126))
        self.assertEqual(row.lapsed_date, D + timedelta(days=1))
        self.assertFalse(row.is_lapsed)
        self._refresh(D + timedelta(days=1))
        self.assertTrue(self._row(guest).is_lapsed)

    def test_half_day_medians_round_the_same_way(self):
        """Medians of 20.5 and 21.5 days both round half up (21 and 22),
        as 365.5 does: not to the nearest even number."""
        for gaps, expected in (((20, 21), 21), ((21, 22), 22)):
            with self.subTest(gaps=gaps):
                guest = self._member(f"Hal {gaps}")
                start = D - timedelta(days=100)
                self._arrivals(
                    guest,
                    [
                        start,
                        start + timedelta(days=gaps[0]),
                        start + timedelta(days=sum(gaps)),
                    ],
                )
                self._refresh(D)
                self.assertEqual(self._row(guest).typical_interval, expected)

    def test_a_room_move_is_no_arrival(self):
        """A guest who came a year ago, and again with a room move two nights
        into the stay: one interval of 365 days, not a median of 365 and 2."""
        guest = self._member("Rory Room Move")
        self._past(guest, D - timedelta(days=398), nights=2)
        self._past(guest, D - timedelta(days=33), nights=2)
        moved = self._past(guest, D - timedelta(days=30), nights=3)
        self.assertEqual(moved.chain_nights, 5)
        self._refresh(D)
        row = self._row(guest)
        self.assertEqual(row.stay_count, 3)
        self.assertEqual(row.typical_interval, 365)
        self.assertEqual(row.expected_return_date, D + timedelta(days=330))
        self.assertEqual(row.lapsed_date, D + timedelta(days=701))

    def test_a_room_move_is_no_new_visit_for_the_frequency(self):
        """Two visits, one with a room move (three stays), rank with another
        guest's two visits, below a guest's three visits."""
        moved, twice, thrice = (
            self._member(name) for name in ("Mo Moved", "Tom Twice", "Theo Thrice")
        )
        self._past(moved, D - timedelta(days=200), nights=2)
        self._past(moved, D - timedelta(days=33), nights=2)
        self._past(moved, D - timedelta(days=30), nights=3)
        for days in (200, 30):
            self._past(twice, D - timedelta(days=days + 10), nights=2)
        for days in (300, 200, 30):
            self._past(thrice, D - timedelta(days=days + 20), nights=2)
        self._refresh(D)
        scores = {
            guest.name: (self._row(guest).stay_count, self._row(guest).frequency_score)
            for guest in (moved, twice, thrice)
        }
        # ranks 1, 1 and 3 of 3 guests: 1 + floor(5 x 2 / 3) = 4
        self.assertEqual(
            scores, {"Mo Moved": (3, 1), "Tom Twice": (2, 1), "Theo Thrice": (3, 4)}
        )


@tagged("post_install", "-at_install")
class TestWinBackAttacks(WinBackCommon):
    def test_a_call_planned_by_hand_is_not_planned_twice(self):
        guest = self._member("Hanna Hand")
        self._past(guest, D - timedelta(days=365), nights=2)
        with freeze_time(D):
            self.Retention.sudo()._hotel_cron_refresh()
        guest.activity_schedule(
            "hotel_crm.mail_activity_type_guest_winback",
            user_id=self.user_relations.id,
            summary="Call before the summer",
        )
        with freeze_time(D + timedelta(days=1)):
            self.Retention.sudo()._hotel_cron_refresh()
        activities = self._activities(guest, with_done=True)
        self.assertEqual(activities.mapped("summary"), ["Call before the summer"])
        self.assertFalse(self._row(guest).winback_pending)

    def test_a_done_activity_kept_does_not_block_the_next_one(self):
        """With "Keep Done" on the win-back type, a done activity is archived,
        not deleted: it is no longer open, the guest lapsing again gets a new
        one."""
        self.winback.keep_done = True
        guest = self._member("Kim Kept")
        self._arrivals(guest, [D - timedelta(days=367)])
        self._daily(D)
        self._daily(D + timedelta(days=1))
        first = self._activities(guest, with_done=True)
        self.assertEqual(len(first), 1)
        first.action_feedback(feedback="Called.")
        self.assertFalse(first.active)
        # the guest comes back, then lapses again by the new rhythm
        self._past(guest, D + timedelta(days=4), nights=2)
        self._daily(D + timedelta(days=5))
        self.assertFalse(self._row(guest).is_lapsed)
        # arrivals 369 + 2 = 371 days apart: lapsed 742 days after leaving
        later = D + timedelta(days=4 + 743)
        self._daily(later)
        self.assertTrue(self._row(guest).is_lapsed)
        activities = self._activities(guest, with_done=True)
        self.assertEqual(len(activities), 2)
        self.assertEqual(len(activities.filtered("active")), 1)
        # and a rerun adds nothing
        self._daily(later)
        self.assertEqual(len(self._activities(guest, with_done=True)), 2)


@tagged("post_install", "-at_install")
class TestDataRetentionAttacks(RetentionCommon):
    DAYS = 1095

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.write(
            {
                "hotel_retention_anonymize": True,
                "hotel_retention_anonymize_days": cls.DAYS,
            }
        )

    def _inactive(self, name, days=DAYS):
        guest = self._member(name)
        self._past(guest, D - timedelta(days=days))
        return guest

    def _cron(self):
        with freeze_time(D):
            return self.env["res.partner"].sudo()._hotel_cron_data_retention()

    def test_a_batch_all_refused_does_not_starve_the_others(self):
        """The first batch refused as a whole (bills posted meanwhile, an
        invoice PDF that cannot be stored...) must not keep the guests after
        it from ever being anonymized."""
        guests = [self._inactive(f"Starved {i}", days=self.DAYS + i) for i in range(3)]
        refused = guests[0] | guests[1]
        Partner = type(self.env["res.partner"])
        original = Partner._hotel_check_can_anonymize

        def check(model, partners):
            if refused & partners:
                # what the anonymization would say (a test message, not translated)
                refusal = "A bill was posted meanwhile."
                raise UserError(refusal)
            return original(model, partners)

        with (
            patch.object(res_partner_data_retention, "RETENTION_BATCH", 2),
            patch.object(Partner, "_hotel_check_can_anonymize", check),
        ):
            for _call in range(3):
                self._cron()
        self.assertEqual([g.guest_anonymized for g in guests], [False, False, True])
