"""What the front desk sees: the board's columns and order, the 7 am view,
the badges of the cards, the banners of the stay and of the guest file, the
guest form and the guest search (issue: the front desk's daily flow)."""

import re
from datetime import timedelta

from lxml import etree

from odoo import fields
from odoo.exceptions import AccessError
from odoo.osv import expression
from odoo.tests import Form, new_test_user, tagged
from odoo.tools.safe_eval import safe_eval

from .test_stays import HotelStayCommon


@tagged("post_install", "-at_install")
class TestDeskBoard(HotelStayCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.today = fields.Date.context_today(cls.env["hotel.stay"])
        cls.day = timedelta(days=1)

    def _history(self, state, start, nights=2, guest=None, charge=0.0, **vals):
        """A stay as the history import writes it (any status, any date)."""
        stay = self._stay(guest=guest, start=start, nights=nights, **vals)
        stay.sudo().write({"state": state})
        if charge:
            self.env["hotel.stay.line"].create(
                {
                    "stay_id": stay.id,
                    "product_id": self.product_fb.id,
                    "price_unit": charge,
                    "tax_ids": [fields.Command.clear()],
                }
            )
        return stay

    def _guest(self, name):
        return self._hotel_create_guest(name)

    # ------------------------------------------------------------------
    # the board
    # ------------------------------------------------------------------

    def _columns(self, action_xmlid, domain=()):
        action = self.env.ref(action_xmlid)
        groups = (
            self.env["hotel.stay"]
            .with_user(self.user_front_desk)
            .web_read_group(
                [*safe_eval(action.domain or "[]"), *domain],
                ["state"],
                ["state"],
            )["groups"]
        )
        return [(group["state"], group.get("__fold")) for group in groups]

    def test_columns_follow_the_life_of_a_stay(self):
        """Booked, checked in, checked out, then cancelled and no-show folded:
        not the alphabetical order of the status codes."""
        guests = [self._guest(f"Column Guest {i}") for i in range(5)]
        for guest, state in zip(
            guests,
            ("no_show", "checked_out", "cancelled", "checked_in", "booked"),
            strict=True,
        ):
            self._history(state, self.today, guest=guest)
        mine = [("partner_id", "in", [g.id for g in guests])]
        self.assertEqual(
            self._columns("hotel_crm.hotel_stay_action", mine),
            [
                ("booked", False),
                ("checked_in", False),
                ("checked_out", False),
                ("cancelled", True),
                ("no_show", True),
            ],
        )
        # the desk's board shows the day's two columns, in the same order
        self.assertEqual(
            self._columns("hotel_crm.hotel_stay_action_in_house", mine),
            [("booked", False), ("checked_in", False)],
        )

    def test_columns_without_stays_are_not_added(self):
        guest = self._guest("Lonely Column")
        self._history("checked_in", self.today, guest=guest)
        self.assertEqual(
            self._columns(
                "hotel_crm.hotel_stay_action", [("partner_id", "=", guest.id)]
            ),
            [("checked_in", False)],
        )

    def _desk_view(self):
        """What the desk sees at 7 am: the Front Desk action with its default
        filters, in the order of its board."""
        action = self.env.ref("hotel_crm.hotel_stay_action_in_house")
        context = safe_eval(action.context)
        filters = [
            name.removeprefix("search_default_")
            for name, value in context.items()
            if name.startswith("search_default_") and value
        ]
        self.assertEqual(sorted(filters), ["arrivals", "in_house"])
        # filters of one group of the search view are OR-ed by the client
        domain = expression.OR(
            [
                self._hotel_filter_domain("hotel_crm.hotel_stay_action_in_house", name)
                for name in filters
            ]
        )
        kanban = self.env["hotel.stay"].get_views(
            [
                (
                    action.view_ids.filtered(
                        lambda v: v.view_mode == "kanban"
                    ).view_id.id,
                    "kanban",
                )
            ]
        )["views"]["kanban"]["arch"]
        order = etree.fromstring(kanban).get("default_order")
        self.assertEqual(order, "check_out_date, check_in_date, id")
        return (
            self.env["hotel.stay"]
            .with_user(self.user_front_desk)
            .search([*safe_eval(action.domain), *domain], order=order)
        )

    def test_desk_at_seven_shows_arrivals_and_in_house_departures_first(self):
        g = [self._guest(f"Desk Guest {i}") for i in range(7)]
        staying_on = self._history(
            "checked_in", self.today - 2 * self.day, nights=5, guest=g[0]
        )
        leaving_today = self._history(
            "checked_in", self.today - 2 * self.day, nights=2, guest=g[1]
        )
        overstaying = self._history(
            "checked_in", self.today - 3 * self.day, nights=2, guest=g[2]
        )
        arriving = self._history("booked", self.today, nights=3, guest=g[3])
        overdue = self._history("booked", self.today - self.day, nights=4, guest=g[4])
        tomorrow = self._history("booked", self.today + self.day, guest=g[5])
        gone = self._history(
            "checked_out", self.today - 3 * self.day, nights=3, guest=g[6]
        )
        seen = self._desk_view().filtered(lambda s: s.partner_id in g)
        # each column of the board in the board's order: those who leave
        # first come first
        self.assertEqual(
            seen.filtered(lambda s: s.state == "checked_in").mapped("name"),
            (overstaying | leaving_today | staying_on).mapped("name"),
        )
        self.assertEqual(
            seen.filtered(lambda s: s.state == "booked").mapped("name"),
            (overdue | arriving).mapped("name"),
        )
        self.assertNotIn(tomorrow, seen)
        self.assertNotIn(gone, seen)
        self.assertEqual(
            [
                overstaying.desk_status,
                leaving_today.desk_status,
                overdue.desk_status,
                arriving.desk_status,
                staying_on.desk_status,
                tomorrow.desk_status,
                gone.desk_status,
            ],
            [
                "late_departure",
                "departure",
                "late_arrival",
                "arrival",
                "in_house",
                False,
                False,
            ],
        )

    def test_future_bookings_filter_is_the_rest(self):
        guest = self._guest("Future Guest")
        today = self._history("booked", self.today, guest=guest)
        tomorrow = self._history("booked", self.today + 5 * self.day, guest=guest)
        found = self._hotel_search_filter(
            "hotel_crm.hotel_stay_action_in_house", "future_bookings"
        )
        self.assertIn(tomorrow, found)
        self.assertNotIn(today, found)

    # ------------------------------------------------------------------
    # unpaid bills of earlier stays
    # ------------------------------------------------------------------

    def test_in_house_guest_with_an_unpaid_earlier_stay(self):
        guest = self._guest("Ursula Unpaid")
        earlier = self._history(
            "checked_out", self.today - 30 * self.day, guest=guest, charge=80.0
        )
        current = self._history("checked_in", self.today, guest=guest)
        self.assertEqual(earlier.invoice_status, "to_invoice")
        self.assertTrue(earlier.is_unpaid)
        for user in (self.user_front_desk, self.user_relations, self.user_manager):
            self.env.invalidate_all()
            self.assertEqual(current.with_user(user).guest_unpaid_stay_count, 1)
            self.assertEqual(guest.with_user(user).guest_unpaid_stay_count, 1)
        # the unpaid stay itself does not count as an earlier one
        self.assertEqual(earlier.guest_unpaid_stay_count, 0)
        # invoiced and posted, still open: still unpaid
        earlier.action_create_invoices()
        earlier.invoice_ids.action_post()
        self.env.invalidate_all()
        self.assertEqual(current.guest_unpaid_stay_count, 1)
        action = current.with_user(
            self.user_front_desk
        ).action_view_guest_unpaid_stays()
        self.assertEqual(self.env["hotel.stay"].search(action["domain"]), earlier)
        # paid: nothing to show any more
        self._pay(earlier.invoice_ids)
        self.env.invalidate_all()
        self.assertEqual(current.guest_unpaid_stay_count, 0)
        self.assertEqual(guest.guest_unpaid_stay_count, 0)

    def _board_of(self, size):
        stays = self.env["hotel.stay"]
        for i in range(size):
            guest = self._guest(f"Board Guest {size}-{i}")
            self._history(
                "checked_out", self.today - 20 * self.day, guest=guest, charge=10.0
            )
            stays |= self._history("checked_in", self.today, guest=guest)
        return stays

    def test_unpaid_count_costs_the_same_for_any_board(self):
        """Reading the badge of 2 or 8 cards: the same queries (the stays,
        the user's access rules, one grouped count of the unpaid ones)."""
        for size in (2, 8):
            stays = self._board_of(size).with_user(self.user_front_desk)
            self.env.invalidate_all()
            with self.assertQueryCount(9):
                counts = stays.mapped("guest_unpaid_stay_count")
            self.assertEqual(counts, [1] * size)

    def test_unpaid_stay_of_another_hotel_is_not_shown(self):
        other = self.setup_other_company()["company"]
        guest = self._guest("Hopper Hotels")
        self._history(
            "checked_out",
            self.today - 10 * self.day,
            guest=guest,
            charge=50.0,
            company_id=other.id,
            room_type_id=False,
        )
        current = self._history("checked_in", self.today, guest=guest)
        desk_here = new_test_user(
            self.env,
            login="desk_here_only",
            groups="base.group_user,hotel_crm.group_hotel_user",
            company_id=self.company.id,
            company_ids=[self.company.id],
        )
        self.assertEqual(current.with_user(desk_here).guest_unpaid_stay_count, 0)
        self.assertEqual(guest.with_user(desk_here).guest_unpaid_stay_count, 0)
        # a user of both hotels sees it
        both = new_test_user(
            self.env,
            login="desk_both",
            groups="base.group_user,hotel_crm.group_hotel_user",
            company_id=self.company.id,
            company_ids=[self.company.id, other.id],
        )
        self.assertEqual(
            current.with_user(both)
            .with_context(allowed_company_ids=[self.company.id, other.id])
            .guest_unpaid_stay_count,
            1,
        )

    def test_unpaid_count_is_not_for_outsiders(self):
        guest = self._guest("Private Payer")
        with self.assertRaises(AccessError):
            guest.with_user(self.user_internal).read(["guest_unpaid_stay_count"])

    # ------------------------------------------------------------------
    # banners and cards
    # ------------------------------------------------------------------

    def test_restriction_banner_is_one_sentence_with_its_end_date(self):
        guest = self._guest("Rex Restricted")
        self.env["hotel.guest.restriction"].create(
            {
                "partner_id": guest.id,
                "reason": "Damaged the room",
                "date_until": self.today + 10 * self.day,
            }
        )
        stay = self._stay(
            guest=guest,
            start=self.today,
            restriction_override_reason="Paid the damage",
        )
        until = (self.today + 10 * self.day).strftime("%m/%d/%Y")
        expected = f"Restricted guest until {until}: Damaged the room"
        self.assertEqual(guest.guest_restriction_banner, expected)
        self.assertEqual(
            stay.with_user(self.user_front_desk).guest_restriction_banner, expected
        )
        guest.guest_restriction_ids.date_until = False
        self.env.invalidate_all()
        self.assertEqual(
            guest.guest_restriction_banner, "Restricted guest: Damaged the room"
        )
        guest.guest_restriction_ids.action_lift()
        self.env.invalidate_all()
        self.assertFalse(guest.guest_restriction_banner)

    def test_restriction_banner_dates_in_the_users_language(self):
        self.env["res.lang"]._activate_lang("fr_FR")
        guest = self._guest("Rita Restreinte")
        self.env["hotel.guest.restriction"].create(
            {
                "partner_id": guest.id,
                "reason": "Bruit",
                "date_until": fields.Date.to_date("2099-03-04"),
            }
        )
        self.assertIn(
            "04/03/2099",
            guest.with_context(lang="fr_FR").guest_restriction_banner,
        )

    def test_allergy_banner_keeps_the_note_and_preferences_are_shown(self):
        guest = self._guest("Alma Allergic")
        Preference = self.env["hotel.guest.preference"]
        allergy = self.env.ref("hotel_crm.preference_category_allergy")
        room = self.env.ref("hotel_crm.preference_category_room")
        Preference.create(
            [
                {
                    "partner_id": guest.id,
                    "category_id": allergy.id,
                    "name": "Peanuts",
                    "note": "anaphylaxis, EpiPen in the bag",
                },
                {"partner_id": guest.id, "category_id": allergy.id, "name": "Latex"},
                {
                    "partner_id": guest.id,
                    "category_id": room.id,
                    "name": "High floor",
                    "note": "away from the lift",
                },
            ]
        )
        stay = self._stay(guest=guest, start=self.today)
        as_desk = stay.with_user(self.user_front_desk)
        self.assertEqual(
            as_desk.guest_allergy_detail,
            "Peanuts (anaphylaxis, EpiPen in the bag); Latex",
        )
        self.assertEqual(as_desk.guest_allergy_summary, "Peanuts, Latex")
        self.assertEqual(
            as_desk.guest_preference_summary, "Room: High floor (away from the lift)"
        )
        # the accountant reads the allergies, not the notes nor the preferences
        self.env.invalidate_all()
        as_accountant = stay.with_user(self.user_accountant)
        self.assertEqual(as_accountant.guest_allergy_summary, "Peanuts, Latex")
        for fname in ("guest_allergy_detail", "guest_preference_summary"):
            with self.assertRaises(AccessError):
                as_accountant.read([fname])

    def test_anonymized_banner_is_one_sentence(self):
        guest = self._guest("Erased Person")
        guest.sudo().write(
            {
                "guest_anonymized": True,
                "guest_anonymized_date": "2026-02-03 10:00:00",
            }
        )
        self.assertEqual(
            guest.with_user(self.user_internal).guest_anonymized_banner,
            "The personal data of this guest were removed on 02/03/2026.",
        )

    def _arch(self, model, view_type, user, view_id=False):
        return etree.fromstring(
            self.env[model]
            .with_user(user)
            .get_views([(view_id, view_type)])["views"][view_type]["arch"]
        )

    def test_board_cards_show_every_alert_to_the_desk(self):
        view = self.env.ref("hotel_crm.hotel_stay_view_kanban_desk").id
        arch = self._arch("hotel.stay", "kanban", self.user_front_desk, view)
        text = etree.tostring(arch, encoding="unicode")
        for needle in (
            "Restricted",
            "Do not disclose",
            "Unpaid earlier stay",
            "Arrives today",
            "Departs today",
            "VIP",
        ):
            self.assertIn(needle, text)
        fields_in_card = {node.get("name") for node in arch.iter("field")}
        self.assertTrue(
            {
                "guest_is_restricted",
                "guest_do_not_disclose",
                "guest_unpaid_stay_count",
                "desk_status",
                "guest_allergy_summary",
            }
            <= fields_in_card
        )
        # the accountant's board has no restriction (hotel staff only)
        arch = self._arch("hotel.stay", "kanban", self.user_accountant, view)
        self.assertNotIn(
            "guest_is_restricted", {node.get("name") for node in arch.iter("field")}
        )

    def test_cards_read_only_the_fields_they_declare(self):
        """A card's template reads ``record.<field>`` of declared fields only
        (an undeclared one is undefined in Odoo 18: the board crashes)."""
        for xmlid in (
            "hotel_crm.hotel_stay_view_kanban",
            "hotel_crm.hotel_stay_view_kanban_desk",
            "hotel_crm.res_partner_view_kanban_hotel_guest",
        ):
            view = self.env.ref(xmlid)
            arch = self._arch(view.model, "kanban", self.user_front_desk, view.id)
            declared = {node.get("name") for node in arch.iter("field")}
            used = set()
            for node in arch.iter():
                for attr in ("t-if", "t-elif", "t-att-class", "t-esc", "t-out"):
                    used.update(re.findall(r"record\.(\w+)", node.get(attr) or ""))
            self.assertTrue(used, xmlid)
            self.assertLessEqual(used, declared, xmlid)

    def test_one_night_is_said_in_the_singular(self):
        view = self.env.ref("hotel_crm.hotel_stay_view_kanban").id
        text = etree.tostring(
            self._arch("hotel.stay", "kanban", self.user_front_desk, view),
            encoding="unicode",
        )
        self.assertIn("1 night<", text)
        self.assertNotIn("nights)", text)

    # ------------------------------------------------------------------
    # the guest file
    # ------------------------------------------------------------------

    def test_guest_form_puts_the_guest_file_first(self):
        action = self.env.ref("hotel_crm.res_partner_action_hotel_guest")
        form_view = action.view_ids.filtered(lambda v: v.view_mode == "form").view_id
        self.assertEqual(
            form_view, self.env.ref("hotel_crm.res_partner_view_form_hotel_guest")
        )
        arch = self._arch("res.partner", "form", self.user_front_desk, form_view.id)
        top = arch.xpath("//group[@name='hotel_guest_file_top']")
        self.assertEqual(len(top), 1)
        names = {n.get("name") for n in top[0].iter("field")}
        self.assertTrue(
            {
                "guest_birthdate",
                "guest_nationality_id",
                "guest_id_type",
                "guest_id_number",
            }
            <= names
        )
        # before the notebook, and the company fields hidden for persons
        body = list(arch.iter())
        self.assertLess(body.index(top[0]), body.index(arch.xpath("//notebook")[0]))
        for fname, condition in (
            ("vat", "not is_company"),
            ("website", "not is_company"),
            ("function", "is_company or not parent_id"),
        ):
            node = arch.xpath(f"/form/sheet/group/group/field[@name='{fname}']")
            self.assertEqual(node[0].get("invisible"), condition, fname)
        # the plain contact form is unchanged for everyone else
        plain = self._arch("res.partner", "form", self.user_front_desk)
        self.assertFalse(plain.xpath("//group[@name='hotel_guest_file_top']"))
        # a front-desk user can enter a guest through it
        with Form(
            self.env["res.partner"]
            .with_user(self.user_front_desk)
            .with_context(default_is_hotel_guest=True),
            view=form_view,
        ) as form:
            form.name = "Nina New"
            form.guest_id_type = "passport"
            form.guest_id_number = "P-NEW-1"
        self.assertEqual(form.record.guest_id_number, "P-NEW-1")
        self.assertTrue(form.record.guest_code)

    def test_duplicate_is_announced_while_the_guest_is_entered(self):
        existing = self._hotel_create_guest(
            "Dora Double", email="dora@example.com", phone="+32 470 99 88 77"
        )
        other = self._hotel_create_guest("Dan Different", guest_id_number="ID-77")
        form_view = self.env.ref("hotel_crm.res_partner_view_form_hotel_guest")
        form = Form(
            self.env["res.partner"]
            .with_user(self.user_front_desk)
            .with_context(default_is_hotel_guest=True),
            view=form_view,
        )
        form.name = "Dora D."
        self.assertEqual(len(form.guest_duplicate_ids), 0)
        form.phone = "0470 99 88 77"
        self.assertEqual(form.guest_duplicate_ids[:], existing)
        form.guest_id_number = "ID-77"
        self.assertEqual(set(form.guest_duplicate_ids[:].ids), {existing.id, other.id})
        form.phone = False
        form.guest_id_number = "ID-78"
        self.assertEqual(len(form.guest_duplicate_ids), 0)
        # a saved file is not its own duplicate
        self.assertFalse(existing.guest_duplicate_ids)
        self.assertEqual(existing.guest_duplicate_count, 0)

    def test_guest_search_has_no_sales_or_vendor_filters(self):
        view = self.env.ref("hotel_crm.res_partner_view_search_hotel_guest")
        arch = self._arch("res.partner", "search", self.user_front_desk, view.id)
        for name in ("customer", "supplier", "salesperson"):
            node = arch.xpath(f"//filter[@name='{name}']")
            self.assertTrue(node and node[0].get("invisible") in ("1", "True"), name)
        node = arch.xpath("//field[@name='user_id']")
        self.assertTrue(node and node[0].get("invisible") in ("1", "True"))
        for name in ("vip", "restricted", "do_not_disclose", "unpaid"):
            node = arch.xpath(f"//filter[@name='{name}']")
            self.assertFalse(node[0].get("invisible"), name)

    def test_guest_list_shows_every_flag_the_same_way(self):
        view = self.env.ref("hotel_crm.res_partner_view_list_hotel_guest")
        arch = self._arch("res.partner", "list", self.user_front_desk, view.id)
        widgets = {
            node.get("name"): node.get("widget")
            for node in arch.iter("field")
            if node.get("name")
            in ("guest_vip", "guest_do_not_disclose", "guest_is_restricted")
        }
        self.assertEqual(
            widgets,
            {
                "guest_vip": None,
                "guest_do_not_disclose": None,
                "guest_is_restricted": None,
            },
        )
