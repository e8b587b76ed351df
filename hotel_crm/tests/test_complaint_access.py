from datetime import date, datetime, timedelta

from freezegun import freeze_time

from odoo.exceptions import AccessError, UserError
from odoo.fields import Command
from odoo.tests import new_test_user, tagged

from .test_complaints import (
    OPEN_ALERT,
    PREVIOUS_ALERT,
    PROTECTED,
    SOFT_RELOAD,
    T0,
    ComplaintCommon,
    at,
)


@tagged("post_install", "-at_install")
class TestComplaintAccess(ComplaintCommon):
    """Who works complaints, through every path; another hotel's complaints;
    references; the acknowledgement e-mail; the guest's warnings."""

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

    def test_buttons_of_the_stay_and_the_guest(self):
        stay = self._stay(user=self.user_front_desk).with_user(self.user_front_desk)
        other_stay = self._stay(start=date(2026, 4, 1))
        action = stay.action_hotel_new_complaint()
        self.assertEqual(action["res_model"], "hotel.complaint")
        context = action["context"]
        complaint = (
            self.Complaint.with_user(self.user_front_desk)
            .with_context(**context)
            .create({"category_id": self.noise.id, "description": "Cold shower."})
        )
        self.assertEqual(
            (complaint.partner_id, complaint.stay_id, complaint.company_id),
            (self.guest, stay, self.company),
        )
        self._complaint(stay_id=other_stay.id)
        self.assertEqual(stay.complaint_count, 1)
        self.assertEqual(other_stay.with_user(self.user_front_desk).complaint_count, 1)
        found = self.Complaint.with_user(self.user_front_desk).search(
            stay.action_view_complaints()["domain"]
        )
        self.assertEqual(found, complaint)
        guest = self.guest.with_user(self.user_front_desk)
        action = guest.action_hotel_view_complaints()
        found = self.Complaint.with_user(self.user_front_desk).search(action["domain"])
        self.assertEqual(len(found), 2)
        self.assertEqual(action["context"], {"default_partner_id": self.guest.id})

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

    def test_the_recent_window_is_the_hotel_setting(self):
        now = datetime(2026, 6, 30, 12, 0)
        inside, outside = (self._hotel_create_guest(n) for n in ("Inside", "Outside"))
        self._resolved(guest=inside, when=now - timedelta(days=29, hours=23))
        self._resolved(guest=outside, when=now - timedelta(days=30, hours=1))
        self.company.hotel_complaint_recent_days = 30
        alert = "Previous complaint: this guest complained in the last 30 days."
        self.assertEqual(self._warning(inside, now), (1, 0, alert))
        self.assertEqual(self._warning(outside, now), (1, 0, False))

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
