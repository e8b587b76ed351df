"""Attacks on the retention pass, the win-back activities and the data
retention: boundaries, idempotency and progress."""

from datetime import timedelta

from odoo.tests import tagged

from .test_retention import D, RetentionCommon


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
