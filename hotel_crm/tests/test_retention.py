"""Retention by each guest's own rhythm: the usual interval between stays,
lapsed guests, recency-frequency-monetary scores, segments, churn risk and the
win-back activities of the daily pass, hotel by hotel."""

from datetime import date, datetime, timedelta

from freezegun import freeze_time

from odoo.exceptions import AccessError, ValidationError
from odoo.tests import tagged

from .test_membership import MembershipCommon

D = date(2026, 6, 15)


@tagged("post_install", "-at_install")
class RetentionCommon(MembershipCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Retention = cls.env["hotel.guest.retention"]
        cls.noise = cls.env.ref("hotel_crm.hotel_complaint_category_noise")
        cls.bravo = cls.env["res.company"].create({"name": "Hotel Bravo Retention"})

    def _arrivals(self, guest, arrivals, nights=2, company=None, invoice_last=0.0):
        """Checked-out stays of ``guest`` arriving on each of ``arrivals``;
        the last one invoiced at ``invoice_last`` when given."""
        stays = self.env["hotel.stay"]
        for index, arrival in enumerate(arrivals):
            last = index == len(arrivals) - 1
            stays |= MembershipCommon._past(
                self,
                guest,
                arrival + timedelta(days=nights),
                nights=nights,
                rate=(invoice_last / nights) if last and invoice_last else 100.0,
                invoice=bool(last and invoice_last),
                company=company,
            )
        return stays

    def _refresh(self, on_date=D, company=None):
        with freeze_time(on_date):
            return self.Retention.with_company(company or self.company)._hotel_refresh(
                on_date
            )

    def _row(self, guest, company=None):
        return self.Retention.search(
            [
                ("partner_id", "=", guest.id),
                ("company_id", "=", (company or self.company).id),
            ]
        )

    def _complaint(self, guest, when, company=None):
        Complaint = self.env["hotel.complaint"].with_company(company or self.company)
        with freeze_time(when):
            return Complaint.create(
                {
                    "partner_id": guest.id,
                    "category_id": self.noise.id,
                    "severity": "medium",
                    "description": "Noisy room.",
                }
            )


@tagged("post_install", "-at_install")
class TestRhythm(RetentionCommon):
    def test_every_three_weeks_lapsed_after_the_floor(self):
        """21 days between arrivals: twice is 42, the floor of 60 wins."""
        guest = self._member("Trudy Three Weeks")
        first = D - timedelta(days=60 + 2 + 63)
        self._arrivals(guest, [first + timedelta(days=21 * k) for k in range(4)])
        # the last stay ended on first + 63 + 2 = D - 60
        self._refresh(D)
        row = self._row(guest)
        self.assertEqual(row.typical_interval, 21)
        self.assertEqual(row.last_stay_date, D - timedelta(days=60))
        self.assertEqual(row.expected_return_date, D - timedelta(days=62 - 21))
        self.assertEqual(row.lapsed_date, D + timedelta(days=1))
        self.assertFalse(row.is_lapsed)
        with freeze_time(D):
            self.assertEqual(row.recency_days, 60)
        # one day later: 61 days since the last stay, more than 60
        self._refresh(D + timedelta(days=1))
        self.assertTrue(self._row(guest).is_lapsed)
        guest.invalidate_recordset()
        with freeze_time(D + timedelta(days=1)):
            self.assertTrue(guest.guest_is_lapsed)
            self.assertEqual(guest.guest_typical_interval, 21)
            self.assertEqual(guest.guest_lapsed_date, D + timedelta(days=1))

    def test_every_summer_lapsed_only_after_two_years(self):
        guest = self._member("Sam Summer")
        self._arrivals(guest, [date(2023, 7, 1), date(2024, 7, 1), date(2025, 7, 1)])
        self._refresh(date(2026, 3, 1))
        row = self._row(guest)
        # 366 and 365 days: the median is 365.5, rounded to 366 days
        self.assertEqual(row.typical_interval, 366)
        self.assertEqual(row.expected_return_date, date(2026, 7, 2))
        # twice 365.5 is 731 days after the departure of 3 July 2025
        self.assertEqual(row.lapsed_date, date(2025, 7, 3) + timedelta(days=732))
        self.assertFalse(row.is_lapsed)
        self._refresh(date(2027, 7, 4))
        self.assertFalse(self._row(guest).is_lapsed)
        self._refresh(date(2027, 7, 5))
        self.assertTrue(self._row(guest).is_lapsed)

    def test_median_of_the_intervals(self):
        """Gaps of 10, 20 and 90 days: the median is 20, not the mean 40."""
        guest = self._member("Mona Median")
        start = D - timedelta(days=200)
        self._arrivals(
            guest,
            [
                start,
                start + timedelta(days=10),
                start + timedelta(days=30),
                start + timedelta(days=120),
            ],
        )
        self._refresh(D)
        row = self._row(guest)
        self.assertEqual(row.typical_interval, 20)
        self.assertEqual(row.stay_count, 4)
        self.assertEqual(row.night_count, 8)
        self.assertEqual(row.first_stay_date, start)

    def test_single_stay_fixed_threshold(self):
        guest = self._member("Olli Once")
        self._arrivals(guest, [D - timedelta(days=367)])
        # departure D - 365: 365 days are not more than 365
        self._refresh(D)
        row = self._row(guest)
        self.assertFalse(row.typical_interval)
        self.assertFalse(row.expected_return_date)
        self.assertEqual(row.lapsed_date, D + timedelta(days=1))
        self.assertFalse(row.is_lapsed)
        self._refresh(D + timedelta(days=1))
        self.assertTrue(self._row(guest).is_lapsed)

    def test_settings_of_each_hotel(self):
        """The floor, factor and one-stay threshold are the hotel's own."""
        guest = self._member("Hilda Two Hotels")
        self._arrivals(guest, [D - timedelta(days=122), D - timedelta(days=92)])
        self._arrivals(
            guest, [D - timedelta(days=126), D - timedelta(days=96)], company=self.bravo
        )
        self.bravo.write({"hotel_lapse_floor_days": 100, "hotel_lapse_factor": 3.5})
        self._refresh(D)
        self._refresh(D, company=self.bravo)
        # departure D - 90; here max(60, 2 x 30) = 60, at Bravo max(100, 105)
        self.assertEqual(self._row(guest).lapsed_date, D - timedelta(days=29))
        self.assertTrue(self._row(guest).is_lapsed)
        bravo = self._row(guest, self.bravo)
        # departure D - 94 at Bravo
        self.assertEqual(bravo.lapsed_date, D + timedelta(days=12))
        self.assertFalse(bravo.is_lapsed)
        self.assertEqual(len(self.Retention.search([("partner_id", "=", guest.id)])), 2)

    def test_in_house_guest_is_never_lapsed(self):
        guest = self._member("Ina In House")
        self._arrivals(guest, [D - timedelta(days=500)])
        stay = self.env["hotel.stay"].create(
            {
                "partner_id": guest.id,
                "room_type_id": self.room_double.id,
                "check_in_date": D - timedelta(days=1),
                "check_out_date": D + timedelta(days=3),
            }
        )
        self._hotel_check_in(stay)
        self._refresh(D)
        row = self._row(guest)
        self.assertEqual(row.last_stay_date, D)
        self.assertFalse(row.is_lapsed)
        self.assertEqual(row.typical_interval, 499)

    def test_settings_bounds(self):
        for vals in (
            {"hotel_lapse_factor": 0.9},
            {"hotel_lapse_floor_days": 0},
            {"hotel_lapse_single_stay_days": 0},
            {"hotel_complaint_recent_days": 0},
            {"hotel_care_greeting_days": 61},
            {"hotel_care_greeting_days": -1},
            {"hotel_retention_anonymize_days": 29},
        ):
            with self.subTest(vals=vals), self.assertRaises(ValidationError):
                self.company.write(vals)
        self.company.write(
            {
                "hotel_lapse_factor": 1.0,
                "hotel_care_greeting_days": 60,
                "hotel_retention_anonymize_days": 30,
            }
        )
        self.company.write({"hotel_care_greeting_days": 0})


@tagged("post_install", "-at_install")
class TestCareSettings(RetentionCommon):
    VALUES = {
        "hotel_care_greeting_days": 7,
        "hotel_lapse_floor_days": 45,
        "hotel_lapse_factor": 2.5,
        "hotel_lapse_single_stay_days": 400,
        "hotel_complaint_recent_days": 60,
        "hotel_retention_anonymize": True,
        "hotel_retention_anonymize_days": 730,
    }

    def test_managers_change_them_on_their_hotel_only(self):
        defaults = {
            "hotel_care_greeting_days": 3,
            "hotel_lapse_floor_days": 60,
            "hotel_lapse_factor": 2.0,
            "hotel_lapse_single_stay_days": 365,
            "hotel_complaint_recent_days": 90,
            "hotel_retention_anonymize": False,
            "hotel_retention_anonymize_days": 1095,
        }
        self.assertEqual({f: self.company[f] for f in defaults}, defaults)
        settings = (
            self.env["hotel.settings"]
            .with_user(self.user_manager)
            .create({**self.VALUES, "hotel_care_user_id": self.user_relations.id})
        )
        settings.action_save()
        self.assertEqual({f: self.company[f] for f in defaults}, self.VALUES)
        self.assertEqual(self.company.hotel_care_user_id, self.user_relations)
        self.assertEqual({f: self.bravo[f] for f in defaults}, defaults)
        for user in (self.user_front_desk, self.user_relations):
            with self.subTest(user=user.login), self.assertRaises(AccessError):
                self.env["hotel.settings"].with_user(user).create(
                    {"hotel_lapse_floor_days": 1}
                )
        # a value out of bounds is refused and nothing is written
        settings = (
            self.env["hotel.settings"]
            .with_user(self.user_manager)
            .create({"hotel_lapse_factor": 0.5})
        )
        with self.assertRaises(ValidationError):
            settings.action_save()
        self.assertEqual(self.company.hotel_lapse_factor, 2.5)

    def test_care_contact_and_its_fallback(self):
        # without a contact: the first Guest Relations user of the hotel
        fallback = self.env["res.users"].search(
            [
                ("groups_id", "in", self.env.ref("hotel_crm.group_hotel_relations").id),
                ("company_ids", "in", self.company.id),
                ("share", "=", False),
            ],
            order="id",
            limit=1,
        )
        self.assertTrue(fallback)
        self.assertEqual(self.company._hotel_care_user(), fallback)
        self.company.hotel_care_user_id = self.user_manager
        self.assertEqual(self.company._hotel_care_user(), self.user_manager)
        # a contact who no longer works at the hotel, or archived: the fallback
        self.user_manager.write(
            {"company_ids": [(6, 0, [self.bravo.id])], "company_id": self.bravo.id}
        )
        self.assertEqual(self.company._hotel_care_user(), fallback)
        self.bravo.hotel_care_user_id = self.user_manager
        self.assertEqual(self.bravo._hotel_care_user(), self.user_manager)
        self.user_manager.active = False
        self.assertNotEqual(self.bravo._hotel_care_user(), self.user_manager)


@tagged("post_install", "-at_install")
class TestScores(RetentionCommon):
    # guest: (recency rank, frequency rank, monetary rank), rank 1 the lowest
    RANKS = {
        "A": (10, 10, 10),
        "B": (9, 3, 9),
        "C": (8, 1, 2),
        "D": (7, 8, 4),
        "E": (6, 6, 6),
        "F": (5, 9, 8),
        "G": (4, 7, 7),
        "I": (3, 4, 5),
        "H": (2, 5, 3),
        "J": (1, 2, 1),
    }
    # hand-computed: score = 1 + floor(5 x (rank - 1) / 10)
    EXPECTED = {
        "A": (5, 5, 5, "champions", "low"),
        "B": (5, 2, 5, "potential", "low"),
        "C": (4, 1, 1, "new", "low"),
        "D": (4, 4, 2, "loyal", "low"),
        "E": (3, 3, 3, "loyal", "medium"),
        "F": (3, 5, 4, "loyal", "low"),
        "G": (2, 4, 4, "cant_lose", "high"),
        "I": (2, 2, 3, "hibernating", "medium"),
        "H": (1, 3, 2, "at_risk", "high"),
        "J": (1, 1, 1, "lost", "high"),
    }

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.guests = {}
        for name, (recency, frequency, monetary) in cls.RANKS.items():
            guest = cls._hotel_create_guest(f"Guest {name}")
            cls.guests[name] = guest
            # the last arrival 5 days apart per recency rank, stays 12 days
            # apart, the last one invoiced at 100 per monetary rank
            last = D - timedelta(days=5 * (11 - recency) + 2)
            arrivals = [last - timedelta(days=12 * k) for k in range(frequency)]
            RetentionCommon._arrivals(
                cls, guest, sorted(arrivals), invoice_last=100.0 * monetary
            )
        # a recent complaint: E (loyal) at medium risk, J (lost) at high risk;
        # an old one does not count
        RetentionCommon._complaint(cls, cls.guests["E"], datetime(2026, 5, 1, 10))
        RetentionCommon._complaint(cls, cls.guests["J"], datetime(2026, 5, 1, 10))
        RetentionCommon._complaint(cls, cls.guests["A"], datetime(2026, 3, 1, 10))
        # the second hotel's stays never count for the first
        RetentionCommon._arrivals(
            cls,
            cls.guests["J"],
            [D - timedelta(days=30 + 12 * k) for k in range(9)],
            company=cls.bravo,
        )

    def test_quintiles_of_ten_guests(self):
        self.assertEqual(self._refresh(D), 10)
        rows = self.Retention.search([("company_id", "=", self.company.id)])
        self.assertEqual(len(rows), 10)
        got = {
            name: (
                row.recency_score,
                row.frequency_score,
                row.monetary_score,
                row.segment,
                row.churn_risk,
            )
            for name, guest in self.guests.items()
            for row in [self._row(guest)]
        }
        self.assertEqual(got, self.EXPECTED)
        self.assertEqual(self._row(self.guests["A"]).revenue, 1000.0)
        self.assertEqual(self._row(self.guests["J"]).stay_count, 2)
        self.assertTrue(self._row(self.guests["E"]).recent_complaint)
        self.assertFalse(self._row(self.guests["A"]).recent_complaint)
        self.assertFalse(self.Retention.search([("is_lapsed", "=", True)]))

    def test_rerun_writes_nothing(self):
        self.assertEqual(self._refresh(D), 10)
        self.assertEqual(self._refresh(D), 0)
        # a new stay moves the guest, and the guests whose rank it shifts
        self._arrivals(self.guests["J"], [D - timedelta(days=3)])
        written = self._refresh(D)
        self.assertEqual(self._row(self.guests["J"]).stay_count, 3)
        self.assertEqual(self._row(self.guests["J"]).recency_score, 5)
        self.assertLess(written, 10)
        self.assertGreater(written, 0)

    def test_complaint_window_is_the_hotel_setting(self):
        self.company.hotel_complaint_recent_days = 30
        self._refresh(D)
        # 45 days ago: no longer recent
        self.assertFalse(self._row(self.guests["E"]).recent_complaint)
        self.assertEqual(self._row(self.guests["E"]).churn_risk, "low")
        self.assertEqual(self._row(self.guests["J"]).churn_risk, "medium")

    def test_second_hotel_has_its_own_population(self):
        self._refresh(D)
        self._refresh(D, company=self.bravo)
        bravo = self.Retention.search([("company_id", "=", self.bravo.id)])
        self.assertEqual(bravo.partner_id, self.guests["J"])
        self.assertEqual(
            (bravo.stay_count, bravo.recency_score, bravo.segment), (9, 1, "lost")
        )
        # a user of the first hotel sees its rows only
        rows = self.Retention.with_user(self.user_front_desk).search([])
        self.assertEqual(len(rows), 10)
        self.assertEqual(rows.company_id, self.company)
        # the guest file shows the current hotel's figures
        guest = self.guests["J"]
        self.assertEqual(guest.guest_segment, "lost")
        self.assertEqual(guest.with_company(self.bravo).guest_stay_count, 9)

    def test_search_filters(self):
        self._refresh(D)
        Partner = self.env["res.partner"].with_user(self.user_front_desk)
        guests = Partner.search([("id", "in", [g.id for g in self.guests.values()])])
        high = guests.filtered_domain([("guest_churn_risk", "=", "high")])
        self.assertEqual(sorted(high.mapped("name")), ["Guest G", "Guest H", "Guest J"])
        self.assertEqual(
            Partner.search(
                [("guest_churn_risk", "=", "high"), ("id", "in", guests.ids)]
            ),
            high,
        )
        self.assertEqual(
            Partner.search(
                [("guest_segment", "in", ["loyal", "new"]), ("id", "in", guests.ids)]
            ).mapped("name"),
            ["Guest C", "Guest D", "Guest E", "Guest F"],
        )
        self.assertEqual(
            len(
                Partner.search(
                    [("guest_segment", "!=", "loyal"), ("id", "in", guests.ids)]
                )
            ),
            7,
        )
        self.assertEqual(
            Partner.search(
                [("guest_segment", "=", False), ("id", "in", [self.guest.id])]
            ),
            self.guest,
        )
        self.assertEqual(
            self._hotel_search_filter(
                "hotel_crm.res_partner_action_hotel_guest", "churn_high"
            ).filtered(lambda p: p in guests),
            high,
        )

    def test_nobody_writes_the_figures(self):
        self._refresh(D)
        row = self._row(self.guests["A"])
        for user in (self.user_front_desk, self.user_relations, self.user_manager):
            with self.subTest(user=user.login):
                with self.assertRaises(AccessError):
                    row.with_user(user).write({"segment": "lost"})
                with self.assertRaises(AccessError):
                    self.Retention.with_user(user).create(
                        {"partner_id": self.guest.id, "company_id": self.company.id}
                    )
                with self.assertRaises(AccessError):
                    row.with_user(user).unlink()
        with self.assertRaises(AccessError):
            row.with_user(self.user_internal).read(["segment"])
        # computed on the guest file: a client cannot set them
        with self.assertRaises(Exception):  # noqa: B017
            self.guests["A"].with_user(self.user_manager).write(
                {"guest_segment": "lost"}
            )
