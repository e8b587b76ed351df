from odoo.exceptions import AccessError, ValidationError
from odoo.tests import Form, tagged

from .common import HotelCrmCommon


@tagged("post_install", "-at_install")
class TestGuestPreferences(HotelCrmCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.guest = cls._hotel_create_guest("Pia Preference")
        cls.cat_allergy = cls.env.ref("hotel_crm.preference_category_allergy")
        cls.cat_pillow = cls.env.ref("hotel_crm.preference_category_bed")
        cls.cat_dietary = cls.env.ref("hotel_crm.preference_category_dietary")

    def test_default_categories_are_shipped(self):
        names = set(self.env["hotel.preference.category"].search([]).mapped("name"))
        for expected in (
            "Room",
            "Floor",
            "Bed & Pillow",
            "Smoking",
            "Dietary",
            "Allergy",
            "Amenities",
            "Food & Beverage Favourites",
            "Other",
        ):
            self.assertIn(expected, names)
        self.assertTrue(self.cat_allergy.is_allergy)
        self.assertFalse(self.cat_pillow.is_allergy)

    def test_front_desk_records_preferences_on_the_guest_form(self):
        with Form(self.guest.with_user(self.user_front_desk)) as form:
            with form.guest_preference_ids.new() as line:
                line.category_id = self.cat_pillow
                line.name = "Feather-free pillow"
                line.source = "staff"
            with form.guest_preference_ids.new() as line:
                line.category_id = self.cat_allergy
                line.name = "Shellfish"
        prefs = self.guest.guest_preference_ids
        self.assertEqual(len(prefs), 2)
        self.assertEqual(prefs.recorded_by_id, self.user_front_desk)
        self.assertTrue(all(prefs.mapped("recorded_on")))
        # allergies first
        self.assertEqual(prefs[0].name, "Shellfish")
        self.assertEqual(self.guest.guest_allergy_summary, "Shellfish")

    def test_allergy_summary_lists_only_active_allergies(self):
        Pref = self.env["hotel.guest.preference"]
        peanuts = Pref.create(
            {
                "partner_id": self.guest.id,
                "category_id": self.cat_allergy.id,
                "name": "Peanuts",
            }
        )
        Pref.create(
            {
                "partner_id": self.guest.id,
                "category_id": self.cat_allergy.id,
                "name": "Penicillin",
            }
        )
        Pref.create(
            {
                "partner_id": self.guest.id,
                "category_id": self.cat_dietary.id,
                "name": "Vegan",
            }
        )
        self.assertEqual(self.guest.guest_allergy_summary, "Peanuts, Penicillin")
        peanuts.action_archive()
        self.assertEqual(self.guest.guest_allergy_summary, "Penicillin")
        # a category turned safety-critical shows up in the alert
        self.cat_dietary.is_allergy = True
        self.assertIn("Vegan", self.guest.guest_allergy_summary)
        found = self._hotel_search_filter(
            "hotel_crm.res_partner_action_hotel_guest", "has_allergies"
        )
        self.assertIn(self.guest, found)

    def test_guest_without_allergy_is_not_flagged(self):
        self.env["hotel.guest.preference"].create(
            {
                "partner_id": self.guest.id,
                "category_id": self.cat_pillow.id,
                "name": "Firm",
            }
        )
        self.assertFalse(self.guest.guest_allergy_summary)
        found = self._hotel_search_filter(
            "hotel_crm.res_partner_action_hotel_guest", "has_allergies"
        )
        self.assertNotIn(self.guest, found)

    def test_preference_without_category_is_refused(self):
        Pref = self.env["hotel.guest.preference"].with_user(self.user_front_desk)
        with self.assertRaises(ValidationError):
            Pref.create({"partner_id": self.guest.id, "name": "Quiet room"})
        self.assertFalse(self.guest.guest_preference_ids)
        pref = Pref.create(
            {
                "partner_id": self.guest.id,
                "category_id": self.cat_pillow.id,
                "name": "Soft",
            }
        )
        with self.assertRaises(ValidationError):
            pref.write({"category_id": False})
        self.assertEqual(pref.category_id, self.cat_pillow)

    def test_only_managers_manage_categories(self):
        Category = self.env["hotel.preference.category"]
        for user in (self.user_front_desk, self.user_relations):
            self.assertTrue(Category.with_user(user).search([]))
            with self.assertRaises(AccessError):
                Category.with_user(user).create({"name": "Minibar"})
            with self.assertRaises(AccessError):
                self.cat_pillow.with_user(user).write({"is_allergy": True})
        category = Category.with_user(self.user_manager).create(
            {"name": "Minibar", "sequence": 80}
        )
        self.assertEqual(category.name, "Minibar")
        category.with_user(self.user_manager).action_archive()
        self.assertFalse(category.active)
