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

from .common import HotelCrmUsersMixin

# FRONT_DESK_DAY in static/tests/tours/front_desk_day_tour.js
FRONT_DESK_GUEST = "Gwendolyn Tourguest"
FRONT_DESK_ALLERGY = "Peanuts: anaphylaxis, carries an EpiPen"
# GUEST_RELATIONS in static/tests/tours/guest_relations_tour.js
RELATIONS_GUEST = "Valentina Tourguest"
RELATIONS_CATEGORY = "Pillow Menu"

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

    def _front_desk_user(self, login, **vals):
        return new_test_user(
            self.env,
            login=login,
            groups="base.group_user,hotel_crm.group_hotel_user,"
            "account.group_account_invoice",
            **vals,
        )

    def _prepare_arrival(self, user):
        """A guest with a severe allergy, booked for 3 nights from today."""
        guest = self._hotel_create_guest(FRONT_DESK_GUEST)
        self.env["hotel.guest.preference"].create(
            {
                "partner_id": guest.id,
                "category_id": self.env.ref("hotel_crm.preference_category_allergy").id,
                "name": FRONT_DESK_ALLERGY,
            }
        )
        stay = (
            self.env["hotel.stay"]
            .with_user(user)
            .create(
                {
                    "partner_id": guest.id,
                    "room_type_id": self.room_type.id,
                    "room_number": "12",
                    "check_in_date": self.today,
                    "check_out_date": self.today + timedelta(days=3),
                }
            )
        )
        return guest, self.env["hotel.stay"].browse(stay.id)

    def _assert_front_desk_day(self, guest, stay):
        """What the tour's clicks did: checked in and out after one night, the
        minibar and the night charged, the bill invoiced and paid."""
        stay.invalidate_recordset()
        self.assertEqual(stay.state, "checked_out")
        self.assertEqual(stay.check_in_date, self.today)
        self.assertEqual(stay.check_out_date, self.today + timedelta(days=1))
        self.assertEqual(stay.nights, 1)
        self.assertEqual(
            sorted(
                (line.charge_type, line.quantity, line.price_unit, line.price_total)
                for line in stay.line_ids
            ),
            [("minibar", 2.0, 12.5, 28.75), ("room", 1.0, 120.0, 138.0)],
        )
        self.assertEqual(stay.amount_untaxed, 145.0)
        self.assertEqual(stay.amount_total, 166.75)
        self.assertIn(
            f"Allergy alert for {FRONT_DESK_GUEST}",
            " ".join(stay.message_ids.mapped("body")),
        )
        # TEMPORARY: what the Invoicing buttons gave; the settle-the-bill flow
        # at check-out states its own results
        invoice = stay.invoice_ids
        self.assertEqual(len(invoice), 1)
        self.assertEqual(invoice.move_type, "out_invoice")
        self.assertEqual(invoice.state, "posted")
        self.assertEqual(invoice.partner_id, guest)
        self.assertEqual(invoice.amount_untaxed, 145.0)
        self.assertEqual(invoice.amount_total, 166.75)
        self.assertEqual(stay.invoice_status, "invoiced")
        self.assertEqual(invoice.payment_state, "paid")
        self.assertEqual(stay.payment_state, invoice.payment_state)
        self.assertFalse(stay.is_unpaid)

    def test_front_desk_day(self):
        user = self._front_desk_user("tour_front_desk", name="Frank Frontdesk")
        guest, stay = self._prepare_arrival(user)
        self.start_tour(
            "/odoo",
            "hotel_crm_front_desk_day",
            login=user.login,
            timeout=TOUR_TIMEOUT,
        )
        self._assert_front_desk_day(guest, stay)

    def test_front_desk_day_zh(self):
        """The same day for a user working in Chinese: the tour's steps find
        their way without English labels, whether the module's Chinese terms
        are there or not."""
        self.env["res.lang"]._activate_lang("zh_CN")
        self.env.ref("base.module_hotel_crm")._update_translations("zh_CN")
        user = self._front_desk_user(
            "tour_front_desk_zh", name="Zhang Qiantai", lang="zh_CN"
        )
        guest, stay = self._prepare_arrival(user)
        self.start_tour(
            "/odoo",
            "hotel_crm_front_desk_day_zh",
            login=user.login,
            timeout=TOUR_TIMEOUT,
        )
        self._assert_front_desk_day(guest, stay)

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
