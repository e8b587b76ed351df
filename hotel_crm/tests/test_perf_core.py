"""What the module's core flows cost, pinned at two data sizes (the same
number of queries at both proves it does not grow with the data), and the
runs of back-to-back stays that make the long-stay filters index scans."""

from contextlib import contextmanager
from datetime import date, timedelta

from freezegun import freeze_time

from odoo.tests import tagged

from .common import hotel_view_spec
from .test_stays import HotelStayCommon

GUEST_LIST = "hotel_crm.res_partner_view_list_hotel_guest"
GUEST_FORM = "hotel_crm.res_partner_view_form_hotel_guest"
GUEST_ACTION = "hotel_crm.res_partner_action_hotel_guest"


@tagged("post_install", "-at_install")
class TestStayChains(HotelStayCommon):
    def test_back_to_back_stays_make_one_run(self):
        first = self._hotel_past_stay(self.guest, date(2026, 1, 1), 5)
        second = self._hotel_past_stay(self.guest, date(2026, 1, 6), 3)
        after_a_gap = self._hotel_past_stay(self.guest, date(2026, 1, 10), 2)
        booked = self._hotel_past_stay(self.guest, date(2026, 2, 1), 2, state="booked")
        self.assertEqual(
            (first | second | after_a_gap | booked).mapped("chain_nights"),
            [5, 8, 2, 0],
        )
        # the second stay extended to the day the third starts: one run
        second.check_out_date = date(2026, 1, 10)
        self.assertEqual(
            (first | second | after_a_gap).mapped("chain_nights"), [5, 9, 11]
        )
        # and shortened again: two runs
        second.check_out_date = date(2026, 1, 8)
        self.assertEqual(
            (first | second | after_a_gap).mapped("chain_nights"), [5, 7, 2]
        )

    def test_runs_are_per_hotel_and_per_guest(self):
        bravo = self.env["res.company"].create({"name": "Hotel Bravo"})
        other = self._hotel_create_guest("Otto Other")
        first = self._hotel_past_stay(self.guest, date(2026, 1, 1), 5)
        elsewhere = self._hotel_past_stay(
            self.guest, date(2026, 1, 6), 4, company=bravo
        )
        someone_else = self._hotel_past_stay(other, date(2026, 1, 6), 4)
        self.assertEqual(
            (first | elsewhere | someone_else).mapped("chain_nights"), [5, 4, 4]
        )

    def test_a_cancelled_stay_leaves_the_run(self):
        first = self._hotel_past_stay(self.guest, date(2026, 3, 1), 3, state="booked")
        second = self._hotel_past_stay(self.guest, date(2026, 3, 4), 2, state="booked")
        self._hotel_check_in(first)
        self.assertEqual((first | second).mapped("chain_nights"), [3, 0])
        self._hotel_check_out(first)
        self._hotel_check_in(second)
        self.assertEqual((first | second).mapped("chain_nights"), [3, 5])
        second.sudo().write({"state": "cancelled"})
        self.assertEqual((first | second).mapped("chain_nights"), [3, 0])

    def test_a_cancelled_stay_between_two_stays_does_not_break_the_run(self):
        # a cancelled booking overlapping both stays, ending when the second
        # starts: it is no part of any run and does not split one
        first = self._hotel_past_stay(self.guest, date(2026, 6, 1), 3)
        cancelled = self._hotel_past_stay(
            self.guest, date(2026, 6, 3), 2, state="cancelled"
        )
        second = self._hotel_past_stay(self.guest, date(2026, 6, 4), 2)
        self.assertEqual((first | cancelled | second).mapped("chain_nights"), [3, 0, 5])

    def test_deleting_a_booking_and_merging_guests(self):
        twin = self._hotel_create_guest("Stella Stay (old file)")
        mine = self._hotel_past_stay(self.guest, date(2026, 4, 1), 4)
        theirs = self._hotel_past_stay(twin, date(2026, 4, 5), 6)
        booking = self._hotel_past_stay(self.guest, date(2026, 5, 1), 2, state="booked")
        self.assertEqual((mine | theirs).mapped("chain_nights"), [4, 6])
        booking.unlink()
        self._hotel_merge(self.guest | twin, self.guest)
        self.assertEqual(theirs.partner_id, self.guest)
        self.assertEqual((mine | theirs).mapped("chain_nights"), [4, 10])

    @freeze_time("2026-06-30")
    def test_long_stay_guest_filter_at_its_boundary(self):
        # 30 nights in a row make a long-stay guest; the window (60 nights in
        # 90 days) is out of reach of these stays from last year
        self.company.hotel_long_stay_nights = 30
        almost = self._hotel_create_guest("Alma Almost")
        long_guest = self._hotel_create_guest("Lena Long")
        self._hotel_past_stay(almost, date(2025, 1, 1), 20)
        self._hotel_past_stay(almost, date(2025, 1, 21), 9)
        self._hotel_past_stay(long_guest, date(2025, 1, 1), 20)
        self._hotel_past_stay(long_guest, date(2025, 1, 21), 10)
        Partner = self.env["res.partner"].with_user(self.user_front_desk)
        guests = (almost | long_guest).ids
        self.assertEqual(
            Partner.search(
                [("id", "in", guests), ("guest_is_long_stay", "=", True)]
            ).ids,
            [long_guest.id],
        )
        self.assertEqual(
            Partner.search(
                [("id", "in", guests), ("guest_is_long_stay", "!=", True)]
            ).ids,
            [almost.id],
        )
        self.assertEqual(
            Partner.browse(guests).mapped("guest_is_long_stay"), [False, True]
        )


@tagged("post_install", "-at_install")
class TestCoreQueryCounts(HotelStayCommon):
    """The cost of each flow with N and with 5 x N records."""

    @contextmanager
    def _counting(self, counts):
        """Appends to ``counts`` the queries the block runs (as
        ``assertQueryCount`` counts them)."""
        self.env.flush_all()
        before = self.env.cr.sql_log_count
        yield
        self.env.flush_all()
        counts.append(self.env.cr.sql_log_count - before)

    def _guests(self, count, prefix="Guest"):
        return self.env["res.partner"].create(
            [{"name": f"{prefix} {i}", "is_hotel_guest": True} for i in range(count)]
        )

    def test_creating_guests(self):
        """Guest files cost what plain contacts cost, plus a constant (their
        codes drawn at once): Odoo's own per-contact queries aside, nothing
        grows with the number of guests."""
        Partner = self.env["res.partner"].with_user(self.user_front_desk)
        extra = []
        for count in (2, 5, 25):
            plain, guest = [], []
            with self._counting(plain):
                Partner.create([{"name": f"Contact {count}-{i}"} for i in range(count)])
            with self._counting(guest):
                guests = Partner.create(
                    [
                        {"name": f"New {count}-{i}", "is_hotel_guest": True}
                        for i in range(count)
                    ]
                )
            extra.append(guest[0] - plain[0])
            self.assertEqual(len(set(guests.mapped("guest_code"))), count)
            self.assertTrue(all(guests.mapped("guest_code")))
        self.assertEqual(extra[1:], [2, 2])

    def test_booking_stays(self):
        Stay = self.env["hotel.stay"].with_user(self.user_front_desk)
        counts = []
        for count in (2, 5, 25):
            guests = self._guests(count, prefix=f"Booker {count}")
            self.env.flush_all()
            with self._counting(counts):
                stays = Stay.create(
                    [
                        {
                            "partner_id": guest.id,
                            "room_type_id": self.room_double.id,
                            "check_in_date": date(2026, 9, 1),
                            "check_out_date": date(2026, 9, 3),
                        }
                        for guest in guests
                    ]
                )
                stays.flush_recordset()
            self.assertEqual(len(set(stays.mapped("name"))), count)
            # the clerk does not follow every booking entered
            self.assertFalse(stays.message_follower_ids)
            self.assertEqual(set(stays.mapped("nightly_rate")), {120.0})
        self.assertEqual(counts[1:], [6, 6])

    def test_importing_history(self):
        """Past stays of an import: the queries do not grow with the rows.
        ``load`` checks the rows' guests in one query (Odoo checks each row's
        ``.id`` with a query of its own), and no "created" message is logged
        on each stay."""
        Stay = self.env["hotel.stay"].with_user(self.user_manager)
        created, loaded, imported = [], [], []
        for count in (2, 5, 25):
            guests = self._guests(count, prefix=f"History {count}")
            with self._counting(created):
                stays = Stay.create(
                    [
                        {
                            "partner_id": guest.id,
                            "check_in_date": date(2025, 5, 1),
                            "check_out_date": date(2025, 5, 4),
                            "state": "checked_out",
                        }
                        for guest in guests
                    ]
                )
            self.assertEqual(set(stays.mapped("chain_nights")), {3})
            fields_ = ["partner_id/.id", "check_in_date", "check_out_date", "state"]
            rows = [
                [str(guest.id), "2025-06-01", "2025-06-04", "checked_out"]
                for guest in guests
            ]
            with self._counting(loaded):
                result = Stay.load(fields_, rows)
            self.assertFalse(result["messages"])
            self.assertEqual(len(result["ids"]), count)
            loaded_stays = Stay.browse(result["ids"])
            self.assertEqual(loaded_stays.partner_id, guests)
            self.assertEqual(set(loaded_stays.mapped("chain_nights")), {3})
            rows = [
                [str(guest.id), "2025-07-01", "2025-07-03", "checked_out"]
                for guest in guests
            ]
            with self._counting(imported):
                result = Stay.with_context(import_file=True).load(fields_, rows)
            self.assertFalse(result["messages"])
            history = Stay.browse(result["ids"])
            self.assertEqual(history.partner_id, guests)
            self.assertEqual(set(history.mapped("nights")), {2})
            # no "created" message, nor the importer among the followers
            self.assertFalse((loaded_stays | history).message_ids)
            self.assertFalse((loaded_stays | history).message_follower_ids)
            # a stay created otherwise is logged as Odoo logs it
            self.assertEqual(len(stays[0].message_ids), 1)
        self.assertEqual(created[1:], [7, 7])
        self.assertEqual(loaded[1:], [11, 11])
        # the web client's import: Odoo also reads its list of modules
        self.assertEqual(imported[1:], [12, 12])

    def test_importing_with_several_references(self):
        """The guest, the billed partner and the room type of each row: one
        query per model, whatever the number of rows."""
        Stay = self.env["hotel.stay"].with_user(self.user_manager)
        fields_ = [
            "partner_id/.id",
            "billing_partner_id/.id",
            "room_type_id/.id",
            "check_in_date",
            "check_out_date",
            "state",
        ]
        counts = []
        for count in (2, 5, 25):
            guests = self._guests(count, prefix=f"Billed {count}")
            payer = self._guests(1, prefix=f"Payer {count}")
            rows = [
                [
                    str(guest.id),
                    str(payer.id),
                    str(self.room_double.id),
                    "2025-08-01",
                    "2025-08-03",
                    "checked_out",
                ]
                for guest in guests
            ]
            with self._counting(counts):
                result = Stay.load(fields_, rows)
            self.assertFalse(result["messages"])
            stays = Stay.browse(result["ids"])
            self.assertEqual(stays.partner_id, guests)
            self.assertEqual(stays.billing_partner_id, payer)
            self.assertEqual(stays.room_type_id, self.room_double)
        self.assertEqual(counts[1], counts[2])

    def test_importing_unknown_ids(self):
        """An id that does not exist, or is not a number, gets Odoo's own
        error, and nothing of the import is written."""
        Stay = self.env["hotel.stay"].with_user(self.user_manager)
        guest = self._guests(1, prefix="Known")
        fields_ = ["partner_id/.id", "check_in_date", "check_out_date", "state"]
        before = Stay.search_count([])
        missing = guest.id + 10**6
        # a client's own list of "known" ids is not taken for the module's
        forged = Stay.with_context(hotel_import_ids={"res.partner": [missing]})
        for wrong, Loader in (
            (str(missing), Stay.with_context(import_file=True)),
            ("not a number", Stay.with_context(import_file=True)),
            (str(missing), forged),
        ):
            with self.subTest(wrong=wrong, context=Loader.env.context):
                result = Loader.load(
                    fields_,
                    [
                        [str(guest.id), "2025-06-01", "2025-06-04", "checked_out"],
                        [wrong, "2025-06-01", "2025-06-04", "checked_out"],
                    ],
                )
                self.assertFalse(result["ids"])
                messages = result["messages"]
                # Odoo's messages, on the second row's guest only
                self.assertIn(f"database id '{wrong}'", messages[0]["message"])
                self.assertEqual({m["type"] for m in messages}, {"error"})
                self.assertEqual({m["record"] for m in messages}, {1})
                self.assertEqual({m["field"] for m in messages}, {"partner_id"})
                self.assertEqual(Stay.search_count([]), before)
        # nor in another model's import, whatever its shape
        for forged_ids in ({"res.partner": [missing]}, [missing]):
            Partner = self.env["res.partner"].with_context(hotel_import_ids=forged_ids)
            result = Partner.load(["name", "parent_id/.id"], [["Forged", str(missing)]])
            self.assertFalse(result["ids"])
            self.assertEqual(result["messages"][0]["field"], "parent_id")
            self.assertIn(f"database id '{missing}'", result["messages"][0]["message"])

    @freeze_time("2026-06-30")
    def test_guest_list_with_the_long_stay_filter(self):
        domain = [
            *self._hotel_filter_domain(GUEST_ACTION, "long_stay"),
            ("is_hotel_guest", "=", True),
        ]
        Partner = self.env["res.partner"].with_user(self.user_front_desk)
        spec = hotel_view_spec(Partner.env, "res.partner", GUEST_LIST, "list")
        counts = []
        for count in (2, 5, 25):
            guests = self._guests(count, prefix=f"Long {count}")
            self.env["hotel.stay"].create(
                [
                    {
                        "partner_id": guest.id,
                        "check_in_date": date(2025, 1, 1),
                        "check_out_date": date(2025, 2, 15),
                        "state": "checked_out",
                    }
                    for guest in guests
                ]
            )
            self.env.flush_all()
            self.env.invalidate_all()
            with self._counting(counts):
                page = Partner.web_search_read(domain, spec, limit=80)
                total = Partner.search_count(domain)
            self.assertEqual(total, page["length"])
            self.assertGreaterEqual(total, count)
        self.assertEqual(counts[1:], [9, 9])

    def _guest_form_counts(self, twin=True, **contact):
        Partner = self.env["res.partner"].with_user(self.user_front_desk)
        spec = hotel_view_spec(Partner.env, "res.partner", GUEST_FORM)
        counts = []
        for count in (3, 10, 100):
            guest = self._guests(1, prefix=f"Regular {count}")
            values = {key: value.format(count=count) for key, value in contact.items()}
            guest.write(values)
            # a possible duplicate, listed on the form
            if values and twin:
                guest.copy({"name": f"Twin {count}", **values})
            self.env["hotel.stay"].create(
                [
                    {
                        "partner_id": guest.id,
                        "room_type_id": self.room_double.id,
                        "check_in_date": date(2020, 1, 1) + timedelta(days=10 * i),
                        "check_out_date": date(2020, 1, 3) + timedelta(days=10 * i),
                        "state": "checked_out",
                    }
                    for i in range(count)
                ]
            )
            self.env.flush_all()
            self.env.invalidate_all()
            with self._counting(counts):
                record = Partner.browse(guest.id).web_read(spec)[0]
            self.assertEqual(record["guest_stay_count"], count)
            self.assertEqual(record["guest_night_count"], 2 * count)
            self.assertEqual(
                record["guest_duplicate_count"], 1 if contact and twin else 0
            )
        return counts[1:]

    def test_guest_form_of_a_regular(self):
        # membership and points add three: the qualifying figures, the levels
        # with their thresholds (one query), the membership history; and the
        # points card; complaints one (the guest's complaints grouped by
        # state); retention one (the guest's row at the hotel)
        self.assertEqual(self._guest_form_counts(), [22, 22])

    def test_guest_form_of_a_regular_with_a_twin(self):
        # the e-mail and phone (blacklists) and the duplicate listed on the
        # form (found with its columns in one query): a few more queries,
        # still not one per stay
        counts = self._guest_form_counts(
            email="regular{count}@example.com", phone="+86 138 0013 8{count:03d}"
        )
        self.assertEqual(counts, [24, 24])

    def test_guest_form_of_a_regular_without_a_twin(self):
        # the blacklists, but no search of twins: the guest file is not
        # flagged as having any
        counts = self._guest_form_counts(
            twin=False,
            email="single{count}@example.com",
            phone="+86 139 0013 9{count:03d}",
        )
        self.assertEqual(counts, [23, 23])

    def _full_file_form_counts(self):
        """The guest form's queries for a guest whose whole file is filled in,
        with 3 and then 12 rows of each list (after a first read with 2 rows,
        which fills Odoo's caches): preferences (allergies among
        them) entered by the front desk, restrictions lifted and one in force, level
        changes, complaints, the hotel's retention row, a level and a points
        card with its balance."""
        Partner = self.env["res.partner"].with_user(self.user_front_desk)
        spec = hotel_view_spec(Partner.env, "res.partner", GUEST_FORM)
        categories = [
            self.env.ref("hotel_crm.preference_category_allergy"),
            self.env.ref("hotel_crm.preference_category_floor"),
            self.env.ref("hotel_crm.preference_category_dietary"),
        ]
        levels = [
            self.env.ref("hotel_crm.membership_level_silver"),
            self.env.ref("hotel_crm.membership_level_gold"),
        ]
        noise = self.env.ref("hotel_crm.hotel_complaint_category_noise")
        counts = []
        for rows in (2, 3, 12):
            guest = self._guests(1, prefix=f"Full file {rows}")
            for i in range(3):
                self._hotel_past_stay(guest, date(2025, 1, 1) + timedelta(30 * i), 2)
            self.env["hotel.guest.preference"].with_user(self.user_front_desk).create(
                [
                    {
                        "partner_id": guest.id,
                        "category_id": categories[i % 3].id,
                        "name": f"Preference {i}",
                    }
                    for i in range(rows)
                ]
            )
            restrictions = self.env["hotel.guest.restriction"].create(
                [
                    {
                        "partner_id": guest.id,
                        "reason": f"Incident {i}",
                        "date_from": date(2020, 1, 1) + timedelta(30 * i),
                    }
                    for i in range(rows)
                ]
            )
            # all lifted but the last one, still in force
            restrictions[:-1].action_lift()
            self.env["hotel.membership.history"].create(
                [
                    {
                        "partner_id": guest.id,
                        "date": date(2024, 1, 1) + timedelta(30 * i),
                        "old_level_id": levels[i % 2].id,
                        "new_level_id": levels[(i + 1) % 2].id,
                        "reason": "manual",
                    }
                    for i in range(rows)
                ]
            )
            guest.sudo().guest_level_id = levels[1]
            Guests = self.env["res.partner"]
            card = guest._hotel_points_card(self.env.company)
            Guests._hotel_points_move(card, 100 * rows, 0, "Welcome points")
            self.env["hotel.complaint"].create(
                [
                    {
                        "partner_id": guest.id,
                        "category_id": noise.id,
                        "description": f"Noise {i}",
                    }
                    for i in range(rows)
                ]
            )
            self.env["hotel.guest.retention"]._hotel_refresh()
            self.env.flush_all()
            self.env.invalidate_all()
            with self._counting(counts):
                record = Partner.browse(guest.id).web_read(spec)[0]
            self.assertEqual(len(record["guest_preference_ids"]), rows)
            self.assertEqual(len(record["guest_restriction_ids"]), rows)
            self.assertEqual(len(record["guest_membership_history_ids"]), rows)
            self.assertEqual(record["guest_complaint_count"], rows)
            self.assertEqual(record["guest_points"], 100 * rows)
            self.assertEqual(record["guest_level_id"]["id"], levels[1].id)
            self.assertEqual(record["guest_stay_count"], 3)
            self.assertTrue(record["guest_segment"])
        return counts[1:]

    def test_guest_form_of_a_full_file(self):
        # six beyond the regular's file: the rows of the preferences and
        # their categories, the rows of the restrictions, the rows of the
        # level changes, the users who entered them and the users' names;
        # not one query per row; and one for the points card, found with its
        # balance in the query that looks for it
        self.assertEqual(self._full_file_form_counts(), [29, 29])
