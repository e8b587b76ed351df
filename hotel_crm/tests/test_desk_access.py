"""Who may do what on the desk's screens (issue 8): Hotel Managers change the
hotel's settings without being Odoo administrators, merge guest files found by
phone or ID number, and nobody changes an anonymized guest file."""

import zlib
from datetime import date, datetime

from lxml import etree

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.fields import Command
from odoo.tests import Form, new_test_user, tagged

from .common import HotelCrmCommon

MANAGER = "base.group_user,hotel_crm.group_hotel_manager"
SETTINGS = (
    "hotel_group_corporate_invoices",
    "hotel_long_stay_nights",
    "hotel_long_stay_window_nights",
    "hotel_long_stay_window_days",
)
DEFAULTS = {
    "hotel_group_corporate_invoices": False,
    "hotel_long_stay_nights": 30,
    "hotel_long_stay_window_nights": 60,
    "hotel_long_stay_window_days": 90,
}
ANONYMIZED = "is an anonymized guest"


class DeskAccessCommon(HotelCrmCommon):
    """Hotel Alpha (the test company) and Hotel Bravo, a manager of each, a
    manager of both and an administrator who also runs the hotel."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company_a = cls.env.company
        cls.company_b = cls.env["res.company"].create({"name": "Hotel Bravo"})

        def user(login, groups, *companies):
            return new_test_user(
                cls.env,
                login=login,
                groups=groups,
                company_id=companies[0].id,
                company_ids=[Command.set([c.id for c in companies])],
            )

        cls.manager_b = user("desk_manager_b", MANAGER, cls.company_b)
        cls.manager_ab = user("desk_manager_ab", MANAGER, cls.company_a, cls.company_b)
        cls.admin = user(
            "desk_admin",
            "base.group_user,base.group_system,hotel_crm.group_hotel_manager",
            cls.company_a,
            cls.company_b,
        )
        cls.not_managers = (
            cls.user_front_desk,
            cls.user_relations,
            cls.user_accountant,
            cls.user_internal,
        )

    def _settings(self, company):
        return {fname: company[fname] for fname in SETTINGS}


@tagged("post_install", "-at_install")
class TestHotelSettingsAccess(DeskAccessCommon):
    """Item 5: the hotel's settings for Hotel Managers, and nothing more."""

    def _open(self, user, company=None):
        Settings = self.env["hotel.settings"].with_user(user)
        if company:
            Settings = Settings.with_company(company)
        return Settings

    def test_manager_changes_the_settings_through_the_form(self):
        self.assertEqual(self._settings(self.company_a), DEFAULTS)
        form = Form(self._open(self.user_manager))
        # the screen opens on the current values of the hotel
        for fname, value in DEFAULTS.items():
            self.assertEqual(form[fname], value, fname)
        self.assertFalse(form.account_use_credit_limit)
        form.hotel_group_corporate_invoices = True
        form.hotel_long_stay_nights = 21
        form.hotel_long_stay_window_nights = 45
        form.hotel_long_stay_window_days = 120
        settings = form.save()
        self.assertEqual(settings.company_id, self.company_a)
        # nothing is written before Save
        self.assertEqual(self._settings(self.company_a), DEFAULTS)
        self.assertEqual(
            settings.action_save(), {"type": "ir.actions.act_window_close"}
        )
        self.assertEqual(
            self._settings(self.company_a),
            {
                "hotel_group_corporate_invoices": True,
                "hotel_long_stay_nights": 21,
                "hotel_long_stay_window_nights": 45,
                "hotel_long_stay_window_days": 120,
            },
        )
        self.assertEqual(self._settings(self.company_b), DEFAULTS)
        # the manager did not become an administrator on the way
        self.assertFalse(self.user_manager.has_group("base.group_system"))
        self.assertFalse(self.user_manager.has_group("base.group_erp_manager"))

    def test_the_menu_opens_the_hotel_settings_for_managers_only(self):
        menu = self.env.ref("hotel_crm.hotel_crm_menu_settings")
        action = self.env.ref("hotel_crm.hotel_settings_action")
        self.assertEqual(menu.action, action)
        self.assertEqual(action.res_model, "hotel.settings")
        self.assertEqual(action.target, "new")
        for user, visible in (
            (self.user_manager, True),
            (self.admin, True),
            (self.user_relations, False),
            (self.user_front_desk, False),
            (self.user_internal, False),
        ):
            with self.subTest(user=user.login):
                menus = self.env["ir.ui.menu"].with_user(user)._visible_menu_ids()
                self.assertEqual(menu.id in menus, visible)

    def test_other_roles_cannot_use_the_settings_screen(self):
        settings = self._open(self.user_manager).create({"hotel_long_stay_nights": 5})
        for user in (*self.not_managers, self.manager_b):
            with self.subTest(user=user.login):
                if user != self.manager_b:
                    with self.assertRaises(AccessError):
                        self._open(user).create({"hotel_long_stay_nights": 5})
                    result = self._open(user).load(["hotel_long_stay_nights"], [["5"]])
                    self.assertIs(result["ids"], False)
                # another user's screen is not theirs to save
                with self.assertRaises(AccessError):
                    settings.with_user(user).action_save()
                with self.assertRaises(AccessError):
                    settings.with_user(user).write({"hotel_long_stay_nights": 6})
        self.assertEqual(self._settings(self.company_a), DEFAULTS)
        self.assertEqual(self._settings(self.company_b), DEFAULTS)

    def test_manager_is_still_no_administrator(self):
        """Odoo's Settings and the company stay out of a manager's reach: only
        the hotel's screen writes the hotel's fields."""
        company = self.company_a.with_user(self.user_manager)
        for vals in (
            {"hotel_long_stay_nights": 5},
            {"name": "Hacked Hotel"},
            {"account_use_credit_limit": True},
        ):
            with self.subTest(vals=vals), self.assertRaises(AccessError):
                company.write(vals)
        with self.assertRaises(AccessError):
            self.env["res.config.settings"].with_user(self.user_manager).create(
                {"hotel_long_stay_nights": 5}
            )
        self.assertEqual(self._settings(self.company_a), DEFAULTS)
        self.assertEqual(self.company_a.name, self.company_a.sudo().name)
        self.assertNotEqual(self.company_a.name, "Hacked Hotel")
        self.assertFalse(self.company_a.account_use_credit_limit)

    def test_the_screen_writes_no_other_field(self):
        Settings = self._open(self.user_manager)
        name = self.company_a.name
        # fields the screen does not have: Odoo refuses them
        for vals in (
            {"name": "Hacked Hotel"},
            {"account_default_credit_limit": 1e6},
        ):
            with self.subTest(vals=vals), self.assertRaises(ValueError):
                Settings.create(vals)
        # the currency of the compensation limits is the hotel's, shown only
        with self._hotel_assert_raises(UserError, "cannot be written directly"):
            Settings.create({"currency_id": self.env.ref("base.CHF").id})
        # the credit-limit state is shown, never written from here
        with self._hotel_assert_raises(UserError, "cannot be written directly"):
            Settings.create({"account_use_credit_limit": True})
        # the hotel is the one the user works in, never one a client names
        with self._hotel_assert_raises(UserError, "cannot be written directly"):
            Settings.create({"company_id": self.company_b.id})
        settings = Settings.create({})
        with self._hotel_assert_raises(UserError, "cannot be written directly"):
            settings.write({"company_id": self.company_b.id})
        forged = Settings.with_context(default_company_id=self.company_b.id).create(
            {"hotel_long_stay_nights": 7}
        )
        self.assertEqual(forged.company_id, self.company_a)
        forged.action_save()
        self.assertEqual(self.company_a.hotel_long_stay_nights, 7)
        self.assertEqual(self._settings(self.company_b), DEFAULTS)
        # an import creates a screen, which writes nothing before Save
        with self.assertRaises(ValueError):
            Settings.load(["name"], [["Hacked Hotel"]])
        result = Settings.load(["company_id/.id"], [[str(self.company_b.id)]])
        self.assertIs(result["ids"], False)
        result = Settings.load(["hotel_long_stay_window_days"], [["150"]])
        self.assertEqual(result["messages"], [])
        self.assertEqual(self.company_a.hotel_long_stay_window_days, 90)
        Settings.browse(result["ids"]).action_save()
        self.assertEqual(self.company_a.hotel_long_stay_window_days, 150)
        self.assertEqual(self.company_a.name, name)
        self.assertFalse(self.company_a.account_use_credit_limit)
        self.assertEqual(self._settings(self.company_b), DEFAULTS)

    def test_wrong_values_are_refused_and_nothing_written(self):
        Settings = self._open(self.user_manager)
        for fname in SETTINGS[1:]:
            for value in (0, -3):
                with self.subTest(field=fname, value=value):
                    settings = Settings.create({fname: value})
                    with self._hotel_assert_raises(
                        ValidationError, "must be at least one night or day"
                    ):
                        settings.action_save()
            with self._hotel_assert_raises(ValidationError, "not a valid value"):
                Settings.create({fname: 2**31})
            with self._hotel_assert_raises(ValidationError, "not a valid value"):
                Settings.create({fname: "thirty"})
        self.assertEqual(self._settings(self.company_a), DEFAULTS)
        # the boundary: one night or day is accepted
        Settings.create(dict.fromkeys(SETTINGS[1:], 1)).action_save()
        self.assertEqual(
            self._settings(self.company_a),
            {**dict.fromkeys(SETTINGS[1:], 1), "hotel_group_corporate_invoices": False},
        )

    def test_a_manager_changes_the_current_hotel_only(self):
        # a manager of both hotels, working in Bravo
        settings = self._open(self.manager_ab, self.company_b).create(
            {"hotel_long_stay_nights": 14, "hotel_group_corporate_invoices": True}
        )
        self.assertEqual(settings.company_id, self.company_b)
        settings.with_company(self.company_b).action_save()
        self.assertEqual(self.company_b.hotel_long_stay_nights, 14)
        self.assertTrue(self.company_b.hotel_group_corporate_invoices)
        self.assertEqual(self._settings(self.company_a), DEFAULTS)
        # a screen opened in Bravo is not saved into Alpha
        settings = self._open(self.manager_ab, self.company_b).create(
            {"hotel_long_stay_nights": 3}
        )
        with self._hotel_assert_raises(UserError, "you are now working in"):
            settings.with_company(self.company_a).action_save()
        self.assertEqual(self._settings(self.company_a), DEFAULTS)
        self.assertEqual(self.company_b.hotel_long_stay_nights, 14)
        # the screen opens on the current hotel's values
        self.assertEqual(
            self._open(self.manager_ab, self.company_b)
            .create({})
            .hotel_long_stay_nights,
            14,
        )
        self.assertEqual(
            self._open(self.manager_ab, self.company_a)
            .create({})
            .hotel_long_stay_nights,
            30,
        )

    def test_a_manager_of_one_hotel_cannot_change_another(self):
        for user, other in (
            (self.user_manager, self.company_b),
            (self.manager_b, self.company_a),
        ):
            with self.subTest(user=user.login):
                with self.assertRaises(AccessError):
                    self._open(user, other).create({"hotel_long_stay_nights": 2})
                with self.assertRaises(AccessError):
                    self._open(user).with_context(
                        allowed_company_ids=[other.id]
                    ).create({"hotel_long_stay_nights": 2})
                settings = self._open(user).create({"hotel_long_stay_nights": 2})
                with self.assertRaises(AccessError):
                    settings.with_company(other).action_save()
        self.assertEqual(self._settings(self.company_a), DEFAULTS)
        self.assertEqual(self._settings(self.company_b), DEFAULTS)
        # each manager changes their own hotel
        self._open(self.manager_b).create({"hotel_long_stay_nights": 2}).action_save()
        self.assertEqual(self.company_b.hotel_long_stay_nights, 2)
        self.assertEqual(self.company_a.hotel_long_stay_nights, 30)

    def test_the_credit_limit_setting_is_shown_with_its_state(self):
        self.assertFalse(
            self._open(self.user_manager).create({}).account_use_credit_limit
        )
        self.company_a.account_use_credit_limit = True
        self.assertTrue(
            self._open(self.user_manager).create({}).account_use_credit_limit
        )
        self.assertFalse(
            self._open(self.manager_b).create({}).account_use_credit_limit,
            "Bravo's Invoicing has no credit limit",
        )
        link = f"//button[@name='{self.env.ref('account.action_account_config').id}']"
        for user, shown in ((self.admin, True), (self.user_manager, False)):
            with self.subTest(user=user.login):
                arch = etree.fromstring(
                    self.env["hotel.settings"]
                    .with_user(user)
                    .get_views([(False, "form")])["views"]["form"]["arch"]
                )
                self.assertEqual(bool(arch.xpath(link)), shown)
                self.assertTrue(arch.xpath("//field[@name='account_use_credit_limit']"))
                # the state is shown, never changed from here
                self.assertEqual(
                    arch.xpath("//field[@name='account_use_credit_limit']")[0].get(
                        "readonly"
                    ),
                    "1",
                )

    def test_administrators_keep_the_section_in_odoo_settings(self):
        Settings = self.env["res.config.settings"].with_user(self.admin)
        arch = etree.fromstring(
            Settings.get_views([(False, "form")])["views"]["form"]["arch"]
        )
        app = arch.xpath("//app[@name='hotel_crm']")
        self.assertTrue(app)
        for fname in (*SETTINGS, "hotel_account_use_credit_limit"):
            self.assertTrue(app[0].xpath(f".//field[@name='{fname}']"), fname)
        link = f"//button[@name='{self.env.ref('account.action_account_config').id}']"
        self.assertTrue(app[0].xpath(link))
        self.company_a.account_use_credit_limit = True
        settings = Settings.create({"hotel_long_stay_nights": 40})
        self.assertTrue(settings.hotel_account_use_credit_limit)
        settings.execute()
        self.assertEqual(self.company_a.hotel_long_stay_nights, 40)
        # the administrator changes them in the hotel's screen as well
        self.env["hotel.settings"].with_user(self.admin).create(
            {"hotel_long_stay_window_days": 100}
        ).action_save()
        self.assertEqual(self.company_a.hotel_long_stay_window_days, 100)
        self.assertEqual(self.company_a.hotel_long_stay_nights, 40)


@tagged("post_install", "-at_install")
class TestMergeGuestFilesAccess(DeskAccessCommon):
    """Item 6: Hotel Managers merge the guest files the module finds (same
    phone or ID number, different e-mails)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.cat_pillow = cls.env.ref("hotel_crm.preference_category_bed")

    def _phone_twins(self, name, **vals):
        """Two files of one guest: the same phone number, written differently,
        and two e-mail addresses."""
        number = f"{zlib.crc32(name.encode()) % 10**7:07d}"
        kept = self._hotel_create_guest(
            name, email=f"{name.lower()}@home.example.com", phone=f"+41 44{number}"
        )
        other = self._hotel_create_guest(
            f"{name} B.",
            email=f"{name.lower()}@work.example.com",
            mobile=f"044 {number}",
            **vals,
        )
        self.assertEqual(kept.guest_duplicate_count, 1)
        return kept, other

    def test_manager_merges_guest_files_with_different_emails(self):
        kept, other = self._phone_twins("Hugo")
        pref = self.env["hotel.guest.preference"].create(
            {"partner_id": other.id, "category_id": self.cat_pillow.id, "name": "Firm"}
        )
        code = kept.guest_code
        self._hotel_merge(kept | other, kept, self.user_manager)
        self.assertFalse(other.exists())
        self.assertEqual(kept.guest_code, code)
        self.assertEqual(kept.email, "hugo@home.example.com")
        self.assertEqual(kept.guest_preference_ids, pref)
        # found by ID number
        first = self._hotel_create_guest(
            "Ines Id", email="ines@a.example.com", guest_id_number="X-991"
        )
        second = self._hotel_create_guest(
            "Ines I.", email="ines@b.example.com", guest_id_number="X-991"
        )
        self._hotel_merge(first | second, second, self.user_manager)
        self.assertFalse(first.exists())
        self.assertEqual(second.guest_id_number, "X-991")

    def test_staff_below_manager_keep_odoo_email_rule(self):
        kept, other = self._phone_twins("Jana")
        for user in (self.user_front_desk, self.user_relations):
            with self.subTest(user=user.login):
                with self._hotel_assert_raises(UserError, "same email"):
                    self._hotel_merge(kept | other, kept, user)
                self.assertTrue(other.exists())
        with self._hotel_assert_raises(UserError, "same email"):
            self._hotel_merge(kept | other, kept, self.user_internal)
        self.assertTrue(other.exists())
        # files with the same e-mail remain theirs to merge
        twin = self._hotel_create_guest("Jana C.", email=kept.email)
        self._hotel_merge(kept | twin, kept, self.user_front_desk)
        self.assertFalse(twin.exists())
        self.assertTrue(other.exists())

    def test_contacts_that_are_not_all_guests_stay_admin_only(self):
        guest = self._hotel_create_guest("Karl Guest", email="karl@guest.example.com")
        contact = self.env["res.partner"].create(
            {"name": "Karl Contact", "email": "karl@contact.example.com"}
        )
        other = self.env["res.partner"].create(
            {"name": "Karl Other", "email": "karl@other.example.com"}
        )
        for partners, dst in ((guest | contact, guest), (contact | other, contact)):
            with self._hotel_assert_raises(UserError, "same email"):
                self._hotel_merge(partners, dst, self.user_manager)
        self.assertEqual((guest | contact | other).exists(), guest | contact | other)
        # the administrator merges them, as Odoo allows
        self._hotel_merge(contact | other, contact, self.admin)
        self.assertFalse(other.exists())

    def test_the_hotel_rules_still_apply_to_managers(self):
        kept, other = self._phone_twins("Lena")
        other.with_user(self.user_manager)._hotel_restrict("Damaged the room")
        restriction = other.guest_restriction_ids
        # a restriction in force: still a manager's, and it moves with the merge
        with self.assertRaises(UserError):
            self._hotel_merge(kept | other, kept, self.user_front_desk)
        self._hotel_merge(kept | other, kept, self.user_manager)
        self.assertEqual(kept.guest_restriction_ids, restriction)
        self.assertTrue(kept.guest_is_restricted)
        # overlapping stays are refused whatever the e-mails
        first, second = self._phone_twins("Mona")
        Stay = self.env["hotel.stay"]
        for guest, start, end in (
            (first, date(2026, 3, 1), date(2026, 3, 4)),
            (second, date(2026, 3, 3), date(2026, 3, 5)),
        ):
            Stay.create(
                {"partner_id": guest.id, "check_in_date": start, "check_out_date": end}
            )
        with self._hotel_assert_raises(UserError, "overlap"):
            self._hotel_merge(first | second, first, self.user_manager)
        self.assertTrue(second.exists())

    def test_anonymized_files_are_never_merged(self):
        kept, other = self._phone_twins("Nora")
        other.with_user(self.user_manager)._hotel_anonymize()
        for user in (self.user_manager, self.admin):
            for dst in (kept, other):
                with self.subTest(user=user.login, dst=dst.name):
                    with self._hotel_assert_raises(UserError, ANONYMIZED):
                        self._hotel_merge(kept | other, dst, user)
        self.assertTrue(other.exists())
        self.assertTrue(kept.exists())
        self.assertTrue(other.guest_anonymized)

    def test_a_manager_cannot_merge_another_hotels_guests(self):
        first = self._hotel_create_guest(
            "Olaf Bravo", email="olaf@a.example.com", company_id=self.company_b.id
        )
        second = self._hotel_create_guest(
            "Olaf B.", email="olaf@b.example.com", company_id=self.company_b.id
        )
        with self.assertRaises(AccessError):
            self._hotel_merge(first | second, first, self.user_manager)
        self.assertTrue(second.exists())
        # Bravo's manager merges them
        self._hotel_merge(first | second, first, self.manager_b)
        self.assertFalse(second.exists())


@tagged("post_install", "-at_install")
class TestAnonymizedGuestIsReadOnly(DeskAccessCommon):
    """Item 12: an anonymized guest file, its preferences and restrictions
    change no more, except by the superuser; its restriction history stays
    for the statistics, without personal data."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Pref = cls.env["hotel.guest.preference"]
        cls.Restriction = cls.env["hotel.guest.restriction"]
        cls.cat_pillow = cls.env.ref("hotel_crm.preference_category_bed")
        cls.guest = cls._hotel_create_guest(
            "Paula Private",
            email="paula@example.com",
            phone="+41 44 123 45 67",
            guest_vip=True,
            company_id=cls.company_a.id,
        )
        cls.Pref.create(
            {
                "partner_id": cls.guest.id,
                "category_id": cls.cat_pillow.id,
                "name": "Soft",
            }
        )
        guest = cls.guest.with_user(cls.user_manager)
        guest._hotel_restrict("Paula insulted the night porter")
        cls.lifted = cls.guest.guest_restriction_ids
        cls.lifted.with_user(cls.user_manager).action_lift()
        guest._hotel_restrict("Paula threw a glass", until=date(2099, 1, 31))
        cls.in_force = (
            cls.guest.with_context(active_test=False).guest_restriction_ids - cls.lifted
        )
        cls.history = {
            r.id: (r.date_from, r.date_until, r.set_by_id, r.lifted_by_id, r.lifted_on)
            for r in cls.lifted | cls.in_force
        }
        guest._hotel_anonymize()
        cls.name = cls.guest.name
        cls.users = (
            cls.user_front_desk,
            cls.user_relations,
            cls.user_manager,
            cls.admin,
        )

    def _assert_unchanged(self):
        guest = self.guest.sudo()
        self.assertEqual(guest.name, self.name)
        self.assertFalse(guest.phone)
        self.assertFalse(guest.email)
        self.assertFalse(guest.guest_vip)
        self.assertTrue(guest.active)
        self.assertFalse(guest.child_ids)
        self.assertFalse(
            self.Pref.with_context(active_test=False).search(
                [("partner_id", "=", guest.id)]
            )
        )
        self.assertEqual(
            self.Restriction.with_context(active_test=False).search(
                [("partner_id", "=", guest.id)]
            ),
            self.lifted | self.in_force,
        )
        self.assertTrue(self.in_force.active)
        self.assertEqual(self.in_force.date_until, date(2099, 1, 31))

    def test_restriction_history_stays_without_personal_data(self):
        restrictions = self.lifted | self.in_force
        self.assertEqual(len(restrictions.exists()), 2)
        for restriction in restrictions:
            self.assertEqual(
                (
                    restriction.date_from,
                    restriction.date_until,
                    restriction.set_by_id,
                    restriction.lifted_by_id,
                    restriction.lifted_on,
                ),
                self.history[restriction.id],
            )
            self.assertEqual(restriction.reason, "Removed at the guest's request.")
            self.assertEqual(restriction.partner_id, self.guest)
            self.assertEqual(restriction.set_by_id, self.user_manager)
        self.assertEqual(self.lifted.lifted_by_id, self.user_manager)
        self.assertIsInstance(self.lifted.lifted_on, datetime)
        self.assertFalse(self.lifted.active)
        self.assertTrue(self.in_force.active)
        # the hotel it belongs to stays, and so do the figures of management
        self.assertEqual(self.guest.company_id, self.company_a)
        counts = (
            self.Restriction.with_user(self.user_manager)
            .with_context(active_test=False)
            ._read_group(
                [("partner_id", "=", self.guest.id)], ["set_by_id"], ["__count"]
            )
        )
        self.assertEqual(counts, [(self.user_manager, 2)])
        text = " ".join(restrictions.mapped("reason"))
        self.assertNotIn("Paula", text)

    def test_nobody_changes_the_guest_file(self):
        for user in self.users:
            guest = self.guest.with_user(user)
            for vals in (
                {"phone": "+41 44 123 45 67"},
                {"email": "paula@example.com"},
                {"name": "Paula Private"},
                {"guest_vip": True},
                {"guest_do_not_disclose": True},
                {"comment": "Back again"},
                {
                    "guest_preference_ids": [
                        Command.create(
                            {"category_id": self.cat_pillow.id, "name": "Soft"}
                        )
                    ]
                },
            ):
                with self.subTest(user=user.login, vals=list(vals)):
                    with self._hotel_assert_raises(UserError, ANONYMIZED):
                        guest.write(vals)
            with self.subTest(user=user.login, path="toggle_active"):
                with self._hotel_assert_raises(UserError, ANONYMIZED):
                    guest.toggle_active()
                with self._hotel_assert_raises(UserError, ANONYMIZED):
                    guest.action_archive()
            with self.subTest(user=user.login, path="load"):
                result = (
                    self.env["res.partner"]
                    .with_user(user)
                    .load([".id", "phone"], [[str(self.guest.id), "+41 1"]])
                )
                self.assertIs(result["ids"], False)
                self.assertIn(ANONYMIZED, result["messages"][0]["message"])
            with self.subTest(user=user.login, path="new contact"):
                with self._hotel_assert_raises(UserError, ANONYMIZED):
                    self.env["res.partner"].with_user(user).create(
                        {"name": "Paula's address", "parent_id": self.guest.id}
                    )
                with self._hotel_assert_raises(UserError, ANONYMIZED):
                    self.env["res.partner"].with_user(user).with_context(
                        default_parent_id=self.guest.id
                    ).create({"name": "Paula's address", "type": "delivery"})
                contact = self.env["res.partner"].create({"name": "Some Contact"})
                with self._hotel_assert_raises(UserError, ANONYMIZED):
                    contact.with_user(user).write({"parent_id": self.guest.id})
        self._assert_unchanged()

    def test_writing_the_same_values_is_no_change(self):
        self.assertTrue(
            self.guest.with_user(self.user_manager).write(
                {"phone": False, "guest_vip": False, "name": self.name}
            )
        )
        self._assert_unchanged()

    def test_nobody_changes_its_preferences(self):
        # one recorded by the superuser, the only one who still can
        pref = self.Pref.create(
            {
                "partner_id": self.guest.id,
                "category_id": self.cat_pillow.id,
                "name": "X",
            }
        )
        for user in self.users:
            Pref = self.Pref.with_user(user)
            with self.subTest(user=user.login):
                with self._hotel_assert_raises(UserError, ANONYMIZED):
                    Pref.create(
                        {
                            "partner_id": self.guest.id,
                            "category_id": self.cat_pillow.id,
                            "name": "Soft",
                        }
                    )
                with self._hotel_assert_raises(UserError, ANONYMIZED):
                    Pref.with_context(default_partner_id=self.guest.id).create(
                        {"category_id": self.cat_pillow.id, "name": "Soft"}
                    )
                result = Pref.load(
                    ["partner_id/.id", "category_id/.id", "name"],
                    [[str(self.guest.id), str(self.cat_pillow.id), "Soft"]],
                )
                self.assertIs(result["ids"], False)
                self.assertIn(ANONYMIZED, result["messages"][0]["message"])
                for vals in ({"name": "Feather"}, {"note": "Paula said so"}):
                    with self._hotel_assert_raises(UserError, ANONYMIZED):
                        pref.with_user(user).write(vals)
                with self._hotel_assert_raises(UserError, ANONYMIZED):
                    pref.with_user(user).toggle_active()
                with self._hotel_assert_raises(UserError, ANONYMIZED):
                    pref.with_user(user).unlink()
        # nor moves one of another guest onto the anonymized file, or off it
        other = self._hotel_create_guest("Quinn Other")
        mine = self.Pref.create(
            {"partner_id": other.id, "category_id": self.cat_pillow.id, "name": "Y"}
        )
        with self._hotel_assert_raises(UserError, ANONYMIZED):
            mine.with_user(self.user_manager).write({"partner_id": self.guest.id})
        with self._hotel_assert_raises(UserError, ANONYMIZED):
            pref.with_user(self.user_manager).write({"partner_id": other.id})
        self.assertEqual(mine.partner_id, other)
        self.assertEqual(pref.partner_id, self.guest)
        self.assertEqual(pref.name, "X")
        self.assertTrue(pref.active)
        # the superuser still can
        pref.write({"name": "Z"})
        pref.unlink()
        self._assert_unchanged()

    def test_nobody_changes_its_restrictions(self):
        for user in (self.user_manager, self.admin):
            with self.subTest(user=user.login):
                guest = self.guest.with_user(user)
                with self._hotel_assert_raises(UserError, ANONYMIZED):
                    guest._hotel_restrict("Again")
                with self._hotel_assert_raises(UserError, ANONYMIZED):
                    guest.action_hotel_restrict()
                with self._hotel_assert_raises(UserError, ANONYMIZED):
                    self.env["hotel.guest.restrict.wizard"].with_user(user).create(
                        {"partner_id": self.guest.id, "reason": "Again"}
                    ).action_confirm()
                result = (
                    self.Restriction.with_user(user)
                    .with_context(default_partner_id=self.guest.id)
                    .load(["reason"], [["Imported ban"]])
                )
                self.assertIs(result["ids"], False)
                self.assertIn(ANONYMIZED, result["messages"][0]["message"])
                with self._hotel_assert_raises(UserError, ANONYMIZED):
                    guest.action_hotel_lift_restriction()
                with self._hotel_assert_raises(UserError, ANONYMIZED):
                    self.in_force.with_user(user).action_lift()
                with self._hotel_assert_raises(UserError, ANONYMIZED):
                    self.in_force.with_user(user).write({"date_until": False})
        # the staff below managers could not anyway
        for user in (self.user_front_desk, self.user_relations):
            with self.assertRaises(AccessError):
                self.in_force.with_user(user).action_lift()
        self._assert_unchanged()

    def test_the_superuser_still_can(self):
        self.guest.write({"comment": "Kept for the auditors"})
        self.assertIn("Kept for the auditors", str(self.guest.comment))
        self.in_force.action_lift()
        self.assertFalse(self.in_force.active)

    def test_the_form_shows_the_file_read_only(self):
        arch = etree.fromstring(
            self.env["res.partner"]
            .with_user(self.user_manager)
            .get_views([(False, "form")])["views"]["form"]["arch"]
        )
        for xpath in (
            "//field[@name='phone']",
            "//field[@name='email']",
            "//field[@id='individual']",
            "//field[@name='street']",
            "//page[@name='hotel']//field[@name='guest_vip']",
            "//page[@name='hotel']//field[@name='guest_id_number']",
            "//page[@name='hotel']//field[@name='guest_preference_ids']",
        ):
            with self.subTest(xpath=xpath):
                node = arch.xpath(xpath)[0]
                self.assertIn("guest_anonymized", node.get("readonly", ""))
        # the address keeps its own rule beside it
        self.assertIn(
            "parent_id", arch.xpath("//field[@name='street']")[0].get("readonly")
        )
        lift = arch.xpath("//button[@name='action_hotel_lift_restriction']")[0]
        self.assertIn("guest_anonymized", lift.get("invisible"))
