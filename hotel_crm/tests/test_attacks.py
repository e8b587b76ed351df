"""What an attacker tried over RPC against the hardened core, each through
the same call: context defaults, actions whose checks speak before the
rights, exports from another model, another hotel, accounting moves that
revive an invoice, oversized or malformed input."""

from datetime import date

from odoo.addons.mail.tools.discuss import Store
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.fields import Command
from odoo.tests import new_test_user, tagged

from .test_stays import HotelStayCommon


@tagged("post_install", "-at_install")
class TestAttacks(HotelStayCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        for user in (cls.user_accountant, cls.user_internal):
            user.groups_id += cls.env.ref("base.group_allow_export")

    def test_context_default_cannot_accept_a_restricted_guest(self):
        self.guest.with_user(self.user_manager)._hotel_restrict("Fraudulent card")
        Stay = (
            self.env["hotel.stay"]
            .with_user(self.user_front_desk)
            .with_context(default_restriction_override_reason="front desk says ok")
        )
        with self.assertRaises(AccessError):
            Stay.create(
                {
                    "partner_id": self.guest.id,
                    "check_in_date": date(2036, 3, 1),
                    "check_out_date": date(2036, 3, 3),
                }
            )
        self.assertFalse(
            self.env["hotel.stay"].search([("partner_id", "=", self.guest.id)])
        )

    def test_context_defaults_cannot_make_a_guest_file(self):
        Partner = (
            self.env["res.partner"]
            .with_user(self.user_internal)
            .with_context(default_is_hotel_guest=True, default_guest_vip=True)
        )
        with self._hotel_assert_raises(AccessError, "Only hotel staff"):
            Partner.create({"name": "Made a guest by a plain user"})
        self.assertFalse(
            self.env["res.partner"].search(
                [("name", "=", "Made a guest by a plain user")]
            )
        )
        # a plain contact is still theirs to create
        plain = (
            self.env["res.partner"]
            .with_user(self.user_internal)
            .create({"name": "Plain contact"})
        )
        self.assertFalse(plain.is_hotel_guest)

    def test_the_rights_speak_before_the_restriction(self):
        self.guest.with_user(self.user_manager)._hotel_restrict("Secret reason")
        stay = self._stay(restriction_override_reason="tmp")
        stay.write({"restriction_override_reason": False})
        for action in ("action_check_in", "action_reset_to_booked", "action_cancel"):
            with self.assertRaises(AccessError) as caught:
                getattr(stay.with_user(self.user_accountant), action)()
            self.assertNotIn("Secret reason", str(caught.exception))

    def test_override_reason_is_not_in_the_chatter(self):
        self.guest.with_user(self.user_manager)._hotel_restrict("Fraudulent card")
        stay = self._stay(
            user=self.user_manager, restriction_override_reason="owner's friend"
        )
        self._hotel_flush_tracking()
        bodies = " ".join(
            stay.with_user(self.user_accountant).message_ids.mapped("body")
        )
        self.assertNotIn("owner's friend", bodies)

    def test_exports_from_other_models_keep_the_guest_fields_hidden(self):
        stay = self._checked_out()
        stay.action_create_invoices()
        invoice = stay.invoice_ids
        self.guest.with_user(self.user_manager)._hotel_restrict("Secret reason")
        for path in (
            "partner_id/guest_restriction_reason",
            "partner_id/guest_is_restricted",
        ):
            with self.assertRaises(AccessError):
                invoice.with_user(self.user_accountant).export_data(["name", path])
        tag = self.env["res.partner.category"].create(
            {"name": "Regulars", "partner_ids": [Command.link(self.guest.id)]}
        )
        for path in (
            "partner_ids/guest_restriction_reason",
            "partner_ids/guest_revenue",
            "partner_ids/guest_stay_count",
            "partner_ids/guest_is_long_stay",
        ):
            self.env.invalidate_all()  # a new request starts with an empty cache
            with self.subTest(path=path), self.assertRaises(AccessError):
                tag.with_user(self.user_internal).with_context(
                    import_compat=False
                ).export_data([path])
        # what they may read still exports
        rows = invoice.with_user(self.user_accountant).export_data(
            ["name", "partner_id/guest_stay_count"]
        )["datas"]
        self.assertEqual(rows, [[invoice.name, 1]])

    def test_an_invoiced_stays_room_type_no_longer_changes(self):
        suite = self.env["hotel.room.type"].create(
            {"name": "Suite", "code": "STE", "default_rate": 280.0}
        )
        stay = self._checked_out()
        stay.action_create_invoices()
        with self._hotel_assert_raises(UserError, "is invoiced"):
            stay.with_user(self.user_front_desk).write({"room_type_id": suite.id})
        self.assertEqual(stay.room_type_id, self.room_double)
        self.assertEqual(stay.nightly_rate, 120.0)

    def test_a_credit_note_back_to_draft_cannot_revive_the_first_invoice(self):
        stay = self._checked_out()
        stay.action_create_invoices()
        first = stay.invoice_ids
        first.action_post()
        wizard = (
            self.env["account.move.reversal"]
            .with_user(self.user_accountant)
            .with_context(active_model="account.move", active_ids=first.ids)
            .create({"journal_id": first.journal_id.id, "reason": "fix"})
        )
        second = self.env["account.move"].browse(wizard.modify_moves()["res_id"])
        second.action_post()
        credit_note = first.reversal_move_ids
        self.assertEqual(first.payment_state, "reversed")
        with self._hotel_assert_raises(ValidationError, "never invoiced twice"):
            credit_note.with_user(self.user_accountant).button_draft()
        self.assertEqual(credit_note.state, "posted")
        self.assertEqual(stay._hotel_valid_invoices(), second)

    def test_an_invoice_bills_every_stay_it_links(self):
        first = self._checked_out()
        other = self._checked_out(guest=self._hotel_create_guest("Ana Other"))
        with self._hotel_assert_raises(ValidationError, other.name):
            self.env["account.move"].with_user(self.user_accountant).create(
                {
                    "move_type": "out_invoice",
                    "partner_id": self.guest.id,
                    "hotel_stay_ids": [Command.set((first | other).ids)],
                    "invoice_line_ids": [
                        Command.create(
                            {
                                "name": "x",
                                "quantity": 1,
                                "price_unit": 0.01,
                                "hotel_stay_line_id": first.line_ids.id,
                            }
                        )
                    ],
                }
            )
        self.assertEqual(other.invoice_status, "to_invoice")
        self.assertFalse(other.invoice_ids)

    def test_a_stay_keeps_its_hotel(self):
        other_company = self.env["res.company"].create({"name": "Hotel B"})
        self.user_front_desk.company_ids += other_company
        stay = self._stay()
        with self._hotel_assert_raises(UserError, "hotel it was booked in"):
            stay.with_user(self.user_front_desk).write({"company_id": other_company.id})
        self.assertEqual(stay.company_id, self.env.company)

    def test_another_hotels_guest_file_is_out_of_reach(self):
        hotel_b = self.env["res.company"].create({"name": "Hotel B"})
        front_desk_b = new_test_user(
            self.env,
            login="front_desk_b",
            groups="base.group_user,hotel_crm.group_hotel_manager",
            company_id=hotel_b.id,
            company_ids=[Command.set(hotel_b.ids)],
        )
        guest_a = self._hotel_create_guest("Alpha Only", company_id=self.env.company.id)
        preference = self.env["hotel.guest.preference"].create(
            {
                "partner_id": guest_a.id,
                "category_id": self.env.ref("hotel_crm.preference_category_room").id,
                "name": "High floor",
            }
        )
        guest_a.with_user(self.user_manager)._hotel_restrict("Alpha's reason")
        restriction = guest_a.guest_restriction_ids
        as_b = self.env["hotel.guest.restriction"].with_user(front_desk_b)
        self.assertFalse(as_b.search([("partner_id", "=", guest_a.id)]))
        self.assertFalse(
            self.env["hotel.guest.preference"]
            .with_user(front_desk_b)
            .search([("partner_id", "=", guest_a.id)])
        )
        with self.assertRaises(AccessError):
            restriction.with_user(front_desk_b).action_lift()
        with self.assertRaises(AccessError):
            preference.with_user(front_desk_b).write({"name": "changed by B"})
        self.assertTrue(restriction.active)
        self.assertEqual(preference.name, "High floor")

    def test_bad_relational_and_text_input_gets_a_message(self):
        base = {
            "partner_id": self.guest.id,
            "check_in_date": date(2038, 1, 1),
            "check_out_date": date(2038, 1, 2),
        }
        Stay = self.env["hotel.stay"].with_user(self.user_front_desk)
        for vals in (
            {**base, "partner_id": "abc"},
            {**base, "room_type_id": "x"},
            {**base, "billing_partner_id": 2**40},
            {**base, "line_ids": [(0, 0, "x")]},
            {**base, "line_ids": "x"},
            {**base, "room_number": "12\x003"},
        ):
            with self.subTest(vals=vals):
                with self._hotel_assert_raises(ValidationError, "not a valid value"):
                    Stay.create(vals)
        Partner = self.env["res.partner"].with_user(self.user_front_desk)
        with self._hotel_assert_raises(ValidationError, "not a valid value"):
            Partner.create(
                {"name": "T", "is_hotel_guest": True, "guest_nationality_id": "x"}
            )
        with self._hotel_assert_raises(ValidationError, "not a valid value"):
            self.env["hotel.guest.restrict.wizard"].with_user(self.user_manager).create(
                {"partner_id": self.guest.id, "reason": "r", "until": "garbage"}
            )
        self.assertFalse(Stay.search([("partner_id", "=", self.guest.id)]))

    def test_a_charge_beyond_any_bill_is_refused(self):
        stay = self._stay()
        Line = self.env["hotel.stay.line"].with_user(self.user_front_desk)
        with self._hotel_assert_raises(ValidationError, "beyond any hotel bill"):
            Line.create(
                {
                    "stay_id": stay.id,
                    "product_id": self.product_room.id,
                    "quantity": 9.9e11,
                    "price_unit": 9.9e11,
                }
            )
        line = Line.create(
            {"stay_id": stay.id, "product_id": self.product_fb.id, "price_unit": 50.0}
        )
        with self._hotel_assert_raises(ValidationError, "beyond any hotel bill"):
            line.write({"quantity": 1e11})
        # just below the bound is a (very large) bill
        line.write({"quantity": 1e10, "price_unit": 99.0})
        self.assertEqual(line.quantity, 1e10)
        self.assertEqual(stay.line_ids, line)

    def test_the_chatter_does_not_name_a_guests_files_to_others(self):
        scan = (
            self.env["ir.attachment"]
            .with_user(self.user_front_desk)
            .create(
                {
                    "name": "passport_X1234567.png",
                    "raw": b"scan",
                    "res_model": "res.partner",
                    "res_id": self.guest.id,
                }
            )
        )
        self.guest.with_user(self.user_front_desk).message_post(
            body="ID scan", attachment_ids=scan.ids, subtype_xmlid="mail.mt_note"
        )
        message = self.guest.message_ids[0]

        def listed(user):
            store = Store()
            message.with_user(user)._to_store(store)
            return store.get_result()["ir.attachment"]

        for user in (self.user_internal, self.user_accountant):
            (shown,) = listed(user)
            self.assertEqual(shown["id"], scan.id)
            self.assertEqual(shown["name"], "Guest file (hotel staff only)")
            self.assertFalse(shown["checksum"])
            self.assertEqual(shown["size"], 0)
        (shown,) = listed(self.user_front_desk)
        self.assertEqual(shown["name"], "passport_X1234567.png")
        self.assertEqual(shown["size"], 4)

    def test_overlap_is_named_also_for_a_guest_given_by_the_context(self):
        first = self._stay(start=date(2026, 5, 10), nights=3)
        Stay = (
            self.env["hotel.stay"]
            .with_user(self.user_front_desk)
            .with_context(default_partner_id=self.guest.id)
        )
        with self._hotel_assert_raises(ValidationError, first.name):
            Stay.create(
                {
                    "check_in_date": date(2026, 5, 11),
                    "check_out_date": date(2026, 5, 12),
                }
            )
        with self._hotel_assert_raises(ValidationError, "must be after"):
            Stay.create(
                {
                    "check_in_date": date(2026, 5, 12),
                    "check_out_date": date(2026, 5, 11),
                }
            )
        self.assertEqual(
            self.env["hotel.stay"].search([("partner_id", "=", self.guest.id)]), first
        )
