"""Data retention: guests without a stay for the hotel's retention period are
anonymized by a daily scheduled action, with the manual anonymization's
rules; managers see the list before switching it on."""

from datetime import date, timedelta
from unittest.mock import patch

from freezegun import freeze_time

from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from ..models import res_partner_data_retention
from .test_retention import RetentionCommon

D = date(2026, 6, 15)
DAYS = 1095


@tagged("post_install", "-at_install")
class TestDataRetention(RetentionCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.write(
            {"hotel_retention_anonymize": True, "hotel_retention_anonymize_days": DAYS}
        )

    def _inactive(self, name, days=DAYS, **kwargs):
        """A guest whose last stay ended ``days`` before D."""
        guest = self._member(name)
        self._past(guest, D - timedelta(days=days), **kwargs)
        return guest

    def _due(self, guests, **context):
        Partner = self.env["res.partner"].with_context(**context)
        with freeze_time(D):
            return Partner.search(
                [("id", "in", guests.ids), ("guest_retention_due", "=", True)]
            )

    def _cron(self):
        with freeze_time(D):
            return self.env["res.partner"].sudo()._hotel_cron_data_retention()

    def test_both_sides_of_the_period(self):
        old = self._inactive("Olga Old")
        recent = self._inactive("Rena Recent", days=DAYS - 1)
        self.assertEqual(self._due(old | recent), old)
        self.assertEqual(self._cron(), 1)
        self.assertTrue(old.guest_anonymized)
        self.assertEqual(old.name, f"Anonymized guest {old.guest_code}")
        self.assertFalse(recent.guest_anonymized)
        self.assertIn(
            "Personal data removed by the hotel's data retention",
            old.message_ids[0].body,
        )
        # a rerun has nobody left
        self.assertEqual(self._cron(), 0)

    def test_exclusions_of_the_manual_anonymization(self):
        unpaid = self._inactive("Una Unpaid", invoice=True)
        paid = self._inactive("Paula Paid", invoice=True)
        self._pay(paid.guest_stay_ids.invoice_ids)
        complained = self._inactive("Clara Complaint")
        self._complaint(complained, D - timedelta(days=DAYS + 5))
        booked = self._inactive("Bea Booked")
        self.env["hotel.stay"].create(
            {
                "partner_id": booked.id,
                "room_type_id": self.room_double.id,
                "check_in_date": D + timedelta(days=30),
                "check_out_date": D + timedelta(days=32),
            }
        )
        parent = self._inactive("Pia Parent")
        self.env["res.partner"].create(
            {"name": "Pia's assistant", "parent_id": parent.id}
        )
        everyone = unpaid | paid | complained | booked | parent
        self.assertEqual(self._due(everyone), paid)
        self.assertEqual(self._cron(), 1)
        self.assertEqual(everyone.filtered("guest_anonymized"), paid)
        # the complaint is resolved: the guest is due the next day
        complained.guest_complaint_ids.with_user(self.user_manager).action_cancel()
        self.assertEqual(self._due(everyone), complained)

    def test_every_hotel_of_the_guest_must_agree(self):
        guest = self._inactive("Tess Two Hotels")
        self._past(guest, D - timedelta(days=DAYS + 100), company=self.bravo, nights=2)
        # Bravo keeps its guests' files: no anonymization
        self.assertFalse(self._due(guest))
        self.bravo.write(
            {"hotel_retention_anonymize": True, "hotel_retention_anonymize_days": 2000}
        )
        self.assertFalse(self._due(guest))
        self.bravo.hotel_retention_anonymize_days = DAYS + 100
        self.assertEqual(self._due(guest), guest)

    def test_the_list_shows_the_hotels_own_guests(self):
        """A guest due at another hotel only is not listed here (the
        scheduled action anonymizes them all the same)."""
        elsewhere = self._member("Elsa Elsewhere")
        self._past(elsewhere, D - timedelta(days=DAYS + 5), company=self.bravo)
        self.bravo.write({"hotel_retention_anonymize": True})
        here = self._inactive("Hana Here")
        guests = here | elsewhere
        domain = [("id", "in", guests.ids), ("guest_retention_due", "=", True)]
        with freeze_time(D):
            manager = self.env["res.partner"].with_user(self.user_manager)
            self.assertEqual(manager.search(domain), here)
            at_bravo = self.env["res.partner"].with_context(
                allowed_company_ids=[self.bravo.id]
            )
            self.assertEqual(at_bravo.search(domain), elsewhere)
        self.assertEqual(self._cron(), 2)
        self.assertTrue(elsewhere.guest_anonymized)

    def test_off_by_default_and_preview_before_switching_on(self):
        self.company.hotel_retention_anonymize = False
        old = self._inactive("Otto Old")
        older = self._inactive("Olivia Older", days=2000)
        self.assertFalse(self._due(old | older))
        self.assertEqual(self._cron(), 0)
        self.assertFalse((old | older).filtered("guest_anonymized"))
        # the manager checks the list with a period of 1,500 days
        settings = (
            self.env["hotel.settings"]
            .with_user(self.user_manager)
            .create({"hotel_retention_anonymize_days": 1500})
        )
        with freeze_time(D):
            action = settings.action_hotel_retention_preview()
            Partner = (
                self.env["res.partner"]
                .with_user(self.user_manager)
                .with_context(**action["context"])
            )
            shown = Partner.search(action["domain"] + [("id", "in", (old | older).ids)])
        self.assertEqual(shown, older)
        self.assertEqual(action["context"]["hotel_retention_preview_days"], 1500)
        # nothing changed: the preview writes no setting
        self.assertFalse(self.company.hotel_retention_anonymize)
        # Odoo's settings screen offers the same list to administrators
        with freeze_time(D):
            config = self.env["res.config.settings"].create(
                {"hotel_retention_anonymize_days": 1000}
            )
            action = config.action_hotel_retention_preview()
            shown = (
                self.env["res.partner"]
                .with_context(**action["context"])
                .search(action["domain"] + [("id", "in", (old | older).ids)])
            )
        self.assertEqual(shown, old | older)

    def test_only_managers_see_the_list(self):
        for user in (self.user_front_desk, self.user_relations):
            with self.subTest(user=user.login), self.assertRaises(AccessError):
                self.env["hotel.settings"].with_user(user).create({})
            with self.assertRaises(AccessError):
                self.env["res.partner"].with_user(user).search(
                    [("guest_retention_due", "=", True)]
                )

    def test_batches_and_a_guest_refused_meanwhile(self):
        guests = [self._inactive(f"Guest {i}", days=DAYS + i) for i in range(3)]
        refused = guests[0]
        Partner = type(self.env["res.partner"])
        original = Partner._hotel_check_can_anonymize

        def check(model, partners):
            if refused in partners:
                # what the anonymization would say (a test message, not translated)
                refusal = "A bill was posted meanwhile."
                raise UserError(refusal)
            return original(model, partners)

        with (
            patch.object(res_partner_data_retention, "RETENTION_BATCH", 2),
            patch.object(Partner, "_hotel_check_can_anonymize", check),
            patch.object(type(self.env["ir.cron"]), "_notify_progress") as progress,
        ):
            # the first two: the refused one is left, the other goes on
            self.assertEqual(self._cron(), 1)
            progress.assert_called_with(done=1, remaining=1)
            self.assertEqual([g.guest_anonymized for g in guests], [False, True, False])
            self.assertEqual(self._cron(), 1)
            self.assertEqual([g.guest_anonymized for g in guests], [False, True, True])
            # only the refused one is left: no progress, the run ends
            self.assertEqual(self._cron(), 0)
            progress.assert_called_with(done=0, remaining=0)
