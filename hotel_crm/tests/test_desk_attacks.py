"""What a hostile review of the desk's flow found, each pinned through the
path a client used: duplicates of another hotel, date confirmations naming
other hotels' stays, a manager merging a company into another, personal data
given back to an anonymized guest, and a guest twice in house."""

from datetime import timedelta

from freezegun import freeze_time

from odoo import fields
from odoo.exceptions import AccessError, UserError
from odoo.fields import Command
from odoo.tests import Form, new_test_user, tagged

from .test_stays import HotelStayCommon

NOW = "2026-11-24 12:00:00"
TODAY = fields.Date.to_date("2026-11-24")
DAY = timedelta(days=1)
DESK = "base.group_user,hotel_crm.group_hotel_user"


@tagged("post_install", "-at_install")
class TestDeskAttacks(HotelStayCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company_b = cls.setup_other_company(name="Hotel Two")["company"]
        cls.desk_b = new_test_user(
            cls.env,
            login="desk_two",
            groups=DESK,
            company_id=cls.company_b.id,
            company_ids=[Command.set(cls.company_b.ids)],
        )
        cls.desk_a = new_test_user(
            cls.env,
            login="desk_one",
            groups=DESK,
            company_id=cls.env.company.id,
            company_ids=[Command.set(cls.env.company.ids)],
        )

    # ------------------------------------------------------------------
    # duplicates of another hotel
    # ------------------------------------------------------------------

    def test_duplicates_only_among_the_guests_the_user_may_read(self):
        theirs = self._hotel_create_guest(
            "Wang Two", phone="+86 138 0013 8000", company_id=self.company_b.id
        )
        ours = self._hotel_create_guest("Wang One", phone="13800138000")
        shared = self._hotel_create_guest("Wang Shared", phone="0138 0013 8000")
        as_a = ours.with_user(self.desk_a)
        self.assertEqual(as_a.guest_duplicate_ids, shared)
        self.assertEqual(as_a.guest_duplicate_count, 1)
        # the form's own read of the duplicates' names works
        values = as_a.web_read(
            {"guest_duplicate_ids": {"fields": {"display_name": {}}}}
        )[0]
        self.assertEqual(
            values["guest_duplicate_ids"],
            [{"id": shared.id, "display_name": "Wang Shared"}],
        )
        # typing the phone on a new file
        form = Form(
            self.env["res.partner"]
            .with_user(self.desk_a)
            .with_context(default_is_hotel_guest=True),
            view="hotel_crm.res_partner_view_form_hotel_guest",
        )
        form.name = "Wang New"
        form.phone = "138-0013-8000"
        self.assertEqual(set(form.guest_duplicate_ids[:].ids), {ours.id, shared.id})
        action = as_a.action_hotel_view_duplicates()
        self.assertNotIn(theirs.id, action["domain"][0][2])
        # the other hotel's clerk sees its own guest among them
        self.assertIn(ours, theirs.with_user(self.desk_b).guest_duplicate_ids)

    # ------------------------------------------------------------------
    # date confirmations
    # ------------------------------------------------------------------

    @freeze_time(NOW)
    def test_a_date_confirmation_names_only_readable_stays(self):
        theirs = self.env["hotel.stay"].create(
            {
                "partner_id": self._hotel_create_guest("Anna Two").id,
                "company_id": self.company_b.id,
                "check_in_date": TODAY - 2 * DAY,
                "check_out_date": TODAY + DAY,
            }
        )
        Wizard = self.env["hotel.stay.date.wizard"].with_user(self.desk_a)
        with self.assertRaises(AccessError):
            Wizard.create(
                {
                    "desk_action": "check_out",
                    "line_ids": [
                        Command.create(
                            {
                                "stay_id": theirs.id,
                                "booked_date": TODAY,
                                "new_date": TODAY,
                            }
                        )
                    ],
                }
            )
        with self.assertRaises(AccessError):
            Wizard.create(
                {"desk_action": "check_in", "stay_ids": [Command.set(theirs.ids)]}
            )

    @freeze_time(NOW)
    def test_a_date_confirmation_is_its_clerks_own(self):
        stay = self._stay(start=TODAY + DAY, nights=2)
        action = stay.with_user(self.user_front_desk).action_check_in()
        wizard = self.env["hotel.stay.date.wizard"].browse(action["res_id"])
        Line = self.env["hotel.stay.date.wizard.line"]
        self.assertEqual(
            Line.with_user(self.user_front_desk).search([]), wizard.line_ids
        )
        for other in (self.user_relations, self.user_manager):
            self.assertFalse(Line.with_user(other).search([]))
            with self.assertRaises(AccessError):
                wizard.with_user(other).action_confirm()
        self.assertEqual(stay.state, "booked")

    # ------------------------------------------------------------------
    # merge by a Hotel Manager
    # ------------------------------------------------------------------

    def _merge(self, user, partners, dst):
        wizard = (
            self.env["base.partner.merge.automatic.wizard"]
            .with_user(user)
            .create(
                {
                    "partner_ids": [Command.set(partners.ids)],
                    "dst_partner_id": dst.id,
                    "state": "selection",
                }
            )
        )
        return wizard.action_merge()

    def test_a_manager_cannot_merge_a_company_or_a_users_contact(self):
        manager = self.user_manager
        evil = self.env["res.partner"].create(
            {
                "name": "Evil Corp",
                "is_company": True,
                "email": "evil@corp.test",
                "is_hotel_guest": True,
            }
        )
        main = self.env.company.partner_id
        main.is_hotel_guest = True
        main_name = main.name
        with self.assertRaises(UserError):
            self._merge(manager, main | evil, evil)
        self.assertEqual(self.env.company.partner_id.name, main_name)
        self.assertTrue(evil.exists())
        # a user's own contact, flagged as a guest
        clerk = self.user_internal.partner_id
        clerk.is_hotel_guest = True
        person = self._hotel_create_guest("Olga Other", email="olga@else.test")
        with self.assertRaises(UserError):
            self._merge(manager, clerk | person, person)
        self.assertTrue(clerk.exists())
        # two guest files of persons with different e-mails: a manager merges
        one = self._hotel_create_guest("Ann Lee", email="ann@one.test")
        two = self._hotel_create_guest("Ann Lee", email="ann@two.test")
        self._merge(manager, one | two, one)
        self.assertFalse(two.exists())

    # ------------------------------------------------------------------
    # anonymized guests get no personal data back
    # ------------------------------------------------------------------

    def _anonymized(self):
        guest = self._hotel_create_guest("Erased Anna", email="anna@erased.test")
        guest.with_user(self.user_manager)._hotel_anonymize()
        self.assertTrue(guest.guest_anonymized)
        return guest

    def test_no_message_activity_or_file_on_an_anonymized_guest(self):
        guest = self._anonymized().with_user(self.user_front_desk)
        messages = len(guest.sudo().message_ids)
        with self._hotel_assert_raises(UserError, "is an anonymized guest"):
            guest.message_post(body="Anna Real, passport 123")
        with self._hotel_assert_raises(UserError, "is an anonymized guest"):
            self.env["ir.attachment"].with_user(self.user_front_desk).create(
                {
                    "res_model": "res.partner",
                    "res_id": guest.id,
                    "name": "passport_anna.pdf",
                    "raw": b"%PDF",
                }
            )
        with self._hotel_assert_raises(UserError, "is an anonymized guest"):
            self.env["mail.activity"].with_user(self.user_front_desk).create(
                {
                    "res_model_id": self.env["ir.model"]._get_id("res.partner"),
                    "res_id": guest.id,
                    "summary": "Call Anna Real",
                }
            )
        self.assertEqual(len(guest.sudo().message_ids), messages)
        # a guest that is not anonymized takes all three
        other = self._hotel_create_guest("Kept Karl").with_user(self.user_front_desk)
        other.message_post(body="Asked for a late check-out")
        self.env["ir.attachment"].with_user(self.user_front_desk).create(
            {"res_model": "res.partner", "res_id": other.id, "name": "card.pdf"}
        )
        self.env["mail.activity"].with_user(self.user_front_desk).create(
            {
                "res_model_id": self.env["ir.model"]._get_id("res.partner"),
                "res_id": other.id,
                "summary": "Call back",
            }
        )

    def _company_with_anonymized_employee(self):
        company = self.env["res.partner"].create(
            {"name": "Acme Travel", "is_company": True, "street": "Old street 1"}
        )
        employee = self._hotel_create_guest(
            "Paula Child", parent_id=company.id, email="paula@example.com"
        )
        employee.with_user(self.user_manager)._hotel_anonymize()
        return company, employee

    def test_odoo_still_works_around_an_anonymized_guest(self):
        """Contacts, companies and invoices around an anonymized guest keep
        working: only the guest's own data are locked."""
        company, employee = self._company_with_anonymized_employee()
        company.with_user(self.user_internal).write(
            {"street": "New street 2", "company_id": self.env.company.id}
        )
        self.assertEqual(employee.company_id, self.env.company)
        self.assertEqual(employee.name, f"Anonymized guest {employee.guest_code}")
        # the issued invoice of an anonymized guest is still sent and printed
        stay = self._checked_out(charges=[(self.product_fb, 40.0)], guest=self.guest)
        stay.action_create_invoices()
        invoice = stay.invoice_ids
        invoice.action_post()
        self._pay(invoice)
        self.guest.with_user(self.user_manager)._hotel_anonymize()
        # an accountant who may keep contacts (Odoo saves the sending method
        # chosen on the customer)
        accountant = new_test_user(
            self.env,
            login="send_accountant",
            groups="base.group_user,base.group_partner_manager,"
            "account.group_account_invoice",
        )
        wizard = (
            self.env["account.move.send.wizard"]
            .with_user(accountant)
            .with_context(active_model="account.move", active_ids=invoice.ids)
            .create({})
        )
        wizard.sending_methods = ["manual"]
        wizard.action_send_and_print()
        self.assertTrue(invoice.invoice_pdf_report_id)
        # while the guest's own data stay locked, for the administrator too
        with self._hotel_assert_raises(UserError, "is an anonymized guest"):
            self.guest.with_user(self.env.ref("base.user_admin")).phone = "123"

    @freeze_time(NOW)
    def test_no_stay_for_an_anonymized_guest(self):
        guest = self._anonymized()
        with self._hotel_assert_raises(UserError, "anonymized guest file"):
            self._stay(guest=guest, start=TODAY, user=self.user_front_desk)
        stay = self._stay(start=TODAY + 5 * DAY)
        with self._hotel_assert_raises(UserError, "anonymized guest file"):
            stay.with_user(self.user_front_desk).partner_id = guest
        self.assertEqual(stay.partner_id, self.guest)

    # ------------------------------------------------------------------
    # never twice in house
    # ------------------------------------------------------------------

    def _in_house(self, guest, start=None, nights=3):
        stay = self._stay(guest=guest, start=start or TODAY - DAY, nights=nights)
        stay.sudo().write({"state": "checked_in"})
        return stay

    @freeze_time(NOW)
    def test_never_twice_in_house_on_any_path(self):
        guest = self._hotel_create_guest("Twice Tom")
        self._in_house(guest)
        Stay = self.env["hotel.stay"].with_user(self.user_front_desk)
        # created in house (an import)
        with self._hotel_assert_raises(UserError, "is already checked in"):
            Stay.create(
                {
                    "partner_id": guest.id,
                    "check_in_date": TODAY + 5 * DAY,
                    "check_out_date": TODAY + 7 * DAY,
                    "state": "checked_in",
                }
            )
        self.assertEqual(
            Stay.search_count(
                [("partner_id", "=", guest.id), ("state", "=", "checked_in")]
            ),
            1,
        )
        # another guest in house given Tom as guest
        zoe = self._hotel_create_guest("Zoe Zed")
        zoes = self._in_house(zoe, start=TODAY - 9 * DAY, nights=2)
        with self._hotel_assert_raises(UserError, "is already checked in"):
            zoes.with_user(self.user_front_desk).partner_id = guest
        self.assertEqual(zoes.partner_id, zoe)
        # a booked stay may take him (he is in house in one stay only)
        booked = self._stay(guest=zoe, start=TODAY + 20 * DAY)
        booked.with_user(self.user_front_desk).partner_id = guest
        self.assertEqual(booked.partner_id, guest)

    @freeze_time(NOW)
    def test_two_guests_in_house_are_not_merged(self):
        one = self._hotel_create_guest("Mia Merge", email="mia@one.test")
        two = self._hotel_create_guest("Mia Merge", email="mia@one.test")
        first = self._in_house(one, start=TODAY - DAY, nights=3)
        second = self._in_house(two, start=TODAY - 9 * DAY, nights=2)
        with self._hotel_assert_raises(UserError, "are both checked in") as caught:
            self._merge(self.user_manager, one | two, one)
        self.assertIn(first.name, str(caught.exception))
        self.assertIn(second.name, str(caught.exception))
        self.assertTrue(two.exists())

    @freeze_time(NOW)
    def test_in_house_in_another_hotel_names_the_hotel_not_the_stay(self):
        guest = self._hotel_create_guest("Roam Rita")
        theirs = self.env["hotel.stay"].create(
            {
                "partner_id": guest.id,
                "company_id": self.company_b.id,
                "check_in_date": TODAY - 3 * DAY,
                "check_out_date": TODAY - DAY,
            }
        )
        theirs.sudo().write({"state": "checked_in"})
        ours = self._stay(guest=guest, start=TODAY, user=self.desk_a)
        with self._hotel_assert_raises(UserError, "") as caught:
            ours.with_user(self.desk_a).action_check_in()
        self.assertEqual(
            str(caught.exception),
            "Roam Rita is already checked in at Hotel Two: that stay must be "
            f"checked out before checking in {ours.name}.",
        )
