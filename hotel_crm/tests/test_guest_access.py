from odoo.exceptions import AccessError
from odoo.tests import Form, tagged

from .common import HotelCrmCommon


@tagged("post_install", "-at_install")
class TestGuestAccess(HotelCrmCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.guest = cls._hotel_create_guest(
            "Ida Identity", guest_id_type="national_id", guest_id_number="ID-4711"
        )
        cls.pref = cls.env["hotel.guest.preference"].create(
            {
                "partner_id": cls.guest.id,
                "category_id": cls.env.ref("hotel_crm.preference_category_room").id,
                "name": "Bathtub",
            }
        )

    def test_front_desk_reads_and_writes_guest_files(self):
        guest = self.guest.with_user(self.user_front_desk)
        self.assertEqual(guest.guest_id_number, "ID-4711")
        guest.write({"guest_id_number": "ID-4712", "guest_vip": True})
        self.assertEqual(self.guest.guest_id_number, "ID-4712")
        pref = self.pref.with_user(self.user_front_desk)
        pref.write({"name": "Bathtub and shower"})
        pref.copy({"name": "Late check-out"}).unlink()
        self.assertEqual(self.pref.name, "Bathtub and shower")

    def test_outsider_never_reads_the_id_number(self):
        guest = self.guest.with_user(self.user_internal)
        self.assertEqual(guest.name, "Ida Identity")  # the contact itself is visible
        with self.assertRaises(AccessError):
            guest.read(["guest_id_number"])
        with self.assertRaises(AccessError):
            getattr(guest, "guest_id_number")  # noqa: B009
        self.assertNotIn("guest_id_number", guest.fields_get())
        with self.assertRaises(AccessError):
            guest.export_data(["name", "guest_id_number"])
        with self.assertRaises(AccessError):
            guest.search([("guest_id_number", "=", "ID-4711")])

    def test_outsider_has_no_access_to_preferences(self):
        with self.assertRaises(AccessError):
            self.pref.with_user(self.user_internal).read(["name"])
        with self.assertRaises(AccessError):
            self.env["hotel.guest.preference"].with_user(self.user_internal).create(
                {
                    "partner_id": self.guest.id,
                    "category_id": self.pref.category_id.id,
                    "name": "x",
                }
            )

    def test_id_number_tracking_hidden_from_outsiders(self):
        self.guest.guest_id_number = "ID-9999"
        self._hotel_flush_tracking()
        tracking = self.guest.message_ids.sudo().tracking_value_ids.filtered(
            lambda t: t.field_id.name == "guest_id_number"
        )
        self.assertTrue(tracking)
        self.assertFalse(
            tracking._filter_has_field_access(self.env(user=self.user_internal))
        )
        self.assertTrue(
            tracking._filter_has_field_access(self.env(user=self.user_front_desk))
        )

    def test_outsider_cannot_change_guest_files(self):
        self.guest.write({"guest_do_not_disclose": True, "guest_vip": True})
        guest = self.guest.with_user(self.user_internal)
        for vals in (
            {"guest_do_not_disclose": False},
            {"guest_marketing_consent": True},
            {"guest_vip": False},
            {"is_hotel_guest": False},
        ):
            with self.assertRaises(AccessError):
                guest.write(vals)
        self.assertTrue(self.guest.guest_do_not_disclose)
        self.assertTrue(self.guest.is_hotel_guest)
        with self.assertRaises(AccessError):
            self.env["res.partner"].with_user(self.user_internal).create(
                {"name": "Sneaky Guest", "is_hotel_guest": True}
            )
        # ordinary contact work goes on
        guest.write({"phone": "+1 555 0100"})
        self.assertEqual(self.guest.phone, "+1 555 0100")

    def test_outsider_cannot_read_sensitive_guest_data(self):
        self.guest.with_user(self.user_manager)._hotel_restrict("Stole towels")
        guest = self.guest.with_user(self.user_internal)
        for fname in ("guest_birthdate", "guest_restriction_reason", "guest_vip_note"):
            with self.assertRaises(AccessError):
                guest.read([fname])

    def test_restricted_guest_cannot_be_deleted_or_archived_by_staff(self):
        self.guest.with_user(self.user_manager)._hotel_restrict("Fraud")
        for user in (self.user_front_desk, self.user_internal):
            with self.assertRaises(AccessError):
                self.guest.with_user(user).unlink()
            with self.assertRaises(AccessError):
                self.guest.with_user(user).action_archive()
        self.assertTrue(self.guest.exists() and self.guest.active)
        self.guest.with_user(self.user_manager).action_archive()
        self.assertFalse(self.guest.active)

    def test_outsider_opens_the_contact_form_of_a_guest(self):
        self.guest.write({"guest_vip": True, "guest_vip_note": "Board member"})
        self.guest.with_user(self.user_manager)._hotel_restrict("Stole towels")
        form = Form(self.guest.with_user(self.user_internal))
        self.assertEqual(form.name, "Ida Identity")
        self.assertNotIn("guest_id_number", form._view["fields"])
        self.assertNotIn("guest_restriction_reason", form._view["fields"])
