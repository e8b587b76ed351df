"""The dates at the desk: a guest checks in on the arrival date and out on the
departure date; another day moves the date to today once the front desk
confirms it, and the nights stayed are billed. A guest is never twice in
house. Also: what the stays' reports add up, what the guest's Stays button
counts and opens, and the small wording and default-date details."""

from datetime import date, timedelta

from freezegun import freeze_time
from lxml import etree

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.fields import Command
from odoo.osv import expression
from odoo.tests import Form, tagged
from odoo.tools.safe_eval import safe_eval

from .test_multi_company import HotelMultiCompanyCommon
from .test_stays import HotelStayCommon

TODAY = date(2026, 6, 15)
NOW = "2026-06-15 12:00:00"
WIZARD = "hotel.stay.date.wizard"


def day(offset):
    return TODAY + timedelta(days=offset)


class DeskDatesCommon(HotelStayCommon):
    def _wizard(self, action, user=None):
        self.assertEqual(
            (action["type"], action["res_model"], action["target"]),
            ("ir.actions.act_window", WIZARD, "new"),
        )
        wizard = self.env[WIZARD].browse(action["res_id"])
        return wizard.with_user(user) if user else wizard

    def _lines(self, wizard):
        return [
            (
                line.stay_id,
                line.booked_date,
                line.new_date,
                line.booked_nights,
                line.new_nights,
            )
            for line in wizard.sudo().line_ids
        ]

    def _dates(self, stay):
        stay.invalidate_recordset()
        return (stay.state, stay.check_in_date, stay.check_out_date, stay.nights)

    def _room_charge(self, stay):
        room = stay.line_ids.filtered(lambda line: line.charge_type == "room")
        return (room.name, room.quantity, room.price_unit, room.date)

    def _in_house(self, start, nights, guest=None, **vals):
        """A stay checked in on its arrival day, ``start`` days from today."""
        stay = self._stay(guest=guest, start=day(start), nights=nights, **vals)
        self._hotel_check_in(stay)
        self.assertEqual(stay.state, "checked_in")
        return stay


@tagged("post_install", "-at_install")
class TestCheckInDates(DeskDatesCommon):
    @freeze_time(NOW)
    def test_arrival_yesterday_today_tomorrow(self):
        # arrival offset -> (confirmation asked, check-in, check-out, nights)
        expected = {
            -1: (True, day(0), day(2), 2),
            0: (False, day(0), day(3), 3),
            1: (True, day(0), day(4), 4),
            20: (True, day(0), day(23), 23),
        }
        for offset, (asked, start, end, nights) in expected.items():
            with self.subTest(arrival=offset):
                guest = self._hotel_create_guest(f"Arriving {offset}")
                stay = self._stay(guest=guest, start=day(offset), nights=3)
                booked = self._dates(stay)
                result = stay.with_user(self.user_front_desk).action_check_in()
                if asked:
                    # the direct call writes nothing: it asks first
                    self.assertEqual(self._dates(stay), booked)
                    wizard = self._wizard(result, self.user_front_desk)
                    self.assertEqual(wizard.desk_action, "check_in")
                    self.assertEqual(wizard.today, TODAY)
                    self.assertEqual(wizard.stay_ids, stay)
                    self.assertEqual(
                        self._lines(wizard),
                        [(stay, day(offset), day(0), 3, nights)],
                    )
                    result = wizard.action_confirm()
                self.assertIs(result, True)
                self.assertEqual(self._dates(stay), ("checked_in", start, end, nights))

    @freeze_time(NOW)
    def test_confirmation_form_shows_the_dates(self):
        stay = self._stay(start=day(1), nights=3)
        self._hotel_flush_tracking()
        action = stay.with_user(self.user_front_desk).action_check_in()
        # the form the front desk sees, and its button
        form = Form(self._wizard(action, self.user_front_desk))
        self.assertEqual((form.desk_action, form.today), ("check_in", "2026-06-15"))
        self.assertEqual(len(form.line_ids), 1)
        wizard = form.save()
        self.assertEqual(self._lines(wizard), [(stay, day(1), day(0), 3, 4)])
        wizard.action_confirm()
        self.assertEqual(self._dates(stay), ("checked_in", day(0), day(4), 4))
        # the chatter keeps the booked date
        self._hotel_flush_tracking()
        tracking = stay.sudo().message_ids.tracking_value_ids.filtered(
            lambda t: t.field_id.name == "check_in_date"
        )
        self.assertEqual(
            [
                (t.old_value_datetime.date(), t.new_value_datetime.date())
                for t in tracking
            ],
            [(day(1), day(0))],
        )

    @freeze_time(NOW)
    def test_every_role_through_the_confirmation(self):
        for user in (self.user_front_desk, self.user_relations, self.user_manager):
            with self.subTest(user=user.login):
                guest = self._hotel_create_guest(f"Guest of {user.login}")
                stay = self._stay(guest=guest, start=day(2), nights=2)
                action = stay.with_user(user).action_check_in()
                self._wizard(action, user).action_confirm()
                self.assertEqual(self._dates(stay), ("checked_in", day(0), day(4), 4))
        stay = self._stay(start=day(2), nights=2)
        action = stay.with_user(self.user_front_desk).action_check_in()
        for user in (self.user_accountant, self.user_internal):
            with self.subTest(user=user.login):
                with self.assertRaises(AccessError):
                    stay.with_user(user).action_check_in()
                with self.assertRaises(AccessError):
                    self._wizard(action, user).action_confirm()
                with self.assertRaises(AccessError):
                    self.env[WIZARD].with_user(user).create(
                        {"desk_action": "check_in", "stay_ids": [Command.set(stay.ids)]}
                    )
                self.assertEqual(self._dates(stay), ("booked", day(2), day(4), 2))

    @freeze_time(NOW)
    def test_the_confirmation_checks_again(self):
        stay = self._stay(start=day(1), nights=3)
        action = stay.with_user(self.user_front_desk).action_check_in()
        wizard = self._wizard(action, self.user_front_desk)
        # cancelled in the meantime
        stay.action_cancel()
        with self._hotel_assert_raises(UserError, "only booked stays can be checked"):
            wizard.action_confirm()
        self.assertEqual(self._dates(stay), ("cancelled", day(1), day(4), 3))
        stay.action_reset_to_booked()
        # restricted in the meantime
        self.guest.with_user(self.user_manager)._hotel_restrict("Fraud")
        with self._hotel_assert_raises(UserError, "Fraud"):
            wizard.action_confirm()
        self.assertEqual(self._dates(stay), ("booked", day(1), day(4), 3))
        self.guest.with_user(self.user_manager).action_hotel_lift_restriction()
        # the next day, the confirmation no longer says what will happen
        with freeze_time("2026-06-16 12:00:00"):
            with self._hotel_assert_raises(UserError, "(today is 06/16/2026)"):
                wizard.action_confirm()
        self.assertEqual(self._dates(stay), ("booked", day(1), day(4), 3))
        wizard.action_confirm()
        self.assertEqual(self._dates(stay), ("checked_in", day(0), day(4), 4))

    @freeze_time(NOW)
    def test_a_client_cannot_choose_the_date(self):
        stay = self._stay(start=day(5), nights=2)
        # a confirmation forged over RPC, with another date
        wizard = (
            self.env[WIZARD]
            .with_user(self.user_front_desk)
            .create(
                {
                    "desk_action": "check_in",
                    "stay_ids": [Command.set(stay.ids)],
                    "line_ids": [
                        Command.create(
                            {
                                "stay_id": stay.id,
                                "booked_date": day(5),
                                "new_date": day(-30),
                            }
                        )
                    ],
                }
            )
        )
        with self._hotel_assert_raises(UserError, "changed since the confirmation"):
            wizard.action_confirm()
        # or none at all
        wizard = (
            self.env[WIZARD]
            .with_user(self.user_front_desk)
            .create({"desk_action": "check_in", "stay_ids": [Command.set(stay.ids)]})
        )
        with self._hotel_assert_raises(UserError, "changed since the confirmation"):
            wizard.action_confirm()
        self.assertEqual(self._dates(stay), ("booked", day(5), day(7), 2))
        # the front desk may still edit the dates of a booking and check in
        stay.with_user(self.user_front_desk).check_in_date = day(0)
        self.assertIs(stay.with_user(self.user_front_desk).action_check_in(), True)
        self.assertEqual(self._dates(stay), ("checked_in", day(0), day(7), 7))

    @freeze_time(NOW)
    def test_credit_limit_with_the_new_dates(self):
        self.company.account_use_credit_limit = True
        self.guest.with_company(self.company).credit_limit = 300.0
        # booked for 2 nights (240, within the limit); a day early makes 360
        early = self._stay(start=day(1), nights=2)
        self.assertFalse(early.credit_limit_warning)
        wizard = self._wizard(
            early.with_user(self.user_front_desk).action_check_in(),
            self.user_front_desk,
        )
        with self._hotel_assert_raises(UserError, "") as caught:
            wizard.action_confirm()
        self.assertEqual(
            str(caught.exception),
            f"Checked in today, {early.name} would take Stella Stay over its credit "
            "limit: change its check-in date to today, then ask a Hotel Manager to "
            "confirm the check-in over the credit limit.",
        )
        self.assertEqual(self._dates(early), ("booked", day(1), day(3), 2))
        # what the message says
        early.with_user(self.user_front_desk).check_in_date = day(0)
        early.with_user(self.user_manager).action_confirm_credit_limit()
        self.assertIs(early.with_user(self.user_front_desk).action_check_in(), True)
        self.assertEqual(self._dates(early), ("checked_in", day(0), day(3), 3))
        # a late arrival costs less than what a manager confirmed: it holds
        late_guest = self._hotel_create_guest("Larry Late")
        late_guest.with_company(self.company).credit_limit = 300.0
        late = self._stay(guest=late_guest, start=day(-1), nights=4)  # 480
        with self._hotel_assert_raises(UserError, "would exceed its credit limit"):
            late.with_user(self.user_front_desk).action_check_in()
        late.with_user(self.user_manager).action_confirm_credit_limit()
        wizard = self._wizard(
            late.with_user(self.user_front_desk).action_check_in(),
            self.user_front_desk,
        )
        self.assertIs(wizard.action_confirm(), True)
        self.assertEqual(self._dates(late), ("checked_in", day(0), day(3), 3))
        self.assertEqual(late.credit_limit_confirmed_by_id, self.user_manager)

    @freeze_time(NOW)
    def test_late_arrival_after_the_departure_is_refused(self):
        for offset in (0, -1):
            with self.subTest(departure=offset):
                stay = self._stay(
                    guest=self._hotel_create_guest(f"Late {offset}"),
                    start=day(offset - 3),
                    nights=3,
                )
                with self._hotel_assert_raises(UserError, "") as caught:
                    stay.with_user(self.user_front_desk).action_check_in()
                self.assertEqual(
                    str(caught.exception),
                    f"{stay.name} was booked to leave on "
                    f"{day(offset).strftime('%m/%d/%Y')}: change its check-out date "
                    "before checking the guest in on 06/15/2026.",
                )
                self.assertEqual(
                    self._dates(stay), ("booked", day(offset - 3), day(offset), 3)
                )
                self.assertFalse(self.env[WIZARD].search([]).line_ids.stay_id & stay)

    @freeze_time(NOW)
    def test_early_arrival_cannot_overlap_another_stay(self):
        self._stay(start=day(-2), nights=3)  # booked, ends tomorrow
        later = self._stay(start=day(10), nights=2)
        with self._hotel_assert_raises(ValidationError, "overlaps these dates"):
            later.with_user(self.user_front_desk).action_check_in()
        self.assertEqual(self._dates(later), ("booked", day(10), day(12), 2))

    @freeze_time(NOW)
    def test_guest_never_twice_in_house(self):
        # still in house although the departure date has passed
        first = self._in_house(-5, 4)
        self.assertEqual(first.check_out_date, day(-1))
        for offset in (0, 1):
            with self.subTest(arrival=offset):
                second = self._stay(start=day(offset), nights=2)
                with self._hotel_assert_raises(UserError, "") as caught:
                    second.with_user(self.user_front_desk).action_check_in()
                self.assertEqual(
                    str(caught.exception),
                    f"Stella Stay is already checked in (stay {first.name}): "
                    f"check that stay out before checking in {second.name}.",
                )
                self.assertEqual(
                    self._dates(second), ("booked", day(offset), day(offset + 2), 2)
                )
                second.action_cancel()

    @freeze_time(NOW)
    def test_the_confirmation_checks_the_guest_is_not_in_house(self):
        later = self._stay(start=day(3), nights=2)
        wizard = self._wizard(
            later.with_user(self.user_front_desk).action_check_in(),
            self.user_front_desk,
        )
        # meanwhile the guest is checked in to another stay, until tomorrow
        tonight = self._stay(start=day(0), nights=1)
        self.assertIs(tonight.with_user(self.user_front_desk).action_check_in(), True)
        with self._hotel_assert_raises(UserError, "") as caught:
            wizard.action_confirm()
        self.assertEqual(
            str(caught.exception),
            f"Stella Stay is already checked in (stay {tonight.name}): check "
            f"that stay out before checking in {later.name}.",
        )
        self.assertEqual(self._dates(later), ("booked", day(3), day(5), 2))


@tagged("post_install", "-at_install")
class TestCheckOutDates(DeskDatesCommon):
    @freeze_time(NOW)
    def test_departure_yesterday_today_tomorrow(self):
        # booked departure offset (arrived 3 days ago) ->
        # (confirmation asked, check-out, nights billed)
        expected = {-1: (True, day(0), 3), 0: (False, day(0), 3), 1: (True, day(0), 3)}
        for offset, (asked, end, nights) in expected.items():
            with self.subTest(departure=offset):
                guest = self._hotel_create_guest(f"Leaving {offset}")
                stay = self._in_house(-3, 3 + offset, guest=guest)
                result = stay.with_user(self.user_front_desk).action_check_out()
                if asked:
                    self.assertEqual(
                        self._dates(stay),
                        ("checked_in", day(-3), day(offset), 3 + offset),
                    )
                    self.assertFalse(stay.line_ids)
                    wizard = self._wizard(result, self.user_front_desk)
                    self.assertEqual(wizard.desk_action, "check_out")
                    self.assertEqual(
                        self._lines(wizard),
                        [(stay, day(offset), day(0), 3 + offset, nights)],
                    )
                    result = wizard.action_confirm()
                self.assertIs(result, True)
                self.assertEqual(
                    self._dates(stay), ("checked_out", day(-3), end, nights)
                )
                self.assertEqual(
                    self._room_charge(stay),
                    ("[DBL] Double: 3 nights", 3.0, 120.0, day(0)),
                )
                self.assertEqual(stay.amount_untaxed, 360.0)
                # the calendar shows the guest out on the real day
                shown = self.env["hotel.stay"].search_read(
                    [("id", "=", stay.id), ("check_out_date", "=", TODAY)],
                    ["check_in_date", "check_out_date"],
                )
                self.assertEqual(len(shown), 1)

    @freeze_time(NOW)
    def test_same_day_departure_bills_one_night(self):
        stay = self._in_house(0, 3)
        action = stay.with_user(self.user_front_desk).action_check_out()
        wizard = self._wizard(action, self.user_front_desk)
        self.assertEqual(self._lines(wizard), [(stay, day(3), day(1), 3, 1)])
        wizard.action_confirm()
        self.assertEqual(self._dates(stay), ("checked_out", day(0), day(1), 1))
        self.assertEqual(
            self._room_charge(stay), ("[DBL] Double: 1 night", 1.0, 120.0, day(1))
        )
        # booked for one night: no confirmation
        one_night = self._in_house(0, 1, guest=self._hotel_create_guest("One Night"))
        self.assertIs(
            one_night.with_user(self.user_front_desk).action_check_out(), True
        )
        self.assertEqual(self._dates(one_night), ("checked_out", day(0), day(1), 1))
        self.assertEqual(
            self._room_charge(one_night), ("[DBL] Double: 1 night", 1.0, 120.0, day(1))
        )

    @freeze_time(NOW)
    def test_every_role_checks_out_early(self):
        for user in (self.user_front_desk, self.user_relations, self.user_manager):
            with self.subTest(user=user.login):
                guest = self._hotel_create_guest(f"Leaving with {user.login}")
                stay = self._in_house(-1, 4, guest=guest)
                action = stay.with_user(user).action_check_out()
                self._wizard(action, user).action_confirm()
                self.assertEqual(self._dates(stay), ("checked_out", day(-1), day(0), 1))
                self.assertEqual(self._room_charge(stay)[1], 1.0)
        stay = self._in_house(-1, 4)
        action = stay.with_user(self.user_front_desk).action_check_out()
        for user in (self.user_accountant, self.user_internal):
            with self.subTest(user=user.login):
                with self.assertRaises(AccessError):
                    stay.with_user(user).action_check_out()
                with self.assertRaises(AccessError):
                    self._wizard(action, user).action_confirm()
                self.assertEqual(self._dates(stay), ("checked_in", day(-1), day(3), 4))
                self.assertFalse(stay.line_ids)

    @freeze_time(NOW)
    def test_the_check_out_confirmation_checks_again(self):
        stay = self._in_house(-1, 4)
        action = stay.with_user(self.user_front_desk).action_check_out()
        wizard = self._wizard(action, self.user_front_desk)
        # a check-in confirmation of a checked-in stay is refused
        forged = (
            self.env[WIZARD]
            .with_user(self.user_front_desk)
            .create({"desk_action": "check_in", "stay_ids": [Command.set(stay.ids)]})
        )
        with self._hotel_assert_raises(UserError, "only booked stays"):
            forged.action_confirm()
        wizard.action_confirm()
        self.assertEqual(self._dates(stay), ("checked_out", day(-1), day(0), 1))
        # confirmed twice (a double click): refused, nothing changes
        with self._hotel_assert_raises(UserError, "only checked-in stays"):
            wizard.action_confirm()
        self.assertEqual(len(stay.line_ids), 1)

    @freeze_time(NOW)
    def test_invoiced_stay_keeps_its_dates(self):
        stay = self._in_house(-2, 4)
        # e.g. a bill made before the departure
        invoice = self.init_invoice("out_invoice", partner=self.guest, amounts=[480])
        stay.sudo().invoice_ids = invoice
        self.assertEqual(stay.invoice_status, "invoiced")
        with self._hotel_assert_raises(UserError, "") as caught:
            stay.with_user(self.user_front_desk).action_check_out()
        self.assertEqual(
            str(caught.exception),
            f"{stay.name} is invoiced: its check-out date cannot move from "
            "06/17/2026 to 06/15/2026. Correct the invoice with a credit note first.",
        )
        self.assertEqual(self._dates(stay), ("checked_in", day(-2), day(2), 4))
        self.assertFalse(stay.line_ids)

    @freeze_time(NOW)
    def test_late_departure_cannot_overlap_the_next_stay(self):
        stay = self._in_house(-3, 2)  # should have left yesterday
        self._stay(start=day(-1), nights=3)  # the guest's next booking
        with self._hotel_assert_raises(ValidationError, "overlaps these dates"):
            stay.with_user(self.user_front_desk).action_check_out()
        self.assertEqual(self._dates(stay), ("checked_in", day(-3), day(-1), 2))


@tagged("post_install", "-at_install")
class TestDeskDatesTwoHotels(HotelMultiCompanyCommon):
    @freeze_time(NOW)
    def test_guest_in_house_in_the_other_hotel(self):
        in_bravo = self._mc_stay(
            self.company_b, day(-2), 2, state="checked_in"
        )  # leaves today
        in_alpha = self._mc_stay(self.company_a, day(0), 2)
        as_a = in_alpha.with_user(self.front_desk_a)
        with self._hotel_assert_raises(UserError, "") as caught:
            as_a.action_check_in()
        self.assertEqual(
            str(caught.exception),
            "Stella Stay is already checked in at Hotel Bravo Harbour: that stay "
            f"must be checked out before checking in {in_alpha.name}.",
        )
        self.assertEqual(in_alpha.state, "booked")
        # Hotel Alpha's front desk cannot see the other hotel's stay
        with self.assertRaises(AccessError):
            in_bravo.with_user(self.front_desk_a).read(["name"])
        self.assertIs(in_bravo.with_user(self.front_desk_b).action_check_out(), True)
        self.assertIs(as_a.action_check_in(), True)
        self.assertEqual(in_alpha.state, "checked_in")

    @freeze_time(NOW)
    def test_confirmation_of_the_other_hotels_stay_refused(self):
        in_bravo = self._mc_stay(self.company_b, day(-1), 3, state="checked_in")
        # the confirmation cannot even be made for a stay the clerk cannot read
        with self.assertRaises(AccessError):
            self.env[WIZARD].with_user(self.front_desk_a).create(
                {"desk_action": "check_out", "stay_ids": [Command.set(in_bravo.ids)]}
            )
        # nor confirmed when made by someone else for that stay
        forged = self.env[WIZARD].create(
            {"desk_action": "check_out", "stay_ids": [Command.set(in_bravo.ids)]}
        )
        with self.assertRaises(AccessError):
            forged.with_user(self.front_desk_a).action_confirm()
        self.assertEqual(
            (in_bravo.state, in_bravo.check_out_date), ("checked_in", day(2))
        )


@tagged("post_install", "-at_install")
class TestGuestStaysButton(HotelMultiCompanyCommon):
    """The Stays button of the guest form counts what it opens."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.bea = cls._hotel_create_guest("Bea Button")
        a, b = cls.company_a, cls.company_b
        cls.bravo = cls._mc_stay(b, date(2026, 1, 5), 2, cls.bea, "checked_out")
        cls._mc_stay(b, date(2026, 1, 20), 2, cls.bea).action_cancel()
        cls.alpha_out = cls._mc_stay(
            a, date(2026, 2, 1), 2, cls.bea, "checked_out"
        ) | cls._mc_stay(a, date(2026, 3, 1), 3, cls.bea, "checked_out")
        cls._mc_stay(a, date(2026, 4, 1), 2, cls.bea).action_cancel()
        cls._mc_stay(a, date(2026, 4, 10), 2, cls.bea).action_mark_no_show()
        cls.alpha_booked = cls._mc_stay(a, date(2026, 12, 1), 2, cls.bea)
        cls.alpha_in = cls._mc_stay(a, date(2026, 5, 1), 9, cls.bea, "checked_in")
        # another guest's stay billed to Bea, and a colleague of hers
        other = cls._mc_stay(a, date(2026, 2, 1), 2, state="checked_out")
        other.billing_partner_id = cls.bea
        acme = cls.env["res.partner"].create({"name": "Bea's Firm", "is_company": True})
        cls.bea.parent_id = acme
        colleague = cls._hotel_create_guest("Carl Colleague", parent_id=acme.id)
        cls._mc_stay(a, date(2026, 2, 1), 2, colleague, "checked_out")

    def _opened(self, user, *companies, lift_filters=False):
        """The stays the web client lists when ``user`` (working in
        ``companies``, the first one current) clicks the button."""
        guest = self.bea.with_user(user).with_context(
            allowed_company_ids=[c.id for c in companies]
        )
        action = guest.action_hotel_view_stays()
        domain = list(action["domain"])
        if not lift_filters:
            for key, value in action["context"].items():
                if key.startswith("search_default_") and value:
                    domain += self._hotel_filter_domain(
                        "hotel_crm.hotel_stay_action", key[len("search_default_") :]
                    )
        stays = (
            self.env["hotel.stay"]
            .with_user(user)
            .with_context(allowed_company_ids=[c.id for c in companies])
        )
        return guest.guest_stay_count, stays.search(domain)

    def test_the_button_counts_what_it_opens(self):
        a, b = self.company_a, self.company_b
        for user, companies in ((self.manager_ab, (a, b)), (self.front_desk_a, (a,))):
            with self.subTest(user=user.login):
                count, opened = self._opened(user, *companies)
                self.assertEqual(count, 3)
                self.assertEqual(opened, self.alpha_in | self.alpha_out)
        count, opened = self._opened(self.manager_ab, b, a)
        self.assertEqual((count, opened), (1, self.bravo))
        count, opened = self._opened(self.front_desk_b, b)
        self.assertEqual((count, opened), (1, self.bravo))

    def test_the_filter_lifted_shows_bookings_and_cancellations(self):
        a, b = self.company_a, self.company_b
        _count, opened = self._opened(self.manager_ab, a, b, lift_filters=True)
        self.assertEqual(len(opened), 6)
        self.assertEqual(
            sorted(opened.mapped("state")),
            [
                "booked",
                "cancelled",
                "checked_in",
                "checked_out",
                "checked_out",
                "no_show",
            ],
        )
        self.assertEqual(opened.company_id, a)
        _count, opened = self._opened(self.manager_ab, b, a, lift_filters=True)
        self.assertEqual(sorted(opened.mapped("state")), ["cancelled", "checked_out"])

    def test_a_stay_created_from_the_button_is_the_guests(self):
        action = self.bea.with_user(self.front_desk_a).action_hotel_view_stays()
        with freeze_time(NOW):
            with Form(
                self.env["hotel.stay"]
                .with_user(self.front_desk_a)
                .with_context(**action["context"])
            ) as form:
                form.check_out_date = day(3)
        self.assertEqual(form.record.partner_id, self.bea)
        self.assertEqual(form.record.company_id, self.company_a)


@tagged("post_install", "-at_install")
class TestStayReporting(DeskDatesCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.suite = cls.env["hotel.room.type"].create(
            {"name": "Report Suite", "code": "RPT", "default_rate": 100.0}
        )

    def _suite_stay(self, name, start, nights, rate, state):
        stay = self._stay(
            guest=self._hotel_create_guest(name),
            start=start,
            nights=nights,
            room_type_id=self.suite.id,
            nightly_rate=rate,
        )
        if state in ("checked_in", "checked_out"):
            self._hotel_check_in(stay)
        if state == "checked_out":
            self._hotel_check_out(stay)
        if state == "cancelled":
            stay.action_cancel()
        if state == "no_show":
            stay.action_mark_no_show()
        self.assertEqual(stay.state, state)
        return stay

    def _pivot(self, action_xmlid, user, groupby):
        """What the pivot view of the action shows, asked as the web client
        asks it: the action's domain and default filters, the measures of the
        pivot view with the aggregator each field declares."""
        action = self.env["ir.actions.actions"]._for_xml_id(action_xmlid)
        context = safe_eval(action.get("context") or "{}")
        domain = safe_eval(action.get("domain") or "[]")
        # the default filters are of one group of the search view: OR-ed
        defaults = [
            self._hotel_filter_domain(action_xmlid, key[len("search_default_") :])
            for key, value in context.items()
            if key.startswith("search_default_") and value
        ]
        if defaults:
            domain += expression.OR(defaults)
        Stay = self.env["hotel.stay"].with_user(user)
        arch = Stay.get_views([(False, "pivot")])["views"]["pivot"]["arch"]
        measures = etree.fromstring(arch).xpath("//field[@type='measure']/@name")
        fields = Stay.fields_get(measures, ["aggregator"])
        specs = [f"{m}:{fields[m]['aggregator']}" for m in measures]
        return Stay.read_group(domain, specs, groupby, lazy=False)

    @freeze_time(NOW)
    def test_pivot_counts_room_nights_and_averages_the_rate(self):
        self._suite_stay("Out Olga", day(-10), 3, 100.0, "checked_out")
        self._suite_stay("In Ivan", day(-1), 2, 200.0, "checked_in")
        self._suite_stay("Booked Bob", day(5), 4, 150.0, "booked")
        self._suite_stay("Cancelled Cleo", day(7), 5, 300.0, "cancelled")
        self._suite_stay("Absent Abe", day(-5), 1, 50.0, "no_show")
        rows = self._pivot(
            "hotel_crm.hotel_stay_action", self.user_front_desk, ["room_type_id"]
        )
        (suite,) = [r for r in rows if r["room_type_id"][0] == self.suite.id]
        # 3 + 2 + 4 nights; the cancelled and no-show stays' 6 nights do not count
        self.assertEqual(suite["room_nights"], 9)
        self.assertEqual(suite["__count"], 5)
        self.assertEqual(suite["amount_untaxed"], 300.0)  # the checked-out stay
        by_state = {
            r["state"]: r
            for r in self.env["hotel.stay"]
            .with_user(self.user_front_desk)
            .read_group(
                [("room_type_id", "=", self.suite.id)],
                ["room_nights:sum", "nightly_rate:avg"],
                ["state"],
                lazy=False,
            )
        }
        self.assertEqual(by_state["cancelled"]["room_nights"], 0)
        self.assertEqual(by_state["no_show"]["room_nights"], 0)
        self.assertEqual(by_state["booked"]["room_nights"], 4)
        # the rate of the suite is an average, not a sum: (100+200+150+300+50) / 5
        Stay = self.env["hotel.stay"].with_user(self.user_front_desk)
        info = Stay.fields_get(
            ["nightly_rate", "nights", "room_nights"], ["aggregator"]
        )
        self.assertEqual(info["nightly_rate"]["aggregator"], "avg")
        self.assertEqual(info["room_nights"]["aggregator"], "sum")
        # the length of a stay is no measure: the pivot does not offer it
        self.assertFalse(info["nights"].get("aggregator"))
        (rate,) = Stay.read_group(
            [("room_type_id", "=", self.suite.id)], ["nightly_rate"], []
        )
        self.assertEqual(rate["nightly_rate"], 160.0)

    @freeze_time(NOW)
    def test_front_desk_pivot(self):
        self._suite_stay("In Ivan", day(-1), 2, 200.0, "checked_in")
        self._suite_stay("Booked Bob", day(5), 4, 150.0, "booked")
        self._suite_stay("Cancelled Cleo", day(7), 5, 300.0, "cancelled")
        rows = self._pivot(
            "hotel_crm.hotel_stay_action_in_house", self.user_manager, ["room_type_id"]
        )
        (suite,) = [r for r in rows if r["room_type_id"][0] == self.suite.id]
        # the desk's day: Ivan in house; Bob's booking in 5 days is not shown
        # until the filters are lifted
        self.assertEqual((suite["__count"], suite["room_nights"]), (1, 2))

    @freeze_time(NOW)
    def test_room_nights_follow_the_state_and_are_not_written(self):
        stay = self._suite_stay("Back Again", day(3), 4, 100.0, "booked")
        self.assertEqual(stay.room_nights, 4)
        stay.action_cancel()
        self.assertEqual(stay.room_nights, 0)
        stay.action_reset_to_booked()
        self.assertEqual(stay.room_nights, 4)
        stay.with_user(self.user_front_desk).check_out_date = day(5)
        self.assertEqual(stay.room_nights, 2)
        with self._hotel_assert_raises(UserError, "set by Hotel CRM itself"):
            stay.with_user(self.user_front_desk).write({"room_nights": 40})
        self.assertEqual(stay.room_nights, 2)


@tagged("post_install", "-at_install")
class TestDeskDetails(DeskDatesCommon):
    def test_a_new_stay_is_titled_new(self):
        form = Form(self.env["hotel.stay"].with_user(self.user_front_desk))
        self.assertEqual(form.name, "New")
        form.partner_id = self.guest
        form.check_in_date = date(2026, 8, 1)
        form.check_out_date = date(2026, 8, 3)
        stay = form.save()
        self.assertTrue(stay.name.startswith("STAY/"), stay.name)
        # what a client sends back, or an import without reference
        Stay = self.env["hotel.stay"].with_user(self.user_front_desk)
        for name in ("New", "/", False):
            with self.subTest(name=name):
                start = date(2026, 9, 1) + timedelta(days=10 * len(str(name)))
                other = Stay.create(
                    {
                        "name": name,
                        "partner_id": self.guest.id,
                        "check_in_date": start,
                        "check_out_date": start + timedelta(days=1),
                    }
                )
                self.assertTrue(other.name.startswith("STAY/"), other.name)
        # a history import keeps its reference
        kept = self._stay(start=date(2026, 11, 20), name="OLD/42")
        self.assertEqual(kept.name, "OLD/42")

    @freeze_time(NOW)
    def test_room_charge_wording(self):
        cases = (
            (1, self.room_double, "[DBL] Double: 1 night"),
            (2, self.room_double, "[DBL] Double: 2 nights"),
            (1, None, "1 night"),
            (3, None, "3 nights"),
        )
        for nights, room, name in cases:
            with self.subTest(name=name):
                stay = self._stay(
                    guest=self._hotel_create_guest(name),
                    start=day(-nights),
                    nights=nights,
                    room_type_id=room.id if room else False,
                    nightly_rate=80.0,
                )
                self._hotel_check_in(stay)
                stay.with_user(self.user_front_desk).action_check_out()
                self.assertEqual(
                    self._room_charge(stay), (name, float(nights), 80.0, day(0))
                )

    @freeze_time(NOW)
    def test_a_charge_is_dated_today_within_the_stay(self):
        Line = self.env["hotel.stay.line"].with_user(self.user_front_desk)
        cases = {
            # stay: (arrival, nights, date of a charge added today)
            "in house": (-2, 4, day(0)),
            "booked ahead": (3, 2, day(3)),
            "left": (-9, 2, day(-7)),
            "leaving today": (-20, 20, day(0)),
            "arrived today": (0, 2, day(0)),
        }
        for label, (start, nights, expected) in cases.items():
            with self.subTest(stay=label):
                guest = self._hotel_create_guest(f"Charged {label}")
                stay = self._stay(guest=guest, start=day(start), nights=nights)
                line = Line.create(
                    {"stay_id": stay.id, "product_id": self.product_fb.id}
                )
                self.assertEqual(line.date, expected)
                # a date given is kept
                line = Line.create(
                    {
                        "stay_id": stay.id,
                        "product_id": self.product_fb.id,
                        "date": day(-30),
                    }
                )
                self.assertEqual(line.date, day(-30))
        # the form: a charge added today, on the departure day of the booking
        stay = self._in_house(-1, 3, guest=self._hotel_create_guest("Form Guest"))
        with Form(stay.with_user(self.user_front_desk)) as form:
            with form.line_ids.new() as line:
                line.product_id = self.product_fb
                self.assertEqual(line.date, day(0))
        self.assertEqual(stay.line_ids.date, day(0))
        # the room charge of the check-out keeps the departure day
        self._hotel_check_out(stay)
        self.assertEqual(self._room_charge(stay)[3], day(2))
