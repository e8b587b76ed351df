from psycopg2 import IntegrityError

from odoo.exceptions import UserError
from odoo.tests import Form, tagged
from odoo.tools import SQL, mute_logger
from odoo.tools.safe_eval import safe_eval

from .common import HotelCrmCommon


@tagged("post_install", "-at_install")
class TestHotelGroups(HotelCrmCommon):
    def test_group_chain(self):
        """Hotel Manager implies Guest Relations, which implies Front Desk."""
        front_desk = self.env.ref("hotel_crm.group_hotel_user")
        relations = self.env.ref("hotel_crm.group_hotel_relations")
        manager = self.env.ref("hotel_crm.group_hotel_manager")
        self.assertIn(front_desk, relations.implied_ids)
        self.assertIn(relations, manager.implied_ids)
        self.assertIn(self.env.ref("base.group_user"), front_desk.implied_ids)
        self.assertTrue(self.user_manager.has_group("hotel_crm.group_hotel_relations"))
        self.assertTrue(self.user_manager.has_group("hotel_crm.group_hotel_user"))
        self.assertTrue(self.user_relations.has_group("hotel_crm.group_hotel_user"))
        self.assertFalse(self.user_relations.has_group("hotel_crm.group_hotel_manager"))
        self.assertFalse(
            self.user_front_desk.has_group("hotel_crm.group_hotel_relations")
        )

    def test_admin_is_hotel_manager(self):
        self.assertTrue(
            self.env.ref("base.user_admin").has_group("hotel_crm.group_hotel_manager")
        )

    def test_menu_visible_to_hotel_staff_only(self):
        """The Hotel CRM app and its Guests menu load for hotel staff only."""
        root = self.env.ref("hotel_crm.hotel_crm_menu_root")
        guests = self.env.ref("hotel_crm.res_partner_menu_hotel_guest")
        for user in (self.user_front_desk, self.user_relations, self.user_manager):
            menus = self.env["ir.ui.menu"].with_user(user).load_menus(debug=False)
            self.assertIn(root.id, menus["root"]["children"], user.name)
            self.assertIn(guests.id, menus, user.name)
        menus = (
            self.env["ir.ui.menu"].with_user(self.user_internal).load_menus(debug=False)
        )
        self.assertNotIn(root.id, menus["root"]["children"])
        self.assertNotIn(guests.id, menus)


@tagged("post_install", "-at_install")
class TestGuestCode(HotelCrmCommon):
    def test_code_assigned_on_create(self):
        guests = self.env["res.partner"].create(
            [
                {"name": "Ada Guest", "is_hotel_guest": True},
                {"name": "Ben Guest", "is_hotel_guest": True},
            ]
        )
        self.assertTrue(all(guests.mapped("guest_code")))
        self.assertNotEqual(guests[0].guest_code, guests[1].guest_code)

    def test_front_desk_creates_guest_from_guests_menu(self):
        """A walk-in entered by the front desk in Guests gets a guest file."""
        action = self.env.ref("hotel_crm.res_partner_action_hotel_guest")
        partners = self.env["res.partner"].with_user(self.user_front_desk)
        with Form(partners.with_context(**safe_eval(action.context))) as form:
            form.name = "Hana Walk-in"
        guest = form.record
        self.assertTrue(guest.is_hotel_guest)
        self.assertTrue(guest.guest_code)
        self.assertIn(guest, partners.search(safe_eval(action.domain)))

    def test_no_code_for_plain_contacts(self):
        supplier = self.env["res.partner"].create({"name": "Linen Supplier"})
        self.assertFalse(supplier.guest_code)

    def test_code_assigned_when_contact_becomes_guest(self):
        partner = self.env["res.partner"].create({"name": "Carl Contact"})
        partner.is_hotel_guest = True
        self.assertTrue(partner.guest_code)

    def test_code_never_changes(self):
        guest = self.env["res.partner"].create(
            {"name": "Dora Guest", "is_hotel_guest": True}
        )
        code = guest.guest_code
        guest.write({"is_hotel_guest": False})
        guest.write({"is_hotel_guest": True})
        guest.write({"name": "Dora Guest-Smith"})
        self.assertEqual(guest.guest_code, code)
        for user in (self.user_front_desk, self.user_manager):
            with self.assertRaises(UserError):
                guest.with_user(user).write({"guest_code": "G999999"})
            with self.assertRaises(UserError):
                guest.with_user(user).write({"guest_code": False})
            # writing the same code back changes nothing and is accepted
            guest.with_user(user).write({"guest_code": code})
        self.assertEqual(guest.guest_code, code)
        copy = guest.copy()
        self.assertNotEqual(copy.guest_code, code)

    def test_code_cannot_be_chosen(self):
        Partner = self.env["res.partner"]
        for user in (self.user_front_desk, self.user_manager):
            with self.assertRaises(UserError):
                Partner.with_user(user).create(
                    {"name": "Eve Guest", "is_hotel_guest": True, "guest_code": "X1"}
                )
            result = Partner.with_user(user).load(
                ["name", "is_hotel_guest", "guest_code"], [["Eve Guest", "1", "X1"]]
            )
            self.assertFalse(result["ids"])
        self.assertFalse(Partner.search([("name", "=", "Eve Guest")]))

    def test_code_unique_in_database(self):
        first, second = self.env["res.partner"].create(
            [
                {"name": "Fay Guest", "is_hotel_guest": True},
                {"name": "Gil Guest", "is_hotel_guest": True},
            ]
        )
        with mute_logger("odoo.sql_db"), self.assertRaises(IntegrityError):
            with self.env.cr.savepoint():
                self.env.cr.execute(
                    SQL(
                        "UPDATE res_partner SET guest_code = %s WHERE id = %s",
                        first.guest_code,
                        second.id,
                    )
                )
