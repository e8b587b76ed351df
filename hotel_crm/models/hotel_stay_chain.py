from odoo import api, fields, models
from odoo.tools import SQL

# the stays a guest actually spent in the hotel
COUNTED_STATES = ("checked_in", "checked_out")
# what a stay's place in its run of back-to-back stays depends on
CHAIN_FIELDS = ("partner_id", "company_id", "check_in_date", "check_out_date", "state")


class HotelStay(models.Model):
    """Runs of back-to-back stays: an extension booked as a new stay, or a
    guest who moves to another room on the day of departure, sleeps on
    without a break. ``chain_nights`` stores, on each stay the guest spent in
    the hotel, the nights of its run up to and including it, so that "N
    nights in a row" is one indexed condition rather than a sort of every
    stay. The module keeps it exact: for the guests whose stays are created,
    changed or merged, in one statement (a stay that took place is never
    deleted: ``_unlink_except_active``)."""

    _inherit = "hotel.stay"

    chain_nights = fields.Integer(
        string="Nights in a Row",
        readonly=True,
        copy=False,
        default=0,
        index=True,
        help="Nights of the guest's run of back-to-back stays at this hotel, up "
        "to and including this stay (0 for stays that did not take place).",
    )

    def init(self):  # pylint: disable=missing-return
        super().init()
        # a database that had stays before the column (install, upgrade)
        self.env.cr.execute(
            "SELECT DISTINCT partner_id FROM hotel_stay WHERE chain_nights IS NULL"
        )
        partner_ids = [partner_id for (partner_id,) in self.env.cr.fetchall()]
        if partner_ids:
            self._hotel_update_chains(partner_ids)

    @api.model
    def _hotel_update_chains(self, partner_ids):
        """Recompute ``chain_nights`` of every stay of the guests
        ``partner_ids`` (all hotels): one statement for the whole set."""
        partner_ids = tuple({pid for pid in partner_ids if pid})
        if not partner_ids:
            return
        self.flush_model(CHAIN_FIELDS)
        # window functions over each guest's stays, read once by the guest's
        # index: beyond the ORM. The stays that did not take place are a
        # partition of their own, whose runs are 0; only the stays whose run
        # changed are written.
        self.env.cr.execute(
            SQL(
                """
                WITH stays AS (
                    SELECT id, partner_id, company_id, check_in_date,
                           chain_nights AS stored,
                           state IN %(states)s AS counted,
                           check_out_date - check_in_date AS nights,
                           CASE WHEN check_in_date = LAG(check_out_date) OVER w
                                THEN 0 ELSE 1 END AS starts_chain
                      FROM hotel_stay
                     WHERE partner_id IN %(partners)s
                    WINDOW w AS (PARTITION BY partner_id, company_id,
                                              state IN %(states)s
                                 ORDER BY check_in_date)
                ), chains AS (
                    SELECT id, partner_id, company_id, check_in_date, stored,
                           counted, nights,
                           SUM(starts_chain) OVER (
                               PARTITION BY partner_id, company_id, counted
                               ORDER BY check_in_date
                           ) AS chain
                      FROM stays
                ), runs AS (
                    SELECT id, stored,
                           CASE WHEN counted THEN SUM(nights) OVER (
                                    PARTITION BY partner_id, company_id,
                                                 counted, chain
                                    ORDER BY check_in_date
                                ) ELSE 0 END AS chain_nights
                      FROM chains
                )
                -- the stays to write found by the guest's index too: a join
                -- on the id alone would read the whole table
                UPDATE hotel_stay stay
                   SET chain_nights = runs.chain_nights
                  FROM runs
                 WHERE stay.id = runs.id AND stay.partner_id IN %(partners)s
                   AND runs.stored IS DISTINCT FROM runs.chain_nights
                """,
                partners=partner_ids,
                states=COUNTED_STATES,
            )
        )
        self.invalidate_model(["chain_nights"])

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
