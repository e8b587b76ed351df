from datetime import date, datetime, timedelta

import psycopg2
from freezegun import freeze_time

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.fields import Command
from odoo.tests import Form, new_test_user, tagged
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


@tagged("post_install", "-at_install")
class TestComplaints(HotelStayCommon):
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

    # 6. access

    def test_front_desk_works_a_complaint_but_cannot_delete_or_cancel(self):
        desk = self.user_front_desk
        complaint = self._complaint(user=desk)
        complaint.with_user(desk).write({"severity": "low", "root_cause": "Party"})
        self.assertEqual(complaint.severity, "low")
        self._run(complaint, "action_acknowledge", at(minutes=5), desk)
        with self._hotel_assert_raises(AccessError, "Only a Hotel Manager cancels"):
            complaint.with_user(desk).action_cancel()
        with self._hotel_assert_raises(AccessError, "Only a Hotel Manager cancels"):
            complaint.with_user(self.user_relations).action_cancel()
        self.assertEqual(complaint.state, "acknowledged")
        with self.assertRaises(AccessError):
            complaint.with_user(desk).unlink()
        self.assertTrue(complaint.exists())
        complaint.with_user(desk).resolution = "Quiet room."
        self._run(complaint, "action_resolve", at(hours=1), desk)
        self.assertEqual(complaint.state, "resolved")

    def test_manager_cancels_and_deletes(self):
        complaint = self._complaint(user=self.user_front_desk)
        self._run(complaint, "action_cancel", at(minutes=30), self.user_manager)
        self.assertEqual(
            (complaint.state, complaint.cancelled_date), ("cancelled", at(minutes=30))
        )
        with self._hotel_assert_raises(UserError, "is not open: only open complaints"):
            complaint.with_user(self.user_manager).action_cancel()
        complaint.with_user(self.user_manager).unlink()
        self.assertFalse(complaint.exists())

    def test_outsiders_cannot_read_or_create(self):
        complaint = self._complaint()
        for user in (self.user_internal, self.user_accountant):
            with self.subTest(user=user.login):
                Complaint = self.Complaint.with_user(user)
                with self.assertRaises(AccessError):
                    Complaint.search([])
                with self.assertRaises(AccessError):
                    complaint.with_user(user).read(["description"])
                with self.assertRaises(AccessError):
                    Complaint.create(self._vals())

    def test_protected_fields_refused_on_create_and_write(self):
        desk = self.user_front_desk
        Complaint = self.Complaint.with_user(desk)
        base = self._vals()
        before = self.Complaint.search_count([])
        for vals, label in (
            ({"state": "closed"}, "Status"),
            ({"name": "CMP/1999/00001"}, "Reference"),
            ({"reported_date": "2026-01-01 00:00:00"}, "Reported On"),
            ({"ack_deadline": "2030-01-01 00:00:00"}, "Acknowledge By"),
            ({"reopen_count": 3}, "Reopened"),
        ):
            with self._hotel_assert_raises(UserError, f"{PROTECTED}: {label}."):
                Complaint.create({**base, **vals})
        self.assertEqual(self.Complaint.search_count([]), before)
        # a forged default is dropped
        with freeze_time(T0):
            forged = Complaint.with_context(
                default_state="closed", default_reported_date="2020-01-01 00:00:00"
            ).create(base)
        self.assertEqual((forged.state, forged.reported_date), ("new", T0))
        for vals, label in (
            ({"state": "resolved"}, "Status"),
            ({"escalation_level": 2}, "Escalation Level"),
            ({"resolved_date": "2026-03-02 10:00:00"}, "Resolved On"),
            ({"hours_to_resolve": 1.0}, "Hours to Resolve"),
            ({"resolve_deadline": "2030-01-01 00:00:00"}, "Resolve By"),
            ({"feedback_date": "2026-03-02 10:00:00"}, "Feedback On"),
        ):
            with self._hotel_assert_raises(UserError, f"{PROTECTED}: {label}."):
                forged.with_user(desk).write(vals)
        self.assertEqual(
            (forged.state, forged.escalation_level, forged.resolve_deadline),
            ("new", 0, at(days=3)),
        )

    def test_protected_fields_refused_on_import(self):
        desk = self.user_front_desk
        complaint = self._complaint()
        Complaint = self.Complaint.with_user(desk)
        for fields_, row in (
            ([".id", "state"], [str(complaint.id), "closed"]),
            ([".id", "reopen_count"], [str(complaint.id), "4"]),
            ([".id", "resolved_date"], [str(complaint.id), "2026-03-02 10:00:00"]),
        ):
            result = Complaint.load(fields_, [row])
            self.assertFalse(result["ids"])
            [message] = result["messages"]
            self.assertEqual(message["type"], "error")
            self.assertIn(PROTECTED, message["message"])
        complaint.invalidate_recordset()
        self.assertEqual(
            (complaint.state, complaint.reopen_count, complaint.resolved_date),
            ("new", 0, False),
        )
        before = self.Complaint.search_count([])
        result = Complaint.load(
            ["partner_id/.id", "category_id/.id", "description", "reported_date"],
            [[str(self.guest.id), str(self.noise.id), "Noise", "2020-01-01 00:00:00"]],
        )
        self.assertFalse(result["ids"])
        self.assertIn(f"{PROTECTED}: Reported On.", result["messages"][0]["message"])
        self.assertEqual(self.Complaint.search_count([]), before)

    def test_company_rule(self):
        company_b = self.setup_other_company(name="Hotel Bravo")["company"]

        def desk_of(login, company):
            return new_test_user(
                self.env,
                login=login,
                groups="base.group_user,hotel_crm.group_hotel_user",
                company_id=company.id,
                company_ids=[Command.set([company.id])],
            )

        user_a = desk_of("desk_alpha", self.company)
        user_b = desk_of("desk_bravo", company_b)
        complaint_a = self._complaint(user=user_a)
        complaint_b = self._complaint(user=user_b)
        self.assertEqual(complaint_b.company_id, company_b)
        Complaint = self.Complaint
        mine = complaint_a | complaint_b
        self.assertEqual(Complaint.with_user(user_a).search([]) & mine, complaint_a)
        self.assertEqual(Complaint.with_user(user_b).search([]) & mine, complaint_b)
        with self.assertRaises(AccessError):
            complaint_b.with_user(user_a).read(["description"])
        with self.assertRaises(AccessError):
            complaint_b.with_user(user_a).write({"severity": "low"})
        with self.assertRaises(AccessError):
            complaint_b.with_user(user_a).action_acknowledge()
        self.assertEqual(complaint_b.state, "new")
        # the guest's warnings count the complaints of the user's hotels only:
        # the open complaint of Hotel Bravo is not shown at Hotel Alpha
        complaint_a.with_user(self.user_manager).action_cancel()
        self.assertEqual(self._warning(self.guest, user=user_a), (1, 0, False))
        stay_a = self._stay(user=user_a)
        # as in a new request: the stay's warning (read as superuser) first
        self.env.invalidate_all()
        self.assertFalse(stay_a.with_user(user_a).guest_complaint_alert)
        self.env.invalidate_all()
        self.assertIs(self._hotel_check_in(stay_a, user_a), True)
        self.env.invalidate_all()
        self.assertEqual(self._warning(self.guest, user=user_b), (1, 1, OPEN_ALERT))

    # 7. sequence and 8. acknowledgement

    def test_consecutive_references(self):
        first = self._complaint()
        second = self._complaint()
        with freeze_time(T0):
            pair = self.Complaint.create([self._vals(), self._vals()])
        names = (first | second | pair).mapped("name")
        self.assertRegex(names[0], r"^CMP/2026/\d{5}$")
        start = int(names[0][-5:])
        self.assertEqual(names, [f"CMP/2026/{start + n:05d}" for n in range(4)])

    def _acknowledgements(self, complaint):
        subject = f"We have received your message ({complaint.name})"
        return complaint.message_ids.filtered(lambda m: m.subject == subject)

    def test_acknowledgement_mail_to_a_guest_with_an_email(self):
        complaint = self._complaint(user=self.user_front_desk)
        self._run(complaint, "action_acknowledge", at(minutes=5), self.user_front_desk)
        messages = self._acknowledgements(complaint)
        self.assertEqual(len(messages), 1)
        self.assertEqual(messages.partner_ids, self.guest)
        self.assertIn(complaint.name, str(messages.body))
        mails = (
            self.env["mail.mail"].sudo().search([("mail_message_id", "=", messages.id)])
        )
        self.assertEqual(len(mails), 1)
        self.assertEqual(mails.recipient_ids, self.guest)
        # starting the handling does not send it again
        self._run(complaint, "action_start", at(minutes=10), self.user_front_desk)
        self.assertEqual(len(self._acknowledgements(complaint)), 1)
        # started straight from new: sent once too
        direct = self._complaint(user=self.user_front_desk)
        self._run(direct, "action_start", at(minutes=10), self.user_front_desk)
        self.assertEqual(len(self._acknowledgements(direct)), 1)
        self.assertEqual(direct.state, "in_progress")
        self.assertEqual(self._dates(direct)[:2], (at(minutes=10), at(minutes=10)))

    def test_no_acknowledgement_without_an_email(self):
        complaint = self._complaint(guest=self.guest_no_mail)
        self._run(complaint, "action_acknowledge", at(minutes=5), self.user_front_desk)
        self.assertEqual(complaint.state, "acknowledged")
        self.assertFalse(self._acknowledgements(complaint))
        self.assertFalse(
            self.env["mail.mail"]
            .sudo()
            .search([("model", "=", "hotel.complaint"), ("res_id", "=", complaint.id)])
        )

    # 9. warnings on the guest, the stay and at check-in

    def _warning(self, guest, when=T0, user=None):
        with freeze_time(when):
            guest = guest.with_user(user or self.user_front_desk)
            guest.invalidate_recordset()
            return (
                guest.guest_complaint_count,
                guest.guest_open_complaint_count,
                guest.guest_complaint_alert,
            )

    def test_guest_counts_and_alert(self):
        now = datetime(2026, 6, 30, 12, 0)
        guests = {
            name: self._hotel_create_guest(name)
            for name in ("Open", "Recent", "Old", "Cancelled", "None")
        }
        self._complaint(guest=guests["Open"], when=now - timedelta(days=200))
        self._resolved(guest=guests["Recent"], when=now - timedelta(days=89))
        self._resolved(guest=guests["Old"], when=now - timedelta(days=91))
        cancelled = self._complaint(guest=guests["Cancelled"], when=now)
        cancelled.with_user(self.user_manager).action_cancel()
        self.assertEqual(self._warning(guests["Open"], now), (1, 1, OPEN_ALERT))
        self.assertEqual(self._warning(guests["Recent"], now), (1, 0, PREVIOUS_ALERT))
        self.assertEqual(self._warning(guests["Old"], now), (1, 0, False))
        self.assertEqual(self._warning(guests["Cancelled"], now), (1, 0, False))
        self.assertEqual(self._warning(guests["None"], now), (0, 0, False))
        # the recent one goes out of the window a day later
        self.assertEqual(
            self._warning(guests["Recent"], now + timedelta(days=2)), (1, 0, False)
        )
        stay = self._stay(guest=guests["Open"])
        self.assertEqual(
            stay.with_user(self.user_front_desk).guest_complaint_alert, OPEN_ALERT
        )

    def test_check_in_warns_of_a_complaint(self):
        self._complaint(when=datetime(2026, 2, 20, 10, 0))
        stay = self._stay()
        action = self._hotel_check_in(stay, self.user_front_desk)
        self.assertEqual(stay.state, "checked_in")
        self.assertEqual(
            action,
            {
                "type": "ir.actions.client",
                "tag": "display_notification",
                "params": {
                    "title": "Previous complaint",
                    "message": f"Stella Stay: {OPEN_ALERT}",
                    "type": "warning",
                    "sticky": True,
                    "next": SOFT_RELOAD,
                },
            },
        )

    def _allergic(self, guest):
        self.env["hotel.guest.preference"].sudo().create(
            {
                "partner_id": guest.id,
                "category_id": self.env.ref("hotel_crm.preference_category_allergy").id,
                "name": "Walnuts",
            }
        )

    def test_check_in_warns_of_allergies_first(self):
        self._allergic(self.guest)
        self._resolved(when=datetime(2026, 2, 1, 10, 0))
        stay = self._stay()
        action = self._hotel_check_in(stay, self.user_front_desk)
        self.assertEqual(action["params"]["title"], "Allergy alert")
        self.assertEqual(action["params"]["type"], "danger")
        self.assertEqual(action["params"]["message"], "Stella Stay: Walnuts")
        warning = action["params"]["next"]
        self.assertEqual(warning["tag"], "display_notification")
        self.assertEqual(
            (warning["params"]["title"], warning["params"]["type"]),
            ("Previous complaint", "warning"),
        )
        self.assertEqual(warning["params"]["message"], f"Stella Stay: {PREVIOUS_ALERT}")
        self.assertEqual(warning["params"]["next"], SOFT_RELOAD)

    def test_check_in_without_a_complaint(self):
        stay = self._stay()
        self.assertIs(self._hotel_check_in(stay, self.user_front_desk), True)
        allergic = self._hotel_create_guest("Walter Walnut")
        self._allergic(allergic)
        # a complaint older than 90 days, resolved: no warning
        self._resolved(guest=allergic, when=datetime(2025, 11, 1, 10, 0))
        stay = self._stay(guest=allergic, start=date(2026, 3, 5))
        action = self._hotel_check_in(stay, self.user_front_desk)
        self.assertEqual(action["params"]["title"], "Allergy alert")
        self.assertEqual(action["params"]["next"], SOFT_RELOAD)
