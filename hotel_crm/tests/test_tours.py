"""Browser tours: the screens driven as real users drive them.

The tours live in hotel_crm/static/tests/tours/; each test here prepares the
data its tour expects (the same names as the tour's data constant), runs the
tour as a user of the right role and then checks in the database what the
clicks did. Under pytest-odoo they need its --odoo-http (tools/test.sh passes
it): see tools/pytest_odoo_browser.py.
"""

from datetime import timedelta

from odoo import Command, fields
from odoo.addons.account.tests.common import AccountTestInvoicingHttpCommon
from odoo.tests import new_test_user, tagged
from odoo.tools import html2plaintext

from .common import HotelCrmUsersMixin

# FRONT_DESK_DAY in static/tests/tours/front_desk_day_tour.js
FRONT_DESK_GUEST = "Gwendolyn Tourguest"
FRONT_DESK_ALLERGY = "Peanuts"
FRONT_DESK_ALLERGY_NOTE = "Anaphylaxis: carries an EpiPen"
FRONT_DESK_CASH_JOURNAL = "Front Desk Cash"
EARLY_GUEST = "Edmund Earlybird"
# GUEST_RELATIONS in static/tests/tours/guest_relations_tour.js
RELATIONS_GUEST = "Valentina Tourguest"
RELATIONS_ALLERGY_NOTE = "Even traces: cook in a separate pan"
RELATIONS_CATEGORY = "Pillow Menu"

MEMBERSHIP_GUEST = "Marcel Tourmember"
MEMBERSHIP_LOCK_REASON = "Status match from another chain"
# COMPLAINT in static/tests/tours/complaint_tour.js
COMPLAINT_GUEST = "Clara Tourcomplaint"
COMPLAINT_CATEGORY = "Tour Noise"
CARE_LAPSED_GUEST = "Tina Tourcare"
CARE_INACTIVE_GUEST = "Olaf Tourold"
TOUR_TIMEOUT = 180  # seconds: the machine running the tests may be busy


@tagged("post_install", "-at_install")
class TestFrontDeskTours(HotelCrmUsersMixin, AccountTestInvoicingHttpCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # the accounting test user also runs the hotel, like the administrator
        cls.env.user.groups_id += cls.env.ref("hotel_crm.group_hotel_manager")
        cls.today = fields.Date.context_today(cls.env["hotel.stay"])
        cls.room_type = cls.env["hotel.room.type"].create(
            {"name": "Garden Double", "code": "GDN", "default_rate": 120.0}
        )
        # the hotel's services bear this company's 15% sales tax
        cls.env.ref("hotel_crm.product_hotel_room_night").taxes_id = cls.tax_sale_a
        cls.env.ref("hotel_crm.product_hotel_minibar").taxes_id = cls.tax_sale_a
        cls.cash_journal = cls.company_data["default_journal_cash"]

    def _front_desk_user(self, login, **vals):
        return new_test_user(
            self.env,
            login=login,
            groups="base.group_user,hotel_crm.group_hotel_user,"
            "account.group_account_invoice",
            **vals,
        )

    def _prepare_front_desk_day(self, user):
        """The day of the tour: a guest with a severe allergy booked for 3
        nights from today, a guest booked for 2 nights from tomorrow, and the
        cash journal under the name the tour picks in every language."""
        self.cash_journal.update_field_translations(
            "name",
            {
                code: FRONT_DESK_CASH_JOURNAL
                for code, _name in self.env["res.lang"].get_installed()
            },
        )
        guest = self._hotel_create_guest(FRONT_DESK_GUEST)
        self.env["hotel.guest.preference"].create(
            {
                "partner_id": guest.id,
                "category_id": self.env.ref("hotel_crm.preference_category_allergy").id,
                "name": FRONT_DESK_ALLERGY,
                "note": FRONT_DESK_ALLERGY_NOTE,
            }
        )
        early_guest = self._hotel_create_guest(EARLY_GUEST)
        stays = (
            self.env["hotel.stay"]
            .with_user(user)
            .create(
                [
                    {
                        "partner_id": guest.id,
                        "room_type_id": self.room_type.id,
                        "room_number": "12",
                        "check_in_date": self.today,
                        "check_out_date": self.today + timedelta(days=3),
                    },
                    {
                        "partner_id": early_guest.id,
                        "room_type_id": self.room_type.id,
                        "room_number": "14",
                        "check_in_date": self.today + timedelta(days=1),
                        "check_out_date": self.today + timedelta(days=3),
                    },
                ]
            )
        )
        stay, early_stay = self.env["hotel.stay"].browse(stays.ids)
        return stay, early_stay

    def _assert_front_desk_day(self, user, stay, early_stay):
        """What the tour's clicks did: the guest checked in and out today, one
        night billed instead of three with the minibar, the bill invoiced and
        paid in cash; the early guest checked in today, a night more."""
        self.env.invalidate_all()
        tomorrow = self.today + timedelta(days=1)
        self.assertEqual(
            (stay.state, stay.check_in_date, stay.check_out_date, stay.nights),
            ("checked_out", self.today, tomorrow, 1),
        )
        self.assertEqual(
            sorted(
                (
                    line.charge_type,
                    line.quantity,
                    line.price_unit,
                    line.tax_ids,
                    line.price_subtotal,
                    line.price_total,
                )
                for line in stay.line_ids
            ),
            [
                ("minibar", 2.0, 12.5, self.tax_sale_a, 25.0, 28.75),
                ("room", 1.0, 120.0, self.tax_sale_a, 120.0, 138.0),
            ],
        )
        self.assertEqual(
            (stay.amount_untaxed, stay.amount_tax, stay.amount_total),
            (145.0, 21.75, 166.75),
        )
        totals = stay.tax_totals
        self.assertEqual(
            (
                totals["base_amount_currency"],
                totals["tax_amount_currency"],
                totals["total_amount_currency"],
            ),
            (145.0, 21.75, 166.75),
        )
        # settled at check-out: one invoice, posted and paid in cash
        invoice = stay.invoice_ids
        self.assertEqual(len(invoice), 1)
        self.assertEqual(
            (invoice.move_type, invoice.state, invoice.partner_id),
            ("out_invoice", "posted", stay.partner_id),
        )
        self.assertEqual(
            (invoice.amount_untaxed, invoice.amount_tax, invoice.amount_total),
            (145.0, 21.75, 166.75),
        )
        self.assertEqual(invoice.payment_state, "paid")
        payment = invoice._get_reconciled_payments()
        self.assertEqual(len(payment), 1)
        self.assertEqual(
            (payment.journal_id, payment.amount, payment.partner_id),
            (self.cash_journal, 166.75, stay.partner_id),
        )
        self.assertEqual(
            (stay.invoice_status, stay.payment_state, stay.is_unpaid),
            ("invoiced", "paid", False),
        )
        # the allergy alert of the check-in, in the user's language
        alert = (
            self.env["hotel.stay"]
            .with_context(lang=user.lang)
            .env._(
                "Allergy alert for %(guest)s: %(allergies)s",
                guest=FRONT_DESK_GUEST,
                allergies=FRONT_DESK_ALLERGY,
            )
        )
        logged = stay.message_ids.filtered(
            lambda m: html2plaintext(m.body or "") == alert
        )
        self.assertEqual(len(logged), 1)
        self.assertEqual(logged.author_id, user.partner_id)
        # the early arrival: checked in today instead of tomorrow, 3 nights
        self.assertEqual(
            (
                early_stay.state,
                early_stay.check_in_date,
                early_stay.check_out_date,
                early_stay.nights,
            ),
            ("checked_in", self.today, self.today + timedelta(days=3), 3),
        )
        self.assertFalse(early_stay.line_ids)

    def test_front_desk_day(self):
        user = self._front_desk_user("tour_front_desk", name="Frank Frontdesk")
        stay, early_stay = self._prepare_front_desk_day(user)
        self.start_tour(
            "/odoo",
            "hotel_crm_front_desk_day",
            login=user.login,
            timeout=TOUR_TIMEOUT,
        )
        self._assert_front_desk_day(user, stay, early_stay)

    def test_front_desk_day_zh(self):
        """The same day for a user working in Chinese: the tour's steps find
        their way without English labels, whether the module's Chinese terms
        are there or not."""
        self.env["res.lang"]._activate_lang("zh_CN")
        self.env.ref("base.module_hotel_crm")._update_translations("zh_CN")
        user = self._front_desk_user(
            "tour_front_desk_zh", name="Zhang Qiantai", lang="zh_CN"
        )
        stay, early_stay = self._prepare_front_desk_day(user)
        self.start_tour(
            "/odoo",
            "hotel_crm_front_desk_day_zh",
            login=user.login,
            timeout=TOUR_TIMEOUT,
        )
        self._assert_front_desk_day(user, stay, early_stay)

    def test_guest_relations(self):
        user = new_test_user(
            self.env,
            login="tour_relations",
            name="Rosa Relations",
            groups="base.group_user,hotel_crm.group_hotel_relations",
        )
        category = self.env["hotel.preference.category"].create(
            {"name": RELATIONS_CATEGORY}
        )
        guest = self._hotel_create_guest(
            RELATIONS_GUEST,
            guest_vip=True,
            guest_vip_note="Honeymoon: flowers in the room",
            guest_do_not_disclose=True,
            guest_preference_ids=[
                Command.create(
                    {
                        "category_id": self.env.ref(
                            "hotel_crm.preference_category_allergy"
                        ).id,
                        "name": "Shellfish",
                        "note": RELATIONS_ALLERGY_NOTE,
                    }
                )
            ],
        )
        self.start_tour(
            "/odoo", "hotel_crm_guest_relations", login=user.login, timeout=TOUR_TIMEOUT
        )
        added = guest.guest_preference_ids.filtered(lambda p: p.category_id == category)
        self.assertEqual(added.name, "Buckwheat pillow")
        self.assertEqual(added.recorded_by_id, user)
        self.assertEqual(added.recorded_on, self.today)
        self.assertEqual(guest.guest_allergy_summary, "Shellfish")

    def test_membership_by_a_manager(self):
        user = new_test_user(
            self.env,
            login="tour_manager",
            name="Martha Manager",
            groups="base.group_user,hotel_crm.group_hotel_manager",
        )
        guest = self._hotel_create_guest(MEMBERSHIP_GUEST)
        # 12 nights checked out last week: Silver, and Gold still 13 nights away
        self.env["hotel.stay"].create(
            {
                "partner_id": guest.id,
                "room_type_id": self.room_type.id,
                "check_in_date": self.today - timedelta(days=19),
                "check_out_date": self.today - timedelta(days=7),
                "state": "checked_out",
            }
        )
        guest._hotel_evaluate_membership()
        silver = self.env.ref("hotel_crm.membership_level_silver")
        gold = self.env.ref("hotel_crm.membership_level_gold")
        self.assertEqual(guest.guest_level_id, silver)
        self.start_tour(
            "/odoo", "hotel_crm_membership", login=user.login, timeout=TOUR_TIMEOUT
        )
        guest.invalidate_recordset()
        self.assertEqual(guest.guest_level_id, gold)
        self.assertTrue(guest.guest_level_locked)
        self.assertEqual(guest.guest_level_lock_reason, MEMBERSHIP_LOCK_REASON)
        last = self.env["hotel.membership.history"].search(
            [("partner_id", "=", guest.id)], limit=1
        )
        self.assertEqual(
            (last.reason, last.old_level_id, last.new_level_id, last.user_id),
            ("manual", silver, gold, user),
        )
        self.assertEqual((last.nights, last.stays), (12, 1))

    def test_complaint_by_guest_relations(self):
        user = new_test_user(
            self.env,
            login="tour_relations",
            name="Rosa Relations",
            groups="base.group_user,hotel_crm.group_hotel_relations",
        )
        guest = self._hotel_create_guest(COMPLAINT_GUEST)
        category = self.env["hotel.complaint.category"].create(
            {
                "name": COMPLAINT_CATEGORY,
                "department_id": self.env.ref(
                    "hotel_crm.hotel_department_front_office"
                ).id,
            }
        )
        before = fields.Datetime.now()
        self.start_tour(
            "/odoo", "hotel_crm_complaint", login=user.login, timeout=TOUR_TIMEOUT
        )
        complaint = self.env["hotel.complaint"].search([("partner_id", "=", guest.id)])
        self.assertEqual(len(complaint), 1)
        self.assertEqual(
            (
                complaint.state,
                complaint.category_id,
                complaint.department_id.name,
                complaint.severity,
                complaint.user_id,
                complaint.is_founded,
            ),
            ("resolved", category, "Front Office", "high", user, True),
        )
        self.assertTrue(complaint.name.startswith("CMP/"))
        self.assertEqual(complaint.description, "Loud music next door until 2 am")
        self.assertEqual(
            complaint.resolution, "Moved the guest to a quiet room and apologized"
        )
        for fname in ("acknowledged_date", "in_progress_date", "resolved_date"):
            self.assertGreaterEqual(complaint[fname], before.replace(microsecond=0))
        # high: acknowledged within an hour, resolved within a day
        self.assertEqual(
            complaint.resolve_deadline - complaint.reported_date, timedelta(hours=24)
        )
        (compensation,) = complaint.compensation_ids
        self.assertEqual(
            (compensation.compensation_type, compensation.points, compensation.state),
            ("points", 1000, "applied"),
        )
        # 1,000 points are worth 10.00: within Guest Relations' own limit
        self.assertEqual(compensation.approved_by_id, user)
        self.assertEqual(guest.with_company(complaint.company_id).guest_points, 1000)

    def test_guest_care_by_a_manager(self):
        user = new_test_user(
            self.env,
            login="tour_care_manager",
            name="Carmen Care",
            groups="base.group_user,hotel_crm.group_hotel_manager",
        )
        lapsed = self._hotel_create_guest(CARE_LAPSED_GUEST)
        inactive = self._hotel_create_guest(CARE_INACTIVE_GUEST)
        # one stay 400 days ago: lapsed after 365; one four years ago: past
        # the data retention's 1,095 days
        for guest, days in ((lapsed, 400), (inactive, 1500)):
            self.env["hotel.stay"].create(
                {
                    "partner_id": guest.id,
                    "room_type_id": self.room_type.id,
                    "check_in_date": self.today - timedelta(days=days + 2),
                    "check_out_date": self.today - timedelta(days=days),
                    "state": "checked_out",
                }
            )
        self.env["hotel.guest.retention"].sudo()._hotel_cron_refresh()
        self.assertEqual(
            (lapsed.guest_is_lapsed, lapsed.guest_churn_risk), (True, "high")
        )
        self.start_tour(
            "/odoo", "hotel_crm_care", login=user.login, timeout=TOUR_TIMEOUT
        )
        # the preview switched nothing on and anonymized nobody
        self.assertFalse(self.env.company.hotel_retention_anonymize)
        self.assertFalse((lapsed | inactive).filtered("guest_anonymized"))
