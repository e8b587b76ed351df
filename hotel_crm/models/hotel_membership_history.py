from odoo import api, fields, models

# upgrade e-mails rendered and queued per scheduled action call
MAIL_BATCH = 500

REASONS = [
    ("qualified", "Qualified"),
    ("renewed", "Renewed"),
    ("soft_landing", "Soft landing"),
    ("expired", "Expired"),
    ("manual", "Changed by a manager"),
]


class HotelMembershipHistory(models.Model):
    """Every change of a guest's level, with what the guest had earned at
    that moment: each change can be explained to the guest."""

    _name = "hotel.membership.history"
    _description = "Membership Level Change"
    _order = "date desc, id desc"
    _check_company_auto = True

    partner_id = fields.Many2one(
        "res.partner",
        string="Guest",
        required=True,
        index=True,
        ondelete="cascade",
    )
    company_id = fields.Many2one(
        "res.company",
        string="Hotel",
        required=True,
        index=True,
        default=lambda self: self.env.company,
    )
    date = fields.Date(required=True, default=fields.Date.context_today)
    old_level_id = fields.Many2one(
        "hotel.membership.level", string="From Level", ondelete="restrict"
    )
    new_level_id = fields.Many2one(
        "hotel.membership.level", string="To Level", ondelete="restrict"
    )
    valid_until = fields.Date(help="Until when the new level is kept.")
    reason = fields.Selection(REASONS, required=True)
    nights = fields.Integer(help="Qualifying nights at the time of the change.")
    stays = fields.Integer(help="Qualifying stays at the time of the change.")
    revenue = fields.Monetary(
        currency_field="currency_id",
        help="Qualifying revenue at the time of the change.",
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    user_id = fields.Many2one(
        "res.users",
        string="By",
        default=lambda self: self.env.user,
        help="Who changed the level: the manager, or the user running the daily "
        "evaluation.",
    )
    note = fields.Char(size=256)
    notify_pending = fields.Boolean(
        string="Guest Not Told Yet",
        index=True,
        readonly=True,
        copy=False,
        help="The change is still to be noted in the guest's chatter (and, for an "
        "upgrade, the welcome e-mail to be sent).",
    )

    def _hotel_is_upgrade(self):
        self.ensure_one()
        return bool(self.new_level_id) and (
            not self.old_level_id
            or self.new_level_id.sequence > self.old_level_id.sequence
        )

    @api.model
    def _hotel_cron_notify_changes(self):
        """The level changes of the evaluation told, in batches: a note in
        each guest's chatter, and for an upgrade the welcome e-mail, rendered
        in the guest's language and queued in Odoo's outgoing mail (it shows
        in the chatter), only to a guest who has an e-mail address and still
        gives the marketing consent. Returns the number left for the next
        call."""
        pending = self.sudo().search(
            [("notify_pending", "=", True)], order="id", limit=MAIL_BATCH
        )
        template = self.env.ref(
            "hotel_crm.mail_template_membership_upgrade", raise_if_not_found=False
        )
        Partner = self.env["res.partner"].sudo()
        for company in pending.company_id:
            changes = pending.filtered(
                lambda h, company=company: h.company_id == company
            )
            mailed = (
                changes.filtered(
                    lambda h: (
                        h._hotel_is_upgrade()
                        and h.partner_id.email
                        and h.partner_id.guest_marketing_consent
                    )
                ).partner_id
                if template
                else Partner
            )
            if mailed:
                template.sudo().with_company(company).send_mail_batch(mailed.ids)
            noted = changes.filtered(
                lambda h, mailed=mailed: h.partner_id not in mailed
            )
            if noted:
                noted.partner_id.with_company(company)._message_log_batch(
                    bodies={
                        change.partner_id.id: Partner._hotel_membership_note(
                            change.old_level_id, change.new_level_id, change.reason
                        )
                        for change in noted
                    }
                )
        pending.write({"notify_pending": False})
        remaining = self.sudo().search_count([("notify_pending", "=", True)])
        self.env["ir.cron"]._notify_progress(done=len(pending), remaining=remaining)
        return remaining
