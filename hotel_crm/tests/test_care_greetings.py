"""Guest care: each hotel greets the guests who stayed there and gave
marketing consent before their birthday and the anniversary of their first
stay, once a year each, with an e-mail and an activity for Guest Relations."""

from datetime import date, timedelta

from freezegun import freeze_time

from odoo.tests import tagged

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
