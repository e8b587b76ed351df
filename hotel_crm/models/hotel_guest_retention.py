from datetime import timedelta

from odoo import api, fields, models
from odoo.tools import SQL

from .res_partner_stay import COUNTED_STATES

SEGMENTS = [
    ("champions", "Champions"),
    ("loyal", "Loyal"),
    ("potential", "Potential"),
    ("new", "New"),
    ("at_risk", "At Risk"),
    ("cant_lose", "Can't Lose"),
    ("hibernating", "Hibernating"),
    ("lost", "Lost"),
]
CHURN_RISKS = [("low", "Low"), ("medium", "Medium"), ("high", "High")]
# what the daily pass writes; a row is written only when one of them changes
FIGURE_COLUMNS = (
    "stay_count",
    "night_count",
    "revenue",
    "first_stay_date",
    "last_stay_date",
    "typical_interval",
    "expected_return_date",
    "lapsed_date",
    "is_lapsed",
    "recency_score",
    "frequency_score",
    "monetary_score",
    "segment",
    "recent_complaint",
    "churn_risk",
)


class HotelGuestRetention(models.Model):
    """What a guest is worth to one hotel and whether the guest is slipping
    away: the guest's rhythm, recency-frequency-monetary scores, segment and
    churn risk. One row per guest and hotel, for the guests with at least one
    stay there, written only by the daily retention pass
    (``res.partner._hotel_cron_guest_retention``), set-based."""

    _name = "hotel.guest.retention"
    _description = "Guest Retention"
    _order = "company_id, partner_id"
    _rec_name = "partner_id"

    partner_id = fields.Many2one(
        "res.partner", string="Guest", required=True, index=True, ondelete="cascade"
    )
    company_id = fields.Many2one(
        "res.company", string="Hotel", required=True, index=True, ondelete="cascade"
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    stay_count = fields.Integer(string="Stays")
    night_count = fields.Integer(string="Nights")
    revenue = fields.Monetary(
        currency_field="currency_id",
        help="Untaxed amount of the posted invoices of the guest's stays at the "
        "hotel, net of credit notes.",
    )
    first_stay_date = fields.Date(string="First Stay")
    last_stay_date = fields.Date(
        string="Last Stay",
        help="The day the guest's last stay ended (today if in house).",
    )
    typical_interval = fields.Integer(
        string="Usual Interval (Days)",
        aggregator="avg",
        help="The median number of days between the arrivals of the guest's stays: "
        "empty for a guest who stayed once.",
    )
    expected_return_date = fields.Date(
        string="Expected Return",
        help="The last arrival plus the usual interval.",
    )
    lapsed_date = fields.Date(
        string="Lapsed From",
        help="From this day the guest is lapsed, unless they stay again.",
    )
    is_lapsed = fields.Boolean(string="Lapsed", index=True)
    recency_days = fields.Integer(
        string="Days Since Last Stay", compute="_compute_recency_days"
    )
    recency_score = fields.Integer(aggregator="avg")
    frequency_score = fields.Integer(aggregator="avg")
    monetary_score = fields.Integer(aggregator="avg")
    segment = fields.Selection(SEGMENTS, index=True)
    recent_complaint = fields.Boolean()
    churn_risk = fields.Selection(CHURN_RISKS, index=True)
    winback_activity_id = fields.Many2one(
        "mail.activity", string="Win-Back Activity", ondelete="set null"
    )
    # newly lapsed or newly at high risk: a win-back activity is still to be
    # planned (by the next batch of the daily pass)
    winback_pending = fields.Boolean(string="Win-Back to Plan")

    _sql_constraints = [
        (
            "partner_company_uniq",
            "UNIQUE(partner_id, company_id)",
            "A guest has one retention record per hotel.",
        )
    ]

    @api.depends("last_stay_date")
    @api.depends_context("date")
    def _compute_recency_days(self):
        today = fields.Date.context_today(self)
        for row in self:
            row.recency_days = (
                (today - row.last_stay_date).days if row.last_stay_date else 0
            )

    @api.model
    def _hotel_refresh(self, on_date=None):
        """Recompute the retention figures of every guest of the current hotel
        in one statement: the guests' stays, rhythms, revenue and recent
        complaints grouped with window functions, the scores ranked over all
        the hotel's guests, and an upsert that writes only the rows whose
        figures changed (and deletes those of guests left without a stay).
        A guest who became lapsed or at high risk since the last pass is
        marked for a win-back activity, except on the hotel's first pass,
        which sets the baseline. Returns the number of rows written."""
        company = self.env.company
        today = on_date or fields.Date.context_today(self)
        self.env["hotel.stay"].flush_model(
            [
                "partner_id",
                "company_id",
                "state",
                "check_in_date",
                "check_out_date",
                "nights",
                "chain_nights",
            ]
        )
        self.env["account.move.line"].flush_model(
            ["hotel_guest_id", "company_id", "parent_state", "display_type", "balance"]
        )
        self.env["hotel.complaint"].flush_model(
            ["partner_id", "company_id", "state", "reported_date"]
        )
        self.flush_model()
        first_pass = not self.sudo().search_count(
            [("company_id", "=", company.id)], limit=1
        )
        since = fields.Datetime.to_datetime(today) - timedelta(
            days=company.hotel_complaint_recent_days
        )
        columns = SQL(", ").join(SQL.identifier(col) for col in FIGURE_COLUMNS)
        news = SQL(", ").join(
            SQL("new.%s", SQL.identifier(col)) for col in FIGURE_COLUMNS
        )
        excluded = SQL(", ").join(
            SQL("EXCLUDED.%s", SQL.identifier(col)) for col in FIGURE_COLUMNS
        )
        current = SQL(", ").join(
            SQL("hotel_guest_retention.%s", SQL.identifier(col))
            for col in FIGURE_COLUMNS
        )
        # a chain's stays sorted by guest and the guests ranked three times:
        # in memory rather than in files, and without JIT compilation, which
        # costs more than it saves here
        self.env.cr.execute("SET LOCAL jit = off")
        self.env.cr.execute("SET LOCAL work_mem = '64MB'")
        self.env.cr.execute(
            SQL(
                """
                WITH figures AS (
                    -- one pass over the stays sorted by guest and arrival:
                    -- the figures and the median of the days between two
                    -- arrivals (two stays arriving the same day are one; a
                    -- stay that continues a run of back-to-back stays, such
                    -- as a room move or an extension, is no arrival)
                    SELECT partner_id, COUNT(*) AS stay_count,
                           COUNT(*) FILTER (WHERE NOT continued) AS visits,
                           SUM(nights) AS night_count,
                           MIN(check_in_date) AS first_stay_date,
                           MAX(check_in_date) FILTER (WHERE NOT continued)
                               AS last_arrival,
                           MAX(end_date) AS last_stay_date,
                           PERCENTILE_CONT(0.5) WITHIN GROUP (ORDER BY gap)
                               FILTER (WHERE gap > 0 AND NOT continued) AS interval
                      FROM (SELECT partner_id, check_in_date, nights, continued,
                                   CASE WHEN state = 'checked_in'
                                        THEN %(today)s::date
                                        ELSE check_out_date END AS end_date,
                                   -- the days since the guest's previous
                                   -- arrival: the latest check-in before
                                   -- this one that continued no stay (one
                                   -- window, sorted by guest and arrival)
                                   check_in_date - MAX(check_in_date) FILTER (
                                       WHERE NOT continued) OVER (
                                       PARTITION BY partner_id
                                       ORDER BY check_in_date
                                       ROWS BETWEEN UNBOUNDED PRECEDING
                                            AND 1 PRECEDING) AS gap
                              FROM (SELECT partner_id, state, check_in_date,
                                           check_out_date, nights,
                                           COALESCE(chain_nights, 0)
                                               > check_out_date - check_in_date
                                               AS continued
                                      FROM hotel_stay
                                     WHERE company_id = %(company)s
                                           AND state IN %(states)s) counted) stays
                  GROUP BY partner_id
                ),
                revenue AS (
                    SELECT hotel_guest_id AS partner_id, -SUM(balance) AS revenue
                      FROM account_move_line
                     WHERE company_id = %(company)s AND parent_state = 'posted'
                           AND display_type = 'product'
                           AND hotel_guest_id IS NOT NULL
                  GROUP BY hotel_guest_id
                ),
                complaints AS (
                    SELECT DISTINCT partner_id
                      FROM hotel_complaint
                     WHERE company_id = %(company)s AND state != 'cancelled'
                           AND reported_date >= %(since)s
                ),
                lapse AS (
                    SELECT figures.*, COALESCE(revenue.revenue, 0.0) AS revenue,
                           -- in numeric: 1.4 x 90 is 126, not 125.99999999999999
                           -- as in floating point, and halves round up
                           ROUND(interval::numeric)::int AS typical_interval,
                           last_arrival + ROUND(interval::numeric)::int
                               AS expected_return_date,
                           figures.last_stay_date + FLOOR(
                               CASE WHEN interval IS NULL
                                    THEN %(single)s
                                    ELSE GREATEST(%(floor)s,
                                                  %(factor)s::numeric
                                                  * interval::numeric)
                               END
                           )::int + 1 AS lapsed_date,
                           complaints.partner_id IS NOT NULL AS recent_complaint
                      FROM figures
                 LEFT JOIN revenue USING (partner_id)
                 LEFT JOIN complaints USING (partner_id)
                ),
                scores AS (
                    SELECT lapse.*, lapsed_date <= %(today)s AS is_lapsed,
                           1 + FLOOR(5.0 * (RANK() OVER (
                               ORDER BY last_stay_date) - 1) / COUNT(*) OVER ()
                           )::int AS recency_score,
                           -- the frequency of visits: a room move or an
                           -- extension is no new visit
                           1 + FLOOR(5.0 * (RANK() OVER (
                               ORDER BY visits) - 1) / COUNT(*) OVER ()
                           )::int AS frequency_score,
                           1 + FLOOR(5.0 * (RANK() OVER (
                               ORDER BY revenue) - 1) / COUNT(*) OVER ()
                           )::int AS monetary_score
                      FROM lapse
                ),
                segments AS (
                    SELECT scores.*,
                           CASE
                               WHEN recency_score >= 4 AND frequency_score >= 4
                                    AND monetary_score >= 4 THEN 'champions'
                               WHEN recency_score >= 3 AND frequency_score >= 3
                                    THEN 'loyal'
                               WHEN recency_score >= 4 AND frequency_score = 1
                                    THEN 'new'
                               WHEN recency_score >= 3 THEN 'potential'
                               WHEN frequency_score >= 4 AND monetary_score >= 4
                                    THEN 'cant_lose'
                               WHEN frequency_score >= 3 THEN 'at_risk'
                               WHEN recency_score = 2 THEN 'hibernating'
                               ELSE 'lost'
                           END AS segment
                      FROM scores
                ),
                new AS (
                    SELECT segments.*,
                           CASE
                               WHEN is_lapsed OR segment IN ('at_risk', 'cant_lose')
                                    OR (recent_complaint
                                        AND segment IN ('hibernating', 'lost'))
                                    THEN 'high'
                               WHEN recent_complaint
                                    OR segment IN ('hibernating', 'lost')
                                    THEN 'medium'
                               ELSE 'low'
                           END AS churn_risk
                      FROM segments
                ),
                old AS (
                    SELECT partner_id, is_lapsed, churn_risk, winback_pending
                      FROM hotel_guest_retention
                     WHERE company_id = %(company)s
                ),
                gone AS (
                    DELETE FROM hotel_guest_retention
                     WHERE company_id = %(company)s
                           AND partner_id NOT IN (SELECT partner_id FROM figures)
                ),
                upsert AS (
                    INSERT INTO hotel_guest_retention AS hotel_guest_retention (
                        partner_id, company_id, %(columns)s, winback_pending,
                        create_uid, create_date, write_uid, write_date)
                    SELECT new.partner_id, %(company)s, %(news)s,
                           NOT %(first_pass)s AND (
                               (new.is_lapsed AND NOT COALESCE(old.is_lapsed, FALSE))
                               OR (new.churn_risk = 'high'
                                   AND COALESCE(old.churn_risk, '') != 'high')
                               OR COALESCE(old.winback_pending, FALSE)
                           ),
                           %(uid)s, NOW() AT TIME ZONE 'UTC',
                           %(uid)s, NOW() AT TIME ZONE 'UTC'
                      FROM new
                 LEFT JOIN old USING (partner_id)
                  ORDER BY new.partner_id
                        ON CONFLICT (partner_id, company_id) DO UPDATE
                       SET (%(columns)s, winback_pending, write_uid, write_date)
                           = (%(excluded)s, EXCLUDED.winback_pending,
                              EXCLUDED.write_uid, EXCLUDED.write_date)
                     WHERE (%(current)s, hotel_guest_retention.winback_pending)
                           IS DISTINCT FROM (%(excluded)s, EXCLUDED.winback_pending)
                 RETURNING 1
                )
                SELECT COUNT(*) FROM upsert
                """,
                today=today,
                company=company.id,
                states=COUNTED_STATES,
                since=since,
                single=company.hotel_lapse_single_stay_days,
                floor=company.hotel_lapse_floor_days,
                factor=company.hotel_lapse_factor,
                columns=columns,
                news=news,
                excluded=excluded,
                current=current,
                first_pass=first_pass,
                uid=self.env.uid,
            )
        )
        written = self.env.cr.fetchone()[0]
        self.env.cr.execute("SET LOCAL jit TO DEFAULT")
        self.env.cr.execute("SET LOCAL work_mem TO DEFAULT")
        self.invalidate_model()
        return written
