from datetime import date, datetime
from unittest.mock import patch

import psycopg2
from freezegun import freeze_time

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form, tagged
from odoo.tools import mute_logger

from .test_stays import HotelStayCommon


@tagged("post_install", "-at_install")
class TestPoints(HotelStayCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.gold = cls.env.ref("hotel_crm.membership_level_gold")
        cls.platinum = cls.env.ref("hotel_crm.membership_level_platinum")
        cls.Partner = cls.env["res.partner"]

    def _paid_stay(self, guest=None, start=date(2026, 3, 1)):
        stay = self._checked_out(guest=guest, start=start)
        stay.action_create_invoices()
        stay.invoice_ids.action_post()
        self._pay(stay.invoice_ids)
        return stay

    def _history(self, stay):
        return (
            self.env["loyalty.history"]
            .sudo()
            .search([("order_model", "=", "hotel.stay"), ("order_id", "=", stay.id)])
        )

    def _points(self, guest, company=None):
        guest.invalidate_recordset(["guest_points"])
        return guest.with_company(company or self.company).guest_points

    def test_programme_of_the_main_company_and_of_a_new_one(self):
        main = self.env.ref("base.main_company")
        program = main._hotel_loyalty_program()
        self.assertEqual(
            program, self.env.ref("hotel_crm.loyalty_program_hotel_rewards")
        )
        self.assertEqual(program.program_type, "loyalty")
        self.assertEqual(main._hotel_points_earn_rate(), 10)
        other = self.company._hotel_loyalty_program()
        self.assertNotEqual(other, program)
        self.assertEqual(other.company_id, self.company)
        self.assertEqual(self.company._hotel_loyalty_program(), other)
        self.assertEqual(self.company._hotel_points_earn_rate(), 10)

    def test_managers_change_the_earn_rate_in_the_hotel_settings(self):
        user = self.env["res.users"].create(
            {
                "name": "Earl Earnrate",
                "login": "earl_earnrate",
                "company_id": self.company.id,
                "company_ids": [(6, 0, [self.company.id])],
                "groups_id": [
                    (6, 0, [self.env.ref("hotel_crm.group_hotel_manager").id])
                ],
            }
        )
        Settings = self.env["hotel.settings"].with_user(user).with_company(self.company)
        self.assertEqual(Settings.create({}).hotel_points_earn_rate, 10)
        Settings.create({"hotel_points_earn_rate": 5}).action_save()
        self.assertEqual(self.company._hotel_points_earn_rate(), 5)
        self.assertEqual(self.company.hotel_points_earn_rate, 5)
        # another hotel's programme keeps its rate
        main = self.env.ref("base.main_company")
        self.assertEqual(main._hotel_points_earn_rate(), 10)
        stay = self._paid_stay()
        self.assertEqual(stay.points_awarded, 1200)
        with self.assertRaises(ValidationError):
            Settings.create({"hotel_points_earn_rate": 0}).action_save()
        self.assertEqual(self.company._hotel_points_earn_rate(), 5)

    def test_points_earned_once_on_payment_then_cron(self):
        stay = self._paid_stay()
        self.assertIn(stay.payment_state, ("paid", "in_payment"))
        self.assertEqual(stay.amount_untaxed, 240.0)
        self.assertEqual(stay.points_awarded, 2400)
        self.assertEqual(self._points(self.guest), 2400)
        history = self._history(stay)
        self.assertEqual(len(history), 1)
        self.assertEqual((history.issued, history.used), (2400, 0))
        self.assertEqual(history.card_id, self.guest.guest_loyalty_card_id)
        cron = self.env.ref("hotel_crm.ir_cron_points_award")
        self.assertEqual((cron.interval_number, cron.interval_type), (1, "hours"))
        cron.method_direct_trigger()
        cron.method_direct_trigger()
        stay.invoice_ids._invoice_paid_hook()
        self.assertEqual(self._points(self.guest), 2400)
        self.assertEqual(len(self._history(stay)), 1)

    def test_points_earned_once_by_cron_then_payment_hook(self):
        stay = self._checked_out()
        stay.action_create_invoices()
        stay.invoice_ids.action_post()
        Move = type(self.env["account.move"])
        with patch.object(Move, "_invoice_paid_hook", lambda self: None):
            self._pay(stay.invoice_ids)
        self.assertEqual(self._points(self.guest), 0)
        self.assertFalse(self._history(stay))
        self.env["hotel.stay"]._cron_hotel_award_points()
        self.assertEqual(self._points(self.guest), 2400)
        stay.invoice_ids._invoice_paid_hook()
        self.env["hotel.stay"]._cron_hotel_award_points()
        self.assertEqual(self._points(self.guest), 2400)
        self.assertEqual(len(self._history(stay)), 1)

    def test_unpaid_stay_earns_nothing(self):
        stay = self._checked_out()
        stay.action_create_invoices()
        stay.invoice_ids.action_post()
        self.env["hotel.stay"]._cron_hotel_award_points()
        self.assertEqual(stay.points_awarded, 0)
        self.assertEqual(self._points(self.guest), 0)

    def test_level_bonus(self):
        self.guest.sudo().with_company(self.company).guest_level_id = self.gold
        stay = self._paid_stay()
        # 240 untaxed x 10 points x 1.25
        self.assertEqual(stay.points_awarded, 3000)
        self.assertEqual(self._points(self.guest), 3000)

    def test_reversal_takes_the_points_back_once(self):
        stay = self._paid_stay()
        invoice = stay.invoice_ids
        credit_note = self._reverse(invoice)
        self.assertEqual(self._points(self.guest), 2400)
        credit_note.action_post()
        self.assertEqual(stay.points_reversed, 2400)
        self.assertEqual(self._points(self.guest), 0)
        taken = self._history(stay).filtered(lambda h: h.used)
        self.assertEqual(len(taken), 1)
        self.assertEqual(taken.used, 2400)
        self.env["hotel.stay"]._cron_hotel_award_points()
        stay._hotel_take_back_points()
        self.assertEqual(self._points(self.guest), 0)
        self.assertEqual(len(self._history(stay)), 2)

    def test_redeem_points_on_an_open_stay(self):
        self._paid_stay()
        stay = self._stay(start=date(2026, 4, 1))
        self._hotel_check_in(stay)
        self.env["hotel.stay.line"].create(
            {"stay_id": stay.id, "product_id": self.product_fb.id, "price_unit": 45.0}
        )
        action = stay.with_user(self.user_front_desk).action_open_points_redeem()
        self.assertEqual(action["res_model"], "hotel.points.redeem.wizard")
        Wizard = self.env["hotel.points.redeem.wizard"].with_user(self.user_front_desk)
        with Form(Wizard.with_context(**action["context"])) as form:
            self.assertEqual(form.available_points, 2400)
            form.points = 1000
            self.assertEqual(form.amount, 10.0)
        form.record.action_redeem()
        line = stay.line_ids.filtered(lambda line: line.charge_type == "points")
        self.assertEqual((line.quantity, line.price_unit), (1, -10.0))
        self.assertEqual(line.points_used, 1000)
        self.assertEqual(stay.amount_untaxed, 35.0)
        self.assertEqual(self._points(self.guest), 1400)
        used = self._history(stay)
        self.assertEqual((used.issued, used.used), (0, 1000))
        # removing the discount gives the points back
        line.with_user(self.user_front_desk).unlink()
        self.assertEqual(self._points(self.guest), 2400)

    def test_cancelled_stay_gives_its_redeemed_points_back(self):
        self._paid_stay()
        stay = self._stay(start=date(2026, 4, 1))
        self._hotel_check_in(stay)
        self.env["hotel.stay.line"].create(
            {"stay_id": stay.id, "product_id": self.product_fb.id, "price_unit": 45.0}
        )
        Wizard = self.env["hotel.points.redeem.wizard"].with_user(self.user_front_desk)
        Wizard.create({"stay_id": stay.id, "points": 500}).action_redeem()
        self.assertEqual(self._points(self.guest), 1900)
        stay.with_user(self.user_front_desk).action_cancel()
        self.assertEqual(stay.state, "cancelled")
        self.assertFalse(
            stay.line_ids.filtered(lambda line: line.charge_type == "points")
        )
        self.assertEqual(self._points(self.guest), 2400)

    def test_accountant_payment_awards_the_points(self):
        stay = self._checked_out()
        stay.with_user(self.user_accountant).action_create_invoices()
        stay.invoice_ids.with_user(self.user_accountant).action_post()
        self.env["account.payment.register"].with_user(
            self.user_accountant
        ).with_context(
            active_model="account.move", active_ids=stay.invoice_ids.ids
        ).create({})._create_payments()
        self.assertEqual(self._points(self.guest), 2400)
        # the card is the system's: no creation message, the payer is no follower
        card = self.guest.with_company(self.company).guest_loyalty_card_id.sudo()
        self.assertEqual(len(card), 1)
        self.assertFalse(card.message_ids)
        self.assertFalse(card.message_follower_ids)
        # a second award of the same stay is refused by the database too
        history = self._history(stay)
        with self.assertRaises(psycopg2.IntegrityError), mute_logger("odoo.sql_db"):
            with self.env.cr.savepoint():
                history.copy()
                self.env.flush_all()

    def test_points_are_for_hotel_staff(self):
        self._paid_stay()
        with self.assertRaises(AccessError):
            self.guest.with_user(self.user_internal).read(["guest_points"])
        self.assertEqual(
            self.guest.with_user(self.user_front_desk).read(["guest_points"])[0][
                "guest_points"
            ],
            2400,
        )

    def test_redemption_invoiced_without_the_level_discount(self):
        self.guest.sudo().with_company(self.company).guest_level_id = self.gold
        self._paid_stay()
        stay = self._stay(start=date(2026, 4, 1))
        self._hotel_check_in(stay)
        Wizard = self.env["hotel.points.redeem.wizard"].with_user(self.user_front_desk)
        self.env["hotel.stay.line"].create(
            {"stay_id": stay.id, "product_id": self.product_fb.id, "price_unit": 45.0}
        )
        Wizard.create({"stay_id": stay.id, "points": 1000}).action_redeem()
        self._hotel_check_out(stay)
        stay.action_create_invoices()
        lines = stay.invoice_ids.invoice_line_ids
        points_line = lines.filtered(lambda line: line.price_unit < 0)
        self.assertEqual((points_line.price_unit, points_line.discount), (-10.0, 0.0))
        self.assertFalse(points_line.tax_ids)
        # Gold's 5% on the charges
        self.assertEqual(set((lines - points_line).mapped("discount")), {5.0})

    def test_redemption_limits(self):
        self._paid_stay()
        booked = self._stay(start=date(2026, 4, 1))
        Wizard = self.env["hotel.points.redeem.wizard"].with_user(self.user_front_desk)
        too_many = Wizard.create({"stay_id": booked.id, "points": 2500})
        with self._hotel_assert_raises(UserError, "The guest has 2400 points"):
            too_many.action_redeem()
        beyond_bill = Wizard.create({"stay_id": booked.id, "points": 100})
        with self._hotel_assert_raises(UserError, "worth more than the bill"):
            beyond_bill.action_redeem()
        nothing = Wizard.create({"stay_id": booked.id, "points": 0})
        with self._hotel_assert_raises(UserError, "Enter the number of points"):
            nothing.action_redeem()
        invoiced = self._checked_out(start=date(2026, 5, 1))
        invoiced.action_create_invoices()
        with self._hotel_assert_raises(UserError, "already invoiced"):
            Wizard.create({"stay_id": invoiced.id, "points": 100}).action_redeem()
        with self._hotel_assert_raises(UserError, "already invoiced"):
            invoiced.with_user(self.user_front_desk).action_open_points_redeem()
        booked.action_cancel()
        with self._hotel_assert_raises(UserError, "is cancelled"):
            Wizard.create({"stay_id": booked.id, "points": 100}).action_redeem()
        self.assertEqual(self._points(self.guest), 2400)

    def test_front_desk_cannot_forge_points(self):
        stay = self._stay(start=date(2026, 4, 1))
        self._hotel_check_in(stay)
        Line = self.env["hotel.stay.line"].with_user(self.user_front_desk)
        with self._hotel_assert_raises(UserError, "Redeem Points"):
            Line.create(
                {
                    "stay_id": stay.id,
                    "product_id": self.product_fb.id,
                    "charge_type": "points",
                    "price_unit": 0.0,
                }
            )
        with self._hotel_assert_raises(ValidationError, "negative"):
            Line.create(
                {
                    "stay_id": stay.id,
                    "product_id": self.product_fb.id,
                    "price_unit": -50.0,
                }
            )
        with self._hotel_assert_raises(UserError, "cannot be written directly"):
            stay.with_user(self.user_front_desk).write({"points_awarded": 5000})

    def test_expiry_spares_levels_whose_points_never_expire(self):
        company = self.company
        idle = self._hotel_create_guest("Ida Idle")
        platinum = self._hotel_create_guest("Paul Platinum")
        platinum.sudo().with_company(company).guest_level_id = self.platinum
        active = self._hotel_create_guest("Alba Active")
        for guest in (idle, platinum, active):
            card = guest._hotel_points_card(company)
            self.Partner._hotel_points_move(card, 500, 0, "Welcome points")
        self.env.flush_all()
        # idle for 25 months, except the active guest's recent movement
        old = datetime(2024, 1, 1)
        cards = (idle | platinum).with_company(company).guest_loyalty_card_id
        self.env.cr.execute(
            "UPDATE loyalty_card SET create_date = %s WHERE id IN %s",
            [old, tuple(cards.ids)],
        )
        self.env.cr.execute(
            "UPDATE loyalty_history SET create_date = %s WHERE card_id IN %s",
            [old, tuple(cards.ids)],
        )
        active_card = active.with_company(company).guest_loyalty_card_id
        self.env.cr.execute(
            "UPDATE loyalty_card SET create_date = %s WHERE id = %s",
            [old, active_card.id],
        )
        self.env.invalidate_all()
        cron = self.env.ref("hotel_crm.ir_cron_points_expiry")
        self.assertEqual((cron.interval_number, cron.interval_type), (1, "days"))
        with freeze_time("2026-02-15"):
            self.Partner._cron_hotel_expire_points()
            self.assertEqual(self._points(idle), 0)
            self.assertEqual(self._points(platinum), 500)
            self.assertEqual(self._points(active), 500)
            expired = (
                idle.with_company(company).guest_loyalty_card_id.sudo().history_ids
            )
            self.assertEqual(sorted(expired.mapped("used")), [0, 500])
            # a second run changes nothing
            self.Partner._cron_hotel_expire_points()
            self.assertEqual(len(expired.card_id.history_ids), 2)
            self.assertEqual(self._points(platinum), 500)

    def test_programme_holding_points_is_kept(self):
        self._paid_stay()
        program = self.company.hotel_loyalty_program_id.sudo()
        # Loyalty deletes archived programmes only
        program.active = False
        with self._hotel_assert_raises(UserError, "holds the points of guests"):
            program.unlink()

    def test_second_company_has_its_own_card(self):
        other = self.setup_other_company(name="Hotel Two")["company"]
        stay = self._paid_stay()
        card = self.guest._hotel_points_card(other)
        self.Partner._hotel_points_move(card, 70, 0, "Welcome points")
        self.assertNotEqual(
            card, self.guest.with_company(self.company).guest_loyalty_card_id
        )
        self.assertEqual(card.program_id, other.hotel_loyalty_program_id)
        self.assertEqual(self._points(self.guest, other), 70)
        self.assertEqual(self._points(self.guest), stay.points_awarded)

    def test_guest_form_shows_the_points_to_the_front_desk(self):
        self._paid_stay()
        guest = self.guest.with_user(self.user_front_desk)
        self.assertEqual(guest.guest_points, 2400)
        with self.assertRaises(UserError):
            guest.write({"guest_points": 1})
        arch = guest.get_views([(False, "form")])["views"]["form"]["arch"]
        self.assertIn('name="guest_points"', arch)
        stay_arch = (
            self.env["hotel.stay"]
            .with_user(self.user_front_desk)
            .get_views([(False, "form")])["views"]["form"]["arch"]
        )
        self.assertIn("action_open_points_redeem", stay_arch)
