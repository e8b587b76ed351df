from odoo import api, fields, models
from odoo.exceptions import UserError

from .hotel_guest_retention import CHURN_RISKS, SEGMENTS

HOTEL_STAFF = "hotel_crm.group_hotel_user"
# what the guest file shows of the guest's retention row at the current hotel
RETENTION_FIELDS = {
    "guest_typical_interval": "typical_interval",
    "guest_expected_return_date": "expected_return_date",
    "guest_lapsed_date": "lapsed_date",
    "guest_is_lapsed": "is_lapsed",
    "guest_recency_score": "recency_score",
    "guest_frequency_score": "frequency_score",
    "guest_monetary_score": "monetary_score",
    "guest_segment": "segment",
    "guest_churn_risk": "churn_risk",
}


class ResPartner(models.Model):
    """The guest's rhythm, segment and churn risk at the current hotel, as the
    daily retention pass computed them (``hotel.guest.retention``)."""

    _inherit = "res.partner"

    guest_retention_ids = fields.One2many(
        "hotel.guest.retention", "partner_id", string="Retention", groups=HOTEL_STAFF
    )
    guest_typical_interval = fields.Integer(
        string="Usual Interval (Days)",
        compute="_compute_guest_retention",
        groups=HOTEL_STAFF,
        help="The median number of days between the guest's arrivals at this hotel.",
    )
    guest_expected_return_date = fields.Date(
        string="Expected Return",
        compute="_compute_guest_retention",
        groups=HOTEL_STAFF,
        help="The last arrival plus the guest's usual interval between stays.",
    )
    guest_lapsed_date = fields.Date(
        string="Lapsed From",
        compute="_compute_guest_retention",
        groups=HOTEL_STAFF,
        help="From this day the guest counts as lapsed, unless they stay again.",
    )
    guest_is_lapsed = fields.Boolean(
        string="Lapsed",
        compute="_compute_guest_retention",
        search="_search_guest_is_lapsed",
        groups=HOTEL_STAFF,
        help="The days since the guest's last stay exceed what their own rhythm "
        "lets expect (or the hotel's fixed threshold after a single stay).",
    )
    guest_recency_score = fields.Integer(
        string="Recency Score", compute="_compute_guest_retention", groups=HOTEL_STAFF
    )
    guest_frequency_score = fields.Integer(
        string="Frequency Score",
        compute="_compute_guest_retention",
        groups=HOTEL_STAFF,
    )
    guest_monetary_score = fields.Integer(
        string="Monetary Score", compute="_compute_guest_retention", groups=HOTEL_STAFF
    )
    guest_segment = fields.Selection(
        SEGMENTS,
        string="Segment",
        compute="_compute_guest_retention",
        search="_search_guest_segment",
        groups=HOTEL_STAFF,
    )
    guest_churn_risk = fields.Selection(
        CHURN_RISKS,
        string="Churn Risk",
        compute="_compute_guest_retention",
        search="_search_guest_churn_risk",
        groups=HOTEL_STAFF,
    )

    @api.depends_context("company")
    def _compute_guest_retention(self):
        self._hotel_check_read("guest_segment")
        rows = (
            self.env["hotel.guest.retention"]
            .sudo()
            .search_fetch(
                [
                    ("partner_id", "in", self._origin.ids),
                    ("company_id", "=", self.env.company.id),
                ],
                ["partner_id", *RETENTION_FIELDS.values()],
            )
        )
        by_partner = {row.partner_id.id: row for row in rows}
        for partner in self:
            row = by_partner.get(partner._origin.id)
            for fname, column in RETENTION_FIELDS.items():
                partner[fname] = row[column] if row else False

    def _hotel_search_retention(self, column, operator, value):
        """The guests whose retention row at the current hotel has ``column``
        matching (``False``: the guests without a row, who never stayed at
        the hotel), as subqueries."""
        if operator not in ("=", "!=", "in", "not in"):
            raise UserError(self.env._("Operation not supported"))
        values = list(value) if operator in ("in", "not in") else [value]
        Retention = self.env["hotel.guest.retention"].sudo()
        hotel = [("company_id", "=", self.env.company.id)]
        matching = Retention._search(
            [*hotel, (column, "in", [v for v in values if v is not False])]
        ).subselect("partner_id")
        if False not in values:
            in_rows = [("id", "in", matching)]
        else:
            with_row = Retention._search(hotel).subselect("partner_id")
            in_rows = ["|", ("id", "in", matching), ("id", "not in", with_row)]
        if operator in ("=", "in"):
            return in_rows
        return ["!", *in_rows]

    def _search_guest_is_lapsed(self, operator, value):
        if operator not in ("=", "!=") or not isinstance(value, bool):
            raise UserError(self.env._("Operation not supported"))
        lapsed = (operator == "=") == value
        return self._hotel_search_retention("is_lapsed", "=" if lapsed else "!=", True)

    def _search_guest_segment(self, operator, value):
        return self._hotel_search_retention("segment", operator, value)

    def _search_guest_churn_risk(self, operator, value):
        return self._hotel_search_retention("churn_risk", operator, value)
