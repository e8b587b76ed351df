"""What the desk's batch actions cost in queries: checking in, checking out
and invoicing 5 or 20 stays make the same number of queries (invoicing: the
same number as Odoo's own create of the same invoices, plus a fixed few),
and the chatter, charges and invoices of each stay are still right."""

from contextlib import closing, contextmanager
from datetime import date, datetime, time, timedelta
from unittest.mock import patch

from freezegun import freeze_time

from odoo.exceptions import UserError
from odoo.fields import Command
from odoo.tests import tagged
from odoo.tools import index_exists

from .test_stays import HotelStayCommon

DAY = date(2026, 3, 1)
NIGHTS = 2
SIZES = (5, 20)


@tagged("post_install", "-at_install")
class TestStayBatchQueries(HotelStayCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.allergy = cls.env.ref("hotel_crm.preference_category_allergy")
        cls.batches = 0

    @contextmanager
    def _assert_queries(self, expected):
        """assertQueryCount, failing on fewer queries too: the count is exact.
        Both count the tracking, which Odoo writes just before the commit."""
        self.env.flush_all()
        self.env.cr.flush()
        count0 = self.cr.sql_log_count
        with self.assertQueryCount(expected):
            yield
        self.assertEqual(self.cr.sql_log_count - count0, expected)

    def _booked(self, size):
        """``size`` stays of new guests from DAY, every other guest allergic."""
        type(self).batches += 1
        guests = self.env["res.partner"].create(
            [
                {"name": f"Batch {self.batches} Guest {i}", "is_hotel_guest": True}
                for i in range(size)
            ]
        )
        self.env["hotel.guest.preference"].create(
            [
                {
                    "partner_id": guest.id,
                    "category_id": self.allergy.id,
                    "name": f"Peanuts {guest.id}",
                }
                for guest in guests[::2]
            ]
        )
        stays = self.env["hotel.stay"].create(
            [
                {
                    "partner_id": guest.id,
                    "room_type_id": self.room_double.id,
                    "check_in_date": DAY,
                    "check_out_date": DAY + timedelta(days=NIGHTS),
                }
                for guest in guests
            ]
        )
        self._hotel_flush_tracking()
        return stays

    def _checked_in(self, size):
        stays = self._booked(size)
        self._hotel_check_in(stays)
        self._hotel_flush_tracking()
        return stays

    def _tracked(self, stay, fname):
        return [
            (value.old_value_char, value.new_value_char)
            for value in stay.message_ids.tracking_value_ids
            if value.field_id.name == fname
        ]

    def test_check_in_costs_the_same_for_5_or_20_stays(self):
        with freeze_time(datetime.combine(DAY, time(12))):
            self._booked(2).action_check_in()  # warm-up
            for size in SIZES:
                stays = self._booked(size)
                # with the update of the guests' runs of back-to-back stays,
                # and the guests' complaints (one grouped query)
                self.env.invalidate_all()
                with self._assert_queries(16):
                    action = stays.action_check_in()
                self.assertEqual(action["params"]["type"], "danger")
                self.assertEqual(set(stays.mapped("state")), {"checked_in"})
                self.env.invalidate_all()
                for index, stay in enumerate(stays):
                    # Odoo's tracking, one message per stay
                    self.assertEqual(
                        self._tracked(stay, "state"), [("Booked", "Checked In")]
                    )
                    tracking = stay.message_ids.filtered("tracking_value_ids")
                    self.assertEqual(len(tracking), 1)
                    self.assertEqual(
                        (
                            tracking.message_type,
                            tracking.subtype_id,
                            tracking.author_id,
                            str(tracking.body or ""),
                        ),
                        (
                            "notification",
                            self.env.ref("mail.mt_note"),
                            self.env.user.partner_id,
                            "",
                        ),
                    )
                    # the allergy alert, on the stays of allergic guests only
                    alerts = stay.message_ids.filtered(
                        lambda m: "Allergy alert" in (m.body or "")
                    )
                    if index % 2:
                        self.assertFalse(alerts)
                    else:
                        self.assertEqual(len(alerts), 1)
                        self.assertIn(f"Peanuts {stay.partner_id.id}", alerts.body)
                        self.assertIn(stay.partner_id.name, alerts.body)
                        self.assertIn(
                            f"Peanuts {stay.partner_id.id}", action["params"]["message"]
                        )

    def test_check_out_costs_the_same_for_5_or_20_stays(self):
        with freeze_time(datetime.combine(DAY + timedelta(days=NIGHTS), time(12))):
            self._checked_in(2).action_check_out()  # warm-up
            for size in SIZES:
                stays = self._checked_in(size)
                self.env.invalidate_all()
                with self._assert_queries(23):
                    self.assertIs(stays.action_check_out(), True)
                self.env.invalidate_all()
                for stay in stays:
                    self.assertEqual(stay.state, "checked_out")
                    room = stay.line_ids
                    self.assertEqual(
                        (room.charge_type, room.quantity, room.price_unit),
                        ("room", NIGHTS, 120.0),
                    )
                    self.assertEqual(room.tax_ids, self.product_room.taxes_id)
                    # 15 % of Odoo's test chart of accounts
                    self.assertEqual(
                        (room.price_subtotal, room.price_tax, room.price_total),
                        (240.0, 36.0, 276.0),
                    )
                    self.assertEqual(
                        (stay.amount_untaxed, stay.amount_tax, stay.amount_total),
                        (240.0, 36.0, 276.0),
                    )
                    self.assertEqual(
                        (stay.invoice_status, stay.is_unpaid), ("to_invoice", True)
                    )
                    self.assertEqual(
                        self._tracked(stay, "state"),
                        [("Checked In", "Checked Out"), ("Booked", "Checked In")],
                    )
                    # the check-out's message tracks the total its charge made
                    tracking = stay.message_ids.filtered("tracking_value_ids")[0]
                    self.assertEqual(
                        sorted(
                            (value.field_id.name, value.old_value_float or 0.0)
                            for value in tracking.tracking_value_ids
                        ),
                        [("amount_total", 0.0), ("state", 0.0)],
                    )
                    total = tracking.tracking_value_ids.filtered(
                        lambda v: v.field_id.name == "amount_total"
                    )
                    self.assertEqual(total.new_value_float, 276.0)

    def test_changes_with_a_subtype_are_posted_by_odoo(self):
        """Changes that come with a subtype (a stay's never do, unless another
        module gives them one) are posted by Odoo's own tracking, which
        notifies the subtype's followers; the others are logged in batch."""
        stays = self._booked(4)
        posted_ids = set(stays[::2].ids)
        comment = self.env.ref("mail.mt_comment")

        def _track_subtype(stay, initial_values):
            return stay.id in posted_ids and "state" in initial_values and comment

        with (
            patch.object(type(stays), "_track_subtype", _track_subtype),
            freeze_time(datetime.combine(DAY, time(12))),
        ):
            stays.action_check_in()
            self._hotel_flush_tracking()
        for stay in stays:
            tracking = stay.message_ids.filtered("tracking_value_ids")
            self.assertEqual(len(tracking), 1)
            self.assertEqual(
                (tracking.subtype_id, tracking.message_type),
                (comment, "notification")
                if stay.id in posted_ids
                else (self.env.ref("mail.mt_note"), "notification"),
            )
            self.assertEqual(self._tracked(stay, "state"), [("Booked", "Checked In")])

    def test_charges_alike_are_computed_and_checked_once(self):
        """A batch of charges is priced and company-checked once per kind of
        charge (service, taxes, price, quantity): each charge still gets its
        own amounts, and a service or a tax of another hotel is refused even
        among charges alike."""
        stays = self._checked_in(3)
        Line = self.env["hotel.stay.line"]
        fb = self.product_fb.id

        def charge(stay, product=fb, quantity=2, price=10.0, **vals):
            return {
                "stay_id": stay.id,
                "product_id": product,
                "quantity": quantity,
                "price_unit": price,
                **vals,
            }

        lines = Line.create(
            [
                charge(stays[0], quantity=1),
                charge(stays[1]),
                charge(stays[2], price=10.5),
                charge(stays[0], tax_ids=[Command.clear()]),
                charge(stays[1], product=self.product_room.id),
                charge(stays[2]),
            ]
        )
        self.assertEqual(
            [(li.price_subtotal, li.price_tax, li.price_total) for li in lines],
            [
                (10.0, 1.5, 11.5),
                (20.0, 3.0, 23.0),
                (21.0, 3.15, 24.15),
                (20.0, 0.0, 20.0),
                (20.0, 3.0, 23.0),
                (20.0, 3.0, 23.0),
            ],
        )
        self.assertEqual(
            stays.mapped("amount_total"), [11.5 + 20.0, 23.0 + 23.0, 24.15 + 23.0]
        )
        # another hotel's service or tax, beside charges alike
        other = self.env["res.company"].create(
            {"name": "Other Hotel", "country_id": self.env.company.country_id.id}
        )
        service = self.env["product.product"].create(
            {"name": "Other Spa", "type": "service", "company_id": other.id}
        )
        group = self.env["account.tax.group"].create(
            {"name": "Other Taxes", "company_id": other.id}
        )
        tax = self.env["account.tax"].create(
            {
                "name": "Other Tax",
                "amount": 5.0,
                "company_id": other.id,
                "country_id": other.country_id.id,
                "tax_group_id": group.id,
            }
        )
        for wrong in (
            charge(stays[1], product=service.id),
            charge(stays[1], tax_ids=[Command.set(tax.ids)]),
        ):
            with (
                self.subTest(wrong=wrong),
                self._hotel_assert_raises(UserError, "Incompatible companies"),
            ):
                Line.create([charge(stays[0]), wrong, charge(stays[2])])
        # the same service, one of its charges on a stay of the other hotel:
        # charges alike but for their hotel are checked each
        ours = self.env["product.product"].create(
            {"name": "Our Spa", "type": "service", "company_id": self.company.id}
        )
        guest = self._hotel_create_guest("Olga Other")
        elsewhere = (
            self.env["hotel.stay"]
            .with_company(other)
            .create(
                {
                    "partner_id": guest.id,
                    "company_id": other.id,
                    "check_in_date": DAY,
                    "check_out_date": DAY + timedelta(days=NIGHTS),
                }
            )
        )
        with self._hotel_assert_raises(UserError, "Incompatible companies"):
            Line.create(
                [
                    charge(stays[0], product=ours.id, tax_ids=[Command.clear()]),
                    charge(elsewhere, product=ours.id, tax_ids=[Command.clear()]),
                ]
            )

    def _plain_invoice_vals(self, stays):
        """The invoices of ``stays`` as a plain Odoo create makes them: the
        same partners, lines and taxes, the fiscal position left to Odoo."""
        return [
            {
                "move_type": "out_invoice",
                "partner_id": stay.billing_partner_id.id,
                "currency_id": stay.currency_id.id,
                "invoice_origin": stay.name,
                "invoice_line_ids": [
                    Command.create(
                        {
                            "product_id": line.product_id.id,
                            "name": f"{line.name} ({stay.name})",
                            "quantity": line.quantity,
                            "price_unit": line.price_unit,
                            "discount": 0.0,
                            "tax_ids": [Command.set(line.tax_ids.ids)],
                        }
                    )
                    for line in stay.line_ids
                ],
            }
            for stay in stays
        ]

    def _checked_out(self, size):
        stays = self._checked_in(size)
        self._hotel_check_out(stays)
        self._hotel_flush_tracking()
        for stay in stays[::2]:
            self.env["hotel.stay.line"].create(
                {"stay_id": stay.id, "product_id": self.product_fb.id, "price_unit": 30}
            )
        self.env.flush_all()
        return stays

    def _plain_invoice_queries(self, stays, expected=None):
        """Odoo's create of the invoices of ``stays``, rolled back, in
        ``expected`` queries (not counted when None)."""
        vals_list = self._plain_invoice_vals(stays)
        self.env.invalidate_all()
        with closing(self.env.cr.savepoint()):
            if expected is None:
                self.env["account.move"].create(vals_list)
                self.env.flush_all()
                self.env.cr.flush()
            else:
                with self._assert_queries(expected):
                    self.env["account.move"].create(vals_list)
        self.env.invalidate_all()

    def test_invoicing_costs_what_odoo_costs(self):
        """Invoicing stays makes the queries of Odoo's own create of the same
        invoices, and a fixed few of its own (the wizard, the stays read at
        once, their link to the invoices, their new status)."""
        warm_up = self._checked_out(2)
        self._plain_invoice_queries(warm_up)
        warm_up.action_create_invoices()
        plain = {5: 124, 20: 296}
        own = 19
        for size in SIZES:
            stays = self._checked_out(size)
            self._plain_invoice_queries(stays, plain[size])
            self.env.invalidate_all()
            with self._assert_queries(plain[size] + own):
                stays.action_create_invoices()
            self.env.invalidate_all()
            for stay in stays:
                invoice = stay.invoice_ids
                self.assertEqual(len(invoice), 1)
                self.assertEqual(
                    (invoice.state, invoice.partner_id, invoice.hotel_stay_ids),
                    ("draft", stay.billing_partner_id, stay),
                )
                self.assertEqual(
                    invoice.invoice_line_ids.hotel_stay_line_id, stay.line_ids
                )
                self.assertAlmostEqual(invoice.amount_untaxed, stay.amount_untaxed)
                self.assertAlmostEqual(invoice.amount_total, stay.amount_total)
                self.assertEqual(stay.invoice_status, "invoiced")

    def test_stay_filters_have_their_indexes(self):
        """The filters of the stays' list (In House, Unpaid, To Invoice, Long
        Stays) read an index, not all stays in the list's order."""
        for name in (
            "hotel_stay__nights_index",
            "hotel_stay_state_check_in_date_index",
            "hotel_stay_unpaid_check_in_date_index",
            "hotel_stay_to_invoice_check_in_date_index",
        ):
            self.assertTrue(index_exists(self.env.cr, name), name)
        # and the statuses have no index of their own, which every write of a
        # stay (a check-out of a thousand) would also update
        for name in (
            "hotel_stay__state_index",
            "hotel_stay__invoice_status_index",
            "hotel_stay__payment_state_index",
            "hotel_stay__is_unpaid_index",
        ):
            self.assertFalse(index_exists(self.env.cr, name), name)
