"""Guest care: each hotel greets the guests who stayed there and gave
marketing consent before their birthday and the anniversary of their first
stay, once a year each, with an e-mail and an activity for Guest Relations."""

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

DAY = date(2026, 6, 15)
RELATIONS = "base.group_user,hotel_crm.group_hotel_relations"


@tagged("post_install", "-at_install")
class CareGreetingsCommon(HotelCrmCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company = cls.env.company
        cls.company.write(
            {"hotel_care_greeting_days": 3, "hotel_care_user_id": cls.user_relations.id}
        )
        cls.Greeting = cls.env["hotel.guest.greeting"]
        cls.Mail = cls.env["mail.mail"]
        cls.Activity = cls.env["mail.activity"]
        cls.birthday_type = cls.env.ref("hotel_crm.mail_activity_type_guest_birthday")
        cls.anniversary_type = cls.env.ref(
            "hotel_crm.mail_activity_type_guest_anniversary"
        )
        cls.silver = cls.env.ref("hotel_crm.membership_level_silver")
        cls.gold = cls.env.ref("hotel_crm.membership_level_gold")

    @classmethod
    def _guest_of(
        cls,
        name,
        birthdate=None,
        first_stay=date(2020, 9, 10),
        company=None,
        consent=True,
        email=True,
        **vals,
    ):
        """A guest who stayed at ``company`` (checked in on ``first_stay``,
        two nights) and gave marketing consent unless told otherwise."""
        login = name.lower().replace(" ", ".")
        guest = cls._hotel_create_guest(
            name,
            email=f"{login}@example.com" if email else False,
            guest_birthdate=birthdate,
            guest_marketing_consent=consent,
            **vals,
        )
        if first_stay:
            cls._stay_of(guest, first_stay, company)
        return guest

    @classmethod
    def _stay_of(cls, guest, check_in, company=None, state="checked_out"):
        company = company or cls.company
        return (
            cls.env["hotel.stay"]
            .with_company(company)
            .create(
                {
                    "partner_id": guest.id,
                    "company_id": company.id,
                    "check_in_date": check_in,
                    "check_out_date": check_in + timedelta(days=2),
                    "state": state,
                }
            )
        )

    def _run(self, on_date):
        """The scheduled action on ``on_date``; returns its new greetings."""
        before = self.Greeting.search([]).ids
        with freeze_time(on_date):
            self.env["res.partner"]._hotel_cron_guest_care()
        return self.Greeting.search([("id", "not in", before)], order="id")

    def _greeted(self, greetings):
        return {(g.partner_id.name, g.kind, g.year, g.occasion_date) for g in greetings}

    def _activities(self, guests):
        return self.Activity.search(
            [("res_model", "=", "res.partner"), ("res_id", "in", guests.ids)],
            order="id",
        )

    def _mails(self, guests):
        return self.Mail.search(
            [("model", "=", "res.partner"), ("res_id", "in", guests.ids)], order="id"
        )


@tagged("post_install", "-at_install")
class TestBirthdayWindow(CareGreetingsCommon):
    def test_window_from_today_to_the_greeting_days(self):
        yesterday = self._guest_of("Yesterday Born", date(1990, 6, 14))
        today = self._guest_of("Today Born", date(1990, 6, 15))
        in_three = self._guest_of("Three Days Born", date(1990, 6, 18))
        in_four = self._guest_of("Four Days Born", date(1990, 6, 19))
        guests = yesterday | today | in_three | in_four
        greetings = self._run(DAY)
        self.assertEqual(
            self._greeted(greetings),
            {
                ("Today Born", "birthday", 2026, date(2026, 6, 15)),
                ("Three Days Born", "birthday", 2026, date(2026, 6, 18)),
            },
        )
        self.assertEqual(greetings.mapped("date"), [DAY, DAY])
        self.assertEqual(greetings.company_id, self.company)
        self.assertTrue(all(greetings.mapped("emailed")))
        mails = self._mails(guests)
        self.assertEqual(mails.recipient_ids, today | in_three)
        self.assertEqual(
            sorted(mails.mapped("subject")),
            ["Happy birthday, Three Days Born!", "Happy birthday, Today Born!"],
        )
        activities = self._activities(guests)
        self.assertEqual(
            [
                (a.res_id, a.activity_type_id, a.user_id, a.date_deadline, a.summary)
                for a in activities
            ],
            [
                (
                    today.id,
                    self.birthday_type,
                    self.user_relations,
                    date(2026, 6, 15),
                    "Birthday on 06/15/2026",
                ),
                (
                    in_three.id,
                    self.birthday_type,
                    self.user_relations,
                    date(2026, 6, 18),
                    "Birthday on 06/18/2026",
                ),
            ],
        )
        # the next day, the fourth guest comes into the window
        self.assertEqual(
            self._greeted(self._run(DAY + timedelta(days=1))),
            {("Four Days Born", "birthday", 2026, date(2026, 6, 19))},
        )

    def test_greeted_once_a_year(self):
        guest = self._guest_of("Once Born", date(1985, 6, 17))
        self.assertEqual(len(self._run(DAY)), 1)
        # a rerun the same day, and the days up to the birthday: nothing new
        for offset in (0, 1, 2):
            self.assertFalse(self._run(DAY + timedelta(days=offset)))
        self.assertEqual(len(self._mails(guest)), 1)
        self.assertEqual(len(self._activities(guest)), 1)
        # next year again
        self.assertEqual(
            self._greeted(self._run(date(2027, 6, 14))),
            {("Once Born", "birthday", 2027, date(2027, 6, 17))},
        )
        self.assertEqual(len(self._mails(guest)), 2)

    def test_a_missed_day_loses_nobody(self):
        self._guest_of("Missed Born", date(1985, 6, 15))
        # the runs of 12 to 14 June did not happen: on the 15th still
        self.assertEqual(len(self._run(DAY)), 1)

    def test_year_wrap(self):
        self._guest_of("New Year Born", date(1980, 1, 1))
        self._guest_of("Third January Born", date(1980, 1, 3))
        self.assertEqual(
            self._greeted(self._run(date(2026, 12, 30))),
            {("New Year Born", "birthday", 2027, date(2027, 1, 1))},
        )
        # on the day itself, in the new year: already greeted
        self.assertEqual(
            self._greeted(self._run(date(2027, 1, 1))),
            {("Third January Born", "birthday", 2027, date(2027, 1, 3))},
        )
        self.assertFalse(self._run(date(2027, 1, 2)))

    def test_29_february(self):
        leapling = self._guest_of("Leap Born", date(2000, 2, 29))
        self._guest_of("March Born", date(2000, 3, 1))
        # 2027 has no 29 February: greeted for the 28th, so on the 25th
        self.assertFalse(self._run(date(2027, 2, 24)))
        self.assertEqual(
            self._greeted(self._run(date(2027, 2, 25))),
            {("Leap Born", "birthday", 2027, date(2027, 2, 28))},
        )
        self.assertEqual(self._activities(leapling).summary, "Birthday on 02/28/2027")
        self.assertEqual(
            self._greeted(self._run(date(2027, 2, 26))),
            {("March Born", "birthday", 2027, date(2027, 3, 1))},
        )
        # 2028 has one: greeted for the 29th, not before the 26th
        self.assertFalse(self._run(date(2028, 2, 25)))
        self.assertEqual(
            self._greeted(self._run(date(2028, 2, 26))),
            {("Leap Born", "birthday", 2028, date(2028, 2, 29))},
        )

    def test_the_greeting_days_of_the_hotel(self):
        self.company.hotel_care_greeting_days = 0
        self._guest_of("Tomorrow Born", date(1990, 6, 16))
        self._guest_of("Today Born", date(1990, 6, 15))
        self.assertEqual(
            self._greeted(self._run(DAY)),
            {("Today Born", "birthday", 2026, DAY)},
        )


@tagged("post_install", "-at_install")
class TestWhoIsGreeted(CareGreetingsCommon):
    def test_never_without_consent_nor_anonymized_restricted_or_archived(self):
        born = date(1990, 6, 16)
        self._guest_of("No Consent", born, consent=False)
        anonymized = self._guest_of("Anonymized", born)
        anonymized.sudo().write({"guest_anonymized": True})
        restricted = self._guest_of("Restricted", born)
        restricted._hotel_restrict("Damaged the room")
        with freeze_time(DAY - timedelta(days=10)):
            # in force until yesterday only: greeted
            self._guest_of("Was Restricted", born)._hotel_restrict(
                "Unpaid bill", until=DAY - timedelta(days=1)
            )
            # in force until the birthday: not greeted
            self._guest_of("Still Restricted", born)._hotel_restrict(
                "Unpaid bill", until=DAY + timedelta(days=1)
            )
        self._guest_of("Archived", born).action_archive()
        self._guest_of("Never Stayed", born, first_stay=None)
        booked = self._guest_of("Only Booked", born, first_stay=None)
        self._stay_of(booked, DAY + timedelta(days=30), state="booked")
        cancelled = self._guest_of("Only Cancelled", born, first_stay=None)
        self._stay_of(cancelled, DAY - timedelta(days=30), state="cancelled")
        in_house = self._guest_of("In House", born, first_stay=None)
        self._stay_of(in_house, DAY - timedelta(days=1), state="checked_in")
        self.env["res.partner"].create(
            {"name": "Not A Guest", "guest_birthdate": born, "email": "n@example.com"}
        )
        self.assertEqual(
            {g.partner_id.name for g in self._run(DAY)},
            {"Was Restricted", "In House"},
        )

    def test_without_e_mail_the_activity_only(self):
        guest = self._guest_of("No Address", date(1990, 6, 16), email=False)
        greeting = self._run(DAY)
        self.assertEqual((greeting.partner_id, greeting.emailed), (guest, False))
        self.assertFalse(self._mails(guest))
        self.assertEqual(self._activities(guest).summary, "Birthday on 06/16/2026")
        # greeted all the same: not again once the address is known
        guest.email = "known@example.com"
        self.assertFalse(self._run(DAY + timedelta(days=1)))
        self.assertFalse(self._mails(guest))

    def test_the_e_mail_shows_the_level_and_its_benefits(self):
        member = self._guest_of("Silver Member", date(1990, 6, 16), lang="en_US")
        member.guest_level_id = self.silver
        plain = self._guest_of("Plain Guest", date(1990, 6, 16))
        self._run(DAY)
        mail = self._mails(member)
        self.assertIn("Silver", mail.body_html)
        self.assertIn("Late check-out until 13:00 on request", mail.body_html)
        self.assertIn(self.company.name, mail.body_html)
        self.assertNotIn("member", self._mails(plain).body_html)
        self.assertEqual(
            self.env.ref("hotel_crm.mail_template_guest_birthday").lang,
            "{{ object.lang }}",
        )


@tagged("post_install", "-at_install")
class TestFirstStayAnniversary(CareGreetingsCommon):
    def test_on_the_anniversary_of_the_first_stay(self):
        guest = self._guest_of("Faithful", first_stay=date(2023, 6, 17))
        self._stay_of(guest, date(2024, 6, 16))
        self._stay_of(guest, date(2025, 6, 15))
        greetings = self._run(DAY)
        self.assertEqual(
            self._greeted(greetings),
            {("Faithful", "anniversary", 2026, date(2026, 6, 17))},
        )
        self.assertEqual(
            self._mails(guest).subject,
            "Another year since your first stay with us, Faithful",
        )
        activity = self._activities(guest)
        self.assertEqual(
            (activity.activity_type_id, activity.summary, activity.user_id),
            (
                self.anniversary_type,
                "First-stay anniversary on 06/17/2026",
                self.user_relations,
            ),
        )
        self.assertFalse(self._run(DAY + timedelta(days=2)))
        self.assertEqual(len(self._run(date(2027, 6, 16))), 1)

    def test_not_in_the_first_year(self):
        self._guest_of("Newcomer", first_stay=DAY)
        self._guest_of("Last Year", first_stay=date(2025, 6, 16))
        self.assertEqual(
            self._greeted(self._run(DAY)),
            {("Last Year", "anniversary", 2026, date(2026, 6, 16))},
        )

    def test_birthday_and_anniversary_the_same_week(self):
        guest = self._guest_of(
            "Double", date(1990, 6, 16), first_stay=date(2022, 6, 18)
        )
        self.assertEqual(
            self._greeted(self._run(DAY)),
            {
                ("Double", "birthday", 2026, date(2026, 6, 16)),
                ("Double", "anniversary", 2026, date(2026, 6, 18)),
            },
        )
        self.assertEqual(len(self._mails(guest)), 2)
        self.assertEqual(
            self._activities(guest).activity_type_id,
            self.birthday_type | self.anniversary_type,
        )


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
