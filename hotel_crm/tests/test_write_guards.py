"""What a client (web client, RPC, import) can and cannot write.

Every call goes through the public paths a client uses: ``create``,
``write``, ``load`` (import) and the ``action_*`` buttons, as a real user.
Each refused call is checked for its exact exception and message, and the
record is read back from the database afterwards: nothing was written."""

from datetime import date, datetime

import psycopg2
from freezegun import freeze_time

from odoo.exceptions import UserError, ValidationError
from odoo.fields import Command
from odoo.tests import tagged
from odoo.tools import mute_logger

from .test_stays import HotelStayCommon

PROTECTED = "These fields are set by Hotel CRM itself and cannot be written directly"


class WriteGuardCommon(HotelStayCommon):
    def _label(self, model, fname):
        return self.env[model]._fields[fname]._description_string(self.env)

    def _assert_protected(self, caught, model, *fnames):
        """The guard's message, naming the refused fields."""
        message = str(caught.exception)
        self.assertIn(PROTECTED, message)
        for fname in fnames:
            self.assertIn(self._label(model, fname), message)

    def _load(self, model, user, fnames, rows):
        return self.env[model].with_user(user).load(fnames, rows)

    def _assert_load_refused(self, result, text):
        """An import with an error writes nothing and says why."""
        self.assertIs(result["ids"], False, result["messages"])
        errors = [m["message"] for m in result["messages"] if m["type"] == "error"]
        self.assertTrue(errors, result["messages"])
        self.assertTrue(any(text in error for error in errors), errors)

    def _assert_load_accepted(self, result, count):
        self.assertEqual(result["messages"], [])
        self.assertEqual(len(result["ids"]), count)

    def _create_with_default(self, model, user, fname, value, vals):
        """``create`` with ``default_<fname>`` in the context, as any RPC
        client can send it. Either refused by the guard (returns None) or
        the record is created; the caller checks the value it got."""
        Model = (
            self.env[model].with_user(user).with_context(**{f"default_{fname}": value})
        )
        try:
            with self.env.cr.savepoint():
                return Model.create(vals)
        except UserError as error:
            self.assertIn(PROTECTED, str(error))
            return None

    def _stays_of(self, guest):
        return (
            self.env["hotel.stay"]
            .sudo()
            .with_context(active_test=False)
            .search([("partner_id", "=", guest.id)])
        )

    def _read_back(self, record, fnames):
        """The values stored in the database (no cache), as superuser."""
        record.env.flush_all()
        record.env.invalidate_all()
        record = record.sudo()
        return {fname: record[fname] for fname in fnames}


# ----------------------------------------------------------------------
# hotel.stay
# ----------------------------------------------------------------------


@tagged("post_install", "-at_install")
class TestStayWriteGuards(WriteGuardCommon):
    COMPUTED = (
        "invoice_status",
        "is_unpaid",
        "payment_state",
        "amount_total",
        "nights",
    )

    def _stay_vals(self, guest=None, **vals):
        return {
            "partner_id": (guest or self.guest).id,
            "room_type_id": self.room_double.id,
            "check_in_date": date(2026, 3, 1),
            "check_out_date": date(2026, 3, 3),
            **vals,
        }

    def _invoiced_stay(self, rate=140.0, start=date(2026, 3, 1)):
        """A checked-out stay of two nights whose invoice is posted."""
        stay = self._checked_out(start=start, nightly_rate=rate)
        stay.with_user(self.user_accountant).action_create_invoices()
        stay.invoice_ids.with_user(self.user_accountant).action_post()
        return stay

    def test_computed_stay_fields_refused_on_write(self):
        stay = self._checked_out()
        expected = {
            "invoice_status": "to_invoice",
            "is_unpaid": True,
            "payment_state": False,
            "amount_total": stay.amount_untaxed + stay.amount_tax,
            "nights": 2,
        }
        self.assertEqual(stay.amount_untaxed, 240.0)
        self.assertEqual(self._read_back(stay, self.COMPUTED), expected)
        attempts = {
            "invoice_status": "invoiced",
            "is_unpaid": False,
            "payment_state": "paid",
            "amount_total": 1.0,
            "nights": 9,
        }
        for user in (self.user_front_desk, self.user_manager):
            for fname, value in attempts.items():
                with self.subTest(user=user.login, field=fname):
                    with self.assertRaises(UserError) as caught:
                        stay.with_user(user).write({fname: value})
                    self._assert_protected(caught, "hotel.stay", fname)
                    self.assertEqual(self._read_back(stay, self.COMPUTED), expected)
            # all at once, as a hand-made RPC call would
            with self.assertRaises(UserError) as caught:
                stay.with_user(user).write(attempts)
            self._assert_protected(caught, "hotel.stay", *attempts)
        self.assertEqual(self._read_back(stay, self.COMPUTED), expected)
        # the same values are no change: a form saving them back is fine
        stay.with_user(self.user_front_desk).write(
            {"invoice_status": "to_invoice", "nights": 2, "is_unpaid": True}
        )
        self.assertEqual(self._read_back(stay, self.COMPUTED), expected)

    def test_computed_stay_fields_refused_on_create(self):
        attempts = {
            "invoice_status": "invoiced",
            "is_unpaid": True,
            "payment_state": "paid",
            "amount_total": 1.0,
            "nights": 9,
        }
        for user in (self.user_front_desk, self.user_manager):
            for fname, value in attempts.items():
                with self.subTest(user=user.login, field=fname):
                    with self.assertRaises(UserError) as caught:
                        self.env["hotel.stay"].with_user(user).create(
                            self._stay_vals(**{fname: value})
                        )
                    self._assert_protected(caught, "hotel.stay", fname)
        self.assertFalse(self._stays_of(self.guest))
        # a create that names none of them gets the computed values
        stay = self._stay(user=self.user_front_desk)
        self.assertEqual(
            self._read_back(stay, self.COMPUTED),
            {
                "invoice_status": "nothing",
                "is_unpaid": False,
                "payment_state": False,
                "amount_total": 0.0,
                "nights": 2,
            },
        )

    def test_computed_stay_fields_refused_on_import(self):
        stay = self._checked_out()
        for fname, value in (("invoice_status", "invoiced"), ("nights", "9")):
            with self.subTest(field=fname):
                result = self._load(
                    "hotel.stay",
                    self.user_front_desk,
                    [".id", fname],
                    [[str(stay.id), value]],
                )
                self._assert_load_refused(result, PROTECTED)
        self.assertEqual(
            self._read_back(stay, ("invoice_status", "nights")),
            {"invoice_status": "to_invoice", "nights": 2},
        )

    def test_invoiced_stay_stays_invoiced(self):
        stay = self._invoiced_stay(rate=140.0)
        invoice = stay.invoice_ids
        fnames = ("invoice_status", "nightly_rate", "payment_state", "is_unpaid")
        expected = {
            "invoice_status": "invoiced",
            "nightly_rate": 140.0,
            "payment_state": "not_paid",
            "is_unpaid": True,
        }
        self.assertEqual(self._read_back(stay, fnames), expected)
        self.assertEqual(invoice.amount_untaxed, 280.0)
        for user in (self.user_front_desk, self.user_manager):
            as_user = stay.with_user(user)
            with self.subTest(user=user.login):
                # first unlock the stay by declaring it not invoiced...
                with self.assertRaises(UserError) as caught:
                    as_user.write({"invoice_status": "to_invoice"})
                self._assert_protected(caught, "hotel.stay", "invoice_status")
                self.assertEqual(self._read_back(stay, fnames), expected)
                # ...then lower the rate: the stay is still invoiced
                with self._hotel_assert_raises(UserError, "is invoiced"):
                    as_user.write({"nightly_rate": 1.0})
                self.assertEqual(self._read_back(stay, fnames), expected)
                # both in one call
                with self._hotel_assert_raises(UserError, "is invoiced"):
                    as_user.write({"invoice_status": "to_invoice", "nightly_rate": 1.0})
                self.assertEqual(self._read_back(stay, fnames), expected)
                # and through an import
                result = self._load(
                    "hotel.stay",
                    user,
                    [".id", "invoice_status", "nightly_rate"],
                    [[str(stay.id), "to_invoice", "1"]],
                )
                self._assert_load_refused(result, "is invoiced")
                self.assertEqual(self._read_back(stay, fnames), expected)
        self.assertEqual(stay.invoice_ids, invoice)
        self.assertEqual(invoice.amount_untaxed, 280.0)
        self.assertEqual(invoice.state, "posted")

    def test_protected_links_refused_on_create(self):
        invoiced = self._invoiced_stay()
        invoice = invoiced.invoice_ids
        guest = self._hotel_create_guest("Carl Create")
        for user in (self.user_front_desk, self.user_manager):
            for vals in (
                {"credit_limit_confirmed_by_id": self.user_manager.id},
                {"invoice_ids": [Command.set(invoice.ids)]},
                {"invoice_ids": [Command.link(invoice.id)]},
            ):
                with self.subTest(user=user.login, vals=vals):
                    with self.assertRaises(UserError) as caught:
                        self._stay(guest=guest, user=user, **vals)
                    self._assert_protected(caught, "hotel.stay", next(iter(vals)))
        self.assertFalse(self._stays_of(guest))
        self.assertEqual(invoice.hotel_stay_ids, invoiced)

    def test_protected_links_refused_on_write(self):
        stay = self._stay(user=self.user_front_desk)
        invoiced = self._invoiced_stay(start=date(2026, 4, 1))
        invoice = invoiced.invoice_ids
        fnames = ("credit_limit_confirmed_by_id", "invoice_ids")
        empty = {
            "credit_limit_confirmed_by_id": self.env["res.users"],
            "invoice_ids": self.env["account.move"],
        }
        for user in (self.user_front_desk, self.user_manager):
            for target, vals in (
                (stay, {"credit_limit_confirmed_by_id": user.id}),
                (stay, {"invoice_ids": [Command.link(invoice.id)]}),
                (stay, {"invoice_ids": [Command.set(invoice.ids)]}),
                (invoiced, {"invoice_ids": [Command.clear()]}),
                (invoiced, {"invoice_ids": [Command.unlink(invoice.id)]}),
            ):
                fname = next(iter(vals))
                with self.subTest(user=user.login, vals=vals):
                    with self.assertRaises(UserError) as caught:
                        target.with_user(user).write(vals)
                    self._assert_protected(caught, "hotel.stay", fname)
                    self.assertEqual(self._read_back(stay, fnames), empty)
                    self.assertEqual(invoiced.invoice_ids, invoice)
        # the way that is open: a manager's confirmation, by its button, of a
        # stay over the credit limit
        self.env.company.account_use_credit_limit = True
        stay.partner_id.sudo().with_company(self.env.company).credit_limit = 1.0
        stay.with_user(self.user_manager).action_confirm_credit_limit()
        self.assertEqual(stay.credit_limit_confirmed_by_id, self.user_manager)
        # which the front desk cannot take over or clear
        for value in (self.user_front_desk.id, False):
            with self.assertRaises(UserError) as caught:
                stay.with_user(self.user_front_desk).write(
                    {"credit_limit_confirmed_by_id": value}
                )
            self._assert_protected(caught, "hotel.stay", "credit_limit_confirmed_by_id")
        self.assertEqual(
            self._read_back(stay, ["credit_limit_confirmed_by_id"]),
            {"credit_limit_confirmed_by_id": self.user_manager},
        )

    def test_protected_links_refused_on_import(self):
        stay = self._stay(user=self.user_front_desk)
        invoiced = self._invoiced_stay(start=date(2026, 4, 1))
        invoice = invoiced.invoice_ids
        guest = self._hotel_create_guest("Ingo Import")
        head = ["partner_id/.id", "check_in_date", "check_out_date"]
        row = [str(guest.id), "2026-05-01", "2026-05-03"]
        for fname, value in (
            ("credit_limit_confirmed_by_id/.id", str(self.user_manager.id)),
            ("invoice_ids/.id", str(invoice.id)),
        ):
            with self.subTest(field=fname):
                # a new stay
                result = self._load(
                    "hotel.stay", self.user_manager, [*head, fname], [[*row, value]]
                )
                self._assert_load_refused(result, PROTECTED)
                # an existing one
                result = self._load(
                    "hotel.stay",
                    self.user_manager,
                    [".id", fname],
                    [[str(stay.id), value]],
                )
                self._assert_load_refused(result, PROTECTED)
        self.assertFalse(self._stays_of(guest))
        self.assertEqual(
            self._read_back(stay, ("credit_limit_confirmed_by_id", "invoice_ids")),
            {
                "credit_limit_confirmed_by_id": self.env["res.users"],
                "invoice_ids": self.env["account.move"],
            },
        )
        self.assertEqual(invoice.hotel_stay_ids, invoiced)

    def test_context_defaults_cannot_set_protected_links(self):
        invoiced = self._invoiced_stay(start=date(2026, 4, 1))
        invoice = invoiced.invoice_ids
        for fname, value, expected in (
            (
                "credit_limit_confirmed_by_id",
                self.user_manager.id,
                self.env["res.users"],
            ),
            ("invoice_ids", invoice.ids, self.env["account.move"]),
        ):
            for user in (self.user_front_desk, self.user_manager):
                with self.subTest(user=user.login, field=fname):
                    guest = self._hotel_create_guest(f"Dina Default {fname}")
                    stay = self._create_with_default(
                        "hotel.stay", user, fname, value, self._stay_vals(guest)
                    )
                    if stay:
                        self.assertEqual(
                            self._read_back(stay, [fname]), {fname: expected}
                        )
        self.assertEqual(
            self._read_back(invoice, ["hotel_stay_ids"]),
            {"hotel_stay_ids": invoiced},
        )

    def test_state_and_reference_change_only_through_the_buttons(self):
        stay = self._stay(user=self.user_front_desk)
        name = stay.name
        self.assertTrue(name.startswith("STAY/"))
        for user in (self.user_front_desk, self.user_manager):
            for vals in (
                {"state": "checked_in"},
                {"state": "checked_out"},
                {"state": "cancelled"},
                {"name": "STAY/FAKE"},
            ):
                with self.subTest(user=user.login, vals=vals):
                    with self._hotel_assert_raises(
                        UserError, "change only through its buttons"
                    ):
                        stay.with_user(user).write(vals)
                    self.assertEqual(
                        self._read_back(stay, ("state", "name")),
                        {"state": "booked", "name": name},
                    )
            result = self._load(
                "hotel.stay", user, [".id", "state"], [[str(stay.id), "checked_out"]]
            )
            self._assert_load_refused(result, "change only through its buttons")
            result = self._load(
                "hotel.stay", user, [".id", "name"], [[str(stay.id), "STAY/FAKE"]]
            )
            self._assert_load_refused(result, "change only through its buttons")
        self.assertEqual(
            self._read_back(stay, ("state", "name")),
            {"state": "booked", "name": name},
        )
        # the same values are no change
        stay.with_user(self.user_front_desk).write({"state": "booked", "name": name})
        # the buttons do change the status
        self._hotel_check_in(stay, self.user_front_desk)
        self.assertEqual(
            self._read_back(stay, ("state", "name")),
            {"state": "checked_in", "name": name},
        )

    def test_duplicate_reference_refused_on_create(self):
        stay = self._stay(user=self.user_front_desk)
        other = self._hotel_create_guest("Dora Duplicate")
        with (
            mute_logger("odoo.sql_db"),
            self.assertRaises(psycopg2.IntegrityError) as caught,
        ):
            self._stay(guest=other, user=self.user_front_desk, name=stay.name)
        self.assertIn("hotel_stay_name_company_unique", str(caught.exception))
        self.assertFalse(self._stays_of(other))
        self.assertEqual(
            self.env["hotel.stay"]
            .sudo()
            .search_count(
                [("name", "=", stay.name), ("company_id", "=", stay.company_id.id)]
            ),
            1,
        )
        # an import of history keeps its own, distinct reference
        kept = self._stay(guest=other, user=self.user_front_desk, name="HIST/0001")
        self.assertEqual(kept.name, "HIST/0001")

    def test_import_checked_in_over_the_credit_limit_refused(self):
        self.company.account_use_credit_limit = True
        self.guest.with_company(self.company).credit_limit = 100.0
        fnames = [
            "partner_id/.id",
            "room_type_id/.id",
            "check_in_date",
            "check_out_date",
            "state",
        ]
        row = [
            str(self.guest.id),
            str(self.room_double.id),
            "2026-05-01",
            "2026-05-03",
            "checked_in",
        ]
        result = self._load("hotel.stay", self.user_front_desk, fnames, [row])
        self._assert_load_refused(result, "would exceed its credit limit")
        self.assertFalse(self._stays_of(self.guest))
        with self._hotel_assert_raises(UserError, "would exceed its credit limit"):
            self._stay(user=self.user_front_desk, state="checked_in")
        self.assertFalse(self._stays_of(self.guest))
        # within the limit the same import goes through
        self.guest.with_company(self.company).credit_limit = 5000.0
        result = self._load("hotel.stay", self.user_front_desk, fnames, [row])
        self._assert_load_accepted(result, 1)
        stay = self.env["hotel.stay"].browse(result["ids"])
        self.assertEqual(
            (stay.partner_id, stay.state, stay.nights), (self.guest, "checked_in", 2)
        )

    def test_import_booked_for_a_restricted_guest_refused(self):
        self.guest.with_user(self.user_manager)._hotel_restrict("Fraudulent card")
        fnames = ["partner_id/.id", "check_in_date", "check_out_date", "state"]
        for state in ("booked", "checked_in"):
            with self.subTest(state=state):
                result = self._load(
                    "hotel.stay",
                    self.user_front_desk,
                    fnames,
                    [[str(self.guest.id), "2026-05-01", "2026-05-03", state]],
                )
                self._assert_load_refused(result, "Fraudulent card")
        self.assertFalse(self._stays_of(self.guest))

    def test_import_of_a_checked_out_historical_stay_accepted(self):
        guest = self._hotel_create_guest("Hilda History")
        result = self._load(
            "hotel.stay",
            self.user_front_desk,
            [
                "name",
                "partner_id/.id",
                "room_type_id/.id",
                "check_in_date",
                "check_out_date",
                "nightly_rate",
                "state",
            ],
            [
                [
                    "HIST/2025/0042",
                    str(guest.id),
                    str(self.room_double.id),
                    "2025-02-01",
                    "2025-02-04",
                    "95",
                    "checked_out",
                ]
            ],
        )
        self._assert_load_accepted(result, 1)
        stay = self.env["hotel.stay"].browse(result["ids"])
        self.assertEqual(
            self._read_back(
                stay,
                (
                    "name",
                    "partner_id",
                    "state",
                    "nights",
                    "nightly_rate",
                    "invoice_status",
                ),
            ),
            {
                "name": "HIST/2025/0042",
                "partner_id": guest,
                "state": "checked_out",
                "nights": 3,
                "nightly_rate": 95.0,
                "invoice_status": "nothing",
            },
        )
        self.assertEqual(self._stays_of(guest), stay)

    def test_stay_for_a_company_refused(self):
        acme = self.env["res.partner"].create(
            {"name": "Acme Hotels", "is_company": True}
        )
        with self._hotel_assert_raises(ValidationError, "is a company"):
            self._stay(guest=acme, user=self.user_front_desk)
        self.assertFalse(self._stays_of(acme))
        result = self._load(
            "hotel.stay",
            self.user_front_desk,
            ["partner_id/.id", "check_in_date", "check_out_date"],
            [[str(acme.id), "2026-05-01", "2026-05-03"]],
        )
        self._assert_load_refused(result, "is a company")
        self.assertFalse(self._stays_of(acme))
        stay = self._stay(user=self.user_front_desk)
        with self._hotel_assert_raises(ValidationError, "is a company"):
            stay.with_user(self.user_front_desk).write({"partner_id": acme.id})
        self.assertEqual(
            self._read_back(stay, ["partner_id"])["partner_id"], self.guest
        )
        self.assertFalse(self._stays_of(acme))

    def test_computed_charge_fields_refused(self):
        stay = self._stay(user=self.user_front_desk)
        self._hotel_check_in(stay, self.user_front_desk)
        Line = self.env["hotel.stay.line"].with_user(self.user_front_desk)
        other = self._hotel_create_guest("Otto Other")
        attempts = {
            "price_subtotal": 1.0,
            "price_total": 1.0,
            "price_tax": 0.5,
            "partner_id": other.id,
            "company_id": self.env.company.id,
        }
        for fname, value in attempts.items():
            with self.subTest(field=fname):
                with self.assertRaises(UserError) as caught:
                    Line.create(
                        {
                            "stay_id": stay.id,
                            "product_id": self.product_fb.id,
                            "price_unit": 30.0,
                            fname: value,
                        }
                    )
                self._assert_protected(caught, "hotel.stay.line", fname)
        self.assertFalse(stay.line_ids)
        line = Line.create(
            {"stay_id": stay.id, "product_id": self.product_fb.id, "price_unit": 30.0}
        )
        fnames = ("price_subtotal", "partner_id")
        expected = {"price_subtotal": 30.0, "partner_id": self.guest}
        self.assertEqual(self._read_back(line, fnames), expected)
        for fname in ("price_subtotal", "partner_id"):
            with self.subTest(field=fname), self.assertRaises(UserError) as caught:
                line.write({fname: attempts[fname]})
            self._assert_protected(caught, "hotel.stay.line", fname)
        self.assertEqual(self._read_back(line, fnames), expected)
        self.assertEqual(stay.amount_untaxed, 30.0)


# ----------------------------------------------------------------------
# res.partner: the guest file
# ----------------------------------------------------------------------


@tagged("post_install", "-at_install")
class TestGuestFileWriteGuards(WriteGuardCommon):
    FNAMES = (
        "guest_allergy_summary",
        "guest_anonymized",
        "guest_anonymized_date",
        "guest_marketing_consent_date",
        "guest_birth_month",
        "guest_phone_key",
        "guest_code",
    )
    # a value each field does not have (False clears the allergy alert)
    WRITES = {
        "guest_allergy_summary": False,
        "guest_anonymized": True,
        "guest_anonymized_date": "2026-01-01 00:00:00",
        "guest_marketing_consent_date": "2020-01-01 00:00:00",
        "guest_birth_month": 1,
        "guest_phone_key": "000000000",
        "guest_code": "G-FAKE",
    }
    # the same, as an import file has it
    IMPORTS = {
        "guest_allergy_summary": "",
        "guest_anonymized": "1",
        "guest_anonymized_date": "2026-01-01 00:00:00",
        "guest_marketing_consent_date": "2020-01-01 00:00:00",
        "guest_birth_month": "1",
        "guest_phone_key": "000000000",
        "guest_code": "G-FAKE",
    }

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.allergic = cls._hotel_create_guest(
            "Anna Allergic",
            guest_birthdate=date(1990, 5, 17),
            phone="+41 79 123 45 67",
            guest_marketing_consent=True,
        )
        cls.env["hotel.guest.preference"].create(
            {
                "partner_id": cls.allergic.id,
                "category_id": cls.env.ref("hotel_crm.preference_category_allergy").id,
                "name": "Peanuts",
            }
        )
        cls.users = (cls.user_front_desk, cls.user_manager, cls.user_internal)

    def setUp(self):
        super().setUp()
        self.initial = self._read_back(self.allergic, self.FNAMES)

    def _assert_unchanged(self):
        self.assertEqual(self._read_back(self.allergic, self.FNAMES), self.initial)
        # the front desk still gets the alert at check-in
        stay = self._stay(guest=self.allergic, user=self.user_front_desk)
        self.assertEqual(stay.guest_allergy_summary, "Peanuts")
        action = self._hotel_check_in(stay, self.user_front_desk)
        self.assertEqual(action["params"]["type"], "danger")
        self.assertEqual(action["params"]["message"], "Anna Allergic: Peanuts")

    def test_initial_values(self):
        values = self.initial
        self.assertEqual(values["guest_allergy_summary"], "Peanuts")
        self.assertFalse(values["guest_anonymized"])
        self.assertFalse(values["guest_anonymized_date"])
        self.assertIsInstance(values["guest_marketing_consent_date"], datetime)
        self.assertEqual(values["guest_birth_month"], 5)
        self.assertEqual(values["guest_phone_key"], "791234567")
        self.assertRegex(values["guest_code"], r"^G\d{6}$")

    def test_guest_file_fields_refused_on_write(self):
        for user in self.users:
            as_user = self.allergic.with_user(user)
            for fname, value in self.WRITES.items():
                with self.subTest(user=user.login, field=fname):
                    with self.assertRaises(UserError) as caught:
                        as_user.write({fname: value})
                    if fname == "guest_code":
                        self.assertIn("can never be changed", str(caught.exception))
                    else:
                        self._assert_protected(caught, "res.partner", fname)
                    self.assertEqual(
                        self._read_back(self.allergic, self.FNAMES), self.initial
                    )
        self._assert_unchanged()

    def test_guest_file_fields_refused_on_create(self):
        creates = {**self.WRITES, "guest_allergy_summary": "None"}
        for user in self.users:
            for fname, value in creates.items():
                with self.subTest(user=user.login, field=fname):
                    with self.assertRaises(UserError) as caught:
                        self.env["res.partner"].with_user(user).create(
                            {"name": "Fiona Fake", fname: value}
                        )
                    self._assert_protected(caught, "res.partner", fname)
        self.assertFalse(
            self.env["res.partner"]
            .sudo()
            .with_context(active_test=False)
            .search([("name", "=", "Fiona Fake")])
        )

    def test_guest_file_fields_refused_on_import(self):
        Partner = self.env["res.partner"].sudo().with_context(active_test=False)
        for user in self.users:
            for fname, value in self.IMPORTS.items():
                with self.subTest(user=user.login, field=fname):
                    result = self._load(
                        "res.partner",
                        user,
                        [".id", fname],
                        [[str(self.allergic.id), value]],
                    )
                    self._assert_load_refused(
                        result,
                        "can never be changed" if fname == "guest_code" else PROTECTED,
                    )
                    if fname != "guest_allergy_summary":
                        result = self._load(
                            "res.partner",
                            user,
                            ["name", fname],
                            [["Ivan Import", value]],
                        )
                        self._assert_load_refused(result, PROTECTED)
                    self.assertFalse(Partner.search([("name", "=", "Ivan Import")]))
        self._assert_unchanged()

    def test_context_defaults_cannot_set_guest_file_fields(self):
        for fname, value, expected in (
            ("guest_anonymized", True, False),
            ("guest_anonymized_date", "2026-01-01 00:00:00", False),
            ("guest_marketing_consent_date", "2020-01-01 00:00:00", False),
            ("guest_code", "G-FAKE", None),
        ):
            for user in (self.user_front_desk, self.user_manager):
                with self.subTest(user=user.login, field=fname):
                    partner = self._create_with_default(
                        "res.partner",
                        user,
                        fname,
                        value,
                        {"name": "Dora Default", "is_hotel_guest": True},
                    )
                    if not partner:
                        continue
                    got = self._read_back(partner, [fname])[fname]
                    if fname == "guest_code":
                        # the next number of the sequence, not the client's
                        self.assertRegex(got, r"^G\d{6}$")
                    else:
                        self.assertEqual(got, expected)

    def test_same_value_is_no_change(self):
        same = {
            "guest_allergy_summary": "Peanuts",
            "guest_anonymized": False,
            "guest_anonymized_date": False,
            "guest_code": self.initial["guest_code"],
        }
        for user in self.users:
            with self.subTest(user=user.login):
                self.assertTrue(self.allergic.with_user(user).write(same))
        staff_only = {
            "guest_birth_month": 5,
            "guest_phone_key": "791234567",
            "guest_marketing_consent_date": self.initial[
                "guest_marketing_consent_date"
            ],
        }
        for user in (self.user_front_desk, self.user_manager):
            with self.subTest(user=user.login):
                self.assertTrue(self.allergic.with_user(user).write(staff_only))
        self._assert_unchanged()

    def test_module_code_still_writes_them(self):
        # the consent date follows the consent, set by the module itself
        before = self.initial["guest_marketing_consent_date"]
        with freeze_time("2030-01-02 03:04:05"):
            self.allergic.with_user(self.user_front_desk).write(
                {"guest_marketing_consent": False}
            )
        self.assertEqual(
            self._read_back(self.allergic, ["guest_marketing_consent_date"]),
            {"guest_marketing_consent_date": datetime(2030, 1, 2, 3, 4, 5)},
        )
        self.assertNotEqual(before, datetime(2030, 1, 2, 3, 4, 5))
        # and superuser code writes the protected fields
        self.allergic.sudo().write(
            {
                "guest_anonymized": True,
                "guest_anonymized_date": "2026-01-01 00:00:00",
                "guest_code": "G-SUPER",
            }
        )
        self.assertEqual(
            self._read_back(
                self.allergic,
                ("guest_anonymized", "guest_anonymized_date", "guest_code"),
            ),
            {
                "guest_anonymized": True,
                "guest_anonymized_date": datetime(2026, 1, 1),
                "guest_code": "G-SUPER",
            },
        )


# ----------------------------------------------------------------------
# hotel.guest.preference
# ----------------------------------------------------------------------


@tagged("post_install", "-at_install")
class TestPreferenceWriteGuards(WriteGuardCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.cat_bed = cls.env.ref("hotel_crm.preference_category_bed")
        cls.Pref = cls.env["hotel.guest.preference"]

    def _prefs(self):
        return (
            self.Pref.sudo()
            .with_context(active_test=False)
            .search([("partner_id", "=", self.guest.id)])
        )

    def _vals(self, **vals):
        return {
            "partner_id": self.guest.id,
            "category_id": self.cat_bed.id,
            "name": "Feather-free pillow",
            **vals,
        }

    @freeze_time("2026-04-15 10:00:00")
    def test_recorded_by_and_on_are_set_by_the_module(self):
        Pref = self.Pref.with_user(self.user_front_desk)
        for vals, refused in (
            ({"recorded_by_id": self.user_manager.id}, ["recorded_by_id"]),
            ({"recorded_on": "2020-01-01"}, ["recorded_on"]),
            ({"recorded_on": date(2026, 4, 16)}, ["recorded_on"]),
            # the user's own id is the default, the date is not
            (
                {
                    "recorded_by_id": self.user_front_desk.id,
                    "recorded_on": "2020-01-01",
                },
                ["recorded_on"],
            ),
        ):
            with self.subTest(vals=vals):
                with self.assertRaises(UserError) as caught:
                    Pref.create(self._vals(**vals))
                self._assert_protected(caught, "hotel.guest.preference", *refused)
        self.assertFalse(self._prefs())
        result = self._load(
            "hotel.guest.preference",
            self.user_front_desk,
            ["partner_id/.id", "category_id/.id", "name", "recorded_by_id/.id"],
            [
                [
                    str(self.guest.id),
                    str(self.cat_bed.id),
                    "Extra pillow",
                    str(self.user_manager.id),
                ]
            ],
        )
        self._assert_load_refused(result, PROTECTED)
        self.assertFalse(self._prefs())

        pref = Pref.create(self._vals())
        fnames = ("recorded_by_id", "recorded_on", "name")
        expected = {
            "recorded_by_id": self.user_front_desk,
            "recorded_on": date(2026, 4, 15),
            "name": "Feather-free pillow",
        }
        self.assertEqual(self._read_back(pref, fnames), expected)
        for user in (self.user_front_desk, self.user_manager):
            for vals in (
                {"recorded_by_id": self.user_manager.id},
                {"recorded_by_id": False},
                {"recorded_on": "2020-01-01"},
                {"recorded_on": False},
            ):
                with self.subTest(user=user.login, vals=vals):
                    with self.assertRaises(UserError) as caught:
                        pref.with_user(user).write(vals)
                    self._assert_protected(caught, "hotel.guest.preference", *vals)
                    self.assertEqual(self._read_back(pref, fnames), expected)
        result = self._load(
            "hotel.guest.preference",
            self.user_front_desk,
            [".id", "recorded_on"],
            [[str(pref.id), "2020-01-01"]],
        )
        self._assert_load_refused(result, PROTECTED)
        self.assertEqual(self._read_back(pref, fnames), expected)
        # the other fields stay open to the front desk
        pref.with_user(self.user_front_desk).write({"name": "Foam pillow"})
        self.assertEqual(
            self._read_back(pref, fnames), {**expected, "name": "Foam pillow"}
        )

    @freeze_time("2026-04-15 10:00:00")
    def test_defaults_sent_back_by_a_client_are_accepted(self):
        """A new record's form sends its defaults back: the user's own id and
        today's date are no attempt to forge anything."""
        Pref = self.Pref.with_user(self.user_front_desk)
        fnames = ("recorded_by_id", "recorded_on")
        expected = {
            "recorded_by_id": self.user_front_desk,
            "recorded_on": date(2026, 4, 15),
        }
        pref = Pref.create(
            self._vals(
                recorded_by_id=self.user_front_desk.id, recorded_on=date(2026, 4, 15)
            )
        )
        self.assertEqual(self._read_back(pref, fnames), expected)
        # as JSON carries it: a date is a string
        pref = Pref.create(self._vals(name="Firm mattress", recorded_on="2026-04-15"))
        self.assertEqual(self._read_back(pref, fnames), expected)

    @freeze_time("2026-04-15 10:00:00")
    def test_context_defaults_cannot_set_recorded_by_and_on(self):
        for fname, value, expected in (
            ("recorded_by_id", self.user_manager.id, self.user_front_desk),
            ("recorded_on", "2020-01-01", date(2026, 4, 15)),
        ):
            with self.subTest(field=fname):
                pref = self._create_with_default(
                    "hotel.guest.preference",
                    self.user_front_desk,
                    fname,
                    value,
                    self._vals(),
                )
                if pref:
                    self.assertEqual(self._read_back(pref, [fname]), {fname: expected})


# ----------------------------------------------------------------------
# Values: types, ranges, sizes
# ----------------------------------------------------------------------


@tagged("post_install", "-at_install")
class TestValueGuards(WriteGuardCommon):
    STAY_FIELDS = (
        "nightly_rate",
        "adults",
        "check_in_date",
        "channel",
        "room_number",
    )

    def _invalid(self, value, label):
        return f"{value} is not a valid value for {label}."

    def test_bad_values_refused_on_create(self):
        label = self._label
        cases = [
            ({"nightly_rate": float("nan")}, self._invalid("nan", "Nightly Rate")),
            ({"nightly_rate": float("inf")}, self._invalid("inf", "Nightly Rate")),
            ({"nightly_rate": float("-inf")}, self._invalid("-inf", "Nightly Rate")),
            (
                {"nightly_rate": 1e13},
                self._invalid("10000000000000.0", "Nightly Rate"),
            ),
            ({"adults": 2**31}, self._invalid("2147483648", "Adults")),
            ({"adults": "abc"}, self._invalid("abc", "Adults")),
            ({"check_in_date": "2026-13-45"}, self._invalid("2026-13-45", "Check-in")),
            ({"channel": "bogus"}, self._invalid("bogus", "Channel")),
            (
                {"room_number": "x" * 5_000_000},
                "Room Number is limited to 16 characters.",
            ),
            ({"room_number": "x" * 17}, "Room Number is limited to 16 characters."),
            ({"room_number": 204}, self._invalid("204", "Room Number")),
        ]
        self.assertEqual(label("hotel.stay", "room_number"), "Room Number")
        for vals, message in cases:
            with self.subTest(vals=str(vals)[:60]):
                with self.assertRaises(ValidationError) as caught:
                    self._stay(user=self.user_front_desk, **vals)
                self.assertEqual(str(caught.exception), message)
        self.assertFalse(self._stays_of(self.guest))
        # both sides of the limits
        stay = self._stay(
            user=self.user_front_desk,
            room_number="x" * 16,
            adults=2**31 - 1,
            nightly_rate=999_999_999_999.0,
        )
        self.assertEqual(
            self._read_back(stay, ("room_number", "adults", "nightly_rate")),
            {
                "room_number": "x" * 16,
                "adults": 2**31 - 1,
                "nightly_rate": 999_999_999_999.0,
            },
        )

    def test_bad_values_refused_on_write(self):
        stay = self._stay(user=self.user_front_desk, room_number="204")
        expected = {
            "nightly_rate": 120.0,
            "adults": 1,
            "check_in_date": date(2026, 3, 1),
            "channel": "walk_in",
            "room_number": "204",
        }
        self.assertEqual(self._read_back(stay, self.STAY_FIELDS), expected)
        as_front_desk = stay.with_user(self.user_front_desk)
        cases = [
            ({"nightly_rate": float("nan")}, self._invalid("nan", "Nightly Rate")),
            ({"nightly_rate": float("inf")}, self._invalid("inf", "Nightly Rate")),
            (
                {"nightly_rate": 1e13},
                self._invalid("10000000000000.0", "Nightly Rate"),
            ),
            ({"adults": 2**31}, self._invalid("2147483648", "Adults")),
            ({"adults": -(2**31) - 1}, self._invalid("-2147483649", "Adults")),
            ({"adults": "abc"}, self._invalid("abc", "Adults")),
            ({"check_in_date": "2026-13-45"}, self._invalid("2026-13-45", "Check-in")),
            ({"channel": "bogus"}, self._invalid("bogus", "Channel")),
            (
                {"room_number": "x" * 5_000_000},
                "Room Number is limited to 16 characters.",
            ),
            ({"room_number": "x" * 17}, "Room Number is limited to 16 characters."),
        ]
        for vals, message in cases:
            with self.subTest(vals=str(vals)[:60]):
                with self.assertRaises(ValidationError) as caught:
                    as_front_desk.write(vals)
                self.assertEqual(str(caught.exception), message)
                self.assertEqual(self._read_back(stay, self.STAY_FIELDS), expected)
        as_front_desk.write({"room_number": "y" * 16})
        self.assertEqual(
            self._read_back(stay, self.STAY_FIELDS),
            {**expected, "room_number": "y" * 16},
        )

    def test_bad_charge_values_refused(self):
        stay = self._stay(user=self.user_front_desk)
        self._hotel_check_in(stay, self.user_front_desk)
        Line = self.env["hotel.stay.line"].with_user(self.user_front_desk)
        for vals, message in (
            ({"price_unit": float("nan")}, self._invalid("nan", "Unit Price")),
            ({"quantity": float("inf")}, self._invalid("inf", "Quantity")),
            ({"name": "x" * 257}, "Description is limited to 256 characters."),
        ):
            with self.subTest(vals=str(vals)[:60]):
                with self.assertRaises(ValidationError) as caught:
                    Line.create(
                        {"stay_id": stay.id, "product_id": self.product_fb.id, **vals}
                    )
                self.assertEqual(str(caught.exception), message)
        self.assertFalse(stay.line_ids)

    def test_preference_name_size(self):
        category = self.env.ref("hotel_crm.preference_category_dietary")
        Pref = self.env["hotel.guest.preference"].with_user(self.user_front_desk)
        vals = {"partner_id": self.guest.id, "category_id": category.id}
        with self._hotel_assert_raises(
            ValidationError, "Preference is limited to 256 characters."
        ):
            Pref.create({**vals, "name": "v" * 257})
        prefs = (
            self.env["hotel.guest.preference"]
            .sudo()
            .search([("partner_id", "=", self.guest.id)])
        )
        self.assertFalse(prefs)
        pref = Pref.create({**vals, "name": "v" * 256})
        self.assertEqual(len(self._read_back(pref, ["name"])["name"]), 256)
        with self._hotel_assert_raises(
            ValidationError, "Preference is limited to 256 characters."
        ):
            pref.write({"name": "w" * 257})
        self.assertEqual(self._read_back(pref, ["name"]), {"name": "v" * 256})
        result = self._load(
            "hotel.guest.preference",
            self.user_front_desk,
            ["partner_id/.id", "category_id/.id", "name"],
            [
                [str(self.guest.id), str(category.id), "Vegan"],
                [str(self.guest.id), str(category.id), "w" * 257],
            ],
        )
        self._assert_load_refused(result, "Preference is limited to 256 characters.")
        self.assertEqual(
            self.env["hotel.guest.preference"]
            .sudo()
            .search([("partner_id", "=", self.guest.id)]),
            pref,
        )

    def test_one_bad_row_imports_nothing(self):
        fnames = [
            "partner_id/.id",
            "check_in_date",
            "check_out_date",
            "nightly_rate",
            "adults",
            "room_number",
        ]
        good = [str(self.guest.id), "2026-05-01", "2026-05-03", "120", "2", "101"]

        def later(nightly_rate="120", adults="1", room_number="102"):
            return [
                str(self.guest.id),
                "2026-06-01",
                "2026-06-03",
                nightly_rate,
                adults,
                room_number,
            ]

        for bad, message in (
            (later(nightly_rate="nan"), self._invalid("nan", "Nightly Rate")),
            (later(nightly_rate="inf"), self._invalid("inf", "Nightly Rate")),
            (
                later(nightly_rate="1e13"),
                self._invalid("10000000000000.0", "Nightly Rate"),
            ),
            (later(adults=str(2**31)), self._invalid("2147483648", "Adults")),
            (
                later(room_number="x" * 17),
                "Room Number is limited to 16 characters.",
            ),
        ):
            with self.subTest(message=message):
                result = self._load(
                    "hotel.stay", self.user_front_desk, fnames, [good, bad]
                )
                self._assert_load_refused(result, message)
                self.assertFalse(self._stays_of(self.guest))
        # the good rows alone go in
        result = self._load(
            "hotel.stay",
            self.user_front_desk,
            fnames,
            [good, later(room_number="x" * 16)],
        )
        self._assert_load_accepted(result, 2)
        self.assertEqual(
            sorted(self._stays_of(self.guest).mapped("room_number")), ["101", "x" * 16]
        )


# ----------------------------------------------------------------------
# account.move and account.move.line
# ----------------------------------------------------------------------


@tagged("post_install", "-at_install")
class TestInvoiceWriteGuards(WriteGuardCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Move = cls.env["account.move"].with_user(cls.user_accountant)

    def _invoice(self, stay):
        stay.with_user(self.user_accountant).action_create_invoices()
        return stay._hotel_valid_invoices()

    def test_stays_of_an_invoice_cannot_be_changed(self):
        stay = self._checked_out()
        other = self._checked_out(guest=self._hotel_create_guest("Olli Other"))
        invoice = self._invoice(stay)
        as_accountant = invoice.with_user(self.user_accountant)
        for vals in (
            {"hotel_stay_ids": [Command.clear()]},
            {"hotel_stay_ids": [Command.set(other.ids)]},
            {"hotel_stay_ids": [Command.link(other.id)]},
            {"hotel_stay_ids": [Command.unlink(stay.id)]},
        ):
            with self.subTest(vals=vals):
                with self._hotel_assert_raises(UserError, "cannot be changed"):
                    as_accountant.write(vals)
                self.assertEqual(
                    self._read_back(invoice, ["hotel_stay_ids"]),
                    {"hotel_stay_ids": stay},
                )
        result = self.Move.load([".id", "hotel_stay_ids/.id"], [[str(invoice.id), ""]])
        self._assert_load_refused(result, "cannot be changed")
        result = self.Move.load(
            [".id", "hotel_stay_ids/.id"], [[str(invoice.id), str(other.id)]]
        )
        self._assert_load_refused(result, "cannot be changed")
        self.assertEqual(
            self._read_back(invoice, ["hotel_stay_ids"]), {"hotel_stay_ids": stay}
        )
        self.assertFalse(other.invoice_ids)
        self.assertEqual(other.invoice_status, "to_invoice")
        # the same stays are no change
        as_accountant.write({"hotel_stay_ids": [Command.set(stay.ids)]})
        self.assertEqual(stay.invoice_ids, invoice)
        self.assertEqual(stay.invoice_status, "invoiced")

    def test_unrelated_invoice_cannot_claim_a_stay(self):
        stay = self._checked_out()
        invoices_before = self.env["account.move"].search_count([])
        with self._hotel_assert_raises(ValidationError, "bills no charge of the stays"):
            self.Move.create(
                {
                    "move_type": "out_invoice",
                    "partner_id": self.guest.id,
                    "hotel_stay_ids": [Command.set(stay.ids)],
                    "invoice_line_ids": [
                        Command.create(
                            {"name": "Parking", "quantity": 1, "price_unit": 10.0}
                        )
                    ],
                }
            )
        self.assertEqual(self.env["account.move"].search_count([]), invoices_before)
        self.assertEqual(
            self._read_back(stay, ("invoice_ids", "invoice_status", "is_unpaid")),
            {
                "invoice_ids": self.env["account.move"],
                "invoice_status": "to_invoice",
                "is_unpaid": True,
            },
        )
        # nor bill a stay's charge without going through the stay
        with self._hotel_assert_raises(
            ValidationError, "bills charges of stays it is not linked to"
        ):
            self.Move.create(
                {
                    "move_type": "out_invoice",
                    "partner_id": self.guest.id,
                    "invoice_line_ids": [
                        Command.create(
                            {
                                "name": "Room",
                                "quantity": 2,
                                "price_unit": 1.0,
                                "hotel_stay_line_id": stay.line_ids.id,
                            }
                        )
                    ],
                }
            )
        self.assertEqual(self.env["account.move"].search_count([]), invoices_before)
        self.assertFalse(stay.line_ids.invoice_line_ids)
        # the stay is still invoiced the normal way
        invoice = self._invoice(stay)
        self.assertEqual(invoice.hotel_stay_ids, stay)
        self.assertEqual(invoice.amount_untaxed, 240.0)

    def test_cancelled_invoice_cannot_come_back_once_invoiced_again(self):
        stay = self._checked_out()
        old = self._invoice(stay)
        old.with_user(self.user_accountant).button_cancel()
        self.assertEqual(old.state, "cancel")
        self.assertEqual(stay.invoice_status, "to_invoice")
        new = self._invoice(stay)
        self.assertEqual(len(new), 1)
        self.assertNotEqual(new, old)
        with self._hotel_assert_raises(ValidationError, "never invoiced twice"):
            old.with_user(self.user_accountant).button_draft()
        self.assertEqual(self._read_back(old, ["state"]), {"state": "cancel"})
        self.assertEqual(
            self._read_back(stay, ("invoice_ids", "invoice_status")),
            {"invoice_ids": old | new, "invoice_status": "invoiced"},
        )
        self.assertEqual(stay._hotel_valid_invoices(), new)
        # while the stay has no other invoice, the old one may come back
        new.with_user(self.user_accountant).button_cancel()
        old.with_user(self.user_accountant).button_draft()
        self.assertEqual(old.state, "draft")
        self.assertEqual(stay._hotel_valid_invoices(), old)

    def test_credit_note_stays_linked(self):
        stay = self._checked_out()
        invoice = self._invoice(stay)
        invoice.with_user(self.user_accountant).action_post()
        wizard = (
            self.env["account.move.reversal"]
            .with_user(self.user_accountant)
            .with_context(active_model="account.move", active_ids=invoice.ids)
            .create({"journal_id": invoice.journal_id.id, "reason": "Noisy room"})
        )
        action = wizard.refund_moves()
        credit_note = self.env["account.move"].browse(action["res_id"])
        self.assertEqual(credit_note.move_type, "out_refund")
        self.assertEqual(credit_note.reversed_entry_id, invoice)
        self.assertEqual(credit_note.hotel_stay_ids, stay)
        self.assertEqual(credit_note.invoice_line_ids.hotel_stay_line_id, stay.line_ids)
        credit_note.with_user(self.user_accountant).action_post()
        self.assertEqual(invoice.payment_state, "reversed")
        self.assertEqual(
            self._read_back(stay, ("invoice_ids", "invoice_status", "is_unpaid")),
            {
                "invoice_ids": invoice | credit_note,
                "invoice_status": "to_invoice",
                "is_unpaid": True,
            },
        )
        # the accountant cannot detach the credit note from the stay either
        with self._hotel_assert_raises(UserError, "cannot be changed"):
            credit_note.with_user(self.user_accountant).write(
                {"hotel_stay_ids": [Command.clear()]}
            )
        self.assertEqual(credit_note.hotel_stay_ids, stay)
        # and the stay is invoiced anew
        new = self._invoice(stay)
        self.assertEqual(new.hotel_stay_ids, stay)
        self.assertEqual(stay.invoice_status, "invoiced")

    def test_stay_charge_of_an_invoice_line_cannot_be_changed(self):
        stay = self._checked_out()
        other = self._checked_out(guest=self._hotel_create_guest("Olli Other"))
        invoice = self._invoice(stay)
        line = invoice.invoice_line_ids
        self.assertEqual(len(line), 1)
        self.assertEqual(line.hotel_stay_line_id, stay.line_ids)
        as_accountant = line.with_user(self.user_accountant)
        fnames = ("hotel_stay_line_id", "hotel_guest_id")
        expected = {"hotel_stay_line_id": stay.line_ids, "hotel_guest_id": self.guest}
        for vals in (
            {"hotel_stay_line_id": False},
            {"hotel_stay_line_id": other.line_ids.id},
            {"hotel_guest_id": other.partner_id.id},
        ):
            with self.subTest(vals=vals):
                with self._hotel_assert_raises(UserError, "cannot be changed"):
                    as_accountant.write(vals)
                self.assertEqual(self._read_back(line, fnames), expected)
        # nor through the invoice form
        with self._hotel_assert_raises(UserError, "cannot be changed"):
            invoice.with_user(self.user_accountant).write(
                {
                    "invoice_line_ids": [
                        Command.update(line.id, {"hotel_stay_line_id": False})
                    ]
                }
            )
        self.assertEqual(self._read_back(line, fnames), expected)
        # the same value is no change
        as_accountant.write({"hotel_stay_line_id": stay.line_ids.id})
        self.assertEqual(self._read_back(line, fnames), expected)

    def test_new_line_cannot_bill_another_stays_charge(self):
        stay = self._checked_out()
        other = self._checked_out(guest=self._hotel_create_guest("Olli Other"))
        invoice = self._invoice(stay)
        lines_before = invoice.line_ids
        amount_before = invoice.amount_untaxed
        self.assertEqual(amount_before, 240.0)
        charge = {
            "name": "Room",
            "quantity": 2,
            "price_unit": 1.0,
            "hotel_stay_line_id": other.line_ids.id,
        }
        # through the invoice form (a new line in the lines' one2many)
        with self.assertRaises(UserError):
            invoice.with_user(self.user_accountant).write(
                {"invoice_line_ids": [Command.create(charge)]}
            )
        # and through the invoice line model itself
        with self.assertRaises(UserError):
            self.env["account.move.line"].with_user(self.user_accountant).create(
                {**charge, "move_id": invoice.id}
            )
        self.assertEqual(
            self._read_back(invoice, ("line_ids", "amount_untaxed", "hotel_stay_ids")),
            {
                "line_ids": lines_before,
                "amount_untaxed": amount_before,
                "hotel_stay_ids": stay,
            },
        )
        self.assertFalse(other.line_ids.invoice_line_ids)
        self.assertFalse(other.invoice_ids)
