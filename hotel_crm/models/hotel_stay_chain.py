from datetime import date

from odoo import api, fields, models
from odoo.tools import SQL, create_index
from odoo.tools.sql import column_exists, drop_index, make_index_name

# the stays a guest actually spent in the hotel
COUNTED_STATES = ("checked_in", "checked_out")
# what a stay's place in its run of back-to-back stays depends on
CHAIN_FIELDS = ("partner_id", "company_id", "check_in_date", "check_out_date", "state")
# the hotel's long-stay settings
LONG_STAY_SETTINGS = {
    "hotel_long_stay_nights",
    "hotel_long_stay_window_nights",
    "hotel_long_stay_window_days",
}
# those the stays' long-stay dates follow (the period's length is applied
# when the guests are searched: changing it rewrites no stay)
LONG_STAY_THRESHOLDS = ("hotel_long_stay_nights", "hotel_long_stay_window_nights")
# a long stay (N nights in a row) makes its guest a long-stay guest for good:
# a period that never ends
FOREVER = date.max
LONG_STAY_INDEX = "hotel_stay_long_stay_since_index"
LONG_STAY_GUEST_INDEX = "hotel_stay_long_stay_since_guest_index"


class HotelStay(models.Model):
    """Runs of back-to-back stays and long-stay guests.

    An extension booked as a new stay, or a guest who moves to another room
    on the day of departure, sleeps on without a break. ``chain_nights``
    stores, on each stay the guest spent in the hotel, the nights of its run
    up to and including it. ``long_stay_since`` stores, on one stay of each
    guest at each hotel, the first day of the latest period in which the
    guest is a long-stay guest of the hotel (the hotel's two rules), so that the *Long-Stay Guests* filter is one
    indexed condition on a date rather than a pass over the guests' stays. The module keeps
    both exact: for the guests whose stays are created, changed or merged,
    and for every stay of a hotel whose rules change, in one statement (a
    stay that took place is never deleted: ``_unlink_except_active``)."""

    _inherit = "hotel.stay"

    chain_nights = fields.Integer(
        string="Nights in a Row",
        readonly=True,
        copy=False,
        default=0,
        help="Nights of the guest's run of back-to-back stays at this hotel, up "
        "to and including this stay (0 for stays that did not take place).",
    )
    long_stay_since = fields.Date(
        string="Long-Stay Period Start",
        readonly=True,
        copy=False,
        # whether a guest is a long-stay guest is hotel staff's to know
        groups="hotel_crm.group_hotel_user",
        help="On the one stay of the guest at this hotel whose long-stay period "
        "starts last: the guest is a long-stay guest of the hotel for the "
        "counting period that starts on this day. It is the stay's check-in "
        "day when the guest's nights from that day on reach the nights in the "
        "period, and the last day of the calendar, for good, when its run "
        "reaches the long-stay nights. Empty on the guest's other stays.",
    )

    def _auto_init(self):
        new_column = not column_exists(self.env.cr, self._table, "long_stay_since")
        res = super()._auto_init()
        if new_column:
            # the long-stay dates of the stays of an existing database
            self.pool.post_init(self._hotel_update_chains)
        return res

    def init(self):  # pylint: disable=missing-return
        super().init()
        # the Long-Stay Guests filter, read from indexes alone: its count
        # takes the guests of a hotel whose date has not passed, its page of
        # guests in alphabetical order looks each guest up
        for name, columns in (
            (LONG_STAY_INDEX, ["company_id", "long_stay_since", "partner_id"]),
            (LONG_STAY_GUEST_INDEX, ["partner_id", "company_id", "long_stay_since"]),
        ):
            create_index(
                self.env.cr,
                name,
                self._table,
                columns,
                where="long_stay_since IS NOT NULL",
            )
        # the runs' own index of an earlier version, which the filter used;
        # Odoo keeps it on an upgrade, and it costs every write of a stay
        drop_index(
            self.env.cr, make_index_name(self._table, "chain_nights"), self._table
        )
        # a database that had stays before the column (install, upgrade)
        self.env.cr.execute(
            "SELECT DISTINCT partner_id FROM hotel_stay WHERE chain_nights IS NULL"
        )
        partner_ids = [partner_id for (partner_id,) in self.env.cr.fetchall()]
        if partner_ids:
            self._hotel_update_chains(partner_ids)

    @api.model
    def _hotel_update_chains(self, partner_ids=None, company_ids=None):
        """Recompute ``chain_nights`` and ``long_stay_since`` of every stay of
        the guests ``partner_ids`` (all hotels), of the hotels
        ``company_ids``, or of every stay when neither is given: one
        statement for the whole set. Returns how many stays changed."""
        if partner_ids is not None:
            ids = tuple({pid for pid in partner_ids if pid})
            column = "partner_id"
        elif company_ids is not None:
            ids = tuple(company_ids)
            column = "company_id"
        else:
            ids, column = None, None
        if column and not ids:
            return 0
        scope, stay_scope = SQL("TRUE"), SQL("TRUE")
        if column:
            scope = SQL("%s IN %s", SQL.identifier(column), ids)
            stay_scope = SQL("%s IN %s", SQL.identifier("stay", column), ids)
        self.flush_model(CHAIN_FIELDS)
        self.env["res.company"].flush_model(LONG_STAY_THRESHOLDS)
        if not column:
            # a hotel's or every stay sorted three times: in memory rather
            # than in files
            self.env.cr.execute("SET LOCAL work_mem = '64MB'")
        # window functions over each guest's stays, read once by the guest's
        # (or the hotel's) index: beyond the ORM. The stays that did not take
        # place are a partition of their own, whose runs are 0 and which make
        # no one a long-stay guest. A stay makes its guest a long-stay guest
        # for good when its run reaches the hotel's nights in a row, and until
        # the end of the period that starts on its check-in day when the
        # nights of the guest's stays from its check-in day on reach the
        # nights in the period (the period that counts them all). Of a
        # guest's stays at a hotel, the one whose period starts last keeps
        # its first day (the guests' search compares it with today less the
        # period's length): one dated stay per guest and hotel, however many
        # stays the guest had. Only the stays whose values changed are
        # written.
        self.env.cr.execute(
            SQL(
                """
                WITH stays AS (
                    SELECT id, partner_id, company_id, check_in_date,
                           chain_nights AS stored,
                           long_stay_since AS stored_since,
                           state IN %(states)s AS counted,
                           check_out_date - check_in_date AS nights,
                           CASE WHEN check_in_date = LAG(check_out_date) OVER w
                                THEN 0 ELSE 1 END AS starts_chain,
                           SUM(check_out_date - check_in_date) OVER (
                               PARTITION BY partner_id, company_id,
                                            state IN %(states)s
                               ORDER BY check_in_date DESC
                           ) AS nights_since
                      FROM hotel_stay
                     WHERE %(scope)s
                    WINDOW w AS (PARTITION BY partner_id, company_id,
                                              state IN %(states)s
                                 ORDER BY check_in_date)
                ), chains AS (
                    SELECT id, partner_id, company_id, check_in_date, stored,
                           stored_since, counted, nights, nights_since,
                           SUM(starts_chain) OVER (
                               PARTITION BY partner_id, company_id, counted
                               ORDER BY check_in_date
                           ) AS chain
                      FROM stays
                ), runs AS (
                    SELECT id, partner_id, company_id, check_in_date, stored,
                           stored_since, counted, nights_since,
                           CASE WHEN counted THEN SUM(nights) OVER (
                                    PARTITION BY partner_id, company_id,
                                                 counted, chain
                                    ORDER BY check_in_date
                                ) ELSE 0 END AS chain_nights
                      FROM chains
                ), periods AS (
                    SELECT runs.id, runs.partner_id, runs.company_id,
                           runs.check_in_date, runs.stored, runs.stored_since,
                           runs.chain_nights,
                           CASE WHEN NOT runs.counted THEN NULL
                                WHEN runs.chain_nights
                                     >= company.hotel_long_stay_nights
                                THEN %(forever)s
                                WHEN runs.nights_since
                                     >= company.hotel_long_stay_window_nights
                                THEN runs.check_in_date
                           END AS since
                      FROM runs
                      JOIN res_company company ON company.id = runs.company_id
                ), result AS (
                    SELECT id, stored, stored_since, chain_nights,
                           CASE WHEN ROW_NUMBER() OVER (
                                    PARTITION BY partner_id, company_id
                                    ORDER BY since DESC NULLS LAST,
                                             check_in_date DESC, id DESC
                                ) = 1 THEN since END AS long_stay_since
                      FROM periods
                )
                -- the stays to write found by the same index: a join on the
                -- id alone would read the whole table
                UPDATE hotel_stay stay
                   SET chain_nights = result.chain_nights,
                       long_stay_since = result.long_stay_since
                  FROM result
                 WHERE stay.id = result.id AND %(stay_scope)s
                   AND (result.stored IS DISTINCT FROM result.chain_nights
                        OR result.stored_since
                           IS DISTINCT FROM result.long_stay_since)
             RETURNING stay.id
                """,
                states=COUNTED_STATES,
                forever=FOREVER,
                scope=scope,
                stay_scope=stay_scope,
            )
        )
        changed = self.browse(stay_id for (stay_id,) in self.env.cr.fetchall())
        if not column:
            self.env.cr.execute("SET LOCAL work_mem TO DEFAULT")
        self.invalidate_model(["chain_nights", "long_stay_since"])
        # what depends on them (the guests' long-stay flags) is computed again
        changed.modified(["chain_nights", "long_stay_since"])
        return len(changed)

    @api.model
    def _cron_hotel_refresh_long_stays(self):
        """Daily: the runs and long-stay dates of every hotel's stays, one
        statement per hotel, writing only what changed (nothing on a rerun).
        They are kept when stays change; this pass catches what two
        transactions changing the same guest's stays at the same moment
        could each miss of the other's."""
        changed = 0
        for company in self.env["res.company"].search([]):
            changed += self._hotel_update_chains(company_ids=company.ids)
        return changed

    @api.model_create_multi
    def create(self, vals_list):
        stays = super().create(vals_list)
        # a booking joins no run until check-in: only stays recorded as having
        # taken place (an import of past stays) change the guests' runs
        counted = stays.filtered(lambda stay: stay.state in COUNTED_STATES)
        if counted:
            self._hotel_update_chains(counted.partner_id.ids)
        return stays

    def write(self, vals):
        changed = set(CHAIN_FIELDS) & vals.keys()
        if not changed:
            return super().write(vals)
        stays = self
        if changed == {"state"}:
            # a status change moves a stay into or out of its run only when
            # it starts or stops counting (check-out does not)
            counts = vals["state"] in COUNTED_STATES
            stays = self.filtered(lambda s: (s.state in COUNTED_STATES) != counts)
        before = stays.partner_id.ids
        res = super().write(vals)
        if stays:
            self._hotel_update_chains(before + stays.partner_id.ids)
        return res
