"""Compensation for a complaint: the real effect of each type, the limits of
each role and the approval above them, and what clients cannot forge."""

from datetime import date

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.fields import Command
from odoo.tests import new_test_user, tagged

from .test_stays import HotelStayCommon


class CompensationCommon(HotelStayCommon):
    """Complaints and their compensation requested by the hotel's users."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.department = cls.env["hotel.department"].create(
            {"name": "Guest Services", "manager_id": cls.user_manager.id}
        )
        cls.category = cls.env["hotel.complaint.category"].create(
            {"name": "Noise at Night", "department_id": cls.department.id}
        )
        cls.gold = cls.env.ref("hotel_crm.membership_level_gold")
        cls.approval = cls.env.ref("hotel_crm.mail_activity_compensation_approval")

    def _complaint(self, stay=None, user=None, company=None, **vals):
        Complaint = self.env["hotel.complaint"].with_user(user or self.user_front_desk)
        if company:
            Complaint = Complaint.with_company(company)
        complaint = Complaint.create(
            {
                "partner_id": self.guest.id,
                "stay_id": stay.id if stay else False,
                "category_id": self.category.id,
                "description": "Loud music from the bar until 3 am",
                **vals,
            }
        )
        return complaint.with_env(self.env)

    def _request(self, complaint, user=None, **vals):
        """A draft compensation of ``complaint`` asked by ``user``."""
        Compensation = self.env["hotel.complaint.compensation"].with_user(
            user or self.user_front_desk
        )
        if complaint.company_id != self.company:
            Compensation = Compensation.with_company(complaint.company_id)
        return Compensation.create({"complaint_id": complaint.id, **vals})

    def _applied_by(self, user, complaint, **vals):
        compensation = self._request(complaint, user, **vals)
        compensation.action_apply()
        return compensation.with_env(self.env)

    def _give(self, user, complaint, kind, value):
        """A compensation of ``kind`` worth ``value`` (an amount, points or a
        description) asked by ``user``, applied or sent for approval."""
        fname = {"points": "points", "complimentary": "description"}.get(kind)
        fname = fname or ("description" if kind == "upgrade" else "amount")
        return self._applied_by(
            user, complaint, compensation_type=kind, **{fname: value}
        )

    def _activities(self, complaint):
        return self.env["mail.activity"].search(
            [
                ("res_model", "=", "hotel.complaint"),
                ("res_id", "=", complaint.id),
                ("activity_type_id", "=", self.approval.id),
            ]
        )

    def _points(self, guest=None, company=None):
        guest = guest or self.guest
        guest.invalidate_recordset(["guest_points"])
        return guest.with_company(company or self.company).guest_points

    def _invoiced(self, **kwargs):
        stay = self._checked_out(**kwargs)
        stay.action_create_invoices()
        stay.invoice_ids.action_post()
        return stay


@tagged("post_install", "-at_install")
class TestComplaintCompensation(CompensationCommon):
    """The real effect of each type, bad input, forged decisions, unlink."""

    def test_discount_lowers_the_stay_and_is_invoiced_as_is(self):
        self.guest.sudo().with_company(self.company).guest_level_id = self.gold
        stay = self._checked_out()
        self.assertEqual(stay.amount_untaxed, 240.0)
        total = stay.amount_total
        complaint = self._complaint(stay)
        compensation = self._give(self.user_front_desk, complaint, "discount", 25.0)
        self.assertEqual(compensation.state, "applied")
        self.assertEqual(compensation.approved_by_id, self.user_front_desk)
        self.assertEqual(compensation.requested_by_id, self.user_front_desk)
        self.assertFalse(compensation.approver_id)
        self.assertTrue(compensation.applied_date)
        self.assertFalse(self._activities(complaint))
        line = compensation.stay_line_id
        self.assertEqual(line.stay_id, stay)
        self.assertEqual(
            (line.charge_type, line.quantity, line.price_unit),
            ("compensation", 1, -25.0),
        )
        self.assertFalse(line.tax_ids)
        self.assertEqual(stay.amount_untaxed, 215.0)
        self.assertAlmostEqual(stay.amount_total, total - 25.0, places=2)
        self.assertEqual(complaint.compensation_total, 25.0)
        self.assertIn(
            "Compensation applied, approved by Frida Front Desk.",
            complaint.message_ids[0].body,
        )
        self.assertIn(complaint.name, stay.message_ids[0].body)

        stay.action_create_invoices()
        lines = stay.invoice_ids.invoice_line_ids
        negative = lines.filtered(lambda line: line.price_unit < 0)
        self.assertEqual(
            (negative.quantity, negative.price_unit, negative.discount),
            (1, -25.0, 0.0),
        )
        self.assertFalse(negative.tax_ids)
        self.assertEqual(negative.price_subtotal, -25.0)
        # Gold's 5% on the room, never on the compensation
        self.assertEqual(set((lines - negative).mapped("discount")), {5.0})
        self.assertAlmostEqual(stay.invoice_ids.amount_untaxed, 240.0 * 0.95 - 25.0)

    def test_credit_note_on_the_posted_invoice(self):
        stay = self._invoiced()
        invoice = stay.invoice_ids
        complaint = self._complaint(stay, user=self.user_relations)
        compensation = self._give(self.user_relations, complaint, "credit_note", 120.0)
        self.assertEqual(compensation.state, "applied")
        self.assertEqual(compensation.approved_by_id, self.user_relations)
        refund = compensation.refund_id
        self.assertEqual(
            (refund.move_type, refund.state, refund.partner_id, refund.company_id),
            ("out_refund", "posted", self.guest, self.company),
        )
        self.assertEqual(refund.reversed_entry_id, invoice)
        self.assertEqual(refund.amount_untaxed, 120.0)
        self.assertEqual(refund.amount_total, 120.0)
        self.assertEqual(len(refund.invoice_line_ids), 1)
        self.assertFalse(refund.invoice_line_ids.tax_ids)
        # the stay keeps its invoice: a compensation is not a reversal
        self.assertEqual(stay.invoice_status, "invoiced")
        self.assertEqual(invoice.state, "posted")
        self.assertEqual(complaint.compensation_total, 120.0)

    def test_credit_notes_never_give_back_more_than_the_invoice(self):
        stay = self._invoiced()
        self.assertEqual(stay.invoice_ids.amount_untaxed, 240.0)
        complaint = self._complaint(stay)
        manager = self.user_manager
        with self._hotel_assert_raises(UserError, "more than the invoice"):
            self._give(manager, complaint, "credit_note", 240.01)
        self._give(manager, complaint, "credit_note", 200)
        # 40 left of the invoice before taxes
        with self._hotel_assert_raises(UserError, "more than the invoice"):
            self._give(manager, complaint, "credit_note", 40.01)
        last = self._give(manager, complaint, "credit_note", 40.0)
        self.assertEqual(last.refund_id.amount_total, 40.0)
        self.assertEqual(complaint.compensation_total, 240.0)

    def test_points_on_the_guest_card_of_the_complaint_hotel(self):
        complaint = self._complaint()
        compensation = self._give(self.user_front_desk, complaint, "points", 3000)
        self.assertEqual(compensation.state, "applied")
        self.assertEqual(compensation.value, 30.0)
        self.assertEqual(self._points(), 3000)
        card = self.guest.with_company(self.company).guest_loyalty_card_id
        self.assertEqual(card.program_id, self.company.hotel_loyalty_program_id)
        history = self.env["loyalty.history"].sudo().search([("card_id", "=", card.id)])
        self.assertEqual(len(history), 1)
        self.assertEqual((history.issued, history.used), (3000, 0))
        self.assertEqual(
            history.description,
            f"3000 points given for the complaint {complaint.name}.",
        )

    def test_complimentary_and_upgrade_are_notes_only(self):
        stay = self._checked_out()
        complaint = self._complaint(stay)
        lines = stay.line_ids
        for kind, what in (
            ("complimentary", "Dinner for two at the restaurant"),
            ("upgrade", "Suite 501 for the next stay"),
        ):
            compensation = self._applied_by(
                self.user_front_desk,
                complaint,
                compensation_type=kind,
                description=what,
            )
            self.assertEqual(compensation.state, "applied")
            self.assertFalse(compensation.stay_line_id or compensation.refund_id)
            self.assertIn(what, complaint.message_ids[0].body)
        self.assertEqual(stay.line_ids, lines)
        self.assertEqual(stay.amount_untaxed, 240.0)
        self.assertEqual(self._points(), 0)

    def test_bad_input_is_refused_with_a_clear_message(self):
        complaint = self._complaint(self._checked_out())
        amount = "Enter the amount of the discount or credit note"
        for vals, text in (
            ({"compensation_type": "discount"}, amount),
            ({"compensation_type": "discount", "amount": -5.0}, amount),
            ({"compensation_type": "credit_note", "amount": 0.0}, amount),
            ({"compensation_type": "points"}, "Enter the number of points"),
            ({"compensation_type": "points", "points": -100}, "Enter the number"),
            ({"compensation_type": "complimentary"}, "Describe the complimentary"),
            (
                {"compensation_type": "upgrade", "description": "   "},
                "Describe the complimentary service or the upgrade",
            ),
        ):
            with self._hotel_assert_raises(ValidationError, text):
                self._request(complaint, **vals)
        self.assertFalse(complaint.compensation_ids)
        draft = self._request(complaint, compensation_type="discount", amount=10.0)
        with self._hotel_assert_raises(ValidationError, amount):
            draft.write({"amount": 0.0})
        with self._hotel_assert_raises(ValidationError, "Enter the number of points"):
            draft.write({"compensation_type": "points"})
        self.assertEqual((draft.compensation_type, draft.amount), ("discount", 10.0))

    def test_front_desk_cannot_forge_the_decision(self):
        stay = self._checked_out()
        complaint = self._complaint(stay)
        Compensation = self.env["hotel.complaint.compensation"].with_user(
            self.user_front_desk
        )
        base = {"complaint_id": complaint.id, "compensation_type": "discount"}
        for forged in (
            {"state": "applied"},
            {"approved_by_id": self.user_manager.id},
            {"approver_id": self.user_front_desk.id},
            {"refund_id": self.init_invoice("out_refund", amounts=[10.0]).id},
        ):
            with self._hotel_assert_raises(UserError, "cannot be written directly"):
                Compensation.create({**base, "amount": 200.0, **forged})
        # a default from the context is dropped
        draft = Compensation.with_context(default_state="applied").create(
            {**base, "amount": 200.0}
        )
        self.assertEqual(draft.state, "draft")
        with self._hotel_assert_raises(UserError, "cannot be written directly"):
            draft.write({"state": "applied"})
        with self._hotel_assert_raises(UserError, "cannot be written directly"):
            draft.write({"approved_by_id": self.user_front_desk.id})
        result = Compensation.load(
            ["complaint_id/.id", "compensation_type", "amount", "state"],
            [[str(complaint.id), "discount", "200", "applied"]],
        )
        self.assertFalse(result["ids"])
        self.assertIn("cannot be written directly", result["messages"][0]["message"])
        self.assertEqual(complaint.compensation_ids, draft.with_env(self.env))
        self.assertEqual(stay.amount_untaxed, 240.0)

        draft.with_user(self.user_manager).action_apply()
        self.assertEqual(draft.state, "applied")
        for change in (
            {"amount": 400.0},
            {"compensation_type": "credit_note"},
            {"points": 5},
            {"description": "More"},
        ):
            with self._hotel_assert_raises(
                UserError, "changed only while it is a draft"
            ):
                draft.write(change)
        # nor moved to another complaint
        other = self._complaint(stay)
        with self._hotel_assert_raises(UserError, "changed only while it is a draft"):
            draft.write({"complaint_id": other.id})
        self.assertEqual(complaint.compensation_total, 200.0)

    def test_compensation_charges_are_made_by_the_complaint_only(self):
        stay = self._checked_out()
        complaint = self._complaint(stay)
        compensation = self._give(self.user_front_desk, complaint, "discount", 20)
        Line = self.env["hotel.stay.line"].with_user(self.user_front_desk)
        text = "given from the complaint"
        with self._hotel_assert_raises(UserError, text):
            Line.create(
                {
                    "stay_id": stay.id,
                    "product_id": self.product_fb.id,
                    "charge_type": "compensation",
                    "price_unit": -5.0,
                }
            )
        line = compensation.stay_line_id.with_user(self.user_front_desk)
        with self._hotel_assert_raises(UserError, text):
            line.write({"price_unit": -200.0})
        with self._hotel_assert_raises(UserError, text):
            line.unlink()
        room = stay.line_ids.filtered(lambda line: line.charge_type == "room")
        with self._hotel_assert_raises(UserError, text):
            room.with_user(self.user_front_desk).write({"charge_type": "compensation"})
        self.assertEqual(stay.amount_untaxed, 220.0)

    def test_unlink_per_role_and_state(self):
        complaint = self._complaint()

        def make(state):
            compensation = self._request(
                complaint, compensation_type="points", points=5000
            )
            if state != "draft":
                compensation.action_apply()
            if state == "refused":
                compensation.with_user(self.user_manager).action_refuse()
            if state == "applied":
                compensation.with_user(self.user_manager).action_approve()
            self.assertEqual(compensation.state, state)
            return compensation.with_env(self.env)

        for user in (self.user_front_desk, self.user_relations):
            for state in ("draft", "refused"):
                compensation = make(state)
                compensation.with_user(user).unlink()
                self.assertFalse(compensation.exists())
            for state in ("to_approve", "applied"):
                compensation = make(state)
                with self.assertRaises(AccessError):
                    compensation.with_user(user).unlink()
                self.assertTrue(compensation.exists())
        for state in ("draft", "refused", "to_approve"):
            compensation = make(state)
            waiting = len(self._activities(complaint))
            compensation.with_user(self.user_manager).unlink()
            self.assertFalse(compensation.exists())
            # a removed request takes its activity with it
            expected = waiting - 1 if state == "to_approve" else waiting
            self.assertEqual(len(self._activities(complaint)), expected)
        applied = make("applied")
        with self.assertRaises(AccessError):
            applied.with_user(self.user_manager).unlink()
        with self._hotel_assert_raises(UserError, "cannot be deleted"):
            applied.sudo().unlink()
        # the two requests kept above still wait, each with its activity
        self.assertEqual(len(self._activities(complaint)), 2)
        self.assertEqual(
            set(complaint.compensation_ids.mapped("state")), {"to_approve", "applied"}
        )

    def test_only_an_open_complaint_is_compensated(self):
        cancelled = self._complaint()
        draft = self._request(cancelled, compensation_type="points", points=100)
        cancelled.with_user(self.user_manager).action_cancel()
        with self._hotel_assert_raises(UserError, "is not open"):
            draft.action_apply()
        with self._hotel_assert_raises(UserError, "is not open"):
            draft.with_user(self.user_manager).action_apply()
        closed = self._complaint(resolution="Moved to a quiet room")
        late = self._request(closed, compensation_type="points", points=100)
        closed.with_user(self.user_relations).action_resolve()
        closed.with_user(self.user_relations).action_close()
        self.assertEqual(closed.state, "closed")
        with self._hotel_assert_raises(UserError, "is not open"):
            late.action_apply()
        self.assertEqual(self._points(), 0)
        self.assertEqual((draft.state, late.state), ("draft", "draft"))

    def test_discount_and_credit_note_need_the_right_stay(self):
        invoiced = self._checked_out()
        invoiced.action_create_invoices()
        complaint = self._complaint(invoiced)
        for user in (self.user_front_desk, self.user_manager):
            with self._hotel_assert_raises(UserError, "invoiced or cancelled"):
                self._give(user, complaint, "discount", 10)
        # its invoice is a draft: nothing to credit yet
        with self._hotel_assert_raises(UserError, "has no posted invoice"):
            self._give(self.user_manager, complaint, "credit_note", 10)
        open_stay = self._checked_out(start=date(2026, 4, 1))
        unbilled = self._complaint(open_stay)
        with self._hotel_assert_raises(UserError, "has no posted invoice"):
            self._give(self.user_front_desk, unbilled, "credit_note", 10)
        with self._hotel_assert_raises(UserError, "more than the bill"):
            self._give(
                self.user_manager, unbilled, "discount", open_stay.amount_total + 0.01
            )
        without_stay = self._complaint()
        with self._hotel_assert_raises(UserError, "choose the complaint's stay"):
            self._give(self.user_front_desk, without_stay, "discount", 5)
        self.assertEqual(open_stay.amount_untaxed, 240.0)
        self.assertFalse(invoiced.line_ids.filtered(lambda line: line.price_unit < 0))

    def test_second_hotel_has_its_own_limits_and_managers(self):
        two = self.setup_other_company(name="Hotel Two")["company"]
        two.write(
            {
                "hotel_complaint_limit_desk": 50.0,
                "hotel_complaint_limit_relations": 60.0,
            }
        )
        for user in (self.user_front_desk, self.user_relations):
            user.company_ids = [Command.link(two.id)]
        manager_two = new_test_user(
            self.env,
            login="hotel_manager_two",
            name="Mona Manager Two",
            groups="base.group_user,hotel_crm.group_hotel_manager",
            company_id=two.id,
            company_ids=[Command.set(two.ids)],
        )
        here = self._complaint()
        there = self._complaint(company=two)
        self.assertEqual(there.company_id, two)
        # 40.00 is above the Front Desk limit here, within it there
        mine = self._give(self.user_front_desk, here, "points", 4000)
        theirs = self._give(self.user_front_desk, there, "points", 4000)
        self.assertEqual((mine.state, theirs.state), ("to_approve", "applied"))
        self.assertEqual(self._points(company=two), 4000)
        self.assertEqual(self._points(), 0)
        # 60.00 is within the Guest Relations limit there, 60.01 is not
        relations = self._give(self.user_relations, there, "points", 6000)
        self.assertEqual(relations.state, "applied")
        above = self._give(self.user_front_desk, there, "points", 6001)
        self.assertEqual(above.state, "to_approve")
        # the department manager does not work at the second hotel: its first
        # Hotel Manager, the accounting test user (who works at both hotels)
        self.assertEqual(above.approver_id, self.env.user)
        self.assertEqual(self._activities(there).user_id, self.env.user)
        with self._hotel_assert_raises(AccessError, "above your approval limit"):
            above.with_user(self.user_relations).with_company(two).action_approve()
        above.with_user(manager_two).with_company(two).action_approve()
        self.assertEqual(above.approved_by_id, manager_two)
        self.assertEqual(self._points(company=two), 16001)
        self.assertFalse(self._activities(there))
        # the second hotel's limits leave the first one's as they were
        self.assertEqual(
            (self.company.hotel_complaint_limit_desk, mine.value), (30.0, 40.0)
        )
