from datetime import date, datetime

from freezegun import freeze_time
from lxml import etree

from odoo.exceptions import ValidationError
from odoo.tests import Form, tagged

from .common import HotelCrmCommon


@tagged("post_install", "-at_install")
class TestGuestProfile(HotelCrmCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.guest = cls._hotel_create_guest("Paula Profile")

    def test_front_desk_fills_the_guest_file(self):
        with Form(self.guest.with_user(self.user_front_desk)) as form:
            form.guest_birthdate = date(1990, 5, 17)
            form.guest_gender = "female"
            form.guest_nationality_id = self.env.ref("base.de")
            form.guest_id_type = "passport"
            form.guest_id_number = "C01X00T47"
            form.guest_vip = True
            form.guest_vip_note = "Anniversary trip every May"
            form.guest_do_not_disclose = True
        self.assertEqual(self.guest.guest_birthdate, date(1990, 5, 17))
        self.assertEqual(self.guest.guest_birth_month, 5)
        self.assertEqual(self.guest.guest_nationality_id, self.env.ref("base.de"))
        self.assertEqual(self.guest.guest_id_number, "C01X00T47")
        self.assertTrue(self.guest.guest_vip)
        self.assertTrue(self.guest.guest_do_not_disclose)

    def test_changes_are_tracked_in_the_chatter(self):
        self.guest.write({"guest_vip": True, "guest_do_not_disclose": True})
        self._hotel_flush_tracking()
        tracked = self.guest.message_ids.tracking_value_ids.field_id.mapped("name")
        self.assertIn("guest_vip", tracked)
        self.assertIn("guest_do_not_disclose", tracked)

    @freeze_time("2026-03-10")
    def test_birthdate_in_the_future_is_refused(self):
        with self.assertRaises(ValidationError):
            self.guest.write({"guest_birthdate": date(2026, 3, 11)})
        self.assertFalse(self.guest.guest_birthdate)
        count = self.env["res.partner"].search_count([])
        with self.assertRaises(ValidationError):
            self._hotel_create_guest("Future Baby", guest_birthdate=date(2027, 1, 1))
        self.assertEqual(self.env["res.partner"].search_count([]), count)
        # today is fine
        self.guest.guest_birthdate = date(2026, 3, 10)
        self.assertEqual(self.guest.guest_birthdate, date(2026, 3, 10))

    @freeze_time("2026-07-02")
    def test_birthday_this_month_filter(self):
        july = self._hotel_create_guest("July Born", guest_birthdate=date(1980, 7, 30))
        august = self._hotel_create_guest(
            "August Born", guest_birthdate=date(1980, 8, 1)
        )
        found = self._hotel_search_filter(
            "hotel_crm.res_partner_action_hotel_guest", "birthday_this_month"
        )
        self.assertIn(july, found)
        self.assertNotIn(august, found)
        self.assertNotIn(self.guest, found)

    def test_vip_and_do_not_disclose_filters(self):
        vip = self._hotel_create_guest("Victor VIP", guest_vip=True)
        secret = self._hotel_create_guest("Sam Secret", guest_do_not_disclose=True)
        action = "hotel_crm.res_partner_action_hotel_guest"
        vips = self._hotel_search_filter(action, "vip")
        self.assertIn(vip, vips)
        self.assertNotIn(secret, vips)
        secrets = self._hotel_search_filter(action, "do_not_disclose")
        self.assertIn(secret, secrets)
        self.assertNotIn(vip, secrets)

    def test_marketing_consent_date_follows_the_consent(self):
        self.assertFalse(self.guest.guest_marketing_consent_date)
        with freeze_time("2026-01-05 10:00:00"):
            self.guest.guest_marketing_consent = True
            self.env.flush_all()
        self.assertEqual(
            self.guest.guest_marketing_consent_date, datetime(2026, 1, 5, 10, 0, 0)
        )
        with freeze_time("2026-02-01 09:00:00"):
            self.guest.write({"name": "Paula Profile-Meyer", "phone": "+49 30 1234"})
            self.env.flush_all()
        self.assertEqual(
            self.guest.guest_marketing_consent_date, datetime(2026, 1, 5, 10, 0, 0)
        )
        with freeze_time("2026-02-15 09:00:00"):
            self.guest.write({"guest_marketing_consent": True})  # e.g. an import
            self.env.flush_all()
        self.assertEqual(
            self.guest.guest_marketing_consent_date, datetime(2026, 1, 5, 10, 0, 0)
        )
        with freeze_time("2026-03-01 08:30:00"):
            self.guest.guest_marketing_consent = False
            self.env.flush_all()
        self.assertEqual(
            self.guest.guest_marketing_consent_date, datetime(2026, 3, 1, 8, 30, 0)
        )

    def test_guest_form_shows_safety_and_privacy_banners(self):
        arch = etree.fromstring(
            self.env["res.partner"]
            .with_user(self.user_front_desk)
            .get_views([(False, "form")])["views"]["form"]["arch"]
        )
        # each banner is shown exactly when its flag is set
        for banner, condition in (
            ("guest_allergy_alert", "not guest_allergy_summary"),
            ("guest_do_not_disclose_alert", "not guest_do_not_disclose"),
            ("guest_restricted_alert", "not guest_is_restricted"),
            ("guest_vip_alert", "not guest_vip"),
        ):
            node = arch.xpath(f"//div[@name='{banner}']")
            self.assertEqual(len(node), 1, banner)
            self.assertEqual(node[0].get("invisible"), condition)
        banners = arch.xpath(
            "//sheet/preceding-sibling::div[contains(@class, 'alert')]/@name"
        )
        self.assertIn("guest_allergy_alert", banners)
        pages = arch.xpath("//notebook/page/@name")
        self.assertEqual(pages[0], "hotel")
        arch = etree.tostring(arch, encoding="unicode")
        outsider_arch = (
            self.env["res.partner"]
            .with_user(self.user_internal)
            .get_views([(False, "form")])["views"]["form"]["arch"]
        )
        self.assertNotIn('name="hotel"', outsider_arch)
        self.assertNotIn("guest_id_number", outsider_arch)

    def test_group_guests_by_nationality_and_company(self):
        company = self.env["res.partner"].create({"name": "Globex", "is_company": True})
        self._hotel_create_guest(
            "Hans Meier",
            guest_nationality_id=self.env.ref("base.de").id,
            parent_id=company.id,
        )
        self._hotel_create_guest(
            "Greta Meier", guest_nationality_id=self.env.ref("base.de").id
        )
        action = self.env.ref("hotel_crm.res_partner_action_hotel_guest")
        arch = etree.fromstring(
            self.env["res.partner"].get_views([(action.search_view_id.id, "search")])[
                "views"
            ]["search"]["arch"]
        )
        groupbys = {
            node.get("name"): node.get("context")
            for node in arch.xpath("//filter[contains(@context, 'group_by')]")
        }
        self.assertIn("guest_nationality_id", groupbys["group_nationality"])
        self.assertIn("parent_id", groupbys["group_company"])
        groups = dict(
            self.env["res.partner"]._read_group(
                [("is_hotel_guest", "=", True), ("name", "like", "Meier")],
                ["guest_nationality_id"],
                ["__count"],
            )
        )
        self.assertEqual(groups[self.env.ref("base.de")], 2)
