import logging

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL

from .hotel_complaint import OPEN_STATES

_logger = logging.getLogger(__name__)

MANAGERS = "hotel_crm.group_hotel_manager"
# guests anonymized per scheduled action call (its progress is shown): each
# one stores the PDFs of its invoices and rewrites its file
RETENTION_BATCH = 100


class ResPartner(models.Model):
    """Data retention: the guest files of guests who no longer come are
    anonymized after the hotel's retention period, with the rules of the
    manual anonymization."""

    _inherit = "res.partner"

    guest_retention_due = fields.Boolean(
        string="Due for Anonymization",
        compute="_compute_guest_retention_due",
        search="_search_guest_retention_due",
        groups=MANAGERS,
        help="The data retention would anonymize this guest: no stay at any of the "
        "guest's hotels within their retention period, nothing unpaid, no open "
        "complaint, no stay to come.",
    )

    @api.depends_context("company", "date", "hotel_retention_preview_days")
    def _compute_guest_retention_due(self):
        due = set(
            self.search(
                [("id", "in", self._origin.ids), ("guest_retention_due", "=", True)]
            ).ids
        )
        for partner in self:
            partner.guest_retention_due = partner._origin.id in due

    def _search_guest_retention_due(self, operator, value):
        if operator not in ("=", "!=") or not isinstance(value, bool):
            raise UserError(self.env._("Operation not supported"))
        # the guests of the hotels the user works in: another hotel's guests,
        # due by that hotel's own setting, are not theirs to see
        query = SQL(
            """(SELECT due.id FROM (%s) due
                 WHERE EXISTS (SELECT 1 FROM hotel_stay stay
                                WHERE stay.partner_id = due.id
                                      AND stay.company_id IN %s))""",
            self._hotel_retention_due_query(),
            tuple(self.env.companies.ids),
        )
        return [("id", "in" if (operator == "=") == value else "not in", query)]

    @api.model
    def _hotel_retention_due_query(self):
        """The guests the data retention anonymizes, as an SQL subquery of
        partner ids: individual guest files not yet anonymized whose every
        hotel has the retention on and saw the guest's last stay end at
        least its retention period ago, without what the manual
        anonymization refuses (contacts under the guest, a user, a draft or
        unpaid invoice, a stay booked, in house or not invoiced, an open
        complaint). With ``hotel_retention_preview_days`` in the context,
        the current hotel counts as switched on with that period: what the
        manager sees before switching it on."""
        preview = self.env.context.get("hotel_retention_preview_days")
        for model in (
            "hotel.stay",
            "hotel.complaint",
            "account.move",
            "res.partner",
            "res.users",
        ):
            self.env[model].flush_model()
        self.env["res.company"].flush_model(
            ["hotel_retention_anonymize", "hotel_retention_anonymize_days"]
        )
        hotel_rule = SQL(
            "COALESCE(company.hotel_retention_anonymize, FALSE) "
            "AND stays.last_end <= %(today)s - company.hotel_retention_anonymize_days",
            today=fields.Date.context_today(self),
        )
        if preview:
            hotel_rule = SQL(
                "CASE WHEN stays.company_id = %(company)s "
                "THEN stays.last_end <= %(today)s - %(days)s ELSE %(rule)s END",
                company=self.env.company.id,
                today=fields.Date.context_today(self),
                days=int(preview),
                rule=hotel_rule,
            )
        return SQL(
            """
            SELECT guest.id
              FROM res_partner guest
              JOIN (SELECT stays.partner_id
                      FROM (SELECT partner_id, company_id,
                                   MAX(check_out_date) AS last_end
                              FROM hotel_stay
                          GROUP BY partner_id, company_id) stays
                      JOIN res_company company ON company.id = stays.company_id
                  GROUP BY stays.partner_id
                    HAVING BOOL_AND(COALESCE(%(hotel_rule)s, FALSE))) inactive
                ON inactive.partner_id = guest.id
             WHERE guest.is_hotel_guest AND NOT COALESCE(guest.is_company, FALSE)
                   AND NOT COALESCE(guest.guest_anonymized, FALSE)
                   AND NOT EXISTS (SELECT 1 FROM res_partner child
                                    WHERE child.parent_id = guest.id)
                   AND NOT EXISTS (SELECT 1 FROM res_users login
                                    WHERE login.partner_id = guest.id)
                   AND NOT EXISTS (
                       SELECT 1 FROM account_move move
                        WHERE move.partner_id = guest.id
                              AND move.move_type IN ('out_invoice', 'out_refund')
                              AND (move.state = 'draft'
                                   OR (move.state = 'posted'
                                       AND move.payment_state NOT IN
                                           ('paid', 'in_payment', 'reversed'))))
                   AND NOT EXISTS (
                       SELECT 1 FROM hotel_stay stay
                        WHERE stay.partner_id = guest.id
                              AND (stay.state IN ('booked', 'checked_in')
                                   OR stay.invoice_status = 'to_invoice'))
                   AND NOT EXISTS (
                       SELECT 1 FROM hotel_stay stay
                        WHERE stay.billing_partner_id = guest.id
                              AND (stay.state IN ('booked', 'checked_in')
                                   OR stay.invoice_status = 'to_invoice'))
                   AND NOT EXISTS (
                       SELECT 1 FROM hotel_complaint complaint
                        WHERE complaint.partner_id = guest.id
                              AND complaint.state IN %(open_states)s)
            """,
            hotel_rule=hotel_rule,
            open_states=OPEN_STATES,
        )

    @api.model
    def _hotel_cron_data_retention(self):
        """Anonymize a batch of the guests past their retention period; the
        scheduler calls again at once while some are left. A guest the
        anonymization refuses (a bill posted meanwhile...) is left for the
        next day, the others go on. Returns the number anonymized."""
        Cron = self.env["ir.cron"]
        if (
            not self.env["res.company"]
            .sudo()
            .search_count([("hotel_retention_anonymize", "=", True)], limit=1)
        ):
            Cron._notify_progress(done=0, remaining=0)
            return 0
        reason = self.env._(
            "Personal data removed by the hotel's data retention: the guest has not "
            "stayed for longer than its retention period."
        )
        # a batch the anonymization refuses as a whole does not keep the
        # guests after it waiting: the next one is tried, until one guest
        # could be anonymized or nobody is left
        done, last_id = self.browse(), 0
        while True:
            self.env.cr.execute(
                SQL(
                    "SELECT id FROM (%s) due WHERE id > %s ORDER BY 1 LIMIT %s",
                    self._hotel_retention_due_query(),
                    last_id,
                    RETENTION_BATCH + 1,
                )
            )
            ids = [row[0] for row in self.env.cr.fetchall()]
            partners = self.sudo().with_context(active_test=False).browse(ids)
            batch = partners[:RETENTION_BATCH]
            done |= batch._hotel_retention_anonymize(reason)
            if done or len(partners) <= len(batch):
                break
            last_id = batch.ids[-1]
        Cron._notify_progress(
            done=len(done), remaining=len(partners) - len(batch) if done else 0
        )
        return len(done)

    def _hotel_retention_anonymize(self, reason):
        """Anonymize the guests of ``self``, at once or, when that is refused,
        one by one; returns those anonymized."""
        if not self:
            return self
        try:
            with self.env.cr.savepoint():
                self._hotel_anonymize(reason)
            return self
        except UserError as error:
            _logger.info("Data retention: a batch refused, one by one now: %s", error)
        done = self.browse()
        for partner in self:
            try:
                with self.env.cr.savepoint():
                    partner._hotel_anonymize(reason)
                done |= partner
            except UserError as error:
                _logger.info(
                    "Data retention: guest %s left for now: %s", partner.id, error
                )
        return done

    @api.model
    def _hotel_retention_preview_action(self, days):
        """The guest list of those the data retention would anonymize at the
        current hotel with a retention period of ``days``: what a manager
        checks before switching it on."""
        action = self.env["ir.actions.actions"]._for_xml_id(
            "hotel_crm.res_partner_action_hotel_guest"
        )
        action.update(
            name=self.env._("Guests the Data Retention Would Anonymize"),
            domain=[("is_hotel_guest", "=", True), ("guest_retention_due", "=", True)],
            context={"hotel_retention_preview_days": days, "create": False},
            view_mode="list,form",
            views=[
                (
                    self.env.ref("hotel_crm.res_partner_view_list_hotel_guest").id,
                    "list",
                ),
                (
                    self.env.ref("hotel_crm.res_partner_view_form_hotel_guest").id,
                    "form",
                ),
            ],
        )
        return action
