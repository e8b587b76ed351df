from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from .test_complaint_compensation import CompensationCommon


@tagged("post_install", "-at_install")
class TestComplaintApproval(CompensationCommon):
    """The limit of each role, the approver and the approval activity, a
    refusal."""

    def test_limits_of_each_role_at_their_boundary(self):
        stay = self._checked_out(charges=[(self.product_fb, 400.0)])
        self.assertEqual(stay.amount_untaxed, 640.0)
        complaint = self._complaint(stay)
        for user, limit in ((self.user_front_desk, 30.0), (self.user_relations, 150.0)):
            within = self._give(user, complaint, "discount", limit)
            self.assertEqual(within.state, "applied")
            self.assertEqual(within.approved_by_id, user)
            above = self._give(user, complaint, "discount", limit + 0.01)
            self.assertEqual(above.state, "to_approve")
            self.assertFalse(above.stay_line_id or above.approved_by_id)
        self.assertEqual(stay.amount_untaxed, 640.0 - 30.0 - 150.0)
        # a manager has no limit
        big = self._give(self.user_manager, complaint, "discount", 455.0)
        self.assertEqual(big.state, "applied")
        self.assertEqual(stay.amount_untaxed, 5.0)

    def test_points_are_valued_at_the_rate(self):
        complaint = self._complaint()
        within = self._give(self.user_front_desk, complaint, "points", 3000)
        above = self._give(self.user_front_desk, complaint, "points", 3001)
        self.assertEqual((within.value, above.value), (30.0, 30.01))
        self.assertEqual((within.state, above.state), ("applied", "to_approve"))
        self.assertEqual(self._points(), 3000)
        # at 50 points per unit, 1500 points are worth 30.00, 1501 more
        self.company.hotel_points_per_currency_unit = 50
        cheap = self._give(self.user_front_desk, complaint, "points", 1500)
        dear = self._give(self.user_front_desk, complaint, "points", 1501)
        self.assertEqual((cheap.value, dear.value), (30.0, 30.02))
        self.assertEqual((cheap.state, dear.state), ("applied", "to_approve"))
        self.assertEqual(self._points(), 4500)

    def test_above_every_limit_only_a_manager_approves(self):
        stay = self._checked_out()
        complaint = self._complaint(stay)
        compensation = self._give(self.user_front_desk, complaint, "discount", 200)
        self.assertEqual(compensation.state, "to_approve")
        # the department's manager, who may give it
        self.assertEqual(compensation.approver_id, self.user_manager)
        activity = self._activities(complaint)
        self.assertEqual(len(activity), 1)
        self.assertEqual(activity.user_id, self.user_manager)
        self.assertIn("200.00", activity.summary)
        for user in (self.user_front_desk, self.user_relations):
            mine = compensation.with_user(user)
            with self._hotel_assert_raises(AccessError, "above your approval limit"):
                mine.action_approve()
            with self._hotel_assert_raises(AccessError, "above your approval limit"):
                mine.action_refuse()
        self.assertEqual(compensation.state, "to_approve")
        self.assertEqual(stay.amount_untaxed, 240.0)
        self.assertEqual(self._activities(complaint), activity)
        compensation.with_user(self.user_manager).action_approve()
        self.assertEqual(compensation.state, "applied")
        self.assertEqual(compensation.approved_by_id, self.user_manager)
        self.assertEqual(compensation.requested_by_id, self.user_front_desk)
        self.assertEqual(compensation.stay_line_id.price_unit, -200.0)
        self.assertEqual(stay.amount_untaxed, 40.0)
        # the activity is done
        self.assertFalse(self._activities(complaint))
        done = complaint.message_ids.filtered(
            lambda m: m.mail_activity_type_id == self.approval
        )
        self.assertEqual(len(done), 1)
        with self._hotel_assert_raises(UserError, "does not wait for approval"):
            compensation.with_user(self.user_manager).action_approve()

    def test_relations_approves_what_the_front_desk_may_not_give(self):
        complaint = self._complaint()
        compensation = self._give(self.user_front_desk, complaint, "points", 8000)
        self.assertEqual(compensation.state, "to_approve")
        compensation.with_user(self.user_relations).action_approve()
        self.assertEqual(compensation.approved_by_id, self.user_relations)
        self.assertEqual(self._points(), 8000)
        self.assertFalse(self._activities(complaint))

    def test_nobody_approves_their_own_request(self):
        complaint = self._complaint()
        compensation = self._give(self.user_relations, complaint, "points", 20000)
        self.assertEqual(compensation.state, "to_approve")
        # the hotel raises the limit of Guest Relations meanwhile
        self.company.hotel_complaint_limit_relations = 500.0
        with self._hotel_assert_raises(AccessError, "someone else approves it"):
            compensation.with_user(self.user_relations).action_approve()
        self.assertEqual(compensation.state, "to_approve")
        self.assertEqual(self._points(), 0)
        compensation.with_user(self.user_manager).action_approve()
        self.assertEqual(self._points(), 20000)

    def test_approver_is_a_hotel_manager_above_the_department_manager(self):
        self.department.manager_id = self.user_relations
        complaint = self._complaint()
        within = self._give(self.user_front_desk, complaint, "points", 10000)
        self.assertEqual(within.approver_id, self.user_relations)
        above = self._give(self.user_front_desk, complaint, "points", 20000)
        # the first Hotel Manager of the hotel: the accounting test user, made
        # one before the other test users
        self.assertEqual(above.approver_id, self.env.user)
        activities = self._activities(complaint)
        self.assertEqual(len(activities), 2)
        self.assertEqual(
            set(activities.mapped("user_id")), {self.user_relations, self.env.user}
        )
        # deciding on one request leaves the other one's activity
        above.with_user(self.user_manager).action_refuse()
        self.assertEqual(self._activities(complaint).user_id, self.user_relations)
        within.with_user(self.user_relations).action_approve()
        self.assertFalse(self._activities(complaint))
        self.assertEqual(self._points(), 10000)

    def test_refusal_leaves_no_effect(self):
        stay = self._checked_out()
        complaint = self._complaint(stay)
        points = self._give(self.user_front_desk, complaint, "points", 5000)
        discount = self._give(self.user_front_desk, complaint, "discount", 80)
        self.assertEqual(len(self._activities(complaint)), 2)
        for compensation in (points, discount):
            compensation.with_user(self.user_manager).action_refuse()
            self.assertEqual(compensation.state, "refused")
            self.assertFalse(compensation.approved_by_id or compensation.stay_line_id)
            self.assertIn(
                "Compensation refused by Max Manager.", complaint.message_ids[0].body
            )
        self.assertFalse(self._activities(complaint))
        self.assertEqual(self._points(), 0)
        self.assertFalse(self.guest.with_company(self.company).guest_loyalty_card_id)
        self.assertEqual(stay.amount_untaxed, 240.0)
        self.assertEqual(complaint.compensation_total, 0.0)
        with self._hotel_assert_raises(UserError, "does not wait for approval"):
            points.with_user(self.user_manager).action_approve()
        with self._hotel_assert_raises(UserError, "Only a draft compensation"):
            points.with_user(self.user_manager).action_apply()

    def test_no_cancelling_while_a_compensation_waits(self):
        complaint = self._complaint()
        waiting = self._give(self.user_front_desk, complaint, "points", 5000)
        self.assertEqual(waiting.state, "to_approve")
        with self._hotel_assert_raises(UserError, "waits for approval"):
            complaint.with_user(self.user_manager).action_cancel()
        self.assertEqual(complaint.state, "new")
        waiting.with_user(self.user_manager).action_refuse()
        complaint.with_user(self.user_manager).action_cancel()
        self.assertEqual(complaint.state, "cancelled")
        self.assertFalse(self._activities(complaint))
