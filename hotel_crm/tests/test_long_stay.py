"""The long-stay dates kept on each stay (``long_stay_since``), which the
Long-Stay Guests filter and the guest file read: exact at each rule's
boundaries, kept on every path that changes stays or rules, filled on an
upgrade, and out of a client's reach."""

from collections import deque
from datetime import date
from unittest.mock import patch

from freezegun import freeze_time

from odoo import Command
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged
from odoo.tools.sql import column_exists, index_exists

from ..models.hotel_stay_chain import LONG_STAY_GUEST_INDEX, LONG_STAY_INDEX
from ..models.res_partner import GUEST_LIST_INDEX
from .test_stays import HotelStayCommon

GUEST_ACTION = "hotel_crm.res_partner_action_hotel_guest"
FOREVER = date(9999, 12, 31)


@tagged("post_install", "-at_install")
class TestLongStayDates(HotelStayCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # 30 nights in a row, or 20 nights in stays started within 60 days
        cls.company.write(
            {
                "hotel_long_stay_nights": 30,
                "hotel_long_stay_window_nights": 20,
                "hotel_long_stay_window_days": 60,
            }
        )
        cls.company_b = cls.setup_other_company(name="Hotel Two")["company"]
        cls.company_b.write(
            {
                "hotel_long_stay_nights": 30,
                "hotel_long_stay_window_nights": 20,
                "hotel_long_stay_window_days": 60,
            }
        )
        cls.user_front_desk.company_ids = [Command.link(cls.company_b.id)]

    def _filtered(self, guests, user=None, company=None):
        """Which of ``guests`` the filter lists, and their computed flags."""
        user = user or self.user_front_desk
        company = company or self.company
        Partner = (
            self.env["res.partner"]
            .with_user(user)
            .with_context(allowed_company_ids=company.ids)
        )
        found = Partner.search(
            [("id", "in", guests.ids), ("guest_is_long_stay", "=", True)]
        )
        flags = Partner.browse(guests.ids).mapped("guest_is_long_stay")
        return found.ids, flags

    def test_nights_in_the_period_end_on_the_last_day_of_the_period(self):
        enough = self._hotel_create_guest("Enough Ella")
        short = self._hotel_create_guest("Short Sid")
        first = self._hotel_past_stay(enough, date(2026, 3, 1), 10)
        second = self._hotel_past_stay(enough, date(2026, 3, 20), 10)
        third = self._hotel_past_stay(short, date(2026, 3, 1), 10)
        fourth = self._hotel_past_stay(short, date(2026, 3, 20), 9)
        # 20 nights from the first stay on (the period of 60 days from 1
        # March, to 30 April); the second alone has 10; 19 nights make no one
        # a long-stay guest
        self.assertEqual(
            (first | second | third | fourth).mapped("long_stay_since"),
            [date(2026, 3, 1), False, False, False],
        )
        guests = enough | short
        with freeze_time("2026-04-30"):
            self.assertEqual(self._filtered(guests), ([enough.id], [True, False]))
        with freeze_time("2026-05-01"):
            self.env.invalidate_all()  # the next day's request
            self.assertEqual(self._filtered(guests), ([], [False, False]))
            # a new stay brings the guest back: 10 + 10 from 20 March on
            third_stay = self._hotel_past_stay(enough, date(2026, 4, 20), 10)
            # the guest's latest period only: from 20 March
            self.assertEqual(
                (first | second | third_stay).mapped("long_stay_since"),
                [False, date(2026, 3, 20), False],
            )
            self.assertEqual(self._filtered(guests), ([enough.id], [True, False]))

    def test_nights_in_a_row_make_a_long_stay_guest_for_good(self):
        almost = self._hotel_create_guest("Almost Al")
        run = self._hotel_past_stay(self.guest, date(2025, 1, 1), 20)
        extension = self._hotel_past_stay(self.guest, date(2025, 1, 21), 10)
        short = self._hotel_past_stay(almost, date(2025, 1, 1), 29)
        # the period's 20 nights were long ago; the run of 30 lasts, and is
        # the guest's latest period
        self.assertEqual(
            (run | extension | short).mapped("long_stay_since"),
            [False, FOREVER, date(2025, 1, 1)],
        )
        with freeze_time("2026-11-24"):
            self.assertEqual(
                self._filtered(self.guest | almost), ([self.guest.id], [True, False])
            )

    def test_only_stays_that_took_place_count(self):
        booked = self._hotel_past_stay(self.guest, date(2026, 3, 1), 30, state="booked")
        cancelled = self._hotel_past_stay(
            self.guest, date(2026, 5, 1), 30, state="cancelled"
        )
        self.assertEqual((booked | cancelled).mapped("long_stay_since"), [False, False])
        self._hotel_check_in(booked)
        self.assertEqual(booked.long_stay_since, FOREVER)
        booked.sudo().write({"state": "cancelled"})
        self.assertFalse(booked.long_stay_since)

    def test_each_hotel_its_own_rules_and_stays(self):
        here = self._hotel_past_stay(self.guest, date(2026, 3, 1), 25)
        there = self._hotel_past_stay(
            self.guest, date(2026, 4, 1), 25, company=self.company_b
        )
        self.assertEqual(
            (here | there).mapped("long_stay_since"),
            [date(2026, 3, 1), date(2026, 4, 1)],
        )
        # 25 nights in a row make a long stay at the other hotel only
        self.company_b.hotel_long_stay_nights = 25
        self.assertEqual(
            (here | there).mapped("long_stay_since"), [date(2026, 3, 1), FOREVER]
        )
        with freeze_time("2026-06-01"):
            self.assertEqual(self._filtered(self.guest), ([], [False]))
            self.assertEqual(
                self._filtered(self.guest, company=self.company_b),
                ([self.guest.id], [True]),
            )

    def test_each_hotel_its_own_period(self):
        here = self._hotel_past_stay(self.guest, date(2026, 3, 1), 25)
        there = self._hotel_past_stay(
            self.guest, date(2026, 4, 1), 25, company=self.company_b
        )
        self.company_b.hotel_long_stay_window_days = 30
        # the same dates; the other hotel's period ends on 1 May, this one's
        # on 30 April
        self.assertEqual(
            (here | there).mapped("long_stay_since"),
            [date(2026, 3, 1), date(2026, 4, 1)],
        )
        for day, here_flag, there_flag in (
            ("2026-04-30", True, True),
            ("2026-05-01", False, True),
            ("2026-05-02", False, False),
        ):
            with freeze_time(day):
                self.env.invalidate_all()  # that day's request
                self.assertEqual(self._filtered(self.guest)[1], [here_flag])
                self.assertEqual(
                    self._filtered(self.guest, company=self.company_b)[1],
                    [there_flag],
                )

    def test_a_new_period_length_applies_at_once(self):
        self._hotel_past_stay(self.guest, date(2026, 3, 1), 25)
        settings = self.env["hotel.settings"].with_user(self.user_manager)
        with freeze_time("2026-04-30"):
            self.assertEqual(self._filtered(self.guest), ([self.guest.id], [True]))
            # a day shorter, in the same transaction: no stay is rewritten,
            # the flag is computed again
            settings.create({"hotel_long_stay_window_days": 59}).action_save()
            self.assertEqual(self._filtered(self.guest), ([], [False]))
        # a hundred years at most: today less the period must be a date
        with self._hotel_assert_raises(ValidationError, "36500 days"):
            settings.create({"hotel_long_stay_window_days": 36501}).action_save()
        settings.create({"hotel_long_stay_window_days": 36500}).action_save()
        self.assertEqual(self.company.hotel_long_stay_window_days, 36500)
        self.assertEqual(self._filtered(self.guest), ([self.guest.id], [True]))

    def test_nights_of_another_hotel_or_of_bookings_do_not_count(self):
        here = self._hotel_past_stay(self.guest, date(2026, 3, 1), 15)
        there = self._hotel_past_stay(
            self.guest, date(2026, 3, 20), 10, company=self.company_b
        )
        booked = self._hotel_past_stay(
            self.guest, date(2026, 4, 10), 10, state="booked"
        )
        cancelled = self._hotel_past_stay(
            self.guest, date(2026, 4, 25), 10, state="cancelled"
        )
        self.assertEqual(
            (here | there | booked | cancelled).mapped("long_stay_since"),
            [False, False, False, False],
        )
        with freeze_time("2026-04-10"):
            self.assertEqual(self._filtered(self.guest), ([], [False]))
            # 15 + 10 nights at this hotel once the booking is checked in
            self._hotel_check_in(booked)
            self.assertEqual(
                (here | there | booked).mapped("long_stay_since"),
                [date(2026, 3, 1), False, False],
            )
            self.assertEqual(self._filtered(self.guest), ([self.guest.id], [True]))
            self.assertEqual(
                self._filtered(self.guest, company=self.company_b), ([], [False])
            )

    def test_saving_the_same_settings_rewrites_nothing(self):
        stay = self._hotel_past_stay(self.guest, date(2026, 3, 1), 25)
        self.assertEqual(stay.long_stay_since, date(2026, 3, 1))
        self.env.flush_all()
        # a stale date, as two transactions at the same moment could leave
        self.env.cr.execute(
            "UPDATE hotel_stay SET long_stay_since = NULL WHERE id = %s", stay.ids
        )
        self.env.invalidate_all()
        settings = self.env["hotel.settings"].with_user(self.user_manager)
        settings.create({"hotel_points_earn_rate": 2.0}).action_save()
        self.assertFalse(stay.long_stay_since)
        # nor does a new period length, which the search applies
        settings.create({"hotel_long_stay_window_days": 45}).action_save()
        self.assertEqual(self.company.hotel_long_stay_window_days, 45)
        self.assertFalse(stay.long_stay_since)
        # the daily pass repairs it, then finds nothing to do
        Stay = self.env["hotel.stay"]
        self.assertEqual(Stay._cron_hotel_refresh_long_stays(), 1)
        self.assertEqual(stay.long_stay_since, date(2026, 3, 1))
        self.assertEqual(Stay._cron_hotel_refresh_long_stays(), 0)
        cron = self.env.ref("hotel_crm.ir_cron_long_stays")
        self.assertEqual(
            (cron.model_id.model, cron.interval_number, cron.interval_type),
            ("hotel.stay", 1, "days"),
        )

    def test_only_hotel_staff_read_the_dates(self):
        stay = self._hotel_past_stay(self.guest, date(2026, 1, 1), 30)
        self.assertEqual(stay.with_user(self.user_front_desk).long_stay_since, FOREVER)
        as_accountant = stay.with_user(self.user_accountant)
        self.assertEqual(as_accountant.nights, 30)
        with self.assertRaises(AccessError):
            as_accountant.read(["long_stay_since"])
        with self.assertRaises(AccessError):
            as_accountant.search([("long_stay_since", ">=", "2026-11-24")])

    def test_changing_the_rules_moves_the_dates(self):
        run = self._hotel_past_stay(self.guest, date(2026, 1, 1), 29)
        other = self._hotel_past_stay(
            self.guest, date(2026, 2, 1), 29, company=self.company_b
        )
        self.assertEqual(
            (run | other).mapped("long_stay_since"),
            [date(2026, 1, 1), date(2026, 2, 1)],
        )
        settings = self.env["hotel.settings"].with_user(self.user_manager)
        with freeze_time("2026-11-24"):
            self.assertEqual(self._filtered(self.guest), ([], [False]))
            # one night fewer in a row, on the Hotel Managers' settings screen
            settings.create({"hotel_long_stay_nights": 29}).action_save()
            self.assertEqual(self.company.hotel_long_stay_nights, 29)
            self.assertEqual(run.long_stay_since, FOREVER)
            self.assertEqual(self._filtered(self.guest), ([self.guest.id], [True]))
            # the other hotel keeps its rules and its dates
            self.assertEqual(other.long_stay_since, date(2026, 2, 1))
            self.assertEqual(
                self._filtered(self.guest, company=self.company_b), ([], [False])
            )
        # more nights in a longer period, on Odoo's Settings screen: 29
        # nights from 1 January, a period of 90 days to 1 April
        config = self.env["res.config.settings"].create(
            {
                "hotel_long_stay_nights": 30,
                "hotel_long_stay_window_nights": 29,
                "hotel_long_stay_window_days": 90,
            }
        )
        config.execute()
        self.assertEqual(run.long_stay_since, date(2026, 1, 1))
        for day, found, flag in (
            ("2026-04-01", [self.guest.id], True),
            ("2026-04-02", [], False),
        ):
            with freeze_time(day):
                self.env.invalidate_all()  # that day's request
                self.assertEqual(self._filtered(self.guest), (found, [flag]))
        config = self.env["res.config.settings"].create(
            {"hotel_long_stay_window_nights": 30}
        )
        config.execute()
        self.assertFalse(run.long_stay_since)
        self.assertEqual(other.long_stay_since, date(2026, 2, 1))

    def test_imports_and_merges_keep_the_dates(self):
        twin = self._hotel_create_guest("Stella Stay (old file)")
        Stay = self.env["hotel.stay"].with_user(self.user_manager)
        result = Stay.load(
            ["partner_id/.id", "check_in_date", "check_out_date", "state"],
            [
                [str(self.guest.id), "2026-03-01", "2026-03-11", "checked_out"],
                [str(twin.id), "2026-03-20", "2026-03-30", "checked_out"],
            ],
        )
        mine, theirs = Stay.browse(result["ids"])
        self.assertEqual((mine | theirs).mapped("long_stay_since"), [False, False])
        self._hotel_merge(self.guest | twin, self.guest)
        self.assertEqual(theirs.partner_id, self.guest)
        self.assertEqual(
            (mine | theirs).mapped("long_stay_since"), [date(2026, 3, 1), False]
        )

    def test_clients_cannot_write_the_runs_or_the_dates(self):
        stay = self._hotel_past_stay(self.guest, date(2026, 1, 1), 5)
        Stay = self.env["hotel.stay"].with_user(self.user_manager)
        for fname, value in (("chain_nights", 99), ("long_stay_since", "2099-01-01")):
            with self.subTest(fname=fname):
                with self.assertRaises(UserError):
                    Stay.create(
                        {
                            "partner_id": self.guest.id,
                            "check_in_date": date(2026, 6, 1),
                            "check_out_date": date(2026, 6, 3),
                            fname: value,
                        }
                    )
                with self.assertRaises(UserError):
                    stay.with_user(self.user_manager).write({fname: value})
                result = Stay.load(
                    ["partner_id/.id", "check_in_date", "check_out_date", fname],
                    [[str(self.guest.id), "2026-07-01", "2026-07-03", str(value)]],
                )
                self.assertFalse(result["ids"])
        self.assertEqual(stay.chain_nights, 5)
        self.assertFalse(stay.long_stay_since)
        self.assertEqual(self._filtered(self.guest), ([], [False]))

    def test_an_upgrade_fills_the_dates(self):
        long = self._hotel_past_stay(self.guest, date(2026, 1, 1), 30)
        window = self._hotel_past_stay(self.guest, date(2026, 3, 1), 20)
        other = self._hotel_past_stay(
            self.guest, date(2026, 5, 1), 5, company=self.company_b
        )
        self.env.flush_all()
        cr = self.env.cr
        # a database of the version before the dates
        cr.execute("ALTER TABLE hotel_stay DROP COLUMN long_stay_since")
        Stay = self.env["hotel.stay"]
        registry = self.registry
        with (
            patch.object(registry, "_post_init_queue", deque(), create=True),
            patch.object(registry, "_foreign_keys", {}, create=True),
        ):
            Stay._auto_init()
            self.assertTrue(column_exists(cr, "hotel_stay", "long_stay_since"))
            Stay.init()
            queue = self.registry._post_init_queue
            while queue:
                queue.popleft()()
        self.env.invalidate_all()
        self.assertEqual(
            (long | window | other).mapped("long_stay_since"),
            [FOREVER, False, False],
        )
        self.assertTrue(index_exists(cr, LONG_STAY_INDEX))

    def test_indexes(self):
        cr = self.env.cr
        self.assertTrue(index_exists(cr, LONG_STAY_INDEX))
        self.assertTrue(index_exists(cr, LONG_STAY_GUEST_INDEX))
        self.assertTrue(index_exists(cr, GUEST_LIST_INDEX))
        # the runs' index of the earlier filter, which every write updated
        self.assertFalse(index_exists(cr, "hotel_stay__chain_nights_index"))
