"""Guest care greetings hotel by hotel, the scheduled action (batches,
queries, two runs at once) and who reads the greetings."""

import threading
from datetime import date, timedelta
from unittest.mock import patch

from freezegun import freeze_time

from odoo.exceptions import AccessError
from odoo.fields import Command
from odoo.service.model import retrying
from odoo.tests import new_test_user, tagged

from ..models import res_partner_care_greetings
from .common import HotelCrmCommon
from .test_care_greetings import DAY, RELATIONS, CareGreetingsCommon


@tagged("post_install", "-at_install")
class TestGreetingsPerHotel(CareGreetingsCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.bravo = cls.env["res.company"].create(
            {"name": "Hotel Bravo Care", "hotel_care_greeting_days": 10}
        )
        cls.relations_b = new_test_user(
            cls.env,
            login="care_relations_b",
            name="Bruno Relations",
            groups=RELATIONS,
            company_id=cls.bravo.id,
            company_ids=[Command.set(cls.bravo.ids)],
        )
        cls.front_desk_b = new_test_user(
            cls.env,
            login="care_front_desk_b",
            groups="base.group_user,hotel_crm.group_hotel_user",
            company_id=cls.bravo.id,
            company_ids=[Command.set(cls.bravo.ids)],
        )

    def test_each_hotel_its_guests_days_contact_and_level(self):
        in_five = date(1990, 6, 20)
        alpha_only = self._guest_of("Alpha Only", DAY.replace(year=1990))
        both = self._guest_of("Both Hotels", in_five, first_stay=date(2024, 1, 10))
        self._stay_of(both, date(2025, 3, 1), self.bravo)
        bravo_only = self._guest_of(
            "Bravo Only",
            date(1990, 6, 23),
            first_stay=date(2025, 5, 1),
            company=self.bravo,
        )
        both.guest_level_id = self.silver
        both.with_company(self.bravo).guest_level_id = self.gold
        greetings = self._run(DAY)
        self.assertEqual(
            {(g.partner_id.name, g.company_id, g.occasion_date) for g in greetings},
            {
                ("Alpha Only", self.company, DAY),
                # Alpha greets 3 days ahead, Bravo 10
                ("Both Hotels", self.bravo, date(2026, 6, 20)),
                ("Bravo Only", self.bravo, date(2026, 6, 23)),
            },
        )
        # Bravo has no contact: its first Guest Relations user
        self.assertEqual(
            {
                (a.res_id, a.user_id)
                for a in self._activities(alpha_only | both | bravo_only)
            },
            {
                (alpha_only.id, self.user_relations),
                (both.id, self.relations_b),
                (bravo_only.id, self.relations_b),
            },
        )
        # the level at Bravo, in Bravo's name
        mail = self._mails(both)
        self.assertIn("Gold", mail.body_html)
        self.assertIn("Room upgrade when available", mail.body_html)
        self.assertNotIn("Silver", mail.body_html)
        self.assertIn("Hotel Bravo Care", mail.body_html)
        # Alpha greets the same guest on its own days
        self.assertEqual(
            {(g.partner_id, g.company_id) for g in self._run(date(2026, 6, 17))},
            {(both, self.company)},
        )

    def test_a_contact_who_does_not_work_there_is_replaced(self):
        self.bravo.hotel_care_user_id = self.user_relations
        guest = self._guest_of("Bravo Guest", date(1990, 6, 16), company=self.bravo)
        self._run(DAY)
        self.assertEqual(self._activities(guest).user_id, self.relations_b)

    def test_no_one_for_guest_care_the_e_mail_only(self):
        self.relations_b.action_archive()
        guest = self._guest_of("Bravo Guest", date(1990, 6, 16), company=self.bravo)
        self.assertEqual(len(self._run(DAY)), 1)
        self.assertEqual(len(self._mails(guest)), 1)
        self.assertFalse(self._activities(guest))

    def test_staff_read_the_greetings_of_their_hotel_only(self):
        self._guest_of("Alpha Guest", date(1990, 6, 16))
        self._guest_of("Bravo Guest", date(1990, 6, 16), company=self.bravo)
        greetings = self._run(DAY)
        self.assertEqual(len(greetings), 2)
        for user, hotel in (
            (self.user_front_desk, self.company),
            (self.front_desk_b, self.bravo),
        ):
            seen = self.Greeting.with_user(user).search([("id", "in", greetings.ids)])
            self.assertEqual(seen.company_id, hotel)
        self.assertFalse(self.Greeting.with_user(self.user_internal).has_access("read"))

    def test_nobody_writes_the_greetings(self):
        self._guest_of("Alpha Guest", date(1990, 6, 16))
        greeting = self._run(DAY)
        for user in (self.user_front_desk, self.user_manager):
            with self.subTest(user=user.login):
                Greeting = self.Greeting.with_user(user)
                with self.assertRaises(AccessError):
                    Greeting.create(
                        {
                            "partner_id": greeting.partner_id.id,
                            "company_id": self.company.id,
                            "kind": "birthday",
                            "year": 2027,
                            "occasion_date": date(2027, 6, 16),
                            "date": DAY,
                        }
                    )
                with self.assertRaises(AccessError):
                    greeting.with_user(user).write({"year": 2025})
                with self.assertRaises(AccessError):
                    greeting.with_user(user).unlink()
        self.assertEqual(greeting.year, 2026)


@tagged("post_install", "-at_install")
class TestCareScheduledAction(CareGreetingsCommon):
    def test_the_scheduled_action(self):
        cron = self.env.ref("hotel_crm.ir_cron_guest_care")
        self.assertEqual(
            (
                cron.model_id.model,
                cron.code,
                cron.interval_number,
                cron.interval_type,
                cron.active,
            ),
            ("res.partner", "model._hotel_cron_guest_care()", 1, "days", True),
        )

    def test_in_batches(self):
        for name in ("Batch One", "Batch Two", "Batch Three"):
            self._guest_of(name, date(1990, 6, 16))
        Partner = self.env["res.partner"]
        with (
            freeze_time(DAY),
            patch.object(res_partner_care_greetings, "GREETING_BATCH", 2),
        ):
            self.assertEqual(Partner._hotel_cron_guest_care(), 2)
            self.assertEqual(Partner._hotel_cron_guest_care(), 1)
            self.assertEqual(Partner._hotel_cron_guest_care(), 0)
        self.assertEqual(self.Greeting.search_count([("date", "=", DAY)]), 3)

    def test_queries_do_not_grow_with_the_guests(self):
        """Ten guests due, then a hundred: the same queries (Odoo renders the
        e-mails by ``mail.batch_size``, set above a hundred here)."""
        self.env["ir.config_parameter"].set_param("mail.batch_size", 200)
        first, second = date(2026, 6, 16), date(2026, 6, 26)
        for number in range(10):
            self._guest_of(f"Ten {number}", first.replace(year=1990))
        for number in range(100):
            self._guest_of(f"Hundred {number}", second.replace(year=1990))
        counts = []
        # a first run for one guest fills Odoo's caches (models, templates)
        self._guest_of("Warm Up", (first - timedelta(days=5)).replace(year=1990))
        for day, due in ((first - timedelta(days=5), 1), (first, 10), (second, 100)):
            self.env.flush_all()
            self.env.invalidate_all()
            with freeze_time(day - timedelta(days=1)):
                start = self.cr.sql_log_count
                self.assertEqual(self.env["res.partner"]._hotel_cron_guest_care(), due)
                self.env.flush_all()
                counts.append(self.cr.sql_log_count - start)
        # ten guests or a hundred: the same 36 queries
        self.assertEqual(counts[1:], [36, 36])


@tagged("post_install", "-at_install")
class TestGreetingRace(HotelCrmCommon):
    """Two runs of the guest care pass at the same moment (the scheduled one
    and one started by hand): each saw the guest not greeted yet; the second
    insert fails to serialize (the unique key) and its transaction is rolled
    back and retried: the guest is greeted by one of them only."""

    def test_two_runs_at_once_greet_once(self):
        registry = self.registry
        admin = self.env.ref("base.user_admin").id
        barrier = threading.Barrier(2, timeout=20)
        claimed, errors, attempts = [], [], []
        with registry.cursor() as cr:
            env = self.env(cr=cr, user=admin)
            company = env.ref("base.main_company")
            guest = env["res.partner"].create(
                {
                    "name": "Rory Race",
                    "is_hotel_guest": True,
                    "guest_birthdate": date(1990, 6, 16),
                    "guest_marketing_consent": True,
                }
            )
            stay = env["hotel.stay"].create(
                {
                    "partner_id": guest.id,
                    "company_id": company.id,
                    "check_in_date": date(2021, 9, 10),
                    "check_out_date": date(2021, 9, 12),
                    "state": "checked_out",
                }
            )
            env.flush_all()
            cr.commit()  # pylint: disable=invalid-commit
            guest_id, stay_id, company_id = guest.id, stay.id, company.id

        def run():
            try:
                with registry.cursor() as cr:
                    env = self.env(cr=cr, user=admin)
                    Greeting = env["hotel.guest.greeting"].sudo()
                    company = env["res.company"].browse(company_id)
                    # both see the guest not greeted yet
                    self.assertFalse(
                        Greeting.search_count([("partner_id", "=", guest_id)])
                    )
                    barrier.wait()

                    def work():
                        attempts.append(1)
                        greetings = Greeting._hotel_claim_due(company, DAY, 500)
                        claimed.append(greetings.partner_id.ids)

                    retrying(work, env)
            except Exception as error:  # pylint: disable=broad-except
                errors.append(error)

        threads = [threading.Thread(target=run) for _i in range(2)]
        try:
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join(timeout=60)
            self.assertFalse(errors)
            # the run that inserted second could not serialize its insert and
            # was retried, as Odoo retries a request: the race did happen, and
            # the retry found the guest greeted
            self.assertEqual(len(attempts), 3)
            self.assertEqual(sorted(ids.count(guest_id) for ids in claimed), [0, 1])
            with registry.cursor() as cr:
                cr.execute(
                    "SELECT kind, year FROM hotel_guest_greeting WHERE partner_id = %s",
                    [guest_id],
                )
                self.assertEqual(cr.fetchall(), [("birthday", 2026)])
        finally:
            with registry.cursor() as cr:
                cr.execute(
                    "DELETE FROM hotel_guest_greeting WHERE partner_id = %s", [guest_id]
                )
                for model, res_id in (
                    ("hotel.stay", stay_id),
                    ("res.partner", guest_id),
                ):
                    cr.execute(
                        "DELETE FROM mail_followers WHERE res_model = %s "
                        "AND res_id = %s",
                        [model, res_id],
                    )
                    cr.execute(
                        "DELETE FROM mail_message WHERE model = %s AND res_id = %s",
                        [model, res_id],
                    )
                cr.execute("DELETE FROM hotel_stay WHERE id = %s", [stay_id])
                cr.execute("DELETE FROM res_partner WHERE id = %s", [guest_id])
