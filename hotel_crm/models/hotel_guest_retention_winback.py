from odoo import api, fields, models
from odoo.tools import SQL, format_date

# win-back activities planned per scheduled action call (its progress is shown)
WINBACK_BATCH = 1000


class HotelGuestRetention(models.Model):
    """The daily retention pass: every hotel's figures refreshed, then one
    win-back activity for each guest newly lapsed or newly at high risk."""

    _inherit = "hotel.guest.retention"

    @api.model
    def _hotel_cron_refresh(self):
        """Refresh every hotel's retention figures (a rerun writes nothing
        new), then plan a batch of the pending win-back activities; the
        scheduler calls again at once while some are left, and those calls
        only plan (the figures are fresh)."""
        if not self.sudo().search_count([("winback_pending", "=", True)], limit=1):
            for company in self.env["res.company"].sudo().search([]):
                self.sudo().with_company(company)._hotel_refresh()
        planned = self.sudo()._hotel_plan_winbacks(WINBACK_BATCH)
        remaining = self.sudo().search_count([("winback_pending", "=", True)])
        self.env["ir.cron"]._notify_progress(done=planned, remaining=remaining)
        return remaining

    @api.model
    def _hotel_plan_winbacks(self, limit=None):
        """One win-back activity for each pending guest (at most ``limit``)
        who is still lapsed or at high risk, has no win-back activity open at
        the hotel, and may be contacted: an active guest file, neither
        anonymized nor restricted. The pending marks are cleared either way.
        Returns the number of activities planned."""
        rows = self.search([("winback_pending", "=", True)], order="id", limit=limit)
        if not rows:
            return 0
        contactable = (
            self.env["res.partner"]
            .with_context(active_test=True)
            .search(
                [
                    ("id", "in", rows.partner_id.ids),
                    ("is_hotel_guest", "=", True),
                    ("guest_anonymized", "=", False),
                    ("guest_is_restricted", "=", False),
                ]
            )
        )
        # the activities' record names, for the whole batch at once
        contactable.mapped("display_name")
        activity_type = self.env.ref("hotel_crm.mail_activity_type_guest_winback")
        # a win-back call still open, planned by a pass or by hand: none more
        open_calls = set(
            self.env["mail.activity"]
            .search(
                [
                    ("res_model", "=", "res.partner"),
                    ("res_id", "in", rows.partner_id.ids),
                    ("activity_type_id", "=", activity_type.id),
                ]
            )
            .mapped("res_id")
        )
        today = fields.Date.context_today(self)
        users = {}
        values, planned_rows = [], []
        for row in rows:
            if (
                row.partner_id not in contactable
                # still open: a done one is deleted, or archived when its
                # type keeps the done activities
                or row.partner_id.id in open_calls
                or not (row.is_lapsed or row.churn_risk == "high")
            ):
                continue
            company = row.company_id
            if company not in users:
                users[company] = company._hotel_care_user()
            if not users[company]:
                continue
            # in the language of the user who calls the guest
            in_lang = row.with_context(lang=users[company].lang)
            values.append(
                {
                    "res_model_id": self.env["ir.model"]._get_id("res.partner"),
                    "res_id": row.partner_id.id,
                    "activity_type_id": activity_type.id,
                    "user_id": users[company].id,
                    "date_deadline": today,
                    "summary": in_lang.env._("Win back this guest"),
                    "note": in_lang._hotel_winback_note(),
                }
            )
            planned_rows.append(row.id)
        activities = (
            self.env["mail.activity"]
            .with_context(mail_activity_quick_update=True)
            .create(values)
        )
        self.env.cr.execute(
            SQL(
                """
                UPDATE hotel_guest_retention
                   SET winback_pending = FALSE,
                       winback_activity_id = planned.activity_id
                  FROM (SELECT UNNEST(%(rows)s::int[]) AS id) pending
             LEFT JOIN (SELECT UNNEST(%(planned)s::int[]) AS id,
                               UNNEST(%(activities)s::int[]) AS activity_id) planned
                    ON planned.id = pending.id
                 WHERE hotel_guest_retention.id = pending.id
                """,
                rows=rows.ids,
                planned=planned_rows,
                activities=activities.ids,
            )
        )
        self.invalidate_model(["winback_pending", "winback_activity_id"])
        return len(activities)

    def _hotel_winback_note(self):
        """Why the guest needs a call, one whole sentence per case."""
        self.ensure_one()
        last = format_date(self.env, self.last_stay_date)
        segment = dict(self._fields["segment"]._description_selection(self.env)).get(
            self.segment
        )
        if self.is_lapsed and self.typical_interval:
            body = self.env._(
                "No stay since %(date)s, although this guest usually comes back "
                "every %(days)s days.",
                date=last,
                days=self.typical_interval,
            )
        elif self.is_lapsed:
            body = self.env._(
                "No stay since %(date)s, after a single stay.",
                date=last,
            )
        elif self.recent_complaint:
            body = self.env._(
                "High churn risk: the guest is in the segment %(segment)s and "
                "complained recently.",
                segment=segment,
            )
        else:
            body = self.env._(
                "High churn risk: the guest is in the segment %(segment)s.",
                segment=segment,
            )
        return body
