from odoo import fields, models
from odoo.tools import SQL


class HotelMembershipReport(models.Model):
    """Membership Analysis: the members of each level, month by month, as the
    level history tells it. One row per month, hotel and guest holding a
    level at the end of that month (today for the current month): the
    guest's last change at that hotel on or before that day, when it gave a
    level (a change to no level ends the membership). Counted per month:
    summed over a quarter or a year the rows count member-months, not
    members."""

    _name = "hotel.membership.report"
    _description = "Membership Analysis"
    _auto = False
    _order = "date desc, company_id, level_id"
    _depends = {
        "hotel.membership.history": [
            "partner_id",
            "company_id",
            "date",
            "new_level_id",
        ],
    }

    date = fields.Date(
        string="Month End",
        readonly=True,
        help="The last day of the month (today for the current month).",
    )
    company_id = fields.Many2one("res.company", string="Hotel", readonly=True)
    partner_id = fields.Many2one("res.partner", string="Guest", readonly=True)
    level_id = fields.Many2one(
        "hotel.membership.level", string="Membership Level", readonly=True
    )
    member_count = fields.Integer(string="Members", readonly=True)

    @property
    def _table_query(self):
        # each change holds from its date until the guest's next change at
        # that hotel (two changes on one day: the later one counts)
        today = fields.Date.context_today(self)
        return SQL(
            """
            WITH changes AS (
                SELECT h.partner_id, h.company_id, h.new_level_id, h.date,
                       LEAD(h.date) OVER (
                           PARTITION BY h.partner_id, h.company_id
                           ORDER BY h.date, h.id
                       ) AS next_date
                  FROM hotel_membership_history h
                 WHERE h.date <= %(today)s
            ), held AS (
                SELECT c.partner_id, c.company_id, c.new_level_id,
                       LEAST(
                           (month + INTERVAL '1 month - 1 day')::date,
                           %(today)s::date
                       ) AS day,
                       c.date AS since, c.next_date
                  FROM changes c
            CROSS JOIN LATERAL generate_series(
                           date_trunc('month', c.date::timestamp),
                           date_trunc('month', COALESCE(c.next_date, %(today)s)::timestamp),
                           INTERVAL '1 month'
                       ) AS month
                 WHERE c.new_level_id IS NOT NULL
            )
            SELECT ROW_NUMBER() OVER (
                       ORDER BY day, company_id, new_level_id, partner_id
                   )::int AS id,
                   day AS date,
                   company_id,
                   partner_id,
                   new_level_id AS level_id,
                   1 AS member_count
              FROM held
             WHERE day >= since AND (next_date IS NULL OR day < next_date)
            """,
            today=today,
        )
