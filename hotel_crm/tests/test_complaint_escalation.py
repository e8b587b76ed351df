"""Escalation of the complaints past their deadline, at frozen times: each
level once, to the right people, never for a complaint no longer open, and
at a cost that does not grow with the number of complaints."""

from datetime import datetime, timedelta

from freezegun import freeze_time

from odoo.fields import Command
from odoo.tests import new_test_user, tagged

from .common import HotelCrmInvoicingCommon

# the complaints are reported then
T0 = datetime(2026, 3, 2, 8, 0)
MINUTE = timedelta(minutes=1)
LEVEL_ONE = "Escalated to the department manager"
LEVEL_TWO = "Escalated to the Hotel Managers"


@tagged("post_install", "-at_install")
class TestComplaintEscalation(HotelCrmInvoicingCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company = cls.env.company
        cls.user_head = new_test_user(
            cls.env,
            login="hotel_head_housekeeping",
            name="Hugo Head of Housekeeping",
            groups="base.group_user,hotel_crm.group_hotel_user",
        )
        cls.department = cls.env["hotel.department"].create(
            {"name": "Rooms Division", "manager_id": cls.user_head.id}
        )
        cls.category = cls.env["hotel.complaint.category"].create(
            {"name": "Dirty Room", "department_id": cls.department.id}
        )
        cls.guest = cls._hotel_create_guest("Gina Guest")
        cls.escalation = cls.env.ref("hotel_crm.mail_activity_complaint_escalation")
        cls.cron = cls.env.ref("hotel_crm.ir_cron_complaint_escalation")
        # the Hotel Managers of the hotel: the accounting test user (made one
        # by the common class) and the manager
        cls.managers = cls.env.user | cls.user_manager

    def _complaint(self, severity="high", company=None, **vals):
        """A complaint reported at T0 by the front desk."""
        # in superuser mode, as the front desk: the complaint core refuses its
        # own reference to a user's create (see the report of this branch)
        Complaint = self.env["hotel.complaint"].with_user(self.user_front_desk).sudo()
        if company:
            Complaint = Complaint.with_company(company)
        with freeze_time(T0):
            complaint = Complaint.create(
                {
                    "partner_id": self.guest.id,
                    "category_id": self.category.id,
                    "severity": severity,
                    "description": "Hair in the bathtub",
                    **vals,
                }
            )
        return complaint.with_env(self.env)

    def _at(self, when, action, complaints, user=None):
        with freeze_time(when):
            getattr(complaints.with_user(user or self.user_front_desk), action)()

    def _run(self, when):
        """The scheduled action at ``when``, as Odoo runs it."""
        with freeze_time(when):
            self.cron.sudo().method_direct_trigger()
        self._hotel_flush_tracking()

    def _activities(self, complaints):
        return (
            self.env["mail.activity"]
            .sudo()
            .search(
                [
                    ("res_model", "=", "hotel.complaint"),
                    ("res_id", "in", complaints.ids),
                    ("activity_type_id", "=", self.escalation.id),
                ]
            )
        )

    def _notes(self, complaint, text):
        return complaint.message_ids.filtered(lambda m: text in str(m.body or ""))

    def _assert_escalated(self, complaint, level, users, notes):
        """``complaint`` at ``level``, with one activity for each of
        ``users`` and the ``(level one, level two)`` count of notes."""
        self.assertEqual(complaint.escalation_level, level)
        activities = self._activities(complaint)
        self.assertEqual(sorted(activities.user_id.ids), sorted(users.ids))
        self.assertEqual(len(activities), len(users))
        self.assertEqual(
            (
                len(self._notes(complaint, LEVEL_ONE)),
                len(self._notes(complaint, LEVEL_TWO)),
            ),
            notes,
        )

    # ------------------------------------------------------------------
    # The deadlines and the data
    # ------------------------------------------------------------------

    def test_deadlines_and_scheduled_action(self):
        self.assertEqual(
            (self.cron.interval_number, self.cron.interval_type), (15, "minutes")
        )
        self.assertEqual(self.cron.code.strip(), "model._hotel_cron_escalate()")
        expected = {
            "critical": (15, 4),
            "high": (60, 24),
            "medium": (240, 72),
            "low": (1440, 168),
        }
        for severity, (minutes, hours) in expected.items():
            complaint = self._complaint(severity)
            self.assertEqual(complaint.reported_date, T0)
            self.assertEqual(complaint.ack_deadline, T0 + minutes * MINUTE)
            self.assertEqual(complaint.resolve_deadline, T0 + timedelta(hours=hours))
            self.assertEqual(complaint.escalation_level, 0)

    # ------------------------------------------------------------------
    # Level 1
    # ------------------------------------------------------------------

    def test_unacknowledged_goes_to_the_department_manager_once(self):
        complaint = self._complaint("high")
        self._run(T0 + 59 * MINUTE)
        self._assert_escalated(complaint, 0, self.env["res.users"], (0, 0))
        self._run(T0 + 61 * MINUTE)
        self._assert_escalated(complaint, 1, self.user_head, (1, 0))
        activity = self._activities(complaint)
        self.assertEqual(activity.summary, "Complaint not acknowledged in time")
        self.assertEqual(activity.date_deadline, (T0 + 61 * MINUTE).date())
        # every later run before the resolution deadline changes nothing
        for hours in (2, 12, 23):
            self._run(T0 + timedelta(hours=hours))
            self._assert_escalated(complaint, 1, self.user_head, (1, 0))
        tracked = complaint.message_ids.tracking_value_ids.filtered(
            lambda v: v.field_id.name == "escalation_level"
        )
        self.assertEqual(len(tracked), 1)

    def test_unacknowledged_then_unresolved_reaches_each_level_once(self):
        complaint = self._complaint("high")
        self._run(T0 + 2 * 60 * MINUTE)
        self._assert_escalated(complaint, 1, self.user_head, (1, 0))
        # acknowledged late, still not resolved a day after the report
        self._at(T0 + 3 * 60 * MINUTE, "action_acknowledge", complaint)
        for when in (T0 + timedelta(hours=25), T0 + timedelta(hours=26)):
            self._run(when)
            self._assert_escalated(complaint, 2, self.user_head | self.managers, (1, 1))

    def test_exactly_at_the_deadline_is_not_late(self):
        unacknowledged = self._complaint("critical")
        unresolved = self._complaint("critical")
        self._at(T0 + MINUTE, "action_start", unresolved)
        both = unacknowledged | unresolved
        self._run(unacknowledged.ack_deadline)
        self.assertEqual(both.mapped("escalation_level"), [0, 0])
        self._run(unacknowledged.ack_deadline + timedelta(seconds=1))
        self.assertEqual(both.mapped("escalation_level"), [1, 0])
        self._run(unresolved.resolve_deadline)
        self.assertEqual(both.mapped("escalation_level"), [1, 0])
        self._run(unresolved.resolve_deadline + timedelta(seconds=1))
        self.assertEqual(both.mapped("escalation_level"), [2, 2])
        self._assert_escalated(
            unacknowledged, 2, self.user_head | self.managers, (1, 1)
        )
        self._assert_escalated(unresolved, 2, self.managers, (0, 1))

    # ------------------------------------------------------------------
    # Level 2
    # ------------------------------------------------------------------

    def test_unresolved_goes_to_the_managers_of_its_hotel(self):
        two = self.setup_other_company(name="Hotel Two")["company"]
        manager_two = new_test_user(
            self.env,
            login="hotel_manager_two",
            name="Mona Manager Two",
            groups="base.group_user,hotel_crm.group_hotel_manager",
            company_id=two.id,
            company_ids=[Command.set(two.ids)],
        )
        # a manager of another hotel, and people who are no Hotel Managers
        self.assertNotIn(manager_two, self.managers)
        here = self._complaint("high")
        there = self._complaint("high", company=two, user_id=manager_two.id)
        self.assertEqual(there.company_id, two)
        self._at(T0 + 30 * MINUTE, "action_acknowledge", here)
        self._at(T0 + 30 * MINUTE, "action_acknowledge", there, self.env.user)
        # never acknowledged: the department manager does not work at Hotel Two
        silent = self._complaint("high", company=two, user_id=manager_two.id)
        self._run(T0 + 2 * 60 * MINUTE)
        self._assert_escalated(silent, 1, self.env["res.users"], (1, 0))
        self._run(T0 + timedelta(hours=23))
        self.assertEqual((here | there).mapped("escalation_level"), [0, 0])
        for hours in (25, 30):
            self._run(T0 + timedelta(hours=hours))
            self._assert_escalated(here, 2, self.managers, (0, 1))
            # the accounting test user works at both hotels
            self._assert_escalated(there, 2, self.env.user | manager_two, (0, 1))
        activity = self._activities(here)[0]
        self.assertEqual(activity.summary, "Complaint not resolved in time")
        root = self.env.ref("base.user_root")
        self.assertTrue(root.has_group("hotel_crm.group_hotel_manager"))
        self.assertNotIn(root, self._activities(here | there).user_id)

    def test_late_for_both_deadlines_goes_to_level_two_at_once(self):
        complaint = self._complaint("critical")
        started = self._complaint("critical")
        self._at(T0 + 10 * MINUTE, "action_start", started)
        for hours in (5, 6):
            self._run(T0 + timedelta(hours=hours))
            # nobody was told yet: the department manager too
            self._assert_escalated(complaint, 2, self.user_head | self.managers, (0, 1))
            self._assert_escalated(started, 2, self.managers, (0, 1))
        summaries = sorted(self._activities(complaint).mapped("summary"))
        self.assertEqual(
            summaries,
            ["Complaint not acknowledged in time"]
            + ["Complaint not resolved in time"] * 2,
        )

    def test_department_without_manager_still_escalates(self):
        self.department.manager_id = False
        complaint = self._complaint("critical")
        self._run(T0 + 20 * MINUTE)
        self._assert_escalated(complaint, 1, self.env["res.users"], (1, 0))
        self._run(T0 + timedelta(hours=5))
        self._assert_escalated(complaint, 2, self.managers, (1, 1))

    # ------------------------------------------------------------------
    # Complaints no longer open
    # ------------------------------------------------------------------

    def test_resolved_closed_cancelled_are_never_escalated(self):
        resolved = self._complaint("critical", resolution="Room cleaned again")
        closed = self._complaint("critical", resolution="Room changed")
        cancelled = self._complaint("critical")
        open_one = self._complaint("critical")
        self._at(T0 + MINUTE, "action_resolve", resolved | closed)
        self._at(T0 + 2 * MINUTE, "action_close", closed)
        self._at(T0 + MINUTE, "action_cancel", cancelled, self.user_manager)
        self.assertEqual(
            (resolved | closed | cancelled).mapped("state"),
            ["resolved", "closed", "cancelled"],
        )
        done = resolved | closed | cancelled
        for days in (1, 30):
            self._run(T0 + timedelta(days=days))
            self.assertEqual(done.mapped("escalation_level"), [0, 0, 0])
            self.assertFalse(self._activities(done))
            self.assertFalse(
                done.message_ids.filtered(
                    lambda m: LEVEL_ONE in str(m.body) or LEVEL_TWO in str(m.body)
                )
            )
        self._assert_escalated(open_one, 2, self.user_head | self.managers, (0, 1))

    # ------------------------------------------------------------------
    # Cost
    # ------------------------------------------------------------------

    def _overdue(self, size, company, owner):
        """``size`` complaints of ``company`` reported at T0, all late at
        T0 + 30 hours, each for one person: half acknowledged in time but
        unresolved (high: level 2, for the hotel's one Hotel Manager), half
        never acknowledged (low: level 1, for the department manager). One
        activity, one note and one tracking value each: Odoo inserts at most
        100 rows per query, and 100 complaints stay within one."""
        with freeze_time(T0):
            complaints = (
                self.env["hotel.complaint"]
                .sudo()
                .with_company(company)
                .create(
                    [
                        {
                            "partner_id": self.guest.id,
                            "category_id": self.category.id,
                            "company_id": company.id,
                            "user_id": owner.id,
                            "severity": ("high", "low")[index % 2],
                            "description": f"Complaint {index}",
                        }
                        for index in range(size)
                    ]
                )
            )
            complaints.filtered(lambda c: c.severity == "high").action_acknowledge()
        self._hotel_flush_tracking()
        return complaints

    def test_cost_does_not_grow_with_the_complaints(self):
        # a hotel with one Hotel Manager (Odoo gives a new company to its
        # creator: not this one)
        three = self.env["res.company"].create({"name": "Hotel Three"})
        self.env.user.company_ids = [Command.unlink(three.id)]
        self.user_head.company_ids = [Command.link(three.id)]
        manager = new_test_user(
            self.env,
            login="hotel_manager_three",
            name="Tina Manager Three",
            groups="base.group_user,hotel_crm.group_hotel_manager",
            company_id=three.id,
            company_ids=[Command.set(three.ids)],
        )
        when = T0 + timedelta(hours=30)
        Complaint = self.env["hotel.complaint"].sudo()
        self._overdue(4, three, manager)
        with freeze_time(when):
            Complaint._hotel_cron_escalate()  # warm-up
        self._hotel_flush_tracking()
        for size in (10, 100):
            complaints = self._overdue(size, three, manager)
            self.env.invalidate_all()
            self.env.flush_all()
            self.env.cr.flush()
            count0 = self.cr.sql_log_count
            with freeze_time(when), self.assertQueryCount(35):
                done = Complaint._hotel_cron_escalate()
            # exactly: assertQueryCount lets fewer queries pass
            self.assertEqual(self.cr.sql_log_count - count0, 35)
            self._hotel_flush_tracking()
            self.assertEqual(done, size)
            high = complaints.filtered(lambda c: c.severity == "high")
            low = complaints - high
            self.assertEqual(set(high.mapped("escalation_level")), {2})
            self.assertEqual(set(low.mapped("escalation_level")), {1})
            self.assertEqual(self._activities(high).user_id, manager)
            self.assertEqual(self._activities(low).user_id, self.user_head)
            self.assertEqual(len(self._activities(complaints)), size)
            for complaint in complaints[:: size // 5]:
                high_one = complaint in high
                self._assert_escalated(
                    complaint,
                    2 if high_one else 1,
                    manager if high_one else self.user_head,
                    (0, 1) if high_one else (1, 0),
                )
