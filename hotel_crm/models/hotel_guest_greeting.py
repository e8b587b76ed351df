from datetime import timedelta

from odoo import api, fields, models
from odoo.tools import SQL, format_date

KINDS = [("birthday", "Birthday"), ("anniversary", "First-Stay Anniversary")]
# the stays that make a contact a guest of the hotel, and date the first stay
STAYED = ("checked_in", "checked_out")


class HotelGuestGreeting(models.Model):
    """A greeting of a guest by one hotel: the guest's birthday or the
    anniversary of their first stay there, once a year each. The row is
    written by the daily guest care pass only (sudo), in the transaction of
    the e-mail and the activity: its unique key is what makes a rerun, or two
    runs at the same time, greet nobody twice."""

    _name = "hotel.guest.greeting"
    _description = "Guest Greeting"
    _order = "date desc, id desc"
    _rec_name = "partner_id"

    partner_id = fields.Many2one(
        "res.partner",
        string="Guest",
        required=True,
        index=True,
        readonly=True,
        ondelete="cascade",
    )
    company_id = fields.Many2one(
        "res.company",
        string="Hotel",
        required=True,
        index=True,
        readonly=True,
        ondelete="cascade",
    )
    kind = fields.Selection(KINDS, string="Occasion", required=True, readonly=True)
    year = fields.Integer(
        required=True,
        readonly=True,
        aggregator=None,
        help="The year of the birthday or the anniversary greeted.",
    )
    occasion_date = fields.Date(
        string="Occasion On",
        required=True,
        readonly=True,
        help="The day of the birthday or the anniversary.",
    )
    date = fields.Date(
        string="Greeted On",
        required=True,
        readonly=True,
        help="The day the daily guest care pass greeted the guest.",
    )
    emailed = fields.Boolean(
        string="E-mail Sent",
        readonly=True,
        help="The guest had an e-mail address: the greeting was e-mailed.",
    )

    _sql_constraints = [
        (
            "occasion_uniq",
            "UNIQUE(partner_id, company_id, kind, year)",
            "A hotel greets a guest once a year for each occasion.",
        )
    ]

    @api.model
    def _hotel_window(self, today, days):
        """``[("MM-DD", day)]``: the days from ``today`` to ``days`` days
        later, by the month and day a birthday or an anniversary falls on.
        In a year without 29 February, that day is greeted on the 28th."""
        window = []
        for offset in range(days + 1):
            day = today + timedelta(days=offset)
            window.append((day.strftime("%m-%d"), day))
            if (day.month, day.day) == (2, 28) and (day + timedelta(days=1)).day == 1:
                window.append(("02-29", day))
        return window

    @api.model
    def _hotel_claim_due(self, company, today, limit):
        """Record the greetings due at ``company`` on ``today`` (up to
        ``limit``), with one statement: the guests who stayed there (checked
        in or out), gave marketing consent, are neither anonymized, archived
        nor restricted on ``today``, whose birthday or first-stay anniversary
        (a year at least) falls within the hotel's greeting days. A greeting
        recorded by an earlier run is left out; one that a run at the same
        moment records first hits the unique key (``ON CONFLICT DO
        NOTHING``), which in Odoo's repeatable-read transactions fails to
        serialize: this run is rolled back with its e-mails and activities,
        and its retry leaves the greeting out. Returns the new greetings."""
        window = self._hotel_window(today, company.hotel_care_greeting_days)
        Partner = (
            self.env["res.partner"]
            .sudo()
            .with_context(active_test=True)
            .with_company(company)
        )
        # who may be greeted, as the guest files search it (the restrictions
        # in force on ``today``)
        greetable = Partner._search(
            [
                ("is_hotel_guest", "=", True),
                ("guest_marketing_consent", "=", True),
                ("guest_anonymized", "=", False),
                ("guest_is_restricted", "=", False),
            ]
        )
        self.env["res.partner"].flush_model(
            ["email", "guest_birthdate", "is_hotel_guest", "active"]
        )
        self.env["hotel.stay"].flush_model(
            ["partner_id", "company_id", "state", "check_in_date"]
        )
        self.flush_model()
        # an insert fed by a grouped select over two tables: beyond the ORM
        self.env.cr.execute(
            SQL(
                """
                WITH days(month_day, occasion) AS (
                    SELECT * FROM unnest(%(month_days)s::text[], %(days)s::date[])
                ), guests AS (
                    SELECT partner.id, partner.guest_birthdate,
                           COALESCE(partner.email, '') != '' AS emailed,
                           MIN(stay.check_in_date) AS first_stay
                      FROM res_partner partner
                      JOIN hotel_stay stay
                           ON stay.partner_id = partner.id
                          AND stay.company_id = %(company)s
                          AND stay.state IN %(stayed)s
                     WHERE partner.id IN (%(greetable)s)
                  GROUP BY partner.id
                ), due AS (
                    SELECT guests.id AS partner_id, 'birthday' AS kind,
                           days.occasion, guests.emailed
                      FROM guests
                      JOIN days
                           ON days.month_day = to_char(guests.guest_birthdate, 'MM-DD')
                     WHERE days.occasion > guests.guest_birthdate
                 UNION ALL
                    SELECT guests.id, 'anniversary', days.occasion, guests.emailed
                      FROM guests
                      JOIN days ON days.month_day = to_char(guests.first_stay, 'MM-DD')
                     WHERE days.occasion > guests.first_stay
                )
                INSERT INTO hotel_guest_greeting (
                    partner_id, company_id, kind, year, occasion_date, date, emailed,
                    create_uid, create_date, write_uid, write_date
                )
                SELECT due.partner_id, %(company)s, due.kind,
                       EXTRACT(YEAR FROM due.occasion), due.occasion, %(today)s,
                       due.emailed, %(uid)s, %(now)s, %(uid)s, %(now)s
                  FROM due
                 WHERE NOT EXISTS (
                           SELECT 1 FROM hotel_guest_greeting greeting
                            WHERE greeting.partner_id = due.partner_id
                              AND greeting.company_id = %(company)s
                              AND greeting.kind = due.kind
                              AND greeting.year = EXTRACT(YEAR FROM due.occasion)
                       )
              ORDER BY due.occasion, due.partner_id, due.kind
                 LIMIT %(limit)s
                    ON CONFLICT (partner_id, company_id, kind, year) DO NOTHING
             RETURNING id
                """,
                month_days=[month_day for month_day, _day in window],
                days=[day for _month_day, day in window],
                company=company.id,
                stayed=STAYED,
                greetable=greetable.subselect(),
                today=today,
                uid=self.env.uid,
                now=fields.Datetime.now(),
                limit=limit,
            )
        )
        return self.browse(sorted(row[0] for row in self.env.cr.fetchall()))

    def _hotel_greet(self, company):
        """Greet the guests of the greetings of ``self`` (all of
        ``company``): the e-mails of each occasion queued in one batch,
        rendered with the hotel's company (the guest's level there) in the
        guest's language, and one activity per greeting for the hotel's guest
        care contact, created at once."""
        if not self:
            return
        greetings = self.sudo()
        templates = {
            "birthday": self.env.ref("hotel_crm.mail_template_guest_birthday"),
            "anniversary": self.env.ref("hotel_crm.mail_template_guest_anniversary"),
        }
        for kind, template in templates.items():
            mailed = greetings.filtered(
                lambda g, kind=kind: g.kind == kind and g.emailed
            )
            if mailed:
                template.sudo().with_company(company).send_mail_batch(
                    mailed.partner_id.ids
                )
        user = company._hotel_care_user()
        if not user:
            return
        # the summaries in the language of the one who reads them
        this = self.with_context(lang=user.lang)
        types = {
            "birthday": self.env.ref("hotel_crm.mail_activity_type_guest_birthday"),
            "anniversary": self.env.ref(
                "hotel_crm.mail_activity_type_guest_anniversary"
            ),
        }
        partner_model = self.env["ir.model"]._get_id("res.partner")
        activities = []
        for greeting in greetings:
            day = format_date(this.env, greeting.occasion_date)
            if greeting.kind == "birthday":
                summary = this.env._("Birthday on %(date)s", date=day)
            else:
                summary = this.env._("First-stay anniversary on %(date)s", date=day)
            activities.append(
                {
                    "res_model_id": partner_model,
                    "res_id": greeting.partner_id.id,
                    "activity_type_id": types[greeting.kind].id,
                    "user_id": user.id,
                    "date_deadline": greeting.occasion_date,
                    "summary": summary,
                }
            )
        # the contact follows the guests first: Odoo's activities would add
        # the follower twice for a birthday and an anniversary of one guest
        greetings.partner_id.message_subscribe(partner_ids=user.partner_id.ids)
        # the contact finds them in the activities: no e-mail per activity
        self.env["mail.activity"].sudo().with_context(
            mail_activity_quick_update=True
        ).create(activities)
