from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL

HOTEL_STAFF = "hotel_crm.group_hotel_user"
# hotel staff and accountants (who read and invoice the stays)
STAY_READERS = "hotel_crm.group_hotel_user,account.group_account_invoice"
COUNTED_STATES = ("checked_in", "checked_out")
# what the guest's figures and the long-stay rule read of the stays
FIGURE_FIELDS = (
    "partner_id",
    "company_id",
    "state",
    "nights",
    "check_in_date",
    "long_stay_since",
)


class ResPartner(models.Model):
    """The guest's stays and what the guest is worth to the current company.

    Every figure is computed for ``env.company`` (the hotel the user works
    in): one company never sees another's stays or revenue, and amounts are
    never added across currencies.
    """

    _inherit = "res.partner"

    guest_stay_ids = fields.One2many(
        "hotel.stay", "partner_id", string="Stay History", groups=STAY_READERS
    )
    guest_invoice_line_ids = fields.One2many(
        "account.move.line",
        "hotel_guest_id",
        string="Stay Invoice Lines",
        # journal items are accounting data
        groups="account.group_account_invoice",
    )
    guest_currency_id = fields.Many2one(
        "res.currency", compute="_compute_guest_currency_id", groups=STAY_READERS
    )
    guest_stay_count = fields.Integer(
        string="Stays", compute="_compute_guest_value", groups=STAY_READERS
    )
    guest_night_count = fields.Integer(
        string="Nights", compute="_compute_guest_value", groups=STAY_READERS
    )
    guest_revenue = fields.Monetary(
        string="Revenue",
        compute="_compute_guest_value",
        currency_field="guest_currency_id",
        groups=STAY_READERS,
        help="Untaxed amount of the posted invoices of the guest's stays at this "
        "hotel (the current company), net of credit notes.",
    )
    guest_average_rate = fields.Monetary(
        string="Revenue per Night",
        compute="_compute_guest_value",
        currency_field="guest_currency_id",
        groups=STAY_READERS,
    )
    guest_first_stay_date = fields.Date(
        string="First Stay", compute="_compute_guest_value", groups=STAY_READERS
    )
    guest_last_stay_date = fields.Date(
        string="Last Stay", compute="_compute_guest_value", groups=STAY_READERS
    )
    guest_invoice_count = fields.Integer(
        string="Stay Invoices",
        compute="_compute_guest_invoice_count",
        groups=STAY_READERS,
    )
    guest_is_long_stay = fields.Boolean(
        string="Long-Stay Guest",
        compute="_compute_guest_is_long_stay",
        search="_search_guest_is_long_stay",
        groups=HOTEL_STAFF,
    )

    @api.depends_context("company")
    def _compute_guest_currency_id(self):
        self._hotel_check_read("guest_currency_id")
        self.guest_currency_id = self.env.company.currency_id

    @api.depends(
        "guest_stay_ids.state",
        "guest_stay_ids.nights",
        "guest_stay_ids.check_in_date",
        "guest_invoice_line_ids.parent_state",
        "guest_invoice_line_ids.balance",
    )
    @api.depends_context("company")
    def _compute_guest_value(self):
        self._hotel_check_read("guest_revenue")
        self._hotel_cache_guest_figures()

    @api.depends("guest_stay_ids.long_stay_since")
    @api.depends_context("company", "date")
    def _compute_guest_is_long_stay(self):
        self._hotel_check_read("guest_is_long_stay")
        self._hotel_cache_guest_figures()

    def _hotel_cache_guest_figures(self):
        """Stays, nights, revenue, dates and the long-stay flag of the whole
        batch at the current company from one query
        (``_hotel_guest_value_figures``), put in the cache at once: the guest
        file and the guest list read them together. Each figure only for a
        user who may read it (the long-stay flag is hotel staff's)."""
        partners = self.filtered("id")
        figures = self._hotel_guest_value_figures(partners.ids) if partners else {}
        currency = self.env.company.currency_id
        none = (0, 0, 0.0, False, False, False)
        rows = [figures.get(partner_id, none) for partner_id in self._ids]
        columns = {
            "guest_stay_count": [row[0] for row in rows],
            "guest_night_count": [row[1] for row in rows],
            "guest_revenue": [currency.round(row[2]) for row in rows],
            "guest_first_stay_date": [row[3] for row in rows],
            "guest_last_stay_date": [row[4] for row in rows],
            "guest_average_rate": [
                currency.round(row[2] / row[1]) if row[1] else 0.0 for row in rows
            ],
            "guest_is_long_stay": [row[5] for row in rows],
        }
        for fname, values in columns.items():
            field = self._fields[fname]
            if field.is_accessible(self.env):
                # the values of every guest of the batch in one cache update:
                # a scheduled action or an export reads thousands of guests
                self.env.cache.update(self, field, values)

    @api.model
    def _hotel_guest_value_figures(self, partner_ids=None):
        """``{partner id: (stays, nights, revenue, first stay, last stay,
        long stay)}`` at the current company for the guests ``partner_ids``,
        or for every guest who stayed there or was invoiced there: one query
        (stays and posted invoice lines, each grouped by guest), whatever the
        number of guests (the figures of the guest file, for scheduled
        actions and analyses). "Long stay" is ``_hotel_long_stay_query``'s
        condition."""
        if partner_ids is not None and not partner_ids:
            return {}
        company = self.env.company
        self.env["hotel.stay"].flush_model(FIGURE_FIELDS)
        self.env["account.move.line"].flush_model(
            ["hotel_guest_id", "company_id", "parent_state", "display_type", "balance"]
        )
        guests = tuple(partner_ids) if partner_ids is not None else None
        # two grouped scans joined: beyond _read_group, which also builds a
        # record per group (a second per 100,000 guests)
        self.env.cr.execute(
            SQL(
                """
                SELECT COALESCE(stays.partner_id, lines.partner_id),
                       COALESCE(stays.count, 0), COALESCE(stays.nights, 0),
                       COALESCE(-lines.balance, 0.0), stays.first, stays.last,
                       COALESCE(stays.long_stay, FALSE)
                  FROM (SELECT partner_id, COUNT(*) AS count,
                               SUM(nights) AS nights,
                               MIN(check_in_date) AS first,
                               MAX(check_in_date) AS last,
                               BOOL_OR(long_stay_since >= %(since)s)
                                   AS long_stay
                          FROM hotel_stay
                         WHERE company_id = %(company)s AND state IN %(states)s
                               %(stay_guests)s
                      GROUP BY partner_id) stays
             FULL JOIN (SELECT hotel_guest_id AS partner_id,
                               SUM(balance) AS balance
                          FROM account_move_line
                         WHERE company_id = %(company)s
                               AND parent_state = 'posted'
                               AND display_type = 'product'
                               AND hotel_guest_id IS NOT NULL %(line_guests)s
                      GROUP BY hotel_guest_id) lines
                    ON lines.partner_id = stays.partner_id
                """,
                company=company.id,
                states=COUNTED_STATES,
                since=self._hotel_long_stay_since(),
                stay_guests=SQL("AND partner_id IN %s", guests) if guests else SQL(),
                line_guests=(
                    SQL("AND hotel_guest_id IN %s", guests) if guests else SQL()
                ),
            )
        )
        return {
            row[0]: (row[1], row[2], row[3], row[4] or False, row[5] or False, row[6])
            for row in self.env.cr.fetchall()
        }

    @api.depends_context("company")
    def _compute_guest_invoice_count(self):
        self._hotel_check_read("guest_invoice_count")
        counts = {}
        partners = self.filtered("id")
        if partners:
            self.env["hotel.stay"].flush_model(
                ["partner_id", "company_id", "invoice_ids"]
            )
            # distinct invoices over the many2many link: beyond _read_group
            self.env.cr.execute(
                SQL(
                    """
                    SELECT stay.partner_id, COUNT(DISTINCT rel.move_id)
                      FROM hotel_stay stay
                      JOIN hotel_stay_account_move_rel rel ON rel.stay_id = stay.id
                     WHERE stay.partner_id IN %(partners)s
                       AND stay.company_id = %(company)s
                  GROUP BY stay.partner_id
                    """,
                    partners=tuple(partners.ids),
                    company=self.env.company.id,
                )
            )
            counts = dict(self.env.cr.fetchall())
        for partner in self:
            partner.guest_invoice_count = counts.get(partner.id, 0)

    def _hotel_long_stay_since(self):
        """The first day of the counting period that ends today (the
        current company's period length)."""
        return fields.Date.context_today(self) - timedelta(
            days=self.env.company.hotel_long_stay_window_days
        )

    @api.model
    def _hotel_long_stay_query(self):
        """The long-stay guests of the current company, as an SQL subquery of
        partner ids: the guests with a stay whose long-stay period
        (``long_stay_since``, kept on each stay by ``_hotel_update_chains``)
        has not ended today, read from its index alone."""
        self.env["hotel.stay"].flush_model(
            ["partner_id", "company_id", "long_stay_since"]
        )
        return SQL(
            """
            SELECT partner_id
              FROM hotel_stay
             WHERE company_id = %(company)s AND long_stay_since >= %(since)s
            """,
            company=self.env.company.id,
            since=self._hotel_long_stay_since(),
        )

    def _search_guest_is_long_stay(self, operator, value):
        if operator not in ("=", "!=") or not isinstance(value, bool):
            raise UserError(self.env._("Operation not supported"))
        # a subquery: the list and its count each run it in their own query
        query = SQL("(%s)", self._hotel_long_stay_query())
        return [("id", "in" if (operator == "=") == value else "not in", query)]

    def action_hotel_view_stays(self):
        self.ensure_one()
        action = self.env["ir.actions.actions"]._for_xml_id(
            "hotel_crm.hotel_stay_action"
        )
        # the stays the button counts: the guest's at the current hotel, those
        # that took place by default (the filter lifted, bookings and
        # cancellations too)
        action["domain"] = [
            ("partner_id", "=", self.id),
            ("company_id", "=", self.env.company.id),
        ]
        action["context"] = {"default_partner_id": self.id, "search_default_stayed": 1}
        return action

    def action_hotel_view_invoices(self):
        self.ensure_one()
        invoices = self.env["account.move"].search(
            [("hotel_stay_ids.partner_id", "=", self.id)]
        )
        action = self.env["ir.actions.actions"]._for_xml_id(
            "account.action_move_out_invoice_type"
        )
        action["domain"] = [("id", "in", invoices.ids)]
        action["context"] = {"create": False, "default_move_type": "out_invoice"}
        return action
