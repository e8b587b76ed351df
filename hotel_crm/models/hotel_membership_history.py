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
    upgrade_mail_pending = fields.Boolean(
        index=True,
        readonly=True,
        copy=False,
        help="The upgrade's welcome e-mail is still to be sent.",
    )

    @api.model
    def _hotel_cron_send_upgrade_mails(self):
        """The welcome e-mails of the upgrades, in batches: each is rendered
        in the guest's language and queued in Odoo's outgoing mail. A guest
        who withdrew the consent or the address meanwhile gets none. Returns
        the number left for the next call."""
        pending = self.sudo().search(
            [("upgrade_mail_pending", "=", True)], order="id", limit=MAIL_BATCH
        )
        template = self.env.ref(
            "hotel_crm.mail_template_membership_upgrade", raise_if_not_found=False
        )
        for company in pending.company_id:
            partners = pending.filtered(
                lambda h, company=company: h.company_id == company
            ).partner_id.filtered(lambda p: p.email and p.guest_marketing_consent)
            if template and partners:
                template.sudo().with_company(company).send_mail_batch(partners.ids)
        pending.write({"upgrade_mail_pending": False})
        remaining = self.sudo().search_count([("upgrade_mail_pending", "=", True)])
        self.env["ir.cron"]._notify_progress(done=len(pending), remaining=remaining)
        return remaining
