"""Reporting: the stays, membership and guest value analyses with exact
figures for a known set of stays, level changes and retention rows in two
hotels, and who sees which analysis (menus and access rights per role)."""

from datetime import date

from freezegun import freeze_time

from odoo.exceptions import AccessError
from odoo.fields import Command
from odoo.models import BaseModel
from odoo.tests import new_test_user, tagged

from .test_multi_company import HotelMultiCompanyCommon

RELATIONS = "base.group_user,hotel_crm.group_hotel_relations"
MANAGER = "base.group_user,hotel_crm.group_hotel_manager"
MEASURES = ["revenue:sum", "nights:sum", "average_rate:avg", "stay_count:sum"]


class HotelReportingCommon(HotelMultiCompanyCommon):
    """Hotel Alpha: Frank (French, Gold at Alpha, a champion there) and Greta
    (German, no level, a new guest); Hotel Bravo: Frank again (Silver there,
    lost there) and Hugo. Stays of January and February 2025, one booked and
    one cancelled besides."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.suite = cls.env["hotel.room.type"].create(
            {"name": "Suite", "code": "STE", "default_rate": 300.0}
        )
        cls.gold = cls.env.ref("hotel_crm.membership_level_gold")
        cls.silver = cls.env.ref("hotel_crm.membership_level_silver")
        cls.france = cls.env.ref("base.fr")
        cls.germany = cls.env.ref("base.de")
        cls.frank = cls._hotel_create_guest(
            "Frank Report", guest_nationality_id=cls.france.id
        )
        cls.greta = cls._hotel_create_guest(
            "Greta Report", guest_nationality_id=cls.germany.id
        )
        cls.hugo = cls._hotel_create_guest("Hugo Report")
        cls.frank.with_company(cls.company_a).sudo().guest_level_id = cls.gold
        cls.frank.with_company(cls.company_b).sudo().guest_level_id = cls.silver

        a, b = cls.company_a, cls.company_b
        cls.s1 = cls._report_stay(a, cls.frank, date(2025, 1, 5), 2, 200.0)
        cls.s2 = cls._report_stay(a, cls.greta, date(2025, 1, 10), 3, 330.0)
        cls.s3 = cls._report_stay(
            a, cls.frank, date(2025, 1, 20), 1, 300.0, room=cls.suite
        )
        cls.s4 = cls._report_stay(
            a, cls.greta, date(2025, 2, 3), 4, 400.0, "checked_in", room=cls.suite
        )
        cls.s5 = cls._report_stay(a, cls.frank, date(2025, 2, 10), 2, 0.0, "booked")
        cls.s6 = cls._report_stay(a, cls.greta, date(2025, 3, 1), 2, 150.0, "cancelled")
        cls.b1 = cls._report_stay(b, cls.frank, date(2025, 1, 12), 2, 100.0)
        cls.b2 = cls._report_stay(b, cls.hugo, date(2025, 1, 12), 1, 50.0)

        Retention = cls.env["hotel.guest.retention"].sudo()
        cls.ivan = cls._hotel_create_guest("Ivan Lapsed")

        def retention(guest, company, segment, churn, revenue, stays, nights, **vals):
            return Retention.create(
                {
                    "partner_id": guest.id,
                    "company_id": company.id,
                    "segment": segment,
                    "churn_risk": churn,
                    "revenue": revenue,
                    "stay_count": stays,
                    "night_count": nights,
                    **vals,
                }
            )

        retention(cls.frank, a, "champions", "low", 800.0, 4, 9)
        retention(cls.greta, a, "new", "high", 730.0, 2, 7)
        retention(cls.ivan, a, "lost", "high", 100.0, 1, 1, is_lapsed=True)
        retention(cls.frank, b, "lost", "medium", 100.0, 1, 2)
        retention(cls.hugo, b, "champions", "low", 5000.0, 12, 30)

        def user(login, groups, *companies):
            return new_test_user(
                cls.env,
                login=login,
                groups=groups,
                company_id=companies[0].id,
                company_ids=[Command.set([c.id for c in companies])],
            )

        cls.manager_a = user("rep_manager_a", MANAGER, a)
        cls.relations_a = user("rep_relations_a", RELATIONS, a)

    @classmethod
    def _report_stay(
        cls, company, guest, start, nights, charge, state="checked_out", room=None
    ):
        """A stay as the history import writes it, with one untaxed charge."""
        stay = cls._stay(
            guest=guest,
            start=start,
            nights=nights,
            company_id=company.id,
            room_type_id=(room or cls.rooms[company]).id,
        )
        if charge:
            cls.env["hotel.stay.line"].create(
                {
                    "stay_id": stay.id,
                    "product_id": cls.product_fb.id,
                    "price_unit": charge,
                    "tax_ids": [Command.clear()],
                }
            )
        stay.sudo().write({"state": state})
        return stay


@tagged("post_install", "-at_install")
class TestStaysAnalysis(HotelReportingCommon):
    def _analysis(self, user, groupby, domain=None):
        """The figures of the Stays Analysis as its pivot reads them, with the
        action's default filter (the stays that took place)."""
        if domain is None:
            domain = self._hotel_filter_domain(
                "hotel_crm.hotel_stay_report_action", "took_place"
            )
        Report = self.env["hotel.stay.report"].with_user(user)
        return {
            tuple(
                value.name or False if isinstance(value, BaseModel) else value
                for value in row[: len(groupby)]
            ): tuple(
                round(v, 2) if isinstance(v, float) else v for v in row[len(groupby) :]
            )
            for row in Report._read_group(domain, groupby, MEASURES)
        }

    def test_the_action_opens_the_pivot_by_month_and_room_type(self):
        action = self.env.ref("hotel_crm.hotel_stay_report_action")
        self.assertEqual(action.view_mode, "pivot,graph,list")
        self.assertIn("search_default_took_place", action.context)
        arch = self.env["hotel.stay.report"].get_views([(False, "pivot")])["views"][
            "pivot"
        ]["arch"]
        self.assertIn('name="date" interval="month" type="row"', arch)
        self.assertIn('name="room_type_id" type="col"', arch)

    def test_revenue_nights_and_count_by_month_and_room_type(self):
        """Revenue, room nights, the true average rate (revenue per night,
        not the mean of the stays' rates) and the stays, of Hotel Alpha only
        for its manager; the booked and the cancelled stays left out."""
        self.assertEqual(
            self._analysis(self.manager_a, ["date:month", "room_type_id"]),
            {
                # 530 over 5 nights: 106, where the mean of 100 and 110 is 105
                (date(2025, 1, 1), "Double"): (530.0, 5, 106.0, 2),
                (date(2025, 1, 1), "Suite"): (300.0, 1, 300.0, 1),
                (date(2025, 2, 1), "Suite"): (400.0, 4, 100.0, 1),
            },
        )
        self.assertEqual(
            self._analysis(self.manager_a, []), {(): (1230.0, 10, 123.0, 4)}
        )

    def test_the_pivot_reads_the_weighted_average(self):
        """The web client's read_group gets the same weighted average."""
        groups = (
            self.env["hotel.stay.report"]
            .with_user(self.manager_a)
            .read_group(
                [("state", "in", ("checked_in", "checked_out"))],
                ["revenue", "nights", "average_rate"],
                ["room_type_id"],
            )
        )
        self.assertEqual(
            {
                g["room_type_id"][1]: (g["revenue"], g["nights"], g["average_rate"])
                for g in groups
            },
            {"[DBL] Double": (530.0, 5, 106.0), "[STE] Suite": (700.0, 5, 140.0)},
        )

    def test_each_row_is_one_stay_in_the_hotel_currency(self):
        row = self.env["hotel.stay.report"].search([("stay_id", "=", self.s2.id)])
        self.assertEqual(row.revenue, 330.0)
        self.assertEqual(row.nights, 3)
        self.assertEqual(row.average_rate, 110.0)
        self.assertEqual(row.currency_id, self.company_a.currency_id)
        row_b = self.env["hotel.stay.report"].search([("stay_id", "=", self.b1.id)])
        self.assertEqual(row_b.currency_id, self.company_b.currency_id)
        self.assertNotEqual(row_b.currency_id, row.currency_id)

    def test_booked_and_cancelled_stays(self):
        booked = self._hotel_filter_domain(
            "hotel_crm.hotel_stay_report_action", "booked"
        )
        Report = self.env["hotel.stay.report"].with_user(self.manager_a)
        self.assertEqual(Report.search(booked).stay_id, self.s5)
        self.assertFalse(Report.search([("stay_id", "=", self.s6.id)]))

    def test_the_second_hotel_is_never_seen_from_the_first(self):
        Report = self.env["hotel.stay.report"]
        self.assertEqual(
            Report.with_user(self.manager_a).search([]).stay_id,
            self.s1 | self.s2 | self.s3 | self.s4 | self.s5,
        )
        self.assertFalse(
            Report.with_user(self.manager_a).search(
                [("company_id", "=", self.company_b.id)]
            )
        )
        # a manager of both hotels sees Hotel Bravo's in its own currency
        both = self._analysis(self.manager_ab, ["company_id"])
        self.assertEqual(both[("Hotel Bravo Harbour",)], (150.0, 3, 50.0, 2))
        self.assertEqual(both[("Hotel Alpha Lakeside",)], (1230.0, 10, 123.0, 4))

    def test_by_level_at_the_stay_hotel(self):
        """Frank is Gold at Alpha and Silver at Bravo: each stay shows his level
        at its own hotel."""
        self.assertEqual(
            self._analysis(self.manager_a, ["level_id"]),
            {("Gold",): (500.0, 3, 166.67, 2), (False,): (730.0, 7, 104.29, 2)},
        )
        self.assertEqual(
            self._analysis(self.manager_ab, ["company_id", "level_id"])[
                ("Hotel Bravo Harbour", "Silver")
            ],
            (100.0, 2, 50.0, 1),
        )

    def test_by_segment_and_nationality(self):
        self.assertEqual(
            self._analysis(self.manager_a, ["segment"]),
            {("champions",): (500.0, 3, 166.67, 2), ("new",): (730.0, 7, 104.29, 2)},
        )
        self.assertEqual(
            self._analysis(self.manager_a, ["nationality_id"]),
            {("France",): (500.0, 3, 166.67, 2), ("Germany",): (730.0, 7, 104.29, 2)},
        )
        self.assertEqual(
            self._analysis(self.manager_ab, ["company_id", "segment"])[
                ("Hotel Bravo Harbour", "lost")
            ],
            (100.0, 2, 50.0, 1),
        )

    def test_by_channel(self):
        self.s2.sudo().channel = "ota"
        self.assertEqual(
            self._analysis(self.manager_a, ["channel"]),
            {("walk_in",): (900.0, 7, 128.57, 3), ("ota",): (330.0, 3, 110.0, 1)},
        )

    def test_the_search_view_groups_by_what_is_asked(self):
        arch = self.env["hotel.stay.report"].get_views([(False, "search")])["views"][
            "search"
        ]["arch"]
        for group_by in (
            "date:month",
            "level_id",
            "segment",
            "channel",
            "room_type_id",
            "nationality_id",
        ):
            self.assertIn(f"'group_by': '{group_by}'", arch)

    def test_the_analysis_cannot_be_written(self):
        row = self.env["hotel.stay.report"].with_user(self.manager_a).search([])[0]
        with self.assertRaises(AccessError):
            row.write({"revenue": 1.0})
        with self.assertRaises(AccessError):
            row.unlink()


@tagged("post_install", "-at_install")
class TestMembershipAnalysis(HotelReportingCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        History = cls.env["hotel.membership.history"].sudo()

        def change(guest, company, day, old, new, reason="qualified"):
            return History.create(
                {
                    "partner_id": guest.id,
                    "company_id": company.id,
                    "date": day,
                    "old_level_id": old.id,
                    "new_level_id": new.id,
                    "reason": reason,
                }
            )

        no = cls.env["hotel.membership.level"]
        a, b = cls.company_a, cls.company_b
        change(cls.frank, a, date(2024, 1, 15), no, cls.silver)
        change(cls.frank, a, date(2024, 3, 10), cls.silver, cls.gold)
        change(cls.frank, a, date(2024, 5, 20), cls.gold, no, "expired")
        # two changes on one day: the later one holds
        change(cls.greta, a, date(2024, 2, 1), no, cls.silver)
        change(cls.greta, a, date(2024, 2, 1), cls.silver, cls.gold)
        change(cls.hugo, b, date(2024, 1, 10), no, cls.silver)
        # not yet on the day of the analysis
        change(cls.hugo, a, date(2024, 7, 1), no, cls.gold)

    def _members(self, user):
        with freeze_time("2024-06-15 12:00:00"):
            rows = (
                self.env["hotel.membership.report"]
                .with_user(user)
                ._read_group([], ["date:month", "level_id"], ["member_count:sum"])
            )
        return {
            (month.strftime("%Y-%m"), level.name): members
            for month, level, members in rows
        }

    def test_members_per_level_at_each_month_end(self):
        self.assertEqual(
            self._members(self.relations_a),
            {
                ("2024-01", "Silver"): 1,
                ("2024-02", "Silver"): 1,
                ("2024-02", "Gold"): 1,
                ("2024-03", "Gold"): 2,
                ("2024-04", "Gold"): 2,
                # Frank's Gold ended on 20 May
                ("2024-05", "Gold"): 1,
                # the current month: the members of today
                ("2024-06", "Gold"): 1,
            },
        )

    def test_the_current_month_is_dated_today(self):
        with freeze_time("2024-06-15 12:00:00"):
            rows = (
                self.env["hotel.membership.report"]
                .with_user(self.manager_a)
                .search([("date", ">=", date(2024, 6, 1))])
            )
            self.assertEqual(rows.mapped("date"), [date(2024, 6, 15)])
            self.assertEqual(rows.partner_id, self.greta)

    def test_each_hotel_counts_its_own_members(self):
        self.assertEqual(
            self._members(self.manager_ab)[("2024-01", "Silver")],
            2,  # Frank at Alpha, Hugo at Bravo
        )
        with freeze_time("2024-06-15 12:00:00"):
            self.assertFalse(
                self.env["hotel.membership.report"]
                .with_user(self.manager_a)
                .search([("partner_id", "=", self.hugo.id)])
            )


@tagged("post_install", "-at_install")
class TestGuestValueAnalysis(HotelReportingCommon):
    def _by_segment(self, user, domain=()):
        rows = (
            self.env["hotel.guest.retention"]
            .with_user(user)
            ._read_group(
                list(domain),
                ["segment"],
                ["revenue:sum", "stay_count:sum", "night_count:sum", "__count"],
            )
        )
        return {row[0]: row[1:] for row in rows}

    def test_value_by_segment(self):
        self.assertEqual(
            self._by_segment(self.manager_a),
            {
                "champions": (800.0, 4, 9, 1),
                "new": (730.0, 2, 7, 1),
                "lost": (100.0, 1, 1, 1),
            },
        )
        both = self._by_segment(self.manager_ab)
        self.assertEqual(both["champions"], (5800.0, 16, 39, 2))
        self.assertEqual(both["lost"], (200.0, 2, 3, 2))

    def test_lapsed_and_high_churn_filters(self):
        action = "hotel_crm.hotel_guest_retention_action_value"
        Retention = self.env["hotel.guest.retention"].with_user(self.manager_a)
        lapsed = Retention.search(self._hotel_filter_domain(action, "lapsed"))
        self.assertEqual(lapsed.partner_id, self.ivan)
        high = Retention.search(self._hotel_filter_domain(action, "churn_high"))
        self.assertEqual(high.partner_id, self.greta | self.ivan)
        self.assertEqual(
            self._by_segment(
                self.manager_a, self._hotel_filter_domain(action, "churn_high")
            ),
            {"new": (730.0, 2, 7, 1), "lost": (100.0, 1, 1, 1)},
        )

    def test_the_action_shows_its_own_views(self):
        action = self.env.ref("hotel_crm.hotel_guest_retention_action_value")
        self.assertEqual(
            action.view_ids.mapped("view_id"),
            self.env.ref("hotel_crm.hotel_guest_retention_view_pivot")
            | self.env.ref("hotel_crm.hotel_guest_retention_view_graph")
            | self.env.ref("hotel_crm.hotel_guest_retention_view_list"),
        )


@tagged("post_install", "-at_install")
class TestReportingAccess(HotelReportingCommon):
    MENUS = (
        "hotel_crm_menu_reporting",
        "hotel_stay_report_menu",
        "hotel_complaint_menu_analysis",
        "hotel_membership_report_menu",
        "hotel_guest_retention_menu_value",
    )

    def _visible(self, user):
        visible = self.env["ir.ui.menu"].with_user(user)._visible_menu_ids()
        return {
            name
            for name in self.MENUS
            if self.env.ref(f"hotel_crm.{name}").id in visible
        }

    def test_reporting_sits_between_complaints_and_configuration(self):
        reporting = self.env.ref("hotel_crm.hotel_crm_menu_reporting")
        self.assertEqual(
            reporting.parent_id, self.env.ref("hotel_crm.hotel_crm_menu_root")
        )
        self.assertLess(
            self.env.ref("hotel_crm.hotel_crm_menu_complaints").sequence,
            reporting.sequence,
        )
        self.assertLess(
            reporting.sequence,
            self.env.ref("hotel_crm.hotel_crm_menu_configuration").sequence,
        )
        self.assertEqual(
            reporting.child_id.mapped("name"),
            [
                "Stays Analysis",
                "Complaints Analysis",
                "Membership Analysis",
                "Guest Value by Segment",
            ],
        )

    def test_the_complaints_analysis_has_one_place(self):
        analysis = self.env.ref("hotel_crm.hotel_complaint_action_analysis")
        menus = self.env["ir.ui.menu"].search(
            [("action", "=", f"ir.actions.act_window,{analysis.id}")]
        )
        self.assertEqual(menus, self.env.ref("hotel_crm.hotel_complaint_menu_analysis"))
        self.assertEqual(
            menus.parent_id, self.env.ref("hotel_crm.hotel_crm_menu_reporting")
        )

    def test_menus_per_role(self):
        everything = set(self.MENUS)
        self.assertEqual(self._visible(self.user_manager), everything)
        self.assertEqual(
            self._visible(self.user_relations),
            {
                "hotel_crm_menu_reporting",
                "hotel_complaint_menu_analysis",
                "hotel_membership_report_menu",
            },
        )
        for user in (self.user_front_desk, self.user_accountant, self.user_internal):
            self.assertEqual(self._visible(user), set(), user.name)

    def test_every_visible_analysis_can_be_read(self):
        """What a menu shows, its user may read; what it hides, the access
        rights refuse too (the figures of revenue and value for managers)."""
        for user in (
            self.user_front_desk,
            self.user_relations,
            self.user_manager,
            self.user_accountant,
            self.user_internal,
        ):
            visible = self._visible(user)
            for name in self.MENUS[1:]:
                action = self.env.ref(f"hotel_crm.{name}").action
                Model = self.env[action.res_model].with_user(user)
                if name in visible:
                    Model.read_group([], ["__count"], [])
                elif action.res_model in (
                    "hotel.stay.report",
                    "hotel.membership.report",
                ):
                    with self.assertRaises(AccessError, msg=f"{user.name} {name}"):
                        Model.read_group([], ["__count"], [])

    def test_outsiders_read_no_analysis(self):
        for user in (self.user_accountant, self.user_internal):
            for model in (
                "hotel.stay.report",
                "hotel.membership.report",
                "hotel.guest.retention",
            ):
                with self.assertRaises(AccessError, msg=f"{user.name} {model}"):
                    self.env[model].with_user(user).search([])
