"""The printable guest profile: printed by hotel staff for the current hotel,
with the ID number only for who may read it, the allergies highlighted, the
last ten stays and the open complaints of that hotel only, and nothing
personal for an anonymized guest."""

from datetime import date, timedelta
from unittest.mock import patch

from lxml import html

from odoo.exceptions import AccessError
from odoo.fields import Command
from odoo.tests import tagged

from .test_multi_company import HotelMultiCompanyCommon

REPORT = "hotel_crm.action_report_guest_profile"


@tagged("post_install", "-at_install")
class TestGuestProfileReport(HotelMultiCompanyCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.paula = cls._hotel_create_guest(
            "Paula Profile",
            email="paula.profile@example.com",
            phone="+33 1 23 45 67 89",
            guest_birthdate=date(1980, 4, 2),
            guest_nationality_id=cls.env.ref("base.fr").id,
            guest_id_type="passport",
            guest_id_number="P-778899",
        )
        cls.paula.with_company(cls.company_a).sudo().guest_level_id = cls.env.ref(
            "hotel_crm.membership_level_gold"
        )
        Preference = cls.env["hotel.guest.preference"]
        Preference.create(
            [
                {
                    "partner_id": cls.paula.id,
                    "category_id": cls.env.ref(
                        "hotel_crm.preference_category_allergy"
                    ).id,
                    "name": "Peanuts",
                    "note": "Anaphylaxis: keep an epinephrine pen at the desk.",
                },
                {
                    "partner_id": cls.paula.id,
                    "category_id": cls.env.ref("hotel_crm.preference_category_bed").id,
                    "name": "Feather-free pillow",
                },
            ]
        )
        # eleven stays at Hotel Alpha, the oldest beyond the last ten
        cls.stays_a = cls.env["hotel.stay"]
        for i in range(11):
            stay = cls._stay(
                guest=cls.paula,
                start=date(2025, 1, 1) + timedelta(days=3 * i),
                nights=1,
            )
            stay.sudo().write({"state": "checked_out", "name": f"PROF-A-{i:02d}"})
            cls.stays_a |= stay
        cls.stay_b = cls._stay(
            guest=cls.paula,
            start=date(2025, 6, 1),
            nights=2,
            company_id=cls.company_b.id,
            room_type_id=cls.room_b.id,
        )
        cls.stay_b.sudo().write({"state": "checked_out", "name": "PROF-B-00"})
        # a booked stay has not taken place yet
        cls.booked = cls._stay(guest=cls.paula, start=date(2025, 7, 1), nights=1)
        cls.booked.sudo().name = "PROF-A-BOOKED"
        Complaint = cls.env["hotel.complaint"]
        noise = cls.env.ref("hotel_crm.hotel_complaint_category_noise")
        cls.complaint_a = Complaint.create(
            {
                "partner_id": cls.paula.id,
                "category_id": noise.id,
                "severity": "high",
                "description": "A loud party in the next room until 3 am.",
            }
        )
        cls.complaint_b = Complaint.with_company(cls.company_b).create(
            {
                "partner_id": cls.paula.id,
                "category_id": noise.id,
                "company_id": cls.company_b.id,
                "description": "Seagulls on the balcony.",
            }
        )

    def _html(self, partner, user):
        content, kind = (
            self.env["ir.actions.report"]
            .with_user(user)
            ._render_qweb_html(REPORT, partner.ids)
        )
        self.assertEqual(kind, "html")
        # the page itself: the layout around it is Odoo's
        page = html.fromstring(content.decode()).xpath(
            "//div[contains(@class, 'o_hotel_guest_profile')]"
        )
        self.assertEqual(len(page), 1)
        return html.tostring(page[0], encoding="unicode")

    def _rows(self, text, table):
        return html.fromstring(text).xpath(
            f"//table[contains(@class, '{table}')]/tbody/tr"
        )

    def test_the_profile_is_printed_from_the_guest_form(self):
        report = self.env.ref(REPORT)
        self.assertEqual(report.binding_model_id.model, "res.partner")
        self.assertEqual(report.groups_id, self.env.ref("hotel_crm.group_hotel_user"))
        Actions = self.env["ir.actions.actions"]
        for user in (self.front_desk_a, self.manager_ab):
            printable = Actions.with_user(user).get_bindings("res.partner")["report"]
            self.assertIn(report.id, [action["id"] for action in printable])
        for user in (self.accountant_ab,):
            printable = (
                Actions.with_user(user).get_bindings("res.partner").get("report", [])
            )
            self.assertNotIn(report.id, [action["id"] for action in printable])

    def test_pdf(self):
        """Without wkhtmltopdf (and in every test run unless forced) Odoo
        renders the PDF report as HTML; with it, a real PDF is made."""
        Report = self.env["ir.actions.report"].with_user(self.front_desk_a)
        content, kind = Report._render_qweb_pdf(REPORT, self.paula.ids)
        self.assertTrue(content)
        if kind == "pdf":
            self.assertTrue(content.startswith(b"%PDF"))
        else:
            self.assertEqual(kind, "html")
            self.assertIn(b"Paula Profile", content)
        if Report.get_wkhtmltopdf_state() == "install":
            self.skipTest("wkhtmltopdf is not installed: no PDF to check")
        pdf, kind = Report.with_context(force_report_rendering=True)._render_qweb_pdf(
            REPORT, self.paula.ids
        )
        self.assertEqual(kind, "pdf")
        self.assertTrue(pdf.startswith(b"%PDF"))

    def test_identity_membership_and_contact(self):
        text = self._html(self.paula, self.front_desk_a)
        for expected in (
            "Paula Profile",
            self.paula.guest_code,
            "France",
            "paula.profile@example.com",
            "+33 1 23 45 67 89",
            "Gold",
            "Feather-free pillow",
        ):
            self.assertIn(expected, text)

    def test_the_id_number_for_who_may_read_it_only(self):
        # every hotel role reads the ID number on the guest file: so does the
        # profile
        for user in (self.front_desk_a, self.manager_ab):
            self.assertIn("P-778899", self._html(self.paula, user))
        # the profile follows the field's own access: were the ID number kept
        # to Hotel Managers, the front desk's profile would not print it
        field = self.env["res.partner"]._fields["guest_id_number"]
        with patch.object(field, "groups", "hotel_crm.group_hotel_manager"):
            self.env.invalidate_all()
            text = self._html(self.paula, self.front_desk_a)
            self.assertNotIn("P-778899", text)
            self.assertFalse(
                html.fromstring(text).xpath(
                    "//tr[contains(@class, 'o_hotel_profile_id_document')]"
                )
            )
            self.assertIn("Paula Profile", text)
            self.assertIn("P-778899", self._html(self.paula, self.manager_ab))

    def test_allergies_are_highlighted(self):
        text = self._html(self.paula, self.front_desk_a)
        alert = html.fromstring(text).xpath(
            "//div[contains(@class, 'o_hotel_profile_allergies')]"
        )
        self.assertEqual(len(alert), 1)
        self.assertIn("alert-danger", alert[0].get("class"))
        self.assertIn("Peanuts", alert[0].text_content())
        self.assertIn("epinephrine", alert[0].text_content())
        # the allergy is not repeated among the ordinary preferences
        self.assertNotIn("Feather-free pillow", alert[0].text_content())

    def test_the_last_ten_stays_of_this_hotel(self):
        text = self._html(self.paula, self.manager_ab)
        rows = self._rows(text, "o_hotel_profile_stays")
        self.assertEqual(
            [row[0].text_content().strip() for row in rows],
            [f"PROF-A-{i:02d}" for i in range(10, 0, -1)],
        )
        self.assertNotIn("PROF-A-00", text)
        self.assertNotIn("PROF-A-BOOKED", text)
        # Hotel Bravo's stay is not Hotel Alpha's business, even for a manager
        # of both hotels printing at Alpha
        self.assertNotIn("PROF-B-00", text)
        self.assertNotIn("Harbour Double", text)

    def test_the_profile_printed_at_the_other_hotel(self):
        text = self._html(self.paula, self.front_desk_b)
        rows = self._rows(text, "o_hotel_profile_stays")
        self.assertEqual([row[0].text_content().strip() for row in rows], ["PROF-B-00"])
        complaints = self._rows(text, "o_hotel_profile_complaints")
        self.assertEqual(
            [row[0].text_content().strip() for row in complaints],
            [self.complaint_b.name],
        )

    def test_open_complaints_of_this_hotel(self):
        text = self._html(self.paula, self.front_desk_a)
        rows = self._rows(text, "o_hotel_profile_complaints")
        self.assertEqual(len(rows), 1)
        cells = [cell.text_content().strip() for cell in rows[0]]
        self.assertEqual(cells[0], self.complaint_a.name)
        self.assertEqual(cells[1], "Noise")
        self.assertEqual(cells[2], "High")
        self.assertEqual(cells[3], "New")

    def test_two_profiles_printed_together_keep_their_complaints(self):
        other = self._hotel_create_guest("Olga Otherguest")
        complaint = self.env["hotel.complaint"].create(
            {
                "partner_id": other.id,
                "category_id": self.env.ref(
                    "hotel_crm.hotel_complaint_category_noise"
                ).id,
                "description": "The minibar hums all night.",
            }
        )
        content, _kind = (
            self.env["ir.actions.report"]
            .with_user(self.front_desk_a)
            ._render_qweb_html(REPORT, (self.paula | other).ids)
        )
        pages = html.fromstring(content.decode()).xpath(
            "//div[contains(@class, 'o_hotel_guest_profile')]"
        )
        self.assertEqual(len(pages), 2)
        names = [
            [
                row[0].text_content().strip()
                for row in self._rows(
                    html.tostring(page, encoding="unicode"),
                    "o_hotel_profile_complaints",
                )
            ]
            for page in pages
        ]
        self.assertEqual(names, [[self.complaint_a.name], [complaint.name]])

    def test_outsiders_print_nothing(self):
        for user in (self.accountant_ab,):
            with self.assertRaises(AccessError):
                self._html(self.paula, user)

    def test_an_anonymized_guest_prints_no_personal_data(self):
        ann = self._hotel_create_guest(
            "Ann Onymous",
            email="ann.onymous@example.com",
            phone="+41 79 000 00 00",
            guest_birthdate=date(1975, 8, 30),
            guest_id_type="passport",
            guest_id_number="X-ANON-1",
            guest_preference_ids=[
                Command.create(
                    {
                        "category_id": self.env.ref(
                            "hotel_crm.preference_category_allergy"
                        ).id,
                        "name": "Shellfish",
                    }
                )
            ],
        )
        ann._hotel_anonymize()
        text = self._html(ann, self.manager_ab)
        for personal in (
            "Ann Onymous",
            "ann.onymous@example.com",
            "+41 79 000 00 00",
            "1975",
            "X-ANON-1",
            "Shellfish",
        ):
            self.assertNotIn(personal, text)
        self.assertIn("were erased.", text)
        self.assertFalse(self._rows(text, "o_hotel_profile_stays"))
