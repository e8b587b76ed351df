from odoo.exceptions import UserError
from odoo.tests import tagged

from .common import HotelCrmInvoicingCommon


@tagged("post_install", "-at_install")
class TestComplaintPrivacy(HotelCrmInvoicingCommon):
    """A guest who asks to be forgotten: never while a complaint is open; the
    complaints stay for the analysis, without what the guest said."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.guest = cls._hotel_create_guest("Fiona Forget", email="fiona@example.com")
        cls.noise = cls.env.ref("hotel_crm.hotel_complaint_category_noise")

    def _complaint(self, **vals):
        return (
            self.env["hotel.complaint"]
            .with_user(self.user_front_desk)
            .create(
                {
                    "partner_id": self.guest.id,
                    "category_id": self.noise.id,
                    "description": "Fiona in 512 heard the bar until 3 am",
                    **vals,
                }
            )
        )

    def _resolved(self):
        complaint = self._complaint()
        complaint.action_acknowledge()
        complaint.action_start()
        complaint.resolution = "Room changed"
        complaint.action_resolve()
        complaint.write({"satisfaction": "4", "satisfaction_comment": "Fiona: fine"})
        return complaint

    def test_refused_while_a_complaint_is_open(self):
        for action in (None, "action_acknowledge", "action_start"):
            complaint = self._complaint()
            if action:
                getattr(complaint, action)()
            with self._hotel_assert_raises(
                UserError, f"has the open complaint {complaint.name}"
            ):
                self.guest.with_user(self.user_manager)._hotel_anonymize()
            self.assertFalse(self.guest.guest_anonymized)
            self.assertEqual(self.guest.name, "Fiona Forget")
            complaint.with_user(self.user_manager).action_cancel()

    def test_resolved_complaint_kept_without_what_the_guest_said(self):
        complaint = self._resolved()
        # the acknowledgement e-mail is in the chatter
        self.assertTrue(
            complaint.message_ids.filtered(lambda m: m.message_type == "comment")
        )
        complaint.activity_schedule(
            "mail.mail_activity_data_todo", user_id=self.user_manager.id
        )
        self.guest.with_user(self.user_manager)._hotel_anonymize()
        complaint.invalidate_recordset()
        self.assertTrue(self.guest.guest_anonymized)
        self.assertEqual(
            (complaint.state, complaint.satisfaction, complaint.resolution),
            ("resolved", "4", "Room changed"),
        )
        self.assertEqual(complaint.description, "Removed at the guest's request.")
        self.assertFalse(complaint.satisfaction_comment)
        self.assertFalse(
            complaint.message_ids.filtered(
                lambda m: m.message_type in ("email", "comment", "email_outgoing")
            )
        )
        self.assertFalse(complaint.activity_ids)
        self.assertEqual(complaint.partner_id, self.guest)

    def test_other_guests_complaints_untouched(self):
        other = self._hotel_create_guest("Otto Other")
        kept = self._complaint(partner_id=other.id)
        self._resolved()
        self.guest.with_user(self.user_manager)._hotel_anonymize()
        self.assertEqual(kept.description, "Fiona in 512 heard the bar until 3 am")
        self.assertEqual(kept.state, "new")
