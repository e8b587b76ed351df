from odoo.exceptions import AccessError
from odoo.tests import tagged

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
