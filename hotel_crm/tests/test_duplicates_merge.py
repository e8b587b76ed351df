from datetime import date

from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from .common import HotelCrmCommon


@tagged("post_install", "-at_install")
class TestDuplicatesAndMerge(HotelCrmCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.cat_pillow = cls.env.ref("hotel_crm.preference_category_bed")
        cls.cat_allergy = cls.env.ref("hotel_crm.preference_category_allergy")

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
        self._hotel_merge(kept | merged, kept, user=self.user_front_desk)
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
        self._hotel_merge(contact | guest, contact)
        self.assertTrue(contact.is_hotel_guest)
        self.assertEqual(contact.guest_code, code)

    def test_merge_moves_the_restriction_history_to_the_survivor(self):
        clean = self._hotel_create_guest("Otto Clean", email="otto@example.com")
        restricted = self._hotel_create_guest("Otto Banned", email="otto@example.com")
        restricted.with_user(self.user_manager)._hotel_restrict("Violent behaviour")
        restriction = restricted.guest_restriction_ids
        self._hotel_merge(clean | restricted, clean, user=self.user_manager)
        self.assertFalse(restricted.exists())
        self.assertEqual(clean.guest_restriction_ids, restriction)
        self.assertTrue(clean.guest_is_restricted)
        self.assertEqual(clean.guest_restriction_reason, "Violent behaviour")
        self.assertEqual(restriction.set_by_id, self.user_manager)

    def test_staff_cannot_merge_a_restriction_away(self):
        """The attack: copy a restricted guest's e-mail onto another guest
        file, then merge them to delete the restricted file."""
        banned = self._hotel_create_guest("Vic Banned", email="vic@example.com")
        banned.with_user(self.user_manager)._hotel_restrict("Assaulted a waiter")
        victim = self._hotel_create_guest("Val Victim", email="val@example.com")
        for user in (self.user_front_desk, self.user_relations):
            victim.with_user(user).write({"email": "vic@example.com"})
            for dst in (victim, banned):
                with self.assertRaises(AccessError):
                    self._hotel_merge(victim | banned, dst, user=user)
            self.assertTrue(banned.exists())
            self.assertTrue(victim.exists())
            self.assertEqual(banned.guest_restriction_ids.partner_id, banned)
            self.assertFalse(victim.guest_restriction_ids)
        # an expired or lifted restriction no longer needs a manager
        banned.with_user(self.user_manager).action_hotel_lift_restriction()
        self._hotel_merge(victim | banned, victim, user=self.user_front_desk)
        self.assertFalse(banned.exists())
        self.assertEqual(
            len(victim.with_context(active_test=False).guest_restriction_ids), 1
        )
        self.assertFalse(victim.guest_is_restricted)

    def test_users_without_hotel_role_cannot_merge_guest_files(self):
        first = self._hotel_create_guest("Ida Twice", email="ida@example.com")
        second = self._hotel_create_guest("Ida Again", email="ida@example.com")
        with self.assertRaises(AccessError):
            self._hotel_merge(first | second, first, user=self.user_internal)
        self.assertTrue(second.exists())
        # plain contacts stay theirs to merge
        one = self.env["res.partner"].create(
            {"name": "Co One", "email": "co@example.com"}
        )
        two = self.env["res.partner"].create(
            {"name": "Co Two", "email": "co@example.com"}
        )
        self._hotel_merge(one | two, one, user=self.user_internal)
        self.assertFalse(two.exists())

    def test_merge_refuses_overlapping_stays(self):
        first = self._hotel_create_guest("Ugo Twice", email="ugo@example.com")
        second = self._hotel_create_guest("Ugo Again", email="ugo@example.com")
        Stay = self.env["hotel.stay"]
        stay_1 = Stay.create(
            {
                "partner_id": first.id,
                "check_in_date": date(2026, 3, 1),
                "check_out_date": date(2026, 3, 4),
            }
        )
        stay_2 = Stay.create(
            {
                "partner_id": second.id,
                "check_in_date": date(2026, 3, 3),
                "check_out_date": date(2026, 3, 5),
            }
        )
        with self._hotel_assert_raises(UserError, "overlap"):
            self._hotel_merge(first | second, first, user=self.user_manager)
        self.assertTrue(second.exists())
        self.assertEqual(stay_2.partner_id, second)
        # once one is cancelled the files merge, the stays follow
        stay_2.action_cancel()
        self._hotel_merge(first | second, first, user=self.user_manager)
        self.assertEqual((stay_1 | stay_2).partner_id, first)

    def test_back_to_back_stays_do_not_block_a_merge(self):
        first = self._hotel_create_guest("Uma Twice", email="uma@example.com")
        second = self._hotel_create_guest("Uma Again", email="uma@example.com")
        Stay = self.env["hotel.stay"]
        for guest, start, end in (
            (first, date(2026, 3, 1), date(2026, 3, 4)),
            (second, date(2026, 3, 4), date(2026, 3, 6)),
        ):
            Stay.create(
                {"partner_id": guest.id, "check_in_date": start, "check_out_date": end}
            )
        self._hotel_merge(first | second, first, user=self.user_manager)
        self.assertEqual(len(Stay.search([("partner_id", "=", first.id)])), 2)

    def test_merge_keeps_the_survivors_consent(self):
        kept = self._hotel_create_guest("Pat Keep", email="pat@example.com")
        old = self._hotel_create_guest(
            "Pat Old", email="pat@example.com", guest_marketing_consent=True
        )
        self.assertTrue(old.guest_marketing_consent_date)
        self._hotel_merge(kept | old, kept, user=self.user_manager)
        self.assertFalse(kept.guest_marketing_consent)
        self.assertFalse(kept.guest_marketing_consent_date)
        self.assertFalse(kept.guest_anonymized)
