"""Tests written to kill the mutants that the rest of the suite let survive:
each test names the one-line change of the module it catches."""

from datetime import date

from freezegun import freeze_time

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.fields import Command
from odoo.tests import new_test_user, tagged

from .test_multi_company import MANAGER, HotelMultiCompanyCommon
from .test_stays import HotelStayCommon


def _vals(guest, start, end):
    return {"partner_id": guest.id, "check_in_date": start, "check_out_date": end}


@tagged("post_install", "-at_install")
class TestMutantsStays(HotelStayCommon):
    def test_batch_back_to_back_stays_around_an_existing_one(self):
        """The search before the overlap check spans the whole batch: the
        comparison of each planned stay with the stays found must stay strict
        (kills ``other.check_in_date <= end``, ``start <= other.check_out_date``
        and ``next_start <= end`` in ``_hotel_check_overlap``)."""
        Stay = self.env["hotel.stay"].with_user(self.user_front_desk)
        existing = self._stay(start=date(2026, 5, 10), nights=3)  # 10 -> 13 May
        # leaves as the other arrives, with a later stay in the same batch
        before = Stay.create(
            [
                _vals(self.guest, date(2026, 5, 7), date(2026, 5, 10)),
                _vals(self.guest, date(2026, 5, 20), date(2026, 5, 22)),
            ]
        )
        # arrives as the other leaves, with an earlier stay in the same batch
        after = Stay.create(
            [
                _vals(self.guest, date(2026, 5, 13), date(2026, 5, 15)),
                _vals(self.guest, date(2026, 5, 1), date(2026, 5, 3)),
            ]
        )
        # back to back within one batch
        chained = Stay.create(
            [
                _vals(self.guest, date(2026, 6, 1), date(2026, 6, 3)),
                _vals(self.guest, date(2026, 6, 3), date(2026, 6, 5)),
            ]
        )
        self.assertEqual(
            self.env["hotel.stay"].search([("partner_id", "=", self.guest.id)]),
            existing | before | after | chained,
        )

    def test_dates_in_the_wrong_order_are_named_as_such(self):
        """A stay of no night inside another stay is refused for its dates,
        not as an overlap (kills dropping or loosening the ``start < end``
        filter of ``_hotel_check_overlap``)."""
        self._stay(start=date(2026, 5, 10), nights=3)
        with self.assertRaises(ValidationError) as caught:
            self._stay(start=date(2026, 5, 11), nights=0)
        self.assertIn("must be after its check-in", str(caught.exception))
        self.assertNotIn("overlaps", str(caught.exception))

    def test_charges_of_a_no_show_are_locked(self):
        """Kills dropping "no_show" from ``_hotel_check_charges_editable``."""
        stay = self._stay()
        stay.with_user(self.user_front_desk).action_mark_no_show()
        Line = self.env["hotel.stay.line"].with_user(self.user_front_desk)
        with self._hotel_assert_raises(UserError, "can no longer be changed"):
            Line.create(
                {
                    "stay_id": stay.id,
                    "product_id": self.product_fb.id,
                    "price_unit": 20.0,
                }
            )
        self.assertFalse(stay.line_ids)

    @freeze_time("2026-06-15")
    def test_restriction_in_force_on_its_last_day_protects_the_file(self):
        """``is_current`` (not only the search domain) keeps the last day:
        kills ``date_until > today`` in ``_compute_is_current``."""
        self.guest.with_user(self.user_manager)._hotel_restrict(
            "Broke the lift", until=date(2026, 6, 30)
        )
        restriction = self.guest.sudo().guest_restriction_ids
        with freeze_time("2026-06-30"):
            restriction.invalidate_recordset(["is_current"])
            self.assertTrue(restriction.is_current)
            with self.assertRaises(AccessError):
                self.guest.with_user(self.user_front_desk).action_archive()
            self.assertTrue(self.guest.active)

    def test_credit_note_cannot_be_linked_to_another_stay(self):
        """Kills dropping the ``reversed_entry_id`` check of the credit note
        branch of ``account.move._check_hotel_stays``."""
        stay = self._checked_out()
        other_guest = self._hotel_create_guest("Olli Other")
        other = self._checked_out(guest=other_guest)
        stay.with_user(self.user_accountant).action_create_invoices()
        invoice = stay.invoice_ids
        invoice.action_post()
        moves_before = self.env["account.move"].search_count([])
        with self._hotel_assert_raises(ValidationError, "invoice it corrects"):
            self.env["account.move"].with_user(self.user_accountant).create(
                {
                    "move_type": "out_refund",
                    "partner_id": other_guest.id,
                    "reversed_entry_id": invoice.id,
                    "hotel_stay_ids": [Command.set(other.ids)],
                    "invoice_line_ids": [
                        Command.create(
                            {
                                "name": "Room",
                                "quantity": 1,
                                "price_unit": 10.0,
                                "hotel_stay_line_id": other.line_ids.id,
                            }
                        )
                    ],
                }
            )
        self.assertEqual(self.env["account.move"].search_count([]), moves_before)
        self.assertFalse(other.invoice_ids)

    def test_anonymize_clears_the_room_number_of_the_stays(self):
        """Kills leaving ``room_number`` out of ``STAY_PERSONAL_FIELDS``."""
        stay = self._stay(room_number="204")
        stay.action_cancel()
        self.guest.with_user(self.user_manager)._hotel_anonymize()
        self.assertTrue(self.guest.guest_anonymized)
        self.assertFalse(stay.room_number)


@tagged("post_install", "-at_install")
class TestMutantsMultiCompany(HotelMultiCompanyCommon):
    def test_manager_cannot_confirm_the_credit_limit_of_another_hotel(self):
        """Kills dropping ``check_access("write")`` from
        ``action_confirm_credit_limit`` (it writes in superuser mode)."""
        manager_a = new_test_user(
            self.env,
            login="mc_manager_a",
            groups=MANAGER,
            company_id=self.company_a.id,
            company_ids=[Command.set(self.company_a.ids)],
        )
        stay_b = self._mc_stay(self.company_b, date(2026, 3, 1), 2)
        with self.assertRaises(AccessError):
            stay_b.with_user(manager_a).action_confirm_credit_limit()
        self.assertFalse(stay_b.credit_limit_confirmed_by_id)
