"""Two hotels of one group in one database (two companies): each hotel sees
and counts its own stays, charges, room types, invoices and settings only; a
guest still cannot sleep in both at once."""

from datetime import date
from unittest.mock import patch

from freezegun import freeze_time
from psycopg2.errors import ExclusionViolation

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.fields import Command
from odoo.tests import new_test_user, tagged
from odoo.tools import mute_logger

from .test_stays import HotelStayCommon

FRONT_DESK = "base.group_user,hotel_crm.group_hotel_user"
MANAGER = "base.group_user,hotel_crm.group_hotel_manager"
ACCOUNTANT = "base.group_user,account.group_account_invoice"
GUEST_VALUE = (
    "guest_stay_count",
    "guest_night_count",
    "guest_revenue",
    "guest_average_rate",
    "guest_first_stay_date",
    "guest_last_stay_date",
    "guest_invoice_count",
)


class HotelMultiCompanyCommon(HotelStayCommon):
    """Hotel Alpha (company A, the test company) and Hotel Bravo (company B,
    another currency), each with its room type and its staff, and a manager
    and an accountant working for both."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company_a = cls.env.company
        cls.company_a.name = "Hotel Alpha Lakeside"
        currency_b = cls.setup_other_currency(
            "CHF" if cls.company_a.currency_id.name == "EUR" else "EUR"
        )
        cls.company_data_2 = cls.setup_other_company(
            name="Hotel Bravo Harbour", currency_id=currency_b.id
        )
        cls.company_b = cls.company_data_2["company"]
        RoomType = cls.env["hotel.room.type"]
        # the test company's room type of HotelStayCommon, at 100 a night
        cls.room_a = cls.room_double
        cls.room_a.default_rate = 100.0
        cls.room_b = RoomType.create(
            {
                "name": "Harbour Double",
                "code": "HARB",
                "default_rate": 50.0,
                "company_id": cls.company_b.id,
            }
        )
        cls.rooms = {cls.company_a: cls.room_a, cls.company_b: cls.room_b}

        def user(login, groups, *companies):
            return new_test_user(
                cls.env,
                login=login,
                groups=groups,
                company_id=companies[0].id,
                company_ids=[Command.set([c.id for c in companies])],
            )

        cls.front_desk_a = user("mc_front_desk_a", FRONT_DESK, cls.company_a)
        cls.front_desk_b = user("mc_front_desk_b", FRONT_DESK, cls.company_b)
        cls.accountant_b = user("mc_accountant_b", ACCOUNTANT, cls.company_b)
        cls.accountant_ab = user(
            "mc_accountant_ab", ACCOUNTANT, cls.company_a, cls.company_b
        )
        cls.manager_ab = user("mc_manager_ab", MANAGER, cls.company_a, cls.company_b)

    @classmethod
    def _mc_stay(
        cls,
        company,
        start,
        nights,
        guest=None,
        state="booked",
        charges=(),
        user=None,
    ):
        """A stay of ``company`` in its room type, taken to ``state``."""
        stay = cls._stay(
            guest=guest,
            start=start,
            nights=nights,
            user=user,
            company_id=company.id,
            room_type_id=cls.rooms[company].id,
        ).with_env(cls.env)
        if state in ("checked_in", "checked_out"):
            cls._hotel_check_in(stay)
        for product, price in charges:
            cls.env["hotel.stay.line"].create(
                {"stay_id": stay.id, "product_id": product.id, "price_unit": price}
            )
        if state == "checked_out":
            cls._hotel_check_out(stay)
        return stay

    @classmethod
    def _mc_invoice(cls, stay):
        """The posted invoice of a checked-out stay."""
        stay.action_create_invoices()
        invoice = stay.invoice_ids
        invoice.action_post()
        return invoice

    def _mc_reverse(self, invoice):
        """The posted credit note of an invoice, made in the invoice's hotel."""
        wizard = (
            self.env["account.move.reversal"]
            .with_company(invoice.company_id)
            .with_context(active_model="account.move", active_ids=invoice.ids)
            .create({"journal_id": invoice.journal_id.id, "reason": "Complaint"})
        )
        credit_note = self.env["account.move"].browse(wizard.refund_moves()["res_id"])
        credit_note.action_post()
        return credit_note

    def _guest_value(self, guest):
        return tuple(guest[fname] for fname in GUEST_VALUE)

    def _allowed(self, *companies):
        return {"allowed_company_ids": [c.id for c in companies]}


@tagged("post_install", "-at_install")
class TestMultiCompanyRecordRules(HotelMultiCompanyCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.stay_a = cls._mc_stay(
            cls.company_a,
            date(2026, 1, 10),
            2,
            state="checked_out",
            charges=[(cls.product_fb, 30.0)],
        )
        cls.stay_b = cls._mc_stay(
            cls.company_b, date(2026, 2, 10), 3, state="checked_out"
        )
        cls.lines_a = cls.stay_a.line_ids
        cls.lines_b = cls.stay_b.line_ids

    def test_setup_two_hotels(self):
        self.assertNotEqual(self.company_a, self.company_b)
        self.assertNotEqual(self.company_a.currency_id, self.company_b.currency_id)
        self.assertEqual(self.stay_a.company_id, self.company_a)
        self.assertEqual(self.stay_b.company_id, self.company_b)
        self.assertEqual(len(self.lines_a), 2)
        self.assertEqual(len(self.lines_b), 1)
        self.assertEqual(self.lines_a.company_id, self.company_a)
        self.assertEqual(self.lines_b.company_id, self.company_b)
        self.assertEqual(self.stay_b.currency_id, self.company_b.currency_id)
        self.assertEqual(self.room_a.company_id, self.company_a)
        self.assertEqual(self.room_b.company_id, self.company_b)
        self.assertEqual(
            (self.stay_a.nightly_rate, self.stay_b.nightly_rate), (100, 50)
        )

    def test_front_desk_searches_only_its_hotel(self):
        for user, stay, lines, room in (
            (self.front_desk_b, self.stay_b, self.lines_b, self.room_b),
            (self.front_desk_a, self.stay_a, self.lines_a, self.room_a),
        ):
            with self.subTest(user=user.login):
                env = self.env(user=user)
                self.assertEqual(env["hotel.stay"].search([]), stay)
                self.assertEqual(env["hotel.stay"].search_count([]), 1)
                self.assertEqual(
                    env["hotel.stay"].search([("partner_id", "=", self.guest.id)]),
                    stay,
                )
                self.assertEqual(env["hotel.stay.line"].search([]), lines)
                self.assertEqual(env["hotel.room.type"].search([]), room)
                groups = env["hotel.stay"].read_group(
                    [], ["nights:sum"], ["company_id"]
                )
                self.assertEqual(
                    [(g["company_id"][0], g["nights"]) for g in groups],
                    [(stay.company_id.id, stay.nights)],
                )
        # explicitly asking for the other hotel's records finds nothing
        env_b = self.env(user=self.front_desk_b)
        domain = [("company_id", "=", self.company_a.id)]
        self.assertFalse(env_b["hotel.stay"].search(domain))
        self.assertFalse(env_b["hotel.stay.line"].search(domain))
        self.assertFalse(env_b["hotel.room.type"].search(domain))
        self.assertFalse(
            env_b["hotel.stay"].name_search(self.stay_a.name, operator="=")
        )

    def test_front_desk_cannot_read_or_change_the_other_hotel(self):
        stay_a = self.stay_a.with_user(self.front_desk_b)
        with self.assertRaises(AccessError):
            stay_a.read(["name"])
        with self.assertRaises(AccessError):
            stay_a.write({"room_number": "666"})
        with self.assertRaises(AccessError):
            self.lines_a.with_user(self.front_desk_b).read(["price_unit"])
        with self.assertRaises(AccessError):
            self.lines_a[0].with_user(self.front_desk_b).write({"quantity": 9})
        with self.assertRaises(AccessError):
            self.lines_a.with_user(self.front_desk_b).unlink()
        with self.assertRaises(AccessError):
            self.room_a.with_user(self.front_desk_b).read(["default_rate"])
        with self.assertRaises(AccessError):
            self.env["hotel.stay.line"].with_user(self.front_desk_b).create(
                {
                    "stay_id": self.stay_a.id,
                    "product_id": self.product_fb.id,
                    "price_unit": 5.0,
                }
            )
        with self.assertRaises(AccessError):
            self._mc_stay(
                self.company_a,
                date(2026, 5, 1),
                2,
                guest=self._hotel_create_guest("Intruder Booking"),
                user=self.front_desk_b,
            )
        # nothing of hotel A changed
        self.assertEqual(self.stay_a.room_number, False)
        self.assertEqual(self.lines_a, self.stay_a.line_ids)
        self.assertEqual(sorted(self.lines_a.mapped("quantity")), [1.0, 2.0])
        self.assertEqual(
            self.env["hotel.stay"].search_count(
                [("company_id", "=", self.company_a.id)]
            ),
            1,
        )
        # while the own hotel's stay is fully usable
        stay_b = self.stay_b.with_user(self.front_desk_b)
        stay_b.write({"room_number": "12"})
        self.assertEqual(stay_b.read(["room_number"])[0]["room_number"], "12")
        self.assertEqual(self.room_b.with_user(self.front_desk_b).default_rate, 50.0)

    def test_other_hotels_room_type_cannot_be_booked(self):
        guest = self._hotel_create_guest("Room Borrower")
        with self.assertRaises(UserError):
            self._stay(
                guest=guest,
                start=date(2026, 5, 1),
                user=self.front_desk_b,
                room_type_id=self.room_a.id,
            )
        self.assertFalse(self.env["hotel.stay"].search([("partner_id", "=", guest.id)]))

    def test_guest_stay_history_shows_the_own_hotel_only(self):
        self.assertEqual(
            self.guest.with_user(self.front_desk_b).guest_stay_ids, self.stay_b
        )
        # Odoo keeps a one2many read by the rules of the user who read it first
        # until the end of the transaction: a request of another user starts
        # with an empty cache
        self.env.invalidate_all()
        self.assertEqual(
            self.guest.with_user(self.front_desk_a).guest_stay_ids, self.stay_a
        )

    def test_user_of_both_hotels_sees_the_allowed_ones(self):
        Stay = self.env["hotel.stay"].with_user(self.manager_ab)
        Line = self.env["hotel.stay.line"].with_user(self.manager_ab)
        RoomType = self.env["hotel.room.type"].with_user(self.manager_ab)
        a, b = self.company_a, self.company_b
        for companies, stays, lines, rooms in (
            ((a,), self.stay_a, self.lines_a, self.room_a),
            ((b,), self.stay_b, self.lines_b, self.room_b),
            ((a, b), self.stay_a | self.stay_b, self.lines_a | self.lines_b, None),
            ((b, a), self.stay_a | self.stay_b, self.lines_a | self.lines_b, None),
        ):
            context = self._allowed(*companies)
            with self.subTest(companies=[c.name for c in companies]):
                self.assertEqual(Stay.with_context(**context).search([]), stays)
                self.assertEqual(Line.with_context(**context).search([]), lines)
                self.assertEqual(
                    RoomType.with_context(**context).search([]),
                    rooms or (self.room_a | self.room_b),
                )
        with self.assertRaises(AccessError):
            self.stay_a.with_user(self.manager_ab).with_context(
                **self._allowed(b)
            ).read(["name"])
        self.assertEqual(
            self.stay_a.with_user(self.manager_ab)
            .with_context(**self._allowed(b, a))
            .read(["name"])[0]["name"],
            self.stay_a.name,
        )
        # a user of one hotel cannot switch to the other
        with self.assertRaises(AccessError):
            self.env["hotel.stay"].with_user(self.front_desk_b).with_context(
                **self._allowed(a, b)
            ).search([])


@tagged("post_install", "-at_install")
class TestMultiCompanyGuestValue(HotelMultiCompanyCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # 2 nights at 100 in Alpha, 3 nights at 50 in Bravo, both invoiced
        cls.stay_a = cls._mc_stay(
            cls.company_a, date(2026, 1, 10), 2, state="checked_out"
        )
        cls.stay_b = cls._mc_stay(
            cls.company_b, date(2026, 2, 10), 3, state="checked_out"
        )
        cls.invoice_a = cls._mc_invoice(cls.stay_a)
        cls.invoice_b = cls._mc_invoice(cls.stay_b)
        cls.value_a = (1, 2, 200.0, 100.0, date(2026, 1, 10), date(2026, 1, 10), 1)
        cls.value_b = (1, 3, 150.0, 50.0, date(2026, 2, 10), date(2026, 2, 10), 1)

    def test_invoices_are_in_their_hotel(self):
        self.assertEqual(self.invoice_a.company_id, self.company_a)
        self.assertEqual(self.invoice_b.company_id, self.company_b)
        self.assertEqual(self.invoice_a.amount_untaxed, 200.0)
        self.assertEqual(self.invoice_b.amount_untaxed, 150.0)
        self.assertEqual(self.invoice_b.currency_id, self.company_b.currency_id)

    def test_guest_value_with_each_company(self):
        guest = self.guest
        self.assertEqual(
            self._guest_value(guest.with_company(self.company_a)), self.value_a
        )
        self.assertEqual(
            self._guest_value(guest.with_company(self.company_b)), self.value_b
        )
        # and back: the figures are not kept from the other company
        self.assertEqual(
            self._guest_value(guest.with_company(self.company_a)), self.value_a
        )
        self.assertEqual(
            guest.with_company(self.company_a).guest_currency_id,
            self.company_a.currency_id,
        )
        self.assertEqual(
            guest.with_company(self.company_b).guest_currency_id,
            self.company_b.currency_id,
        )
        # read() as the web client does
        values = guest.with_company(self.company_b).read(
            [*GUEST_VALUE, "guest_currency_id"]
        )[0]
        self.assertEqual(tuple(values[fname] for fname in GUEST_VALUE), self.value_b)
        self.assertEqual(values["guest_currency_id"][0], self.company_b.currency_id.id)

    def test_guest_value_as_users_of_each_hotel(self):
        for user, context, value, currency in (
            (self.front_desk_a, {}, self.value_a, self.company_a.currency_id),
            (self.front_desk_b, {}, self.value_b, self.company_b.currency_id),
            (self.accountant_b, {}, self.value_b, self.company_b.currency_id),
            (
                self.manager_ab,
                self._allowed(self.company_a, self.company_b),
                self.value_a,
                self.company_a.currency_id,
            ),
            (
                self.manager_ab,
                self._allowed(self.company_b, self.company_a),
                self.value_b,
                self.company_b.currency_id,
            ),
        ):
            with self.subTest(user=user.login, context=context):
                guest = self.guest.with_user(user).with_context(**context)
                self.assertEqual(self._guest_value(guest), value)
                self.assertEqual(guest.guest_currency_id, currency)

    def test_guest_value_of_a_batch(self):
        only_a = self._hotel_create_guest("Alpha Only")
        stay = self._mc_stay(
            self.company_a, date(2026, 3, 1), 4, guest=only_a, state="checked_out"
        )
        self._mc_invoice(stay)
        guests = (self.guest | only_a).with_company(self.company_b)
        self.assertEqual(
            [self._guest_value(g) for g in guests],
            [self.value_b, (0, 0, 0.0, 0.0, False, False, 0)],
        )
        guests = guests.with_company(self.company_a)
        self.assertEqual(
            [self._guest_value(g) for g in guests],
            [self.value_a, (1, 4, 400.0, 100.0, date(2026, 3, 1), date(2026, 3, 1), 1)],
        )

    def test_credit_note_and_new_stay_change_one_hotel_only(self):
        credit_note = self._mc_reverse(self.invoice_b)
        self.assertEqual(self.invoice_b.payment_state, "reversed")
        self.assertEqual(credit_note.company_id, self.company_b)
        later = self._mc_stay(self.company_a, date(2026, 4, 1), 1, state="checked_out")
        self._mc_invoice(later)
        guest = self.guest
        self.assertEqual(
            self._guest_value(guest.with_company(self.company_b)),
            (1, 3, 0.0, 0.0, date(2026, 2, 10), date(2026, 2, 10), 2),
        )
        self.assertEqual(
            self._guest_value(guest.with_company(self.company_a)),
            (2, 3, 300.0, 100.0, date(2026, 1, 10), date(2026, 4, 1), 2),
        )

    def test_guest_invoices_action_lists_the_own_hotel(self):
        action = self.guest.with_user(self.accountant_b).action_hotel_view_invoices()
        self.assertEqual(action["domain"], [("id", "in", self.invoice_b.ids)])
        self.assertEqual(
            self.guest.with_user(self.accountant_b).guest_invoice_line_ids,
            self.invoice_b.invoice_line_ids,
        )


@tagged("post_install", "-at_install")
class TestMultiCompanyOverlap(HotelMultiCompanyCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # 1 to 5 March in Alpha
        cls.stay_a = cls._mc_stay(cls.company_a, date(2026, 3, 1), 4)

    def _guest_stays_b(self):
        return (
            self.env["hotel.stay"]
            .sudo()
            .search(
                [
                    ("partner_id", "=", self.guest.id),
                    ("company_id", "=", self.company_b.id),
                ]
            )
        )

    def test_stay_in_the_other_hotel_at_the_same_time_refused(self):
        with self.assertRaises(ValidationError) as caught:
            self._mc_stay(self.company_b, date(2026, 3, 3), 1, user=self.front_desk_b)
        message = str(caught.exception)
        self.assertIn("Hotel Alpha Lakeside", message)
        self.assertIn("Stella Stay", message)
        # the reference of a stay the user cannot open is not disclosed
        self.assertNotIn(self.stay_a.name, message)
        self.assertFalse(self._guest_stays_b())
        # the same from Alpha's side
        stay_b = self._mc_stay(self.company_b, date(2026, 4, 1), 3)
        with self.assertRaises(ValidationError) as caught:
            self._mc_stay(self.company_a, date(2026, 4, 2), 5, user=self.front_desk_a)
        self.assertIn("Hotel Bravo Harbour", str(caught.exception))
        self.assertNotIn(stay_b.name, str(caught.exception))
        self.assertEqual(
            self.env["hotel.stay"].search([("partner_id", "=", self.guest.id)]),
            self.stay_a | stay_b,
        )

    def test_back_to_back_in_the_other_hotel_accepted(self):
        after = self._mc_stay(
            self.company_b, date(2026, 3, 5), 2, user=self.front_desk_b
        )
        before = self._mc_stay(
            self.company_b, date(2026, 2, 27), 2, user=self.front_desk_b
        )
        self.assertEqual(self._guest_stays_b(), after | before)
        self.assertEqual(after.company_id, self.company_b)
        self.assertEqual(after.state, "booked")
        self.assertEqual(
            (after.check_in_date, after.check_out_date),
            (date(2026, 3, 5), date(2026, 3, 7)),
        )

    def test_user_of_both_hotels_reads_the_reference(self):
        with self.assertRaises(ValidationError) as caught:
            self.env["hotel.stay"].with_user(self.manager_ab).with_context(
                **self._allowed(self.company_b, self.company_a)
            ).create(
                {
                    "partner_id": self.guest.id,
                    "room_type_id": self.room_b.id,
                    "check_in_date": date(2026, 3, 3),
                    "check_out_date": date(2026, 3, 4),
                }
            )
        self.assertIn(self.stay_a.name, str(caught.exception))
        # with Bravo only selected, Alpha's stay is out of sight again
        with self.assertRaises(ValidationError) as caught:
            self.env["hotel.stay"].with_user(self.manager_ab).with_context(
                **self._allowed(self.company_b)
            ).create(
                {
                    "partner_id": self.guest.id,
                    "room_type_id": self.room_b.id,
                    "check_in_date": date(2026, 3, 3),
                    "check_out_date": date(2026, 3, 4),
                }
            )
        self.assertIn("Hotel Alpha Lakeside", str(caught.exception))
        self.assertNotIn(self.stay_a.name, str(caught.exception))
        self.assertFalse(self._guest_stays_b())

    def test_moving_a_stay_onto_the_other_hotels_dates_refused(self):
        stay_b = self._mc_stay(
            self.company_b, date(2026, 3, 5), 2, user=self.front_desk_b
        ).with_user(self.front_desk_b)
        with self._hotel_assert_raises(ValidationError, "Hotel Alpha Lakeside"):
            stay_b.write({"check_in_date": date(2026, 3, 4)})
        self.assertEqual(stay_b.check_in_date, date(2026, 3, 5))

    def test_cancelled_stay_does_not_block_the_other_hotel(self):
        self.stay_a.with_user(self.front_desk_a).action_cancel()
        stay_b = self._mc_stay(
            self.company_b, date(2026, 3, 3), 1, user=self.front_desk_b
        )
        self.assertEqual(self._guest_stays_b(), stay_b)
        self.assertEqual(stay_b.state, "booked")
        # booking Alpha's stay again would now collide with Bravo's
        with self._hotel_assert_raises(ValidationError, "Hotel Bravo Harbour"):
            self.stay_a.with_user(self.front_desk_a).action_reset_to_booked()
        self.assertEqual(self.stay_a.state, "cancelled")

    def test_exclusion_constraint_spans_the_hotels(self):
        """Two clerks of two hotels booking at once: the database refuses."""
        Stay = self.env.registry["hotel.stay"]
        with patch.object(Stay, "_hotel_check_overlap", lambda self, planned: None):
            with (
                mute_logger("odoo.sql_db"),
                self.assertRaises(ExclusionViolation),
            ):
                self._mc_stay(
                    self.company_b, date(2026, 3, 4), 3, user=self.front_desk_b
                )
            self.assertFalse(self._guest_stays_b())
            # back to back is no overlap for the database either
            after = self._mc_stay(
                self.company_b, date(2026, 3, 5), 2, user=self.front_desk_b
            )
            self.env.flush_all()
        self.assertEqual(self._guest_stays_b(), after)


@tagged("post_install", "-at_install")
class TestMultiCompanyInvoicing(HotelMultiCompanyCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.stay_a = cls._mc_stay(
            cls.company_a, date(2026, 1, 10), 2, state="checked_out"
        )
        cls.stay_b = cls._mc_stay(
            cls.company_b, date(2026, 2, 10), 3, state="checked_out"
        )

    def _assert_not_invoiced(self, stay):
        self.assertFalse(stay.invoice_ids)
        self.assertEqual(stay.invoice_status, "to_invoice")
        self.assertFalse(
            self.env["account.move"].sudo().search([("hotel_stay_ids", "in", stay.ids)])
        )
        self.assertFalse(
            self.env["account.move.line"]
            .sudo()
            .search([("hotel_stay_line_id", "in", stay.line_ids.ids)])
        )

    def test_accountant_cannot_link_the_other_hotels_stay(self):
        Move = self.env["account.move"].with_user(self.accountant_b)
        room_line = self.stay_a.line_ids
        self.assertEqual(len(room_line), 1)
        # the stay and its charge, on an invoice of Bravo: only the companies
        # differ from what Create Invoice would do
        with self._hotel_assert_raises(UserError, "Incompatible companies"):
            Move.create(
                {
                    "move_type": "out_invoice",
                    "partner_id": self.guest.id,
                    "hotel_stay_ids": [Command.set(self.stay_a.ids)],
                    "invoice_line_ids": [
                        Command.create(
                            {
                                "product_id": room_line.product_id.id,
                                "name": room_line.name,
                                "quantity": room_line.quantity,
                                "price_unit": room_line.price_unit,
                                "tax_ids": [Command.clear()],
                                "hotel_stay_line_id": room_line.id,
                            }
                        )
                    ],
                }
            )
        # the stay alone on an invoice of Bravo
        with self.assertRaises(UserError):
            Move.create(
                {
                    "move_type": "out_invoice",
                    "partner_id": self.guest.id,
                    "hotel_stay_ids": [Command.set(self.stay_a.ids)],
                    "invoice_line_ids": [
                        Command.create(
                            {
                                "product_id": self.product_fb.id,
                                "price_unit": 10.0,
                                "tax_ids": [Command.clear()],
                            }
                        )
                    ],
                }
            )
        self._assert_not_invoiced(self.stay_a)
        # Alpha's stay through the invoicing wizard: out of sight
        with self.assertRaises(UserError):
            self.stay_a.with_user(self.accountant_b).action_create_invoices()
        with self.assertRaises(UserError):
            self.env["hotel.stay.make.invoice"].with_user(self.accountant_b).create(
                {"stay_ids": [Command.set(self.stay_a.ids)]}
            ).action_create_invoices()
        self._assert_not_invoiced(self.stay_a)
        # while Bravo's own stay is invoiced by Bravo's accountant
        self.stay_b.with_user(self.accountant_b).action_create_invoices()
        self.assertEqual(self.stay_b.invoice_ids.company_id, self.company_b)
        self.assertEqual(self.stay_b.invoice_status, "invoiced")

    def test_other_hotels_stay_cannot_ride_along_on_an_invoice(self):
        """Alpha's stay linked to the invoice of Bravo's stay, which bills
        Bravo's charges only: everything matches what Create Invoice does but
        the company of Alpha's stay. Odoo's check_company accepts a many2many
        as soon as one of its records fits the invoice's company: the check
        belongs in AccountMove._check_hotel_stays. Accepted, Bravo's
        accountant would mark Alpha's stay invoiced and lock it, and Alpha's
        accountant, who cannot see Bravo's invoice, could invoice it again."""
        with self.assertRaises(UserError):
            self.env["account.move"].with_user(self.accountant_b).create(
                {
                    "move_type": "out_invoice",
                    "partner_id": self.guest.id,
                    "hotel_stay_ids": [Command.set((self.stay_a | self.stay_b).ids)],
                    "invoice_line_ids": [
                        Command.create(
                            {
                                "product_id": line.product_id.id,
                                "name": line.name,
                                "quantity": line.quantity,
                                "price_unit": line.price_unit,
                                "tax_ids": [Command.clear()],
                                "hotel_stay_line_id": line.id,
                            }
                        )
                        for line in self.stay_b.line_ids
                    ],
                }
            )
        self._assert_not_invoiced(self.stay_a)
        self._assert_not_invoiced(self.stay_b)

    def _check_invoices(self, invoices):
        invoice_a = self.stay_a.invoice_ids
        invoice_b = self.stay_b.invoice_ids
        self.assertEqual(invoices, invoice_a | invoice_b)
        self.assertEqual(len(invoice_a), 1)
        self.assertEqual(len(invoice_b), 1)
        for invoice, stay, company, amount in (
            (invoice_a, self.stay_a, self.company_a, 200.0),
            (invoice_b, self.stay_b, self.company_b, 150.0),
        ):
            self.assertEqual(invoice.company_id, company)
            self.assertEqual(invoice.journal_id.company_id, company)
            self.assertEqual(invoice.currency_id, company.currency_id)
            self.assertEqual(invoice.hotel_stay_ids, stay)
            self.assertEqual(invoice.invoice_line_ids.hotel_stay_line_id, stay.line_ids)
            self.assertEqual(invoice.amount_untaxed, amount)
            self.assertEqual(invoice.invoice_origin, stay.name)
        return invoice_a, invoice_b

    def test_wizard_invoices_each_stay_in_its_hotel(self):
        # Bravo is the current company: Alpha's stay is invoiced in Alpha still
        context = self._allowed(self.company_b, self.company_a)
        stays = (self.stay_a | self.stay_b).with_user(self.accountant_ab)
        wizard = (
            self.env["hotel.stay.make.invoice"]
            .with_user(self.accountant_ab)
            .with_context(active_model="hotel.stay", active_ids=stays.ids, **context)
            .create({})
        )
        self.assertEqual(wizard.stay_count, 2)
        action = wizard.action_create_invoices()
        invoices = self.env["account.move"].search(action["domain"])
        invoice_a, invoice_b = self._check_invoices(invoices)
        (invoice_a | invoice_b).with_user(self.accountant_ab).with_context(
            **context
        ).action_post()
        self.assertEqual(self.guest.with_company(self.company_a).guest_revenue, 200.0)
        self.assertEqual(self.guest.with_company(self.company_b).guest_revenue, 150.0)

    def test_grouped_invoices_never_mix_hotels(self):
        # two hotels in one currency, both grouping the stays of a partner
        self.company_b.currency_id = self.company_a.currency_id
        (self.company_a | self.company_b).hotel_group_corporate_invoices = True
        second_a = self._mc_stay(
            self.company_a, date(2026, 3, 1), 1, state="checked_out"
        )
        stays = (self.stay_a | second_a | self.stay_b).with_user(self.accountant_ab)
        stays.with_context(
            **self._allowed(self.company_a, self.company_b)
        ).action_create_invoices()
        invoice_a = self.stay_a.invoice_ids
        invoice_b = self.stay_b.invoice_ids
        self.assertEqual(second_a.invoice_ids, invoice_a)
        self.assertEqual(len(invoice_a), 1)
        self.assertEqual(len(invoice_b), 1)
        self.assertNotEqual(invoice_a, invoice_b)
        self.assertEqual(invoice_a.company_id, self.company_a)
        self.assertEqual(invoice_b.company_id, self.company_b)
        self.assertEqual(invoice_a.hotel_stay_ids, self.stay_a | second_a)
        self.assertEqual(invoice_b.hotel_stay_ids, self.stay_b)
        self.assertEqual(invoice_a.amount_untaxed, 300.0)
        self.assertEqual(invoice_b.amount_untaxed, 150.0)

    def test_departures_of_both_hotels_charged_with_each_hotels_taxes(self):
        # the Room Night service is shared by the hotels, each with its tax
        tax_a = self.company_data["default_tax_sale"]
        tax_b = self.env["account.tax"].create(
            {
                "name": "Bravo Lodging Tax",
                "amount": 5.0,
                "company_id": self.company_b.id,
                "country_id": self.company_b.account_fiscal_country_id.id,
            }
        )
        self.product_room.taxes_id = tax_a | tax_b
        guest_b = self._hotel_create_guest("Bruno Both")
        stay_a = self._mc_stay(self.company_a, date(2026, 4, 1), 2, state="checked_in")
        stay_b = self._mc_stay(
            self.company_b, date(2026, 4, 1), 2, guest=guest_b, state="checked_in"
        )
        # one check-out of the day's departures by a manager of both hotels
        self._hotel_check_out(stay_a | stay_b, user=self.manager_ab)
        self.assertEqual(stay_a.line_ids.tax_ids, tax_a)
        self.assertEqual(stay_b.line_ids.tax_ids, tax_b)
        # 2 nights at 100 with 15 %, 2 nights at 50 with 5 %
        self.assertEqual(
            (stay_a.amount_untaxed, stay_a.amount_tax, stay_a.amount_total),
            (200.0, 30.0, 230.0),
        )
        self.assertEqual(
            (stay_b.amount_untaxed, stay_b.amount_tax, stay_b.amount_total),
            (100.0, 5.0, 105.0),
        )


@tagged("post_install", "-at_install")
class TestMultiCompanyLongStay(HotelMultiCompanyCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company_a.hotel_long_stay_nights = 30
        cls.company_b.hotel_long_stay_nights = 20
        cls.guest_mid = cls._hotel_create_guest("Mia Middle")
        cls.guest_b = cls._hotel_create_guest("Bruno Bravo")
        # January: far out of the 90-day period before the frozen 30 June
        cls.stay_31_a = cls._mc_stay(
            cls.company_a, date(2026, 1, 1), 31, state="checked_out"
        )
        cls.stay_25_a = cls._mc_stay(
            cls.company_a,
            date(2026, 1, 1),
            25,
            guest=cls.guest_mid,
            state="checked_out",
        )
        cls.stay_25_b = cls._mc_stay(
            cls.company_b, date(2026, 1, 1), 25, guest=cls.guest_b, state="checked_out"
        )
        cls.guests = cls.guest | cls.guest_mid | cls.guest_b

    def _long_stay_guests(self, partners):
        return partners.filtered("guest_is_long_stay")

    @freeze_time("2026-06-30")
    def test_long_stay_uses_the_settings_of_the_stays_hotel(self):
        self.assertTrue(self.stay_31_a.is_long_stay)  # 31 >= 30
        self.assertFalse(self.stay_25_a.is_long_stay)  # 25 < 30 (Alpha)
        self.assertTrue(self.stay_25_b.is_long_stay)  # 25 >= 20 (Bravo)
        self.assertTrue(self.stay_25_b.with_user(self.front_desk_b).is_long_stay)
        Stay = self.env["hotel.stay"].with_user(self.manager_ab)
        for companies, expected in (
            ((self.company_a,), self.stay_31_a),
            ((self.company_b,), self.stay_25_b),
            ((self.company_a, self.company_b), self.stay_31_a | self.stay_25_b),
        ):
            with self.subTest(companies=[c.name for c in companies]):
                Stay_ctx = Stay.with_context(**self._allowed(*companies))
                self.assertEqual(
                    Stay_ctx.search([("is_long_stay", "=", True)]), expected
                )
                self.assertEqual(
                    Stay_ctx.search([("is_long_stay", "=", False)]),
                    Stay_ctx.search([]) - expected,
                )

    @freeze_time("2026-06-30")
    def test_long_stay_guest_per_hotel(self):
        guests = self.guests
        self.assertEqual(
            self._long_stay_guests(guests.with_company(self.company_a)), self.guest
        )
        self.assertEqual(
            self._long_stay_guests(guests.with_company(self.company_b)), self.guest_b
        )
        self.assertEqual(
            self._long_stay_guests(guests.with_user(self.front_desk_a)), self.guest
        )
        self.assertEqual(
            self._long_stay_guests(guests.with_user(self.front_desk_b)), self.guest_b
        )
        Partner = self.env["res.partner"]
        domain = [("id", "in", guests.ids), ("guest_is_long_stay", "=", True)]
        self.assertEqual(
            Partner.with_company(self.company_a).search(domain), self.guest
        )
        self.assertEqual(
            Partner.with_company(self.company_b).search(domain), self.guest_b
        )
        self.assertEqual(
            Partner.with_user(self.front_desk_b).search(domain), self.guest_b
        )
        domain = [("id", "in", guests.ids), ("guest_is_long_stay", "=", False)]
        self.assertEqual(
            Partner.with_company(self.company_b).search(domain),
            self.guest | self.guest_mid,
        )

    @freeze_time("2026-06-30")
    def test_nights_within_the_period_per_hotel(self):
        self.company_a.write(
            {"hotel_long_stay_window_nights": 12, "hotel_long_stay_window_days": 90}
        )
        self.company_b.write(
            {"hotel_long_stay_window_nights": 10, "hotel_long_stay_window_days": 90}
        )
        frequent = self._hotel_create_guest("Frequent Fred")
        self._mc_stay(
            self.company_a, date(2026, 6, 1), 12, guest=frequent, state="checked_out"
        )
        self._mc_stay(
            self.company_b, date(2026, 5, 1), 5, guest=frequent, state="checked_out"
        )
        # 12 nights in Alpha (>= 12), 5 in Bravo (< 10): never the sum of both
        self.assertTrue(frequent.with_company(self.company_a).guest_is_long_stay)
        self.assertFalse(frequent.with_company(self.company_b).guest_is_long_stay)
        domain = [("id", "=", frequent.id), ("guest_is_long_stay", "=", True)]
        self.assertEqual(
            self.env["res.partner"].with_company(self.company_a).search(domain),
            frequent,
        )
        self.assertFalse(
            self.env["res.partner"].with_company(self.company_b).search(domain)
        )

    @freeze_time("2026-06-30")
    def test_settings_are_per_company(self):
        settings = (
            self.env["res.config.settings"]
            .with_company(self.company_b)
            .create({"hotel_long_stay_nights": 26})
        )
        settings.execute()
        self.assertEqual(self.company_b.hotel_long_stay_nights, 26)
        self.assertEqual(self.company_a.hotel_long_stay_nights, 30)
        self.assertEqual(
            self.env["res.config.settings"]
            .with_company(self.company_a)
            .create({})
            .hotel_long_stay_nights,
            30,
        )
        self.assertFalse(self.stay_25_b.is_long_stay)  # 25 < 26 now
        self.assertTrue(self.stay_31_a.is_long_stay)
        self.assertFalse(
            self._long_stay_guests(self.guests.with_company(self.company_b))
        )
        self.assertEqual(
            self._long_stay_guests(self.guests.with_company(self.company_a)),
            self.guest,
        )
