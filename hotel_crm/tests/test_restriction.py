from datetime import date

from freezegun import freeze_time

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form, tagged

from .common import HotelCrmCommon


@tagged("post_install", "-at_install")
class TestGuestRestriction(HotelCrmCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.guest = cls._hotel_create_guest("Rudi Rowdy")

    def _restrict_as_manager(self, reason, until=None):
        action = self.guest.with_user(self.user_manager).action_hotel_restrict()
        Wizard = self.env[action["res_model"]].with_user(self.user_manager)
        with Form(Wizard.with_context(**action["context"])) as form:
            form.reason = reason
            if until:
                form.until = until
        form.record.action_confirm()

    def test_manager_restricts_and_booking_is_refused(self):
        self._restrict_as_manager("Threatened the night auditor")
        self.assertTrue(self.guest.guest_restricted)
        self.assertTrue(self.guest.guest_is_restricted)
        self.assertEqual(
            self.guest.guest_restriction_reason, "Threatened the night auditor"
        )
        with self._hotel_assert_raises(UserError, "Threatened the night auditor"):
            self.guest._hotel_check_not_restricted()
        # the chatter says who did it and why
        self._hotel_flush_tracking()
        tracking = self._restriction_tracking()
        self.assertEqual(
            tracking.mail_message_id.author_id, self.user_manager.partner_id
        )
        reason = tracking.filtered(
            lambda t: t.field_id.name == "guest_restriction_reason"
        )
        self.assertEqual(reason.new_value_text, "Threatened the night auditor")
        found = self._hotel_search_filter(
            "hotel_crm.res_partner_action_hotel_guest", "restricted"
        )
        self.assertIn(self.guest, found)

    def _restriction_tracking(self):
        return self.guest.message_ids.sudo().tracking_value_ids.filtered(
            lambda t: (
                t.field_id.name in ("guest_restricted", "guest_restriction_reason")
            )
        )

    def test_unrestricted_guest_passes(self):
        self.assertTrue(self.guest._hotel_check_not_restricted())

    @freeze_time("2026-06-15")
    def test_expired_restriction_does_not_count(self):
        self._restrict_as_manager("Unpaid minibar", until=date(2026, 6, 30))
        with self._hotel_assert_raises(UserError, "Unpaid minibar"):
            self.guest._hotel_check_not_restricted()
        with freeze_time("2026-07-01"):
            self.guest.invalidate_recordset(["guest_is_restricted"])
            self.assertFalse(self.guest.guest_is_restricted)
            self.assertTrue(self.guest._hotel_check_not_restricted())
            found = self._hotel_search_filter(
                "hotel_crm.res_partner_action_hotel_guest", "restricted"
            )
            self.assertNotIn(self.guest, found)

    def test_manager_lifts_the_restriction(self):
        self._restrict_as_manager("Noise complaints")
        self._hotel_flush_tracking()
        self.guest.with_user(self.user_manager).action_hotel_lift_restriction()
        self.assertFalse(self.guest.guest_restricted)
        self.assertFalse(self.guest.guest_restriction_reason)
        self.assertTrue(self.guest._hotel_check_not_restricted())
        self._hotel_flush_tracking()
        lifted = self._restriction_tracking().filtered(
            lambda t: t.field_id.name == "guest_restricted" and not t.new_value_integer
        )
        self.assertTrue(lifted)
        self.assertEqual(lifted.mail_message_id.author_id, self.user_manager.partner_id)

    def test_only_managers_restrict_or_lift(self):
        for user in (self.user_front_desk, self.user_relations):
            guest = self.guest.with_user(user)
            with self.assertRaises(AccessError):
                guest.action_hotel_restrict()
            with self.assertRaises(AccessError):
                guest.write({"guest_restricted": True, "guest_restriction_reason": "x"})
            self.assertFalse(self.guest.guest_restricted)
        self._restrict_as_manager("Fraudulent card")
        for user in (self.user_front_desk, self.user_relations):
            with self.assertRaises(AccessError):
                self.guest.with_user(user).action_hotel_lift_restriction()
            with self.assertRaises(AccessError):
                self.guest.with_user(user).write({"guest_restricted": False})
        self.assertTrue(self.guest.guest_restricted)
        # other changes by the front desk still work on a restricted guest
        self.guest.with_user(self.user_front_desk).write({"phone": "+33 1 23 45"})
        self.assertEqual(self.guest.phone, "+33 1 23 45")

    def test_restriction_needs_a_reason(self):
        with self.assertRaises(ValidationError):
            self.guest.with_user(self.user_manager).write({"guest_restricted": True})
        self.assertFalse(self.guest.guest_restricted)
        with self.assertRaises(ValidationError):
            self.guest.with_user(self.user_manager)._hotel_restrict("   ")
        self.assertFalse(self.guest.guest_restricted)

    @freeze_time("2026-06-15")
    def test_restriction_end_cannot_be_in_the_past(self):
        with self.assertRaises(ValidationError):
            self._restrict_as_manager("Too late", until=date(2026, 6, 14))
        self.assertFalse(self.guest.guest_restricted)
