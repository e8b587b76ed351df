from odoo.tests import tagged

from .common import HotelCrmCommon


@tagged("post_install", "-at_install")
class TestDuplicatesAndMerge(HotelCrmCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.cat_pillow = cls.env.ref("hotel_crm.preference_category_bed")
        cls.cat_allergy = cls.env.ref("hotel_crm.preference_category_allergy")

    def _merge(self, partners, dst, user=None):
        Wizard = self.env["base.partner.merge.automatic.wizard"]
        if user:
            Wizard = Wizard.with_user(user)
        wizard = Wizard.with_context(
            active_model="res.partner", active_ids=partners.ids
        ).create({"dst_partner_id": dst.id})
        wizard.action_merge()

    def test_possible_duplicates_by_email_phone_or_id(self):
        anna = self._hotel_create_guest("Anna Duplicate", email="anna.dup@example.com")
        anna_bis = self._hotel_create_guest(
            "A. Duplicate", email="ANNA.DUP@example.com"
        )
        bob = self._hotel_create_guest("Bob Phone", phone="+41 44 555 12 34")
        bob_bis = self._hotel_create_guest("Robert Phone", mobile="044 555 12 34")
        cleo = self._hotel_create_guest("Cleo Id", guest_id_number="P123456")
        cleo_bis = self._hotel_create_guest("Cleopatra Id", guest_id_number="P123456")
        alone = self._hotel_create_guest("Alone Guest", email="alone@example.com")
        self.assertEqual(anna.guest_duplicate_count, 1)
        self.assertEqual(bob.guest_duplicate_count, 1)
        self.assertEqual(cleo_bis.guest_duplicate_count, 1)
        self.assertEqual(alone.guest_duplicate_count, 0)
        action = anna.action_hotel_view_duplicates()
        self.assertEqual(
            self.env["res.partner"].search(action["domain"]), anna | anna_bis
        )
        found = self._hotel_search_filter(
            "hotel_crm.res_partner_action_hotel_guest", "possible_duplicates"
        )
        self.assertLessEqual(anna | anna_bis | bob | bob_bis | cleo | cleo_bis, found)
        self.assertNotIn(alone, found)
        # the front desk sees the count without seeing other guests' ID numbers
        self.assertEqual(cleo.with_user(self.user_front_desk).guest_duplicate_count, 1)

    def test_merge_carries_preferences_and_keeps_the_guest_code(self):
        kept = self._hotel_create_guest("Mia Merge", email="mia@example.com")
        merged = self._hotel_create_guest("Mia Merge (old)", email="mia@example.com")
        Pref = self.env["hotel.guest.preference"]
        pillow = Pref.create(
            {"partner_id": merged.id, "category_id": self.cat_pillow.id, "name": "Soft"}
        )
        allergy = Pref.create(
            {
                "partner_id": merged.id,
                "category_id": self.cat_allergy.id,
                "name": "Latex",
            }
        )
        code = kept.guest_code
        self._merge(kept | merged, kept, user=self.user_front_desk)
        self.assertFalse(merged.exists())
        self.assertEqual(kept.guest_code, code)
        self.assertEqual(kept.guest_preference_ids, pillow | allergy)
        self.assertEqual(kept.guest_allergy_summary, "Latex")

    def test_merge_into_a_contact_that_was_not_a_guest(self):
        contact = self.env["res.partner"].create(
            {"name": "Nils Contact", "email": "n@example.com"}
        )
        guest = self._hotel_create_guest("Nils Guest", email="n@example.com")
        code = guest.guest_code
        self._merge(contact | guest, contact)
        self.assertTrue(contact.is_hotel_guest)
        self.assertEqual(contact.guest_code, code)

    def test_merge_keeps_a_restriction(self):
        clean = self._hotel_create_guest("Otto Clean", email="otto@example.com")
        restricted = self._hotel_create_guest("Otto Banned", email="otto@example.com")
        restricted.with_user(self.user_manager)._hotel_restrict("Violent behaviour")
        self._merge(clean | restricted, clean, user=self.user_front_desk)
        self.assertTrue(clean.guest_restricted)
        self.assertEqual(clean.guest_restriction_reason, "Violent behaviour")

    def test_merge_keeps_the_survivors_consent_and_restriction(self):
        kept = self._hotel_create_guest("Pat Keep", email="pat@example.com")
        old = self._hotel_create_guest(
            "Pat Old", email="pat@example.com", guest_marketing_consent=True
        )
        kept.with_user(self.user_manager)._hotel_restrict("Permanent ban")
        self.env.cr.execute(  # an old file restricted until a date
            "UPDATE res_partner SET guest_restricted = TRUE, guest_restricted_until = "
            "'2099-01-01', guest_restriction_reason = 'Old ban' WHERE id = %s",
            [old.id],
        )
        old.invalidate_recordset()
        self._merge(kept | old, kept, user=self.user_manager)
        self.assertFalse(kept.guest_marketing_consent)
        self.assertFalse(kept.guest_marketing_consent_date)
        self.assertEqual(kept.guest_restriction_reason, "Permanent ban")
        self.assertFalse(kept.guest_restricted_until)
        self.assertFalse(kept.guest_anonymized)
