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
            mobile="+46 70 123 45 67",
            website="https://greta.example.com",
            street2="Lgh 1102",
            zip="111 22",
            country_id=cls.env.ref("base.se").id,
            function="Actress",
            vat="SE556677889901",
            company_name="Greta AB",
            ref="GF-1",
            barcode="GRETA-0001",
            image_1920=(
                "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAIAAACQd1PeAAAADElEQVR4nGP4"
                "z8AAAAMBAQDJ/pLvAAAAAElFTkSuQmCC"
            ),
            guest_birthdate="1990-04-12",
            guest_gender="female",
            guest_nationality_id=cls.env.ref("base.se").id,
            guest_do_not_disclose=True,
        )
        cls.guest.category_id = cls.env["res.partner.category"].create(
            {"name": "Film crew"}
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
        # every piece of personal data, named one by one
        for fname in (
            "email",
            "phone",
            "mobile",
            "website",
            "street",
            "street2",
            "zip",
            "city",
            "country_id",
            "function",
            "comment",
            "vat",
            "company_name",
            "ref",
            "barcode",
            "image_1920",
            "category_id",
            "guest_birthdate",
            "guest_birth_month",
            "guest_gender",
            "guest_nationality_id",
            "guest_id_number",
            "guest_id_type",
            "guest_marketing_consent",
            "guest_marketing_consent_date",
            "guest_vip",
            "guest_vip_note",
            "guest_do_not_disclose",
            "guest_allergy_summary",
            "guest_phone_key",
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

    def test_anonymize_keeps_the_restriction_without_its_reason(self):
        self.guest.with_user(self.user_manager)._hotel_restrict(
            "Greta shouted at staff"
        )
        restriction = self.guest.guest_restriction_ids
        self._anonymize_as(self.user_manager)
        self.assertTrue(restriction.exists())
        self.assertEqual(restriction.partner_id, self.guest)
        self.assertEqual(restriction.reason, "Removed at the guest's request.")
        self.assertEqual(restriction.set_by_id, self.user_manager)
        self.assertTrue(self.guest.guest_is_restricted)
        self.assertNotIn(
            "Greta", " ".join(self.guest.message_ids.sudo().mapped("body"))
        )

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

    def _settled_stay(self, **vals):
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
                    **vals,
                }
            )
        )
        self._hotel_check_in(stay)  # notes the gluten allergy of Greta Forget
        self._hotel_check_out(stay)
        stay.action_create_invoices()
        stay.invoice_ids.action_post()
        self._pay(stay.invoice_ids)
        return stay

    def test_anonymize_clears_the_notes_chatter_and_files_of_the_guests_stays(self):
        stay = self._settled_stay(note="<p>Greta wants a cot for her son</p>")
        stay.message_post(body="Greta asked for the invoice by e-mail")
        scan = self.env["ir.attachment"].create(
            {
                "name": "greta-passport.pdf",
                "raw": b"scan",
                "res_model": "hotel.stay",
                "res_id": stay.id,
            }
        )
        stay.activity_schedule(
            "mail.mail_activity_data_todo", summary="Send Greta her bill"
        )
        self.assertIn("Gluten", " ".join(stay.message_ids.mapped("body")))
        self._anonymize_as(self.user_manager)
        stay.invalidate_recordset()
        self.assertTrue(stay.exists())
        self.assertEqual(stay.partner_id, self.guest)
        self.assertEqual(stay.state, "checked_out")
        self.assertFalse(stay.note)
        text = " ".join(stay.sudo().message_ids.mapped("body"))
        self.assertNotIn("Gluten", text)
        self.assertNotIn("Greta", text)
        self.assertFalse(scan.exists())
        self.assertFalse(stay.sudo().activity_ids)

    def test_anonymize_clears_a_managers_override_reason(self):
        stay = self._settled_stay(
            restriction_override_reason="Greta promised to behave"
        )
        self._anonymize_as(self.user_manager)
        self.assertFalse(stay.restriction_override_reason)

    def test_anonymize_keeps_each_issued_invoice_as_issued(self):
        stay = self._settled_stay()
        invoice = stay.invoice_ids
        self.assertFalse(invoice.invoice_pdf_report_id)
        self._anonymize_as(self.user_manager)
        # the stored document still names the guest as invoiced
        document = invoice.invoice_pdf_report_id
        self.assertTrue(document)
        self.assertIn(b"Greta Forget", document.raw)
        self.assertEqual(
            invoice.partner_id.name, f"Anonymized guest {self.guest.guest_code}"
        )
        self.assertEqual(invoice.state, "posted")

    def test_anonymize_clears_the_invoices_chatter_and_queued_mails(self):
        stay = self._settled_stay()
        invoice = stay.invoice_ids
        invoice.message_post(
            body="Sent to greta.new@example.com", message_type="comment"
        )
        mail = self.env["mail.mail"].create(
            {
                "subject": "Your stay",
                "body_html": "<p>Dear Greta</p>",
                "recipient_ids": [(6, 0, self.guest.ids)],
            }
        )
        other_mail = self.env["mail.mail"].create(
            {"subject": "Unrelated", "email_to": "someone@example.com"}
        )
        self._anonymize_as(self.user_manager)
        bodies = " ".join(invoice.message_ids.mapped("body"))
        self.assertNotIn("greta", bodies.lower())
        self.assertFalse(mail.exists())
        self.assertTrue(other_mail.exists())
        self.assertEqual(invoice.state, "posted")

    def test_anonymize_refused_while_a_stay_is_not_settled(self):
        room = self.env["hotel.room.type"].sudo().create({"name": "Twin"})
        stay = (
            self.env["hotel.stay"]
            .sudo()
            .create(
                {
                    "partner_id": self.guest.id,
                    "room_type_id": room.id,
                    "nightly_rate": 90,
                    "check_in_date": "2026-02-01",
                    "check_out_date": "2026-02-03",
                }
            )
        )
        for step in ("booked", "checked_in", "checked_out"):
            if step == "checked_in":
                self._hotel_check_in(stay)
            elif step == "checked_out":
                self._hotel_check_out(stay)
            self.assertEqual(stay.state, step)
            with self._hotel_assert_raises(UserError, stay.name):
                self._anonymize_as(self.user_manager)
            self.assertEqual(self.guest.name, "Greta Forget")
        # a draft invoice would be issued without the guest's data
        stay.action_create_invoices()
        with self._hotel_assert_raises(UserError, "draft invoice"):
            self._anonymize_as(self.user_manager)
        self.assertFalse(self.guest.guest_anonymized)
        stay.invoice_ids.action_post()
        self._pay(stay.invoice_ids)
        self._anonymize_as(self.user_manager)
        self.assertTrue(self.guest.guest_anonymized)

    def test_anonymize_refused_while_an_invoice_is_partially_paid(self):
        invoice = self.init_invoice(
            "out_invoice", partner=self.guest, amounts=[80.0], post=True
        )
        self.env["account.payment.register"].with_context(
            active_model="account.move", active_ids=invoice.ids
        ).create({"amount": 30.0})._create_payments()
        self.assertEqual(invoice.payment_state, "partial")
        with self._hotel_assert_raises(UserError, invoice.name):
            self._anonymize_as(self.user_manager)
        self.assertFalse(self.guest.guest_anonymized)

    def test_anonymize_refused_while_an_invoice_is_blocked(self):
        invoice = self.init_invoice(
            "out_invoice", partner=self.guest, amounts=[80.0], post=True
        )
        invoice.action_toggle_block_payment()
        self.assertEqual(invoice.payment_state, "blocked")
        with self._hotel_assert_raises(UserError, invoice.name):
            self._anonymize_as(self.user_manager)
        self.assertFalse(self.guest.guest_anonymized)

    def test_anonymize_reaches_the_stays_billed_to_the_guest(self):
        other = self._hotel_create_guest("Yolanda Other")
        room = self.env["hotel.room.type"].sudo().create({"name": "Twin"})
        stay = (
            self.env["hotel.stay"]
            .sudo()
            .create(
                {
                    "partner_id": other.id,
                    "room_type_id": room.id,
                    "nightly_rate": 90,
                    "check_in_date": "2026-02-01",
                    "check_out_date": "2026-02-03",
                    "note": "<p>Greta pays, call her on +46 8 123 456</p>",
                }
            )
        )
        self._hotel_flush_tracking()
        stay.billing_partner_id = self.guest
        self._hotel_flush_tracking()
        # while the stay billed to her is not settled: refused
        with self._hotel_assert_raises(UserError, stay.name):
            self._anonymize_as(self.user_manager)
        self._hotel_check_in(stay)
        self._hotel_check_out(stay)
        stay.action_create_invoices()
        stay.invoice_ids.action_post()
        self._pay(stay.invoice_ids)
        self._anonymize_as(self.user_manager)
        self.assertFalse(stay.note)
        self.assertEqual(stay.partner_id, other)
        trackings = stay.message_ids.sudo().tracking_value_ids
        billed = trackings.filtered(lambda t: t.field_id.name == "billing_partner_id")
        self.assertEqual(billed.old_value_char, "Yolanda Other")
        self.assertEqual(billed.new_value_char, "Anonymized guest")
