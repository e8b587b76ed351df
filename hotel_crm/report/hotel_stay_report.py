from odoo import api, fields, models
from odoo.tools import SQL

from ..models.hotel_guest_retention import SEGMENTS

# the stays the analysis shows: those on the books and those that took place
# (cancelled and no-show stays bring neither nights nor revenue)
REPORT_STATES = ("booked", "checked_in", "checked_out")


class HotelStayReport(models.Model):
    """Stays Analysis: one row per stay on the books or taken place (the
    action's default filter keeps those that took place: checked in or out),
    with the guest's nationality, current level and segment at the stay's
    hotel.

    Revenue is the stay's untaxed amount (its charges), in the hotel's
    currency: a stay's currency is its hotel's (a related field), so the
    figures of one hotel never mix currencies; grouped by hotel, a chain's
    hotels in other currencies are shown side by side, never converted. The
    level and the segment are the guest's today, not at the time of the stay.
    The average rate is the revenue divided by the room nights of each group
    (a weighted average, see ``_read_group_select``), not the mean of the
    stays' rates."""

    _name = "hotel.stay.report"
    _description = "Stays Analysis"
    _auto = False
    _order = "date desc, id desc"
    # what a read of the analysis writes to the database first
    _depends = {
        "hotel.stay": [
            "name",
            "check_in_date",
            "company_id",
            "partner_id",
            "room_type_id",
            "channel",
            "state",
            "currency_id",
            "amount_untaxed",
            "room_nights",
        ],
        "res.partner": ["guest_nationality_id", "guest_level_id"],
        "hotel.guest.retention": ["partner_id", "company_id", "segment"],
    }

    stay_id = fields.Many2one("hotel.stay", readonly=True)
    name = fields.Char(string="Reference", readonly=True)
    date = fields.Date(string="Check-in", readonly=True)
    company_id = fields.Many2one("res.company", string="Hotel", readonly=True)
    partner_id = fields.Many2one("res.partner", string="Guest", readonly=True)
    room_type_id = fields.Many2one("hotel.room.type", readonly=True)
    channel = fields.Selection(
        selection=lambda self: (
            self.env["hotel.stay"]._fields["channel"]._description_selection(self.env)
        ),
        readonly=True,
    )
    state = fields.Selection(
        selection=lambda self: [
            (value, label)
            for value, label in self.env["hotel.stay"]
            ._fields["state"]
            ._description_selection(self.env)
            if value in REPORT_STATES
        ],
        string="Status",
        readonly=True,
    )
    nationality_id = fields.Many2one("res.country", readonly=True)
    level_id = fields.Many2one(
        "hotel.membership.level",
        string="Membership Level",
        readonly=True,
        help="The guest's level at the stay's hotel today.",
    )
    segment = fields.Selection(
        SEGMENTS,
        readonly=True,
        help="The guest's segment at the stay's hotel, from the last retention pass.",
    )
    currency_id = fields.Many2one("res.currency", readonly=True)
    revenue = fields.Monetary(
        readonly=True,
        help="The untaxed amount of the stay's charges, in the hotel's currency.",
    )
    nights = fields.Integer(string="Room Nights", readonly=True)
    average_rate = fields.Monetary(
        readonly=True,
        aggregator="avg",
        help="Revenue per room night: the revenue of the group divided by its "
        "room nights.",
    )
    stay_count = fields.Integer(string="Stays", readonly=True)

    @property
    def _table_query(self):
        # a query, not a database view: no view on res_partner to hold up the
        # changes of its columns by other modules
        return SQL(
            """
            SELECT s.id AS id,
                   s.id AS stay_id,
                   s.name AS name,
                   s.check_in_date AS date,
                   s.company_id AS company_id,
                   s.partner_id AS partner_id,
                   s.room_type_id AS room_type_id,
                   s.channel AS channel,
                   s.state AS state,
                   p.guest_nationality_id AS nationality_id,
                   lvl.id AS level_id,
                   r.segment AS segment,
                   s.currency_id AS currency_id,
                   COALESCE(s.amount_untaxed, 0.0) AS revenue,
                   s.room_nights AS nights,
                   CASE WHEN s.room_nights > 0
                        THEN COALESCE(s.amount_untaxed, 0.0) / s.room_nights
                        ELSE 0.0
                   END AS average_rate,
                   1 AS stay_count
              FROM hotel_stay s
              JOIN res_partner p ON p.id = s.partner_id
              -- the level is company-dependent: a jsonb of level ids by hotel
         LEFT JOIN hotel_membership_level lvl
                ON lvl.id = (p.guest_level_id ->> s.company_id::text)::int
         LEFT JOIN hotel_guest_retention r
                ON r.partner_id = s.partner_id AND r.company_id = s.company_id
             WHERE s.state IN %(states)s
            """,
            states=REPORT_STATES,
        )

    @api.model
    def _read_group_select(self, aggregate_spec, query):
        """The average rate of a group is its revenue over its room nights
        (as ``purchase.report`` weighs its average price)."""
        if aggregate_spec != "average_rate:avg":
            return super()._read_group_select(aggregate_spec, query)
        return SQL(
            "COALESCE(SUM(%(revenue)s) / NULLIF(SUM(%(nights)s), 0), 0.0)",
            revenue=self._field_to_sql(self._table, "revenue", query),
            nights=self._field_to_sql(self._table, "nights", query),
        )
