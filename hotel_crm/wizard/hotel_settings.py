from odoo import fields, models
from odoo.exceptions import UserError

from ..models.res_company_care import CARE_SETTINGS
from ..models.res_company_complaint import COMPLAINT_SETTINGS
from ..models.res_company_membership import MEMBERSHIP_SETTINGS, VALIDITIES, WINDOWS

# The company fields this screen changes, and the only ones.
HOTEL_SETTINGS_FIELDS = (
    "hotel_group_corporate_invoices",
    "hotel_long_stay_nights",
    "hotel_long_stay_window_nights",
    "hotel_long_stay_window_days",
    *MEMBERSHIP_SETTINGS,
    "hotel_points_earn_rate",
    *COMPLAINT_SETTINGS,
    *CARE_SETTINGS,
)


def _company_value(fname):
    return lambda self: self.env.company[fname]


class HotelSettings(models.TransientModel):
    """The hotel's settings (the ``hotel_*`` fields of the current company)
    for Hotel Managers. Odoo's Settings screen (``res.config.settings``) is
    for administrators only, and so is writing a company: this screen writes
    these fields, on the current company, and nothing else."""

    _name = "hotel.settings"
    _description = "Hotel Settings"
    _inherit = ["hotel.guard.mixin"]
    # the hotel is the one the user works in, never one a client names
    _hotel_protected_fields = ("company_id",)

    company_id = fields.Many2one(
        "res.company",
        string="Hotel",
        required=True,
        readonly=True,
        default=lambda self: self.env.company,
    )
    hotel_group_corporate_invoices = fields.Boolean(
        string="One Invoice per Billing Partner",
        default=_company_value("hotel_group_corporate_invoices"),
        help="When several stays are invoiced together, the stays billed to the "
        "same partner (a corporate client, for example) go on one invoice. "
        "Otherwise each stay gets its own invoice.",
    )
    hotel_long_stay_nights = fields.Integer(
        string="Long Stay From (Nights in a Row)",
        default=_company_value("hotel_long_stay_nights"),
        help="A stay of at least this many consecutive nights is a long stay, "
        "and its guest is a long-stay guest.",
    )
    hotel_long_stay_window_nights = fields.Integer(
        string="Long-Stay Guest From (Nights in the Period)",
        default=_company_value("hotel_long_stay_window_nights"),
        help="A guest who stayed at least this many nights, in stays that started "
        "within the period below, is a long-stay guest.",
    )
    hotel_long_stay_window_days = fields.Integer(
        string="Period for Counting Nights (Days)",
        default=_company_value("hotel_long_stay_window_days"),
        help="How many days back the nights of a guest's stays are added up.",
    )
    hotel_membership_window = fields.Selection(
        WINDOWS,
        string="Qualification Window",
        required=True,
        default=_company_value("hotel_membership_window"),
    )
    hotel_membership_window_months = fields.Integer(
        string="Rolling Window (Months)",
        default=_company_value("hotel_membership_window_months"),
    )
    hotel_membership_validity = fields.Selection(
        VALIDITIES,
        string="Level Validity",
        required=True,
        default=_company_value("hotel_membership_validity"),
    )
    hotel_membership_validity_months = fields.Integer(
        string="Validity (Months)",
        default=_company_value("hotel_membership_validity_months"),
    )
    hotel_membership_soft_landing = fields.Boolean(
        string="Soft Landing",
        default=_company_value("hotel_membership_soft_landing"),
        help="When a level ends and the guest no longer qualifies for it, the guest "
        "drops one level at most.",
    )
    hotel_points_expiry_months = fields.Integer(
        string="Points Expire After (Months)",
        default=_company_value("hotel_points_expiry_months"),
    )
    hotel_points_earn_rate = fields.Float(
        string="Points Earned per Currency Unit",
        default=_company_value("hotel_points_earn_rate"),
        help="The points a guest earns per unit of the company currency paid for a "
        "stay.",
    )
    hotel_points_per_currency_unit = fields.Integer(
        string="Points per Currency Unit",
        default=_company_value("hotel_points_per_currency_unit"),
        help="How many points redeem one unit of the company currency as a "
        "discount on a stay.",
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    hotel_sla_critical_ack_minutes = fields.Integer(
        string="Critical: Acknowledge Within (Minutes)",
        default=_company_value("hotel_sla_critical_ack_minutes"),
    )
    hotel_sla_critical_resolve_hours = fields.Integer(
        string="Critical: Resolve Within (Hours)",
        default=_company_value("hotel_sla_critical_resolve_hours"),
    )
    hotel_sla_high_ack_minutes = fields.Integer(
        string="High: Acknowledge Within (Minutes)",
        default=_company_value("hotel_sla_high_ack_minutes"),
    )
    hotel_sla_high_resolve_hours = fields.Integer(
        string="High: Resolve Within (Hours)",
        default=_company_value("hotel_sla_high_resolve_hours"),
    )
    hotel_sla_medium_ack_minutes = fields.Integer(
        string="Medium: Acknowledge Within (Minutes)",
        default=_company_value("hotel_sla_medium_ack_minutes"),
    )
    hotel_sla_medium_resolve_hours = fields.Integer(
        string="Medium: Resolve Within (Hours)",
        default=_company_value("hotel_sla_medium_resolve_hours"),
    )
    hotel_sla_low_ack_minutes = fields.Integer(
        string="Low: Acknowledge Within (Minutes)",
        default=_company_value("hotel_sla_low_ack_minutes"),
    )
    hotel_sla_low_resolve_hours = fields.Integer(
        string="Low: Resolve Within (Hours)",
        default=_company_value("hotel_sla_low_resolve_hours"),
    )
    hotel_complaint_limit_desk = fields.Monetary(
        string="Front Desk Compensation Limit",
        currency_field="currency_id",
        default=_company_value("hotel_complaint_limit_desk"),
        help="The compensation a Front Desk user gives without approval.",
    )
    hotel_complaint_limit_relations = fields.Monetary(
        string="Guest Relations Compensation Limit",
        currency_field="currency_id",
        default=_company_value("hotel_complaint_limit_relations"),
        help="The compensation a Guest Relations user gives without approval. Above "
        "it, only a Hotel Manager approves.",
    )
    hotel_complaint_reopen_satisfaction = fields.Integer(
        string="Reopen at a Satisfaction of at Most",
        default=_company_value("hotel_complaint_reopen_satisfaction"),
        help="A guest's satisfaction (1 to 5) at or below this reopens the complaint "
        "for a second handling; 0 never reopens it.",
    )
    hotel_care_greeting_days = fields.Integer(
        string="Greet Birthdays and Anniversaries (Days Ahead)",
        default=_company_value("hotel_care_greeting_days"),
        help="A guest who gave marketing consent gets a greeting this many days "
        "before their birthday and the anniversary of their first stay.",
    )
    hotel_care_user_id = fields.Many2one(
        "res.users",
        string="Guest Care Contact",
        default=_company_value("hotel_care_user_id"),
        domain="[('share', '=', False), ('company_ids', 'in', company_id)]",
        help="Who gets the greeting and win-back activities. When empty, the first "
        "Guest Relations user of the hotel.",
    )
    hotel_lapse_floor_days = fields.Integer(
        string="Lapsed After at Least (Days)",
        default=_company_value("hotel_lapse_floor_days"),
        help="A returning guest is lapsed when the days since their last stay exceed "
        "this floor and the factor times their usual interval between stays.",
    )
    hotel_lapse_factor = fields.Float(
        string="Lapsed After (Times the Usual Interval)",
        digits=(4, 1),
        default=_company_value("hotel_lapse_factor"),
    )
    hotel_lapse_single_stay_days = fields.Integer(
        string="One-Stay Guests Lapsed After (Days)",
        default=_company_value("hotel_lapse_single_stay_days"),
        help="A guest who stayed once has no rhythm yet: they are lapsed after this "
        "many days without a stay.",
    )
    hotel_complaint_recent_days = fields.Integer(
        string="Recent Complaint Within (Days)",
        default=_company_value("hotel_complaint_recent_days"),
        help="A guest who complained within these days shows a warning to the front "
        "desk and is more at risk of not coming back.",
    )
    hotel_retention_anonymize = fields.Boolean(
        string="Anonymize Inactive Guests",
        default=_company_value("hotel_retention_anonymize"),
        help="Every day, the guest files of guests with no stay for the days below "
        "are anonymized, as the manual action does: never a guest with an unpaid "
        "bill, an open complaint or a stay to come.",
    )
    hotel_retention_anonymize_days = fields.Integer(
        string="Anonymize After (Days Without a Stay)",
        default=_company_value("hotel_retention_anonymize_days"),
    )
    account_use_credit_limit = fields.Boolean(
        string="Credit Limit Check",
        compute="_compute_account_use_credit_limit",
        help="Odoo Invoicing's Sales Credit Limit: when it is on, checking in a "
        "guest whose billing partner would exceed its credit limit needs a "
        "Hotel Manager's confirmation.",
    )

    def _compute_account_use_credit_limit(self):
        for settings in self:
            settings.account_use_credit_limit = (
                settings.company_id.account_use_credit_limit
            )

    def action_hotel_retention_preview(self):
        """The guests the data retention would anonymize with the period on
        the screen, before it is switched on (or saved)."""
        self.ensure_one()
        self.check_access("write")
        return self.env["res.partner"]._hotel_retention_preview_action(
            self.hotel_retention_anonymize_days
        )

    def action_save(self):
        """Write the hotel's settings on the current company: the access
        rights of this model (Hotel Managers) decide who may."""
        self.ensure_one()
        self.check_access("write")
        company = self.env.company
        if self.company_id != company:
            raise UserError(
                self.env._(
                    "These are the settings of %(hotel)s, but you are now working in "
                    "%(current)s: open the settings again from %(current)s.",
                    hotel=self.company_id.name,
                    current=company.name,
                )
            )
        company.sudo().write(
            {
                fname: self._fields[fname].convert_to_write(self[fname], self)
                for fname in HOTEL_SETTINGS_FIELDS
            }
        )
        return {"type": "ir.actions.act_window_close"}
