from odoo.exceptions import AccessError, UserError
from odoo.tests import Form, tagged

from .common import HotelCrmInvoicingCommon


@tagged("post_install", "-at_install")
class TestAnonymizeGuest(HotelCrmInvoicingCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.guest = cls._hotel_create_guest(
            "Greta Forget",
            email="greta@example.com",
            phone="+46 8 123 456",
            street="Storgatan 1",
            city="Stockholm",
            comment="Prefers calls after 6 pm",
            guest_id_type="passport",
            guest_id_number="SE998877",
            guest_marketing_consent=True,
            guest_vip=True,
            guest_vip_note="Celebrity",
        )
        cls.env["hotel.guest.preference"].sudo().create(
            {
                "partner_id": cls.guest.id,
                "category_id": cls.env.ref("hotel_crm.preference_category_allergy").id,
                "name": "Gluten",
            }
        )
        cls.guest.write({"email": "greta.new@example.com"})

    def _anonymize_as(self, user):
        action = self.guest.with_user(user).action_hotel_anonymize()
        Wizard = self.env[action["res_model"]].with_user(user)
        wizard = Form(Wizard.with_context(**action["context"])).save()
        return wizard.action_confirm()

    def _pay(self, invoice):
        self.env["account.payment.register"].with_context(
            active_model="account.move", active_ids=invoice.ids
        ).create({})._create_payments()

    def test_anonymize_removes_personal_data_and_keeps_accounting(self):
        invoice = self.init_invoice(
            "out_invoice", partner=self.guest, amounts=[250.0], post=True
        )
        self._pay(invoice)
        self.assertIn(invoice.payment_state, ("paid", "in_payment"))
        code = self.guest.guest_code
        self._hotel_flush_tracking()
        self.assertTrue(
            self.guest.message_ids.sudo().tracking_value_ids.filtered(
                lambda t: t.field_id.name == "email"
            ),
            "the change of e-mail address is in the chatter before anonymization",
        )
        self._anonymize_as(self.user_manager)
        guest = self.guest
        self.assertTrue(guest.exists())
        self.assertEqual(guest.name, f"Anonymized guest {code}")
        self.assertEqual(guest.guest_code, code)
        for fname in (
            "email",
            "phone",
            "street",
            "city",
            "comment",
            "guest_id_number",
            "guest_id_type",
            "guest_marketing_consent",
            "guest_vip",
            "guest_vip_note",
            "guest_allergy_summary",
        ):
            self.assertFalse(guest[fname], fname)
        self.assertTrue(guest.guest_anonymized)
        prefs = (
            self.env["hotel.guest.preference"].sudo().with_context(active_test=False)
        )
        self.assertFalse(prefs.search([("partner_id", "=", guest.id)]))
        # the chatter no longer holds the old e-mail address
        trackings = guest.message_ids.sudo().tracking_value_ids
        self.assertFalse(trackings.filtered(lambda t: t.field_id.name == "email"))
        old_values = " ".join(
            str(v)
            for v in trackings.mapped("old_value_char")
            + trackings.mapped("new_value_char")
        )
        self.assertNotIn("greta", old_values.lower())
        # the invoice and its accounting entries are untouched
        self.assertEqual(invoice.partner_id, guest)
        self.assertEqual(invoice.state, "posted")
        self.assertAlmostEqual(invoice.amount_untaxed, 250.0)
        self.assertIn(invoice.payment_state, ("paid", "in_payment"))

    def test_anonymize_clears_a_restriction_and_its_reason(self):
        self.guest.with_user(self.user_manager)._hotel_restrict(
            "Greta shouted at staff"
        )
        self._hotel_flush_tracking()

        def recorded_texts():
            trackings = self.guest.message_ids.sudo().tracking_value_ids
            values = trackings.mapped("new_value_text") + trackings.mapped(
                "old_value_char"
            )
            return " ".join(filter(None, values))

        self.assertIn("Greta shouted at staff", recorded_texts())
        self._anonymize_as(self.user_manager)
        self.assertFalse(self.guest.guest_restricted)
        self.assertFalse(self.guest.guest_restriction_reason)
        self.assertNotIn("Greta", recorded_texts())

    def test_anonymize_removes_chatter_attachments_and_activities(self):
        self.guest.write({"street": "Kungsgatan 5"})
        self.guest.message_post(body="Greta called about her passport scan")
        self.env["ir.attachment"].create(
            {
                "name": "passport.pdf",
                "raw": b"scan",
                "res_model": "res.partner",
                "res_id": self.guest.id,
            }
        )
        self.guest.activity_schedule(
            "mail.mail_activity_data_todo", summary="Call Greta back"
        )
        self._hotel_flush_tracking()
        self._anonymize_as(self.user_manager)
        messages = (
            self.env["mail.message"]
            .sudo()
            .search([("model", "=", "res.partner"), ("res_id", "=", self.guest.id)])
        )
        text = " ".join(messages.mapped("body")) + " ".join(
            str(v) for v in messages.tracking_value_ids.mapped("old_value_char")
        )
        self.assertNotIn("Greta", text)
        self.assertNotIn("Kungsgatan", text)
        self.assertNotIn("Storgatan", text)
        self.assertFalse(
            self.env["ir.attachment"]
            .sudo()
            .search([("res_model", "=", "res.partner"), ("res_id", "=", self.guest.id)])
        )
        self.assertFalse(self.guest.sudo().activity_ids)

    def test_anonymize_only_individual_guests_without_contacts(self):
        company = self.env["res.partner"].create(
            {"name": "Some Company", "is_company": True}
        )
        contact = self.env["res.partner"].create({"name": "Plain Contact"})
        for partner in (company, contact):
            with self.assertRaises(UserError):
                partner.with_user(self.user_manager)._hotel_anonymize()
        self.assertEqual(contact.name, "Plain Contact")
        self.env["res.partner"].create(
            {"name": "Greta Invoicing", "type": "invoice", "parent_id": self.guest.id}
        )
        with self._hotel_assert_raises(UserError, "Greta Invoicing"):
            self._anonymize_as(self.user_manager)
        self.assertEqual(self.guest.name, "Greta Forget")

    def test_anonymize_refused_while_an_invoice_is_unpaid(self):
        invoice = self.init_invoice(
            "out_invoice", partner=self.guest, amounts=[80.0], post=True
        )
        with self._hotel_assert_raises(UserError, invoice.name):
            self._anonymize_as(self.user_manager)
        self.assertEqual(self.guest.name, "Greta Forget")
        self.assertEqual(self.guest.email, "greta.new@example.com")
        self.assertFalse(self.guest.guest_anonymized)

    def test_only_managers_anonymize(self):
        for user in (self.user_front_desk, self.user_relations, self.user_accountant):
            with self.assertRaises(AccessError):
                self.guest.with_user(user).action_hotel_anonymize()
            with self.assertRaises(AccessError):
                self.guest.with_user(user)._hotel_anonymize()
        self.assertEqual(self.guest.name, "Greta Forget")

    def test_anonymized_guest_is_left_out_of_automations(self):
        twin = self._hotel_create_guest("Greta Twin", email="greta.new@example.com")
        self.assertEqual(twin.guest_duplicate_count, 1)
        self._anonymize_as(self.user_manager)
        twin.invalidate_recordset(["guest_duplicate_count"])
        self.assertEqual(twin.guest_duplicate_count, 0)
        anonymized = self.env["res.partner"].search([("guest_anonymized", "=", True)])
        self.assertIn(self.guest, anonymized)

    def test_anonymize_clears_the_chatter_of_the_guests_stays(self):
        room = (
            self.env["hotel.room.type"]
            .sudo()
            .create({"name": "Twin", "default_rate": 90})
        )
        stay = (
            self.env["hotel.stay"]
            .sudo()
            .create(
                {
                    "partner_id": self.guest.id,
                    "room_type_id": room.id,
                    "check_in_date": "2026-02-01",
                    "check_out_date": "2026-02-03",
                }
            )
        )
        stay.action_check_in()  # notes the gluten allergy of Greta Forget
        self.assertIn("Gluten", " ".join(stay.message_ids.mapped("body")))
        self._anonymize_as(self.user_manager)
        stay.invalidate_recordset()
        self.assertTrue(stay.exists())
        self.assertEqual(stay.partner_id, self.guest)
        text = " ".join(stay.sudo().message_ids.mapped("body"))
        self.assertNotIn("Gluten", text)
        self.assertNotIn("Greta", text)
