from datetime import datetime, timedelta

import psycopg2
from freezegun import freeze_time

from odoo.exceptions import UserError, ValidationError
from odoo.tests import Form, tagged
from odoo.tools import mute_logger

from .test_stays import HotelStayCommon

# a Monday morning, in UTC as the database stores it
T0 = datetime(2026, 3, 2, 9, 0, 0)
PROTECTED = "These fields are set by Hotel CRM itself and cannot be written directly"
OPEN_ALERT = "Open complaint: this guest is waiting for an answer."
PREVIOUS_ALERT = "Previous complaint: this guest complained in the last 90 days."
SOFT_RELOAD = {"type": "ir.actions.client", "tag": "soft_reload"}
STEPS = ("acknowledged", "in_progress", "resolved", "closed", "cancelled")


def at(hours=0, minutes=0, seconds=0, days=0):
    return T0 + timedelta(days=days, hours=hours, minutes=minutes, seconds=seconds)


class ComplaintCommon(HotelStayCommon):
    """Complaints at given times, and what the tests read of them."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Complaint = cls.env["hotel.complaint"]
        cls.noise = cls.env.ref("hotel_crm.hotel_complaint_category_noise")
        cls.cleanliness = cls.env.ref("hotel_crm.hotel_complaint_category_cleanliness")
        cls.front_office = cls.env.ref("hotel_crm.hotel_department_front_office")
        cls.housekeeping = cls.env.ref("hotel_crm.hotel_department_housekeeping")
        cls.guest_no_mail = cls._hotel_create_guest("Nora No Mail")

    def _vals(self, guest=None, **vals):
        return {
            "partner_id": (guest or self.guest).id,
            "category_id": self.noise.id,
            "description": "A loud party in the next room until 3 am.",
            **vals,
        }

    def _complaint(self, user=None, when=T0, guest=None, model=None, **vals):
        Complaint = self.Complaint if model is None else model
        Complaint = Complaint.with_user(user) if user else Complaint
        with freeze_time(when):
            return Complaint.create(self._vals(guest, **vals))

    def _run(self, complaint, action, when, user=None):
        with freeze_time(when):
            return getattr(complaint.with_user(user or self.env.user), action)()

    def _resolved(self, when=T0, guest=None, **vals):
        complaint = self._complaint(when=when, guest=guest, **vals)
        complaint.resolution = "Moved the guest to a quiet room."
        self._run(complaint, "action_resolve", when + timedelta(hours=1))
        return complaint

    def _overdue(self, complaint, when):
        with freeze_time(when):
            complaint.invalidate_recordset(["is_overdue"])
            return complaint.is_overdue

    def _notes(self, complaint, text):
        return complaint.message_ids.filtered(lambda m: text in (m.body or ""))

    def _deadlines(self, complaint):
        return (complaint.ack_deadline, complaint.resolve_deadline)

    def _dates(self, complaint):
        return tuple(complaint[f"{step}_date"] for step in STEPS)


@tagged("post_install", "-at_install")
class TestComplaints(ComplaintCommon):
    """Deadlines, the process and its dates, satisfaction, bad input."""

    # 1. deadlines

    def test_deadlines_of_each_severity(self):
        expected = {
            "critical": (at(minutes=15), at(hours=4)),
            "high": (at(hours=1), at(days=1)),
            "medium": (at(hours=4), at(days=3)),
            "low": (at(days=1), at(days=7)),
        }
        for severity, deadlines in expected.items():
            with self.subTest(severity=severity):
                complaint = self._complaint(severity=severity)
                self.assertEqual(complaint.reported_date, T0)
                self.assertEqual(self._deadlines(complaint), deadlines)

    def test_severity_change_recomputes_from_the_report(self):
        complaint = self._complaint(user=self.user_front_desk, severity="medium")
        with freeze_time(at(hours=2)):
            complaint.with_user(self.user_front_desk).severity = "critical"
        self.assertEqual(complaint.reported_date, T0)
        self.assertEqual(self._deadlines(complaint), (at(minutes=15), at(hours=4)))
        with freeze_time(at(hours=3)):
            complaint.with_user(self.user_front_desk).severity = "low"
        self.assertEqual(self._deadlines(complaint), (at(days=1), at(days=7)))

    def test_second_company_has_its_own_sla(self):
        other = self.setup_other_company(name="Hotel Two")["company"]
        other.write(
            {"hotel_sla_high_ack_minutes": 30, "hotel_sla_high_resolve_hours": 8}
        )
        there = self._complaint(
            model=self.Complaint.with_company(other), severity="high"
        )
        here = self._complaint(severity="high")
        self.assertEqual(there.company_id, other)
        self.assertEqual(self._deadlines(there), (at(minutes=30), at(hours=8)))
        self.assertEqual(self._deadlines(here), (at(hours=1), at(days=1)))

    # 2. overdue

    def test_overdue_on_both_sides_of_each_deadline(self):
        complaint = self._complaint(severity="critical")
        self.assertFalse(self._overdue(complaint, at(minutes=14, seconds=59)))
        self.assertFalse(self._overdue(complaint, at(minutes=15)))
        self.assertTrue(self._overdue(complaint, at(minutes=15, seconds=1)))
        self._run(complaint, "action_acknowledge", at(minutes=20))
        self.assertEqual(complaint.state, "acknowledged")
        # acknowledged late, but before the resolution deadline
        self.assertFalse(self._overdue(complaint, at(minutes=20)))
        self.assertFalse(self._overdue(complaint, at(hours=3, minutes=59, seconds=59)))
        self.assertTrue(self._overdue(complaint, at(hours=4, seconds=1)))
        self._run(complaint, "action_start", at(hours=4, minutes=30))
        self.assertTrue(self._overdue(complaint, at(hours=4, minutes=30)))
        complaint.resolution = "New mattress."
        self._run(complaint, "action_resolve", at(hours=5))
        self.assertFalse(self._overdue(complaint, at(hours=5)))

    def test_search_overdue_and_the_overdue_filter(self):
        late = self._complaint(severity="critical")
        acknowledged = self._complaint(severity="critical")
        self._run(acknowledged, "action_acknowledge", at(minutes=5))
        medium = self._complaint(severity="medium")
        cancelled = self._complaint(severity="critical")
        self._run(cancelled, "action_cancel", at(minutes=5))
        resolved = self._resolved(severity="critical")
        mine = late | acknowledged | medium | cancelled | resolved
        action = "hotel_crm.hotel_complaint_action"
        with freeze_time(at(minutes=20)):
            for operator, value, expected in (
                ("=", True, late),
                ("!=", True, mine - late),
                ("=", False, mine - late),
                ("!=", False, late),
            ):
                domain = [("is_overdue", operator, value)]
                self.assertEqual(self.Complaint.search(domain) & mine, expected)
            found = self._hotel_search_filter(action, "overdue")
            self.assertEqual(found & mine, late)
            self.assertTrue(all(found.mapped("is_overdue")))
        with freeze_time(at(days=1)):
            # past the resolution deadline: the acknowledged one too, and the
            # medium one past its acknowledgement deadline
            overdue = late | acknowledged | medium
            self.assertEqual(
                self._hotel_search_filter(action, "overdue") & mine, overdue
            )
            self.assertEqual(
                self.Complaint.search([("is_overdue", "=", True)]) & mine, overdue
            )

    # 3. the process

    def test_whole_flow_with_the_date_of_each_step(self):
        desk = self.user_front_desk
        complaint = self._complaint(user=desk, severity="high")
        self.assertEqual(
            (complaint.state, complaint.user_id, complaint.department_id),
            ("new", desk, self.front_office),
        )
        self._run(complaint, "action_acknowledge", at(minutes=20), desk)
        self._run(complaint, "action_start", at(hours=1), desk)
        complaint.with_user(desk).write(
            {"resolution": "Moved to a quiet room.", "is_founded": True}
        )
        self._run(complaint, "action_resolve", at(hours=3, minutes=30), desk)
        self.assertEqual(
            (complaint.state, complaint.hours_to_resolve), ("resolved", 3.5)
        )
        self._run(complaint, "action_close", at(hours=5), desk)
        self.assertEqual(complaint.state, "closed")
        acknowledged, started = at(minutes=20), at(hours=1)
        self.assertEqual(
            self._dates(complaint),
            (acknowledged, started, at(hours=3, minutes=30), at(hours=5), False),
        )
        # reopened from closed
        self._run(complaint, "action_reopen", at(hours=6), desk)
        self.assertEqual(
            (complaint.state, complaint.reopen_count, complaint.hours_to_resolve),
            ("in_progress", 1, 0.0),
        )
        self.assertEqual(
            self._dates(complaint), (acknowledged, started, False, False, False)
        )
        self._run(complaint, "action_resolve", at(hours=7, minutes=6), desk)
        self.assertEqual(
            (complaint.resolved_date, complaint.hours_to_resolve),
            (at(hours=7, minutes=6), 7.1),
        )
        # reopened from resolved
        self._run(complaint, "action_reopen", at(hours=8), desk)
        self.assertEqual((complaint.state, complaint.reopen_count), ("in_progress", 2))
        self._run(complaint, "action_resolve", at(days=2), desk)
        self.assertEqual(complaint.hours_to_resolve, 48.0)
        self.assertEqual(
            len(self._notes(complaint, "Reopened for a second handling.")), 2
        )

    def test_recorded_through_the_form(self):
        with (
            freeze_time(T0),
            Form(self.Complaint.with_user(self.user_front_desk)) as form,
        ):
            form.partner_id = self.guest
            form.category_id = self.cleanliness
            self.assertEqual(form.department_id, self.housekeeping)
            # the severity cleared for a moment while the clerk picks another
            form.severity = False
            self.assertFalse(form.is_overdue)
            form.severity = "critical"
            self.assertEqual(form.ack_deadline, at(minutes=15))
            form.description = "Hair in the bathtub."
        complaint = form.record
        self.assertEqual(
            (complaint.state, complaint.severity, complaint.user_id),
            ("new", "critical", self.user_front_desk),
        )
        self.assertEqual(complaint.resolve_deadline, at(hours=4))

    def test_steps_refused_in_the_wrong_state(self):
        complaint = self._complaint()
        name = complaint.name
        with self._hotel_assert_raises(UserError, f"{name} is not resolved: resolve"):
            complaint.action_close()
        with self._hotel_assert_raises(UserError, f"{name} is not resolved or closed"):
            complaint.action_reopen()
        complaint.action_acknowledge()
        with self._hotel_assert_raises(UserError, f"{name} is already acknowledged."):
            complaint.action_acknowledge()
        self.assertEqual(complaint.state, "acknowledged")

    # 4. satisfaction

    def test_satisfaction_refused_before_resolution_neutral_kept(self):
        complaint = self._complaint(user=self.user_front_desk)
        with self._hotel_assert_raises(
            ValidationError,
            f"The guest's satisfaction is recorded once the complaint {complaint.name} "
            "is resolved.",
        ):
            complaint.with_user(self.user_front_desk).satisfaction = "4"
        self.assertEqual(
            (complaint.satisfaction, complaint.feedback_date), (False, False)
        )
        complaint.resolution = "Earplugs and a late check-out."
        self._run(complaint, "action_resolve", at(hours=1))
        with freeze_time(at(days=1)):
            complaint.with_user(self.user_front_desk).satisfaction = "3"
        self.assertEqual((complaint.state, complaint.reopen_count), ("resolved", 0))
        self.assertEqual(complaint.feedback_date, at(days=1))

    def test_low_satisfaction_reopens_through_write(self):
        note = "the guest is not satisfied with the resolution"
        for satisfaction, closed in (("2", False), ("1", True)):
            with self.subTest(satisfaction=satisfaction, closed=closed):
                complaint = self._resolved()
                if closed:
                    self._run(complaint, "action_close", at(hours=2))
                with freeze_time(at(days=1)):
                    desk_complaint = complaint.with_user(self.user_front_desk)
                    desk_complaint.satisfaction = satisfaction
                self.assertEqual(
                    (complaint.state, complaint.reopen_count, complaint.satisfaction),
                    ("in_progress", 1, satisfaction),
                )
                self.assertEqual(complaint.feedback_date, at(days=1))
                self.assertEqual(
                    (complaint.resolved_date, complaint.closed_date), (False, False)
                )
                self.assertEqual(len(self._notes(complaint, note)), 1)

    def test_the_reopening_satisfaction_is_the_hotel_setting(self):
        for setting, satisfaction, reopened in (
            (3, "3", True),
            (3, "4", False),
            (0, "1", False),
        ):
            with self.subTest(setting=setting, satisfaction=satisfaction):
                self.env.company.hotel_complaint_reopen_satisfaction = setting
                complaint = self._resolved()
                complaint.with_user(self.user_front_desk).satisfaction = satisfaction
                self.assertEqual(
                    complaint.state, "in_progress" if reopened else "resolved"
                )
        for value in (-1, 5):
            with self.subTest(value=value), self.assertRaises(ValidationError):
                self.env.company.hotel_complaint_reopen_satisfaction = value

    def test_second_handling_has_its_own_deadline_and_escalation(self):
        # medium: resolved within 72 hours of the report; missed, escalated to
        # the Hotel Managers, resolved late, reopened on day 5
        complaint = self._complaint(severity="medium")
        self._run(complaint, "action_start", at(hours=1))
        with freeze_time(at(hours=72, seconds=1)):
            self.Complaint._hotel_cron_escalate()
        self.assertEqual(complaint.escalation_level, 2)
        complaint.resolution = "Moved the guest to a quiet room."
        self._run(complaint, "action_resolve", at(days=4))
        self._run(complaint, "action_reopen", at(days=5))
        self.assertEqual(complaint.reopened_date, at(days=5))
        self.assertEqual(complaint.resolve_deadline, at(days=5, hours=72))
        self.assertEqual(complaint.ack_deadline, at(hours=4))
        self.assertEqual(complaint.escalation_level, 1)
        self.assertFalse(self._overdue(complaint, at(days=5, hours=72)))
        self.assertTrue(self._overdue(complaint, at(days=5, hours=72, seconds=1)))
        # the second handling is escalated again once it is late, once
        with freeze_time(at(days=5, hours=72)):
            self.Complaint._hotel_cron_escalate()
        self.assertEqual(complaint.escalation_level, 1)
        for _run in range(2):
            with freeze_time(at(days=5, hours=72, seconds=1)):
                self.Complaint._hotel_cron_escalate()
        self.assertEqual(complaint.escalation_level, 2)
        notes = self._notes(complaint, "Escalated to the Hotel Managers")
        self.assertEqual(len(notes), 2)

    def test_low_satisfaction_reopens_through_import(self):
        complaint = self._resolved()
        with freeze_time(at(days=1)):
            result = self.Complaint.with_user(self.user_front_desk).load(
                [".id", "satisfaction"], [[str(complaint.id), "2"]]
            )
        self.assertEqual(result["messages"], [])
        self.assertEqual(result["ids"], [complaint.id])
        complaint.invalidate_recordset()
        self.assertEqual((complaint.state, complaint.reopen_count), ("in_progress", 1))
        self.assertEqual(complaint.feedback_date, at(days=1))
        self.assertEqual(len(self._notes(complaint, "is not satisfied")), 1)

    def test_reopened_complaint_takes_no_new_satisfaction(self):
        complaint = self._resolved()
        complaint.with_user(self.user_front_desk).satisfaction = "2"
        self.assertEqual(complaint.state, "in_progress")
        with self._hotel_assert_raises(
            ValidationError, "is recorded once the complaint"
        ):
            complaint.with_user(self.user_front_desk).satisfaction = "5"
        self.assertEqual(complaint.satisfaction, "2")
        # resolved again: the guest's new answer is recorded
        complaint.action_resolve()
        self.assertFalse(complaint.satisfaction)
        complaint.with_user(self.user_front_desk).satisfaction = "5"
        self.assertEqual((complaint.state, complaint.reopen_count), ("resolved", 1))

    # 5. bad input

    def test_resolve_needs_a_resolution(self):
        complaint = self._complaint(user=self.user_front_desk)
        for resolution in (False, "   \n "):
            with self.subTest(resolution=resolution):
                complaint.resolution = resolution
                with self._hotel_assert_raises(
                    UserError,
                    f"Describe the resolution of {complaint.name} before resolving it.",
                ):
                    complaint.with_user(self.user_front_desk).action_resolve()
                self.assertEqual(complaint.state, "new")
                self.assertFalse(complaint.resolved_date)

    def test_stay_of_another_guest_is_refused(self):
        stay = self._stay()
        other = self._hotel_create_guest("Otto Other")
        message = (
            f"The stay {stay.name} is not a stay of Otto Other: choose one of the "
            "guest's stays."
        )
        before = self.Complaint.search_count([])
        with self._hotel_assert_raises(ValidationError, message):
            self._complaint(user=self.user_front_desk, guest=other, stay_id=stay.id)
        self.assertEqual(self.Complaint.search_count([]), before)
        complaint = self._complaint(user=self.user_front_desk, guest=other)
        with self._hotel_assert_raises(ValidationError, message):
            complaint.with_user(self.user_front_desk).stay_id = stay
        self.assertFalse(complaint.stay_id)
        ok = self._complaint(user=self.user_front_desk, stay_id=stay.id)
        self.assertEqual(ok.stay_id, stay)
        with self._hotel_assert_raises(ValidationError, "is not a stay of Otto Other"):
            ok.with_user(self.user_front_desk).partner_id = other
        self.assertEqual(ok.partner_id, self.guest)

    def test_category_and_description_are_required(self):
        Complaint = self.Complaint.with_user(self.user_front_desk)
        before = self.Complaint.search_count([])
        for column in ("category_id", "description"):
            message = f'null value in column "{column}" of relation "hotel_complaint"'
            with (
                mute_logger("odoo.sql_db"),
                self._hotel_assert_raises(psycopg2.IntegrityError, message),
                self.env.cr.savepoint(),
            ):
                Complaint.create(self._vals(**{column: False}))
        for blank in ("", "  \n "):
            with self._hotel_assert_raises(
                ValidationError, "Describe what Stella Stay complains about."
            ):
                Complaint.create(self._vals(description=blank))
        self.assertEqual(self.Complaint.search_count([]), before)
        # an import tells which field is missing
        result = Complaint.load(
            ["partner_id/.id", "description"], [[str(self.guest.id), "Dirty towels."]]
        )
        self.assertFalse(result["ids"])
        self.assertIn("Category", result["messages"][0]["message"])
        self.assertEqual(self.Complaint.search_count([]), before)
        # the department comes from the category
        complaint = self._complaint(category_id=self.cleanliness.id)
        self.assertEqual(complaint.department_id, self.housekeeping)
        with self._hotel_assert_raises(ValidationError, "Describe what Stella Stay"):
            complaint.with_user(self.user_front_desk).description = " "
        self.assertEqual(complaint.description, self._vals()["description"])
