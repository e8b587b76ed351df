from odoo import fields, models

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
    date = fields.Date(string="Computed On", required=True)
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
    recency_days = fields.Integer(string="Days Since Last Stay", aggregator="avg")
    recency_score = fields.Integer(string="Recency Score", aggregator="avg")
    frequency_score = fields.Integer(string="Frequency Score", aggregator="avg")
    monetary_score = fields.Integer(string="Monetary Score", aggregator="avg")
    segment = fields.Selection(SEGMENTS, index=True)
    recent_complaint = fields.Boolean(string="Recent Complaint")
    churn_risk = fields.Selection(CHURN_RISKS, string="Churn Risk", index=True)
    winback_activity_id = fields.Many2one(
        "mail.activity", string="Win-Back Activity", ondelete="set null"
    )

    _sql_constraints = [
        (
            "partner_company_uniq",
            "UNIQUE(partner_id, company_id)",
            "A guest has one retention record per hotel.",
        )
    ]
