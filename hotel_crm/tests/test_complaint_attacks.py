"""A hostile review of the complaints: each test named ``test_bug_*`` fails
because of a real bug (its docstring says what is wrong and what is right);
the others pin a protection that held against an attack."""

from datetime import datetime, timedelta
from unittest.mock import patch

from freezegun import freeze_time

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.fields import Command
from odoo.tests import new_test_user, tagged

from ..models import hotel_complaint_escalation
from .test_complaint_compensation import CompensationCommon

T0 = datetime(2026, 3, 2, 8, 0)
# AccessError and ValidationError are UserErrors
REFUSED = UserError


@tagged("post_install", "-at_install")
class TestComplaintAttacks(CompensationCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.two = cls.setup_other_company(name="Hotel Two")["company"]
        # the accounting test user (a Hotel Manager) works at both hotels
        cls.env.user.company_ids = [Command.link(cls.two.id)]

    def _there(self, **vals):
        """A complaint of Hotel Two about the shared guest."""
        return self._complaint(user=self.env.user, company=self.two, **vals)

    # ------------------------------------------------------------------
    # Bugs
    # ------------------------------------------------------------------

    def test_bug_request_goes_to_an_archived_department_manager(self):
        """_hotel_find_approver (hotel_complaint_compensation.py) picks the
        department manager without checking that the user is active (the
        escalation does check ``manager.active``): the request and its
        activity go to an archived user nobody can log in as. Right: skip an
        inactive manager and ask a Hotel Manager of the hotel."""
        self.department.manager_id = self.user_relations
        self.user_relations.active = False
        complaint = self._complaint()
        request = self._give(self.user_front_desk, complaint, "points", 8000)
        self.assertEqual(request.state, "to_approve")
        self.assertTrue(request.approver_id.active)
        self.assertEqual(request.approver_id, self.env.user)
        self.assertTrue(self._activities(complaint).user_id.active)

    def test_bug_requester_approves_own_request_by_moving_the_complaint(self):
        """The complaint's company_id stays writable while a compensation
        waits (or was applied), and the compensation's company follows it
        (a stored related). A Front Desk user working at two hotels asks for
        80.00 at Hotel One (limit 30: sent for approval), moves the complaint
        to Hotel Two (Front Desk limit 100) and approves the request
        herself. Right: a complaint with a requested or applied compensation
        keeps its hotel (and guest and stay), e.g. a check in
        hotel_complaint.py write refusing company_id/partner_id/stay_id
        changes once compensation_ids has a non-draft line."""
        self.two.write(
            {
                "hotel_complaint_limit_desk": 100.0,
                "hotel_complaint_limit_relations": 150.0,
            }
        )
        desk = self.user_front_desk
        desk.company_ids = [Command.link(self.two.id)]
        complaint = self._complaint()
        request = self._give(desk, complaint, "points", 8000)
        self.assertEqual(request.state, "to_approve")
        with self.assertRaises(REFUSED):
            complaint.with_user(desk).write({"company_id": self.two.id})
            request.with_user(desk).with_company(self.two).action_approve()
        self.assertEqual(request.state, "to_approve")
        self.assertEqual(self._points(company=self.two), 0)

    def test_bug_waiting_discount_lands_on_another_guests_stay(self):
        """While a discount waits for approval, the Front Desk switches the
        complaint to another guest and that guest's stay: the Hotel Manager
        approves "a discount of 100.00 on the stay <first stay>" (the
        activity's note) and the discount is made on the other guest's stay.
        Right: the guest and the stay of a complaint with a waiting or
        applied compensation cannot change (hotel_complaint.py write), or
        the compensation keeps the stay it was asked for."""
        stay = self._checked_out()
        accomplice = self._hotel_create_guest("Alf Accomplice")
        other_stay = self._checked_out(guest=accomplice)
        complaint = self._complaint(stay)
        request = self._give(self.user_front_desk, complaint, "discount", 100.0)
        self.assertEqual(request.state, "to_approve")
        self.assertIn(stay.name, self._activities(complaint).note)
        with self.assertRaises(REFUSED):
            complaint.with_user(self.user_front_desk).write(
                {"partner_id": accomplice.id, "stay_id": other_stay.id}
            )
        request.with_user(self.user_manager).action_approve()
        self.assertEqual(request.stay_line_id.stay_id, stay)
        self.assertEqual(other_stay.amount_untaxed, 240.0)

    def test_bug_applied_compensation_rewritten_to_another_guest(self):
        """After 1000 points were given to the guest, the complaint's guest
        can still be changed: the complaint (and its compensation, whose
        partner is a related field) now says another guest was compensated,
        while the points stay on the first guest's card. Right: the guest,
        stay and hotel of a complaint with an applied compensation are fixed
        (hotel_complaint.py write)."""
        complaint = self._complaint()
        applied = self._give(self.user_front_desk, complaint, "points", 1000)
        self.assertEqual(applied.state, "applied")
        other = self._hotel_create_guest("Otto Other")
        with self.assertRaises(REFUSED):
            complaint.with_user(self.user_front_desk).write({"partner_id": other.id})
        self.assertEqual(applied.partner_id, self.guest)

    def test_bug_draft_compensation_moved_into_another_hotel(self):
        """A Front Desk user of Hotel One only writes the complaint_id of her
        draft compensation to a complaint of Hotel Two: the write rule is
        checked on the record before the write only, and check_company
        compares the complaint with the compensation's company, a related of
        that same complaint. She plants a compensation in a hotel she does
        not work in. Right: refuse a complaint_id the user cannot write (e.g.
        ``self.env['hotel.complaint'].browse(vals['complaint_id'])
        .check_access('write')`` in the compensation's write)."""
        here = self._complaint()
        there = self._there()
        draft = self._request(here, compensation_type="points", points=100)
        with self.assertRaises(REFUSED):
            draft.write({"complaint_id": there.id})
        self.assertFalse(there.compensation_ids)

    def _foreign_invoice(self):
        """A stay invoiced in EUR (2 EUR for 1 of the company currency): 240
        EUR before taxes, worth 120 in the company currency."""
        eur = self.setup_other_currency("EUR")
        self.assertNotEqual(eur, self.company.currency_id)
        stay = self._checked_out()
        stay.action_create_invoices()
        invoice = stay.invoice_ids
        invoice.currency_id = eur
        invoice.action_post()
        self.assertEqual(invoice.amount_untaxed, 240.0)
        self.assertAlmostEqual(invoice.amount_untaxed_signed, 120.0)
        return stay

    def test_bug_credit_note_over_an_invoice_in_another_currency(self):
        """_hotel_check_applicable (hotel_complaint_compensation_effects.py)
        compares the compensation amount (company currency) with the
        invoice's amount_untaxed (invoice currency): 200.00 is accepted on
        an invoice worth 120.00. Right: compare in one currency
        (amount_untaxed_signed, or convert with the invoice's rate)."""
        complaint = self._complaint(self._foreign_invoice())
        with self._hotel_assert_raises(UserError, "more than the invoice"):
            self._give(self.user_manager, complaint, "credit_note", 200.0)

    def test_bug_credit_note_in_another_currency_gives_the_wrong_amount(self):
        """_hotel_apply makes the credit note in the invoice's currency with
        price_unit = the compensation amount, which is in the company
        currency: a 100.00 compensation credits 100 EUR, worth 50.00.
        Right: convert the amount to the invoice's currency (at the
        invoice's rate) so that the credit note is worth the compensation."""
        complaint = self._complaint(self._foreign_invoice())
        given = self._give(self.user_manager, complaint, "credit_note", 100.0)
        self.assertAlmostEqual(given.refund_id.amount_untaxed_signed, -100.0)

    def test_bug_escalation_batch_unlimited_when_late_fills_it(self):
        """_hotel_escalation_targets (hotel_complaint_escalation.py) searches
        the unacknowledged complaints with limit=ESCALATION_BATCH -
        len(late): when the late ones fill the batch this is limit=0, which
        Odoo reads as no limit, so one call escalates the whole backlog (the
        batch exists to keep a call short). Right: skip the second search
        when the batch is full."""
        # a manager who is no Hotel Manager (see the test below)
        self.department.manager_id = new_test_user(
            self.env,
            login="hotel_head",
            groups="base.group_user,hotel_crm.group_hotel_user",
        )
        Complaint = self.env["hotel.complaint"].with_user(self.user_front_desk).sudo()

        def complaint(severity):
            with freeze_time(T0):
                return Complaint.create(
                    {
                        "partner_id": self.guest.id,
                        "category_id": self.category.id,
                        "severity": severity,
                        "description": "Hair in the bathtub",
                    }
                )

        # late for its resolution (4 hours), and two late for their
        # acknowledgement only (24 hours; resolution in 168)
        complaint("critical")
        complaint("low")
        complaint("low")
        with (
            patch.object(hotel_complaint_escalation, "ESCALATION_BATCH", 1),
            freeze_time(T0 + timedelta(hours=25)),
        ):
            done = self.env["hotel.complaint"].sudo()._hotel_cron_escalate()
        self.assertEqual(done, 1)

    def test_bug_escalation_crashes_when_the_department_manager_is_a_manager(self):
        """_hotel_cron_escalate (hotel_complaint_escalation.py) creates in one
        batch the level-one activity of the department manager and the
        level-two activities of the Hotel Managers. For a complaint late for
        both deadlines and never escalated, whose department manager is also
        a Hotel Manager of the hotel (the usual case: the hotel manager heads
        Guest Services), mail.activity.create subscribes that user twice to
        the same complaint: UniqueViolation on mail_followers, the whole
        scheduled action fails on every run and no complaint of any hotel is
        escalated any more. Right: one activity per (complaint, user) (drop
        the level-one activity when the manager gets the level-two one), or
        subscribe once."""
        self.assertEqual(self.department.manager_id, self.user_manager)
        with freeze_time(T0):
            complaint = self._complaint(severity="critical")
        with freeze_time(T0 + timedelta(hours=5)):
            self.env["hotel.complaint"].sudo()._hotel_cron_escalate()
        self.assertEqual(complaint.escalation_level, 2)
        activities = self.env["mail.activity"].search(
            [("res_model", "=", "hotel.complaint"), ("res_id", "=", complaint.id)]
        )
        self.assertIn(self.user_manager, activities.user_id)

    def test_bug_duplicate_of_a_complaint_fails(self):
        """The form offers Duplicate, but copy() sends the protected
        reported_date (and state, step dates, escalation level... once the
        complaint moved on) back to create, and the guard refuses them: the
        user gets "These fields are set by Hotel CRM itself". Right: mark
        these fields copy=False (a copy is a new complaint, reported now),
        or disable duplicate on the views."""
        complaint = self._complaint()
        complaint.with_user(self.user_front_desk).action_start()
        with freeze_time(datetime.now() + timedelta(hours=1)):
            copy = complaint.with_user(self.user_front_desk).copy()
        self.assertEqual((copy.state, copy.escalation_level), ("new", 0))
        self.assertNotEqual(copy.name, complaint.name)

    # ------------------------------------------------------------------
    # Protections that held
    # ------------------------------------------------------------------

    def test_commands_of_the_complaint_cannot_forge_or_change_a_request(self):
        stay = self._checked_out()
        complaint = self._complaint(stay)
        request = self._give(self.user_front_desk, complaint, "discount", 100.0)
        mine = complaint.with_user(self.user_front_desk)
        for commands in (
            [Command.update(request.id, {"amount": 5.0})],
            [Command.update(request.id, {"compensation_type": "complimentary"})],
            [
                Command.create(
                    {"compensation_type": "discount", "amount": 5.0, "state": "applied"}
                )
            ],
            [
                Command.create(
                    {
                        "compensation_type": "discount",
                        "amount": 5.0,
                        "approved_by_id": self.user_manager.id,
                    }
                )
            ],
        ):
            with self.assertRaises(UserError):
                mine.write({"compensation_ids": commands})
        for commands in ([Command.delete(request.id)], [Command.set([])]):
            with self.assertRaises(AccessError):
                mine.write({"compensation_ids": commands})
        self.assertEqual(
            (request.state, request.amount, len(complaint.compensation_ids)),
            ("to_approve", 100.0, 1),
        )
        self.assertEqual(stay.amount_untaxed, 240.0)

    def test_twice_is_once(self):
        complaint = self._complaint()
        applied = self._give(self.user_front_desk, complaint, "points", 1000)
        with self.assertRaises(UserError):
            applied.with_user(self.user_front_desk).action_apply()
        request = self._give(self.user_front_desk, complaint, "points", 8000)
        twice = request.browse([request.id, request.id]).with_user(self.user_manager)
        with self.assertRaises(UserError):
            twice.action_approve()
        request.with_user(self.user_manager).action_approve()
        with self.assertRaises(UserError):
            request.with_user(self.user_manager).action_approve()
        with self.assertRaises(UserError):
            request.with_user(self.user_manager).action_refuse()
        self.assertEqual(self._points(), 9000)

    def test_another_hotels_complaints_stay_hidden(self):
        here = self._complaint()
        there = self._there()
        desk = self.user_front_desk
        Complaint = self.env["hotel.complaint"].with_user(desk)
        self.assertEqual(self.guest.with_user(desk).guest_complaint_ids, here)
        self.assertEqual(self.guest.with_user(desk).guest_complaint_count, 1)
        self.assertFalse(Complaint.name_search(there.name))
        found = [row[0] for row in Complaint.name_search(self.guest.name)]
        self.assertEqual(found, here.ids)
        groups = Complaint.read_group([], ["company_id"], ["company_id"])
        self.assertEqual([g["company_id"][0] for g in groups], [self.company.id])
        with self.assertRaises(AccessError):
            there.with_user(desk).read(["description"])
        with self.assertRaises(AccessError):
            Complaint.browse(there.id).compensation_total  # noqa: B018

    def test_manager_of_another_hotel_cannot_decide(self):
        complaint = self._complaint()
        request = self._give(self.user_front_desk, complaint, "points", 8000)
        outsider = new_test_user(
            self.env,
            login="hotel_manager_elsewhere",
            groups="base.group_user,hotel_crm.group_hotel_manager",
            company_id=self.two.id,
            company_ids=[Command.set(self.two.ids)],
        )
        self.department.manager_id = outsider
        for action in ("action_approve", "action_refuse"):
            with self.assertRaises(AccessError):
                getattr(request.with_user(outsider), action)()
        self.assertEqual(request.state, "to_approve")

    def test_settings_refuse_bad_sla_limits_and_rates(self):
        Settings = self.env["hotel.settings"].with_user(self.user_manager)
        for vals in (
            {"hotel_sla_high_ack_minutes": 0},
            {"hotel_sla_low_resolve_hours": -5},
            {"hotel_complaint_limit_desk": -1.0},
            {"hotel_complaint_limit_relations": 10.0},
            {"hotel_points_per_currency_unit": 0},
        ):
            with self.subTest(vals=vals), self.assertRaises(ValidationError):
                Settings.create(vals).action_save()
        self.assertEqual(self.company.hotel_sla_high_ack_minutes, 60)
        self.assertEqual(self.company.hotel_points_per_currency_unit, 100)

    def test_bad_amounts_refused(self):
        complaint = self._complaint(self._checked_out())
        for vals in (
            {"amount": float("nan")},
            {"amount": float("inf")},
            {"amount": -10.0},
            {"amount": "12abc"},
        ):
            with self.subTest(vals=vals), self.assertRaises(ValidationError):
                self._request(complaint, compensation_type="discount", **vals)
        with self.assertRaises(ValidationError):
            self._request(complaint, compensation_type="points", points=2**40)
        self.assertFalse(complaint.compensation_ids)

    def test_deleting_a_complaint_removes_its_waiting_request(self):
        complaint = self._complaint()
        self._give(self.user_front_desk, complaint, "points", 8000)
        self.assertTrue(self._activities(complaint))
        ids = complaint.ids
        with self.assertRaises(AccessError):
            complaint.with_user(self.user_relations).unlink()
        complaint.with_user(self.user_manager).unlink()
        self.assertFalse(
            self.env["mail.activity"].search(
                [("res_model", "=", "hotel.complaint"), ("res_id", "in", ids)]
            )
        )

    def test_forged_defaults_and_stay_of_another_hotel(self):
        Complaint = self.env["hotel.complaint"].with_user(self.user_front_desk)
        complaint = Complaint.with_context(
            default_escalation_level=2,
            default_reopen_count=4,
            default_resolved_date="2026-01-01 00:00:00",
        ).create(
            {
                "partner_id": self.guest.id,
                "category_id": self.category.id,
                "description": "Cold shower",
            }
        )
        self.assertEqual((complaint.escalation_level, complaint.reopen_count), (0, 0))
        self.assertFalse(complaint.resolved_date)
        twin = self.env["hotel.room.type"].create(
            {
                "name": "Twin",
                "code": "TWN",
                "default_rate": 90.0,
                "company_id": self.two.id,
            }
        )
        stay_two = self._stay(company_id=self.two.id, room_type_id=twin.id)
        with self.assertRaises(REFUSED):
            complaint.write({"stay_id": stay_two.id})
