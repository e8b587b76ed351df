from collections import defaultdict
from datetime import date, timedelta

from dateutil.relativedelta import relativedelta
from markupsafe import Markup

from odoo import api, fields, models
from odoo.tools import SQL

HOTEL_STAFF = "hotel_crm.group_hotel_user"
# levels read by the invoicing (the level's discount) too
LEVEL_READERS = "hotel_crm.group_hotel_user,account.group_account_invoice"
# the guest's membership at the current hotel: only the evaluation and the
# managers' level change write them
MEMBERSHIP_FIELDS = (
    "guest_level_id",
    "guest_level_valid_until",
    "guest_member_since",
    "guest_level_locked",
    "guest_level_lock_reason",
)
# guests whose level changes per scheduled action call (its progress is shown)
EVALUATION_BATCH = 20000


class ResPartner(models.Model):
    """Membership of the guest at the current hotel: the level, until when it
    is kept, and what the guest earned in the qualification window.

    The level is the hotel's own (company-dependent): a chain's hotels each
    run their programme, and a second hotel's stays never count for the
    first."""

    _inherit = "res.partner"

    guest_level_id = fields.Many2one(
        "hotel.membership.level",
        string="Membership Level",
        company_dependent=True,
        groups=LEVEL_READERS,
        help="The guest's level in the hotel's membership programme.",
    )
    guest_level_valid_until = fields.Date(
        string="Level Valid Until",
        company_dependent=True,
        groups=HOTEL_STAFF,
        help="The level is kept until this date; then the guest keeps it only by "
        "qualifying again.",
    )
    guest_member_since = fields.Date(
        string="Member Since",
        company_dependent=True,
        groups=HOTEL_STAFF,
        help="When the guest first reached a level.",
    )
    guest_level_locked = fields.Boolean(
        string="Level Locked",
        company_dependent=True,
        groups=HOTEL_STAFF,
        help="A manager set the level by hand: the daily evaluation leaves it as it "
        "is.",
    )
    guest_level_lock_reason = fields.Char(
        string="Lock Reason",
        company_dependent=True,
        groups=HOTEL_STAFF,
    )
    guest_level_color = fields.Integer(
        related="guest_level_id.color", string="Level Colour", groups=HOTEL_STAFF
    )
    guest_level_benefits = fields.Html(
        related="guest_level_id.benefits", string="Level Benefits", groups=HOTEL_STAFF
    )
    guest_membership_history_ids = fields.One2many(
        "hotel.membership.history",
        "partner_id",
        string="Membership History",
        groups=HOTEL_STAFF,
    )
    guest_qualifying_nights = fields.Integer(
        string="Qualifying Nights",
        compute="_compute_guest_qualifying",
        groups=HOTEL_STAFF,
        help="Nights of the stays checked out in the current qualification window.",
    )
    guest_qualifying_stays = fields.Integer(
        string="Qualifying Stays",
        compute="_compute_guest_qualifying",
        groups=HOTEL_STAFF,
    )
    guest_qualifying_revenue = fields.Monetary(
        string="Qualifying Revenue",
        compute="_compute_guest_qualifying",
        currency_field="guest_currency_id",
        groups=HOTEL_STAFF,
        help="Posted invoices of those stays, without taxes, credit notes deducted.",
    )
    guest_next_level_id = fields.Many2one(
        "hotel.membership.level",
        string="Next Level",
        compute="_compute_guest_qualifying",
        groups=HOTEL_STAFF,
    )
    guest_next_level_all = fields.Boolean(
        string="All Thresholds Needed",
        compute="_compute_guest_qualifying",
        groups=HOTEL_STAFF,
    )
    guest_next_level_hint = fields.Char(
        string="To the Next Level",
        compute="_compute_guest_qualifying",
        groups=HOTEL_STAFF,
    )
    guest_next_level_nights = fields.Integer(
        string="Nights Still Needed",
        compute="_compute_guest_qualifying",
        groups=HOTEL_STAFF,
    )
    guest_next_level_stays = fields.Integer(
        string="Stays Still Needed",
        compute="_compute_guest_qualifying",
        groups=HOTEL_STAFF,
    )
    guest_next_level_revenue = fields.Monetary(
        string="Revenue Still Needed",
        compute="_compute_guest_qualifying",
        currency_field="guest_currency_id",
        groups=HOTEL_STAFF,
    )

    @api.model
    def _hotel_protected_fnames(self):
        return super()._hotel_protected_fnames() | set(MEMBERSHIP_FIELDS)

    # ------------------------------------------------------------------
    # Qualifying figures
    # ------------------------------------------------------------------

    @api.depends_context("company", "date")
    def _compute_guest_qualifying(self):
        self._hotel_check_read("guest_qualifying_nights")
        company = self.env.company
        today = fields.Date.context_today(self)
        partners = self.filtered("id")
        figures = (
            self._hotel_qualifying_figures(today, company, partners.ids)
            if partners
            else {}
        )
        levels = self.env["hotel.membership.level"]._hotel_levels(company)
        for partner in self:
            earned = figures.get(partner.id, {"nights": 0, "stays": 0, "revenue": 0.0})
            partner.guest_qualifying_nights = earned["nights"]
            partner.guest_qualifying_stays = earned["stays"]
            partner.guest_qualifying_revenue = earned["revenue"]
            current = partner.sudo().guest_level_id
            following = self.env["hotel.membership.level"]
            for level in levels:
                if (
                    level.sequence > current.sequence
                    and level._hotel_thresholds()
                    and not level._hotel_qualifies(earned)
                ):
                    following = level
                    break
            partner.guest_next_level_id = following
            missing = dict.fromkeys(("nights", "stays", "revenue"), 0)
            if following:
                for figure, threshold in following._hotel_thresholds():
                    missing[figure] = max(threshold - earned[figure], 0)
            partner.guest_next_level_all = following.qualify_mode == "all"
            if not following:
                partner.guest_next_level_hint = False
            elif following.qualify_mode == "all":
                partner.guest_next_level_hint = self.env._(
                    "To reach %(level)s, all of these are still needed:",
                    level=following.name,
                )
            else:
                partner.guest_next_level_hint = self.env._(
                    "To reach %(level)s, one of these is still needed:",
                    level=following.name,
                )
            partner.guest_next_level_nights = missing["nights"]
            partner.guest_next_level_stays = missing["stays"]
            partner.guest_next_level_revenue = missing["revenue"]

    @api.model
    def _hotel_membership_window(self, on_date, company):
        """First and last day of the qualification window at ``on_date``."""
        if company.hotel_membership_window == "calendar":
            return date(on_date.year, 1, 1), on_date
        start = on_date - relativedelta(months=company.hotel_membership_window_months)
        return start + timedelta(days=1), on_date

    @api.model
    def _hotel_level_validity(self, on_date, company):
        """Until when a level reached or renewed on ``on_date`` is kept."""
        if company.hotel_membership_validity == "months":
            return on_date + relativedelta(
                months=company.hotel_membership_validity_months
            )
        return date(on_date.year + 1, 12, 31)

    @api.model
    def _hotel_qualifying_figures(self, on_date, company, partner_ids=None):
        """``{partner id: {"nights", "stays", "revenue"}}``: the stays of
        ``company`` checked out within the qualification window at
        ``on_date``, and the posted invoice lines of their charges (without
        taxes, credit notes deducted), for the guests ``partner_ids`` or all:
        one query for the whole set."""
        if partner_ids is not None and not partner_ids:
            return {}
        start, end = self._hotel_membership_window(on_date, company)
        self.env["hotel.stay"].flush_model(
            ["partner_id", "company_id", "state", "check_out_date", "nights"]
        )
        self.env["hotel.stay.line"].flush_model(["stay_id"])
        self.env["account.move.line"].flush_model(
            ["hotel_stay_line_id", "parent_state", "display_type", "balance"]
        )
        guests = (
            SQL("AND partner_id IN %s", tuple(partner_ids)) if partner_ids else SQL()
        )
        if partner_ids is None:
            # every guest of the hotel (the daily evaluation, a transaction of
            # its own): PostgreSQL's JIT compiles this query for 0.4 s of its
            # 1.3 s at 100,000 guests and gains nothing back
            self.env.cr.execute("SET LOCAL jit = off")
        # stays, their charges and invoice lines, grouped twice: beyond the ORM
        self.env.cr.execute(
            SQL(
                """
                WITH stays AS (
                    SELECT id, partner_id, nights
                      FROM hotel_stay
                     WHERE company_id = %(company)s AND state = 'checked_out'
                           AND check_out_date BETWEEN %(start)s AND %(end)s
                           %(guests)s
                ), revenue AS (
                    SELECT line.stay_id, SUM(aml.balance) AS balance
                      FROM stays
                      JOIN hotel_stay_line line ON line.stay_id = stays.id
                      JOIN account_move_line aml
                           ON aml.hotel_stay_line_id = line.id
                          AND aml.parent_state = 'posted'
                          AND aml.display_type = 'product'
                  GROUP BY line.stay_id
                )
                SELECT stays.partner_id, COUNT(*), SUM(stays.nights),
                       -COALESCE(SUM(revenue.balance), 0.0)
                  FROM stays
             LEFT JOIN revenue ON revenue.stay_id = stays.id
              GROUP BY stays.partner_id
                """,
                company=company.id,
                start=start,
                end=end,
                guests=guests,
            )
        )
        currency = company.currency_id
        return {
            partner_id: {
                "stays": stays,
                "nights": nights or 0,
                # most guests have nothing invoiced in the window
                "revenue": currency.round(revenue) if revenue else 0.0,
            }
            for partner_id, stays, nights, revenue in self.env.cr.fetchall()
        }

    # ------------------------------------------------------------------
    # Evaluation
    # ------------------------------------------------------------------

    def _hotel_evaluate_membership(self, on_date=None):
        """Evaluate the membership of the guests of ``self`` at the current
        hotel on ``on_date`` (today by default) and apply the changes: an
        upgrade at once, a renewal when the guest qualifies again, a drop
        only when the level's validity has ended (one level at most with the
        soft landing). Locked and anonymized guests are left alone. Returns
        the number of guests whose level changed."""
        changes = self._hotel_membership_changes(on_date, self.ids)
        self._hotel_apply_membership_changes(changes, on_date)
        return len(changes)

    @api.model
    def _hotel_cron_evaluate_membership(self):
        """The daily evaluation of every guest, hotel by hotel: the changes are
        computed for all guests at once and applied in batches; a rerun the
        same day finds nothing left to change. Returns the number of changes
        left for the next call."""
        Cron = self.env["ir.cron"]
        on_date = fields.Date.context_today(self)
        done = 0
        for company in self.env["res.company"].sudo().search([]):
            partners = self.sudo().with_company(company)
            changes = partners._hotel_membership_changes(on_date)
            if not changes:
                continue
            batch, rest = (
                changes[: EVALUATION_BATCH - done],
                changes[EVALUATION_BATCH - done :],
            )
            partners._hotel_apply_membership_changes(batch, on_date)
            done += len(batch)
            if rest:
                # the scheduler calls again at once for the rest
                Cron._notify_progress(done=done, remaining=len(rest))
                return len(rest)
        Cron._notify_progress(done=done, remaining=0)
        return 0

    @api.model
    def _hotel_membership_changes(self, on_date=None, partner_ids=None):
        """``[(partner id, old level, new level, valid until, reason,
        figures)]`` for the guests ``partner_ids`` (all guests by default) at
        the current hotel."""
        company = self.env.company
        on_date = on_date or fields.Date.context_today(self)
        Level = self.env["hotel.membership.level"]
        levels = Level._hotel_levels(company)
        if partner_ids is not None and not partner_ids:
            return []
        figures = self._hotel_qualifying_figures(on_date, company, partner_ids)
        validity = self._hotel_level_validity(on_date, company)
        soft_landing = company.hotel_membership_soft_landing
        renew_any_day = company.hotel_membership_validity == "next_year"
        # the rules as plain values, highest level first: a hundred thousand
        # guests are compared with them
        rules = [
            (
                level,
                level.sequence,
                level.qualify_mode == "all",
                level._hotel_thresholds(),
            )
            for level in levels
        ]
        earning = [rule for rule in reversed(rules) if rule[3]]
        nothing = {"nights": 0, "stays": 0, "revenue": 0.0}
        no_level = Level.browse()
        changes = []
        for partner_id, level_id, valid_until in self._hotel_membership_holders(
            company, partner_ids
        ):
            earned = figures.get(partner_id)
            if earned is None:
                if not level_id:
                    continue  # nothing earned, no level: nothing to change
                earned = nothing
            level = levels.browse(level_id)
            # the highest level whose rule the figures meet
            qualified, rank = no_level, None
            for candidate, sequence, all_needed, thresholds in earning:
                if Level._hotel_rule_met(earned, all_needed, thresholds):
                    qualified, rank = candidate, sequence
                    break
            change = None
            if qualified and (not level or rank > level.sequence):
                change = (qualified, validity, "qualified")
            elif level and qualified == level:
                renewable = renew_any_day or (valid_until and on_date > valid_until)
                if valid_until and validity > valid_until and renewable:
                    change = (level, validity, "renewed")
            elif level and valid_until and on_date > valid_until:
                target, reason = qualified, "expired"
                if soft_landing:
                    below = [rule for rule in rules if rule[1] < level.sequence]
                    if below and (not qualified or below[-1][1] > rank):
                        target, reason = below[-1][0], "soft_landing"
                change = (target, validity if target else False, reason)
            if change:
                changes.append((partner_id, level, *change, earned))
        return changes

    @api.model
    def _hotel_membership_holders(self, company, partner_ids=None):
        """``[(partner id, level id, valid until)]`` at ``company`` of the
        guests the evaluation may change (``partner_ids``, or all): hotel
        guests neither anonymized nor with a locked level, archived ones
        included. One query returning plain values, in the order of the ids:
        the daily evaluation reads a hundred thousand guests."""
        Partner = self.sudo().with_company(company).with_context(active_test=False)
        domain = [
            ("is_hotel_guest", "=", True),
            ("guest_anonymized", "=", False),
            ("guest_level_locked", "=", False),
        ]
        if partner_ids is not None:
            domain.append(("id", "in", list(partner_ids)))
        query = Partner._search(domain, order="id")
        # execute_query flushes the fields read
        return self.env.execute_query(
            query.select(
                SQL.identifier(query.table, "id"),
                Partner._field_to_sql(query.table, "guest_level_id", query),
                Partner._field_to_sql(query.table, "guest_level_valid_until", query),
            )
        )

    @api.model
    def _hotel_apply_membership_changes(self, changes, on_date=None):
        """Write the levels and the history of ``changes``; the chatter notes
        and the upgrade e-mails follow from the history, posted by their own
        scheduled action (a first evaluation changes thousands of guests)."""
        if not changes:
            return
        company = self.env.company
        on_date = on_date or fields.Date.context_today(self)
        # none of the fields written is tracked: no tracking values to prepare
        Partner = self.sudo().with_company(company).with_context(tracking_disable=True)
        groups = defaultdict(list)
        for partner_id, _old, new, valid_until, _reason, _figures in changes:
            groups[new, valid_until].append(partner_id)
        for (new, valid_until), partner_ids in groups.items():
            Partner.browse(partner_ids).write(
                {"guest_level_id": new.id, "guest_level_valid_until": valid_until}
            )
        new_members = Partner.browse(
            [change[0] for change in changes if change[2]]
        ).filtered(lambda p: not p.guest_member_since)
        if new_members:
            new_members.write({"guest_member_since": on_date})
        self.env["hotel.membership.history"].sudo().create(
            [
                {
                    "partner_id": partner_id,
                    "company_id": company.id,
                    "date": on_date,
                    "old_level_id": old.id,
                    "new_level_id": new.id,
                    "valid_until": valid_until,
                    "reason": reason,
                    "nights": figures["nights"],
                    "stays": figures["stays"],
                    "revenue": figures["revenue"],
                    "notify_pending": True,
                }
                for partner_id, old, new, valid_until, reason, figures in changes
            ]
        )
        self.env.ref("hotel_crm.ir_cron_membership_notify")._trigger()

    @api.model
    def _hotel_membership_note(self, old, new, reason):
        """The chatter note of a level change, one whole sentence per case."""
        if reason == "manual" and new:
            body = self.env._(
                "A manager set the membership level to %(new)s.", new=new.name
            )
        elif reason == "manual":
            body = self.env._(
                "A manager removed the membership level %(old)s.", old=old.name
            )
        elif not new:
            body = self.env._(
                "The membership level %(old)s ended: the guest no longer qualifies.",
                old=old.name,
            )
        elif reason == "renewed":
            body = self.env._(
                "The membership level %(level)s is renewed: the guest qualified again.",
                level=new.name,
            )
        elif reason == "soft_landing":
            body = self.env._(
                "The membership level %(old)s ended; the soft landing keeps the guest "
                "at %(new)s.",
                old=old.name,
                new=new.name,
            )
        elif not old:
            body = self.env._(
                "The guest reached the membership level %(new)s.", new=new.name
            )
        elif new.sequence > old.sequence:
            body = self.env._(
                "The guest moved up from %(old)s to the membership level %(new)s.",
                old=old.name,
                new=new.name,
            )
        else:
            body = self.env._(
                "The membership level %(old)s ended; the guest now qualifies for "
                "%(new)s.",
                old=old.name,
                new=new.name,
            )
        return Markup("<p>%s</p>") % body
