"""Hotel staff without an e-mail address (common at a front desk) do every
step of their day: none of the module's own logging may need the sender's
e-mail address, which Odoo requires for messages posted by a user."""

from odoo import fields
from odoo.tests import tagged

from .test_stays import HotelStayCommon


@tagged("post_install", "-at_install")
class TestStaffWithoutEmail(HotelStayCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        for user in (cls.user_front_desk, cls.user_relations, cls.user_manager):
            user.partner_id.email = False
        cls.today = fields.Date.context_today(cls.env["hotel.stay"])
        cls.allergy = cls.env.ref("hotel_crm.preference_category_allergy")

    def _log_of(self, record, text):
        self._hotel_flush_tracking()
        return record.message_ids.filtered(lambda m: text in (m.body or ""))

    def test_check_in_with_an_allergy_alert(self):
        guest = self._hotel_create_guest("Nell No-Mail")
        self.env["hotel.guest.preference"].with_user(self.user_front_desk).create(
            {"partner_id": guest.id, "category_id": self.allergy.id, "name": "Nuts"}
        )
        stay = self._stay(
            guest=guest, start=self.today, nights=2, user=self.user_front_desk
        )
        action = stay.with_user(self.user_front_desk).action_check_in()
        self.assertEqual(stay.state, "checked_in")
        self.assertEqual(action["params"]["type"], "danger")
        logged = self._log_of(stay, "Allergy alert for Nell No-Mail: Nuts")
        self.assertEqual(len(logged), 1)
        self.assertEqual(logged.author_id, self.user_front_desk.partner_id)
        self.assertFalse(logged.email_from)
        # the guest file's tracked changes by the same clerk
        guest.with_user(self.user_front_desk).guest_vip = True
        self._hotel_flush_tracking()
        self.assertTrue(
            guest.message_ids.filtered(
                lambda m: (
                    m.author_id == self.user_front_desk.partner_id
                    and m.tracking_value_ids
                )
            )
        )

    def test_manager_override_and_credit_confirmation(self):
        guest = self._hotel_create_guest("Rory Restricted")
        manager = self.user_manager
        guest.with_user(manager).action_hotel_restrict()
        wizard = (
            self.env["hotel.guest.restrict.wizard"]
            .with_user(manager)
            .create({"partner_id": guest.id, "reason": "Unpaid damage"})
        )
        wizard.action_confirm()
        self.assertTrue(guest.guest_is_restricted)
        stay = self._stay(
            guest=guest,
            start=self.today,
            user=manager,
            restriction_override_reason="Paid the damage",
        )
        self.assertEqual(
            len(self._log_of(stay, "accepted the restricted guest Rory Restricted")), 1
        )
        # over the credit limit, confirmed by the manager
        self.company.account_use_credit_limit = True
        guest.with_company(self.company).credit_limit = 100.0
        stay.with_user(manager).action_confirm_credit_limit()
        self.assertEqual(stay.credit_limit_confirmed_by_id, manager)
        self.assertEqual(
            len(self._log_of(stay, "Check-in over the credit limit confirmed by")), 1
        )
        stay.with_user(self.user_front_desk).action_check_in()
        self.assertEqual(stay.state, "checked_in")
        guest.with_user(manager).action_hotel_lift_restriction()
        self.env.invalidate_all()
        self.assertFalse(guest.guest_is_restricted)

    def test_anonymization_by_a_manager_without_email(self):
        guest = self._hotel_create_guest("Gone Guest", email="gone@example.com")
        self.env["hotel.guest.anonymize.wizard"].with_user(self.user_manager).create(
            {"partner_ids": [fields.Command.set(guest.ids)]}
        ).action_confirm()
        self.assertTrue(guest.guest_anonymized)
        self.assertFalse(guest.email)
