from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    """The hotel's section of Odoo's Settings, for administrators. Hotel
    Managers change the same fields in *Hotel CRM > Configuration > Settings*
    (``hotel.settings``)."""

    _inherit = "res.config.settings"

    hotel_group_corporate_invoices = fields.Boolean(
        related="company_id.hotel_group_corporate_invoices", readonly=False
    )
    hotel_long_stay_nights = fields.Integer(
        related="company_id.hotel_long_stay_nights", readonly=False
    )
    hotel_long_stay_window_nights = fields.Integer(
        related="company_id.hotel_long_stay_window_nights", readonly=False
    )
    hotel_long_stay_window_days = fields.Integer(
        related="company_id.hotel_long_stay_window_days", readonly=False
    )
    hotel_membership_window = fields.Selection(
        related="company_id.hotel_membership_window", readonly=False
    )
    hotel_membership_window_months = fields.Integer(
        related="company_id.hotel_membership_window_months", readonly=False
    )
    hotel_membership_validity = fields.Selection(
        related="company_id.hotel_membership_validity", readonly=False
    )
    hotel_membership_validity_months = fields.Integer(
        related="company_id.hotel_membership_validity_months", readonly=False
    )
    hotel_membership_soft_landing = fields.Boolean(
        related="company_id.hotel_membership_soft_landing", readonly=False
    )
    hotel_points_expiry_months = fields.Integer(
        related="company_id.hotel_points_expiry_months", readonly=False
    )
    hotel_points_earn_rate = fields.Float(
        related="company_id.hotel_points_earn_rate", readonly=False
    )
    hotel_points_per_currency_unit = fields.Integer(
        related="company_id.hotel_points_per_currency_unit", readonly=False
    )
    # shown beside the hotel's settings, changed in Invoicing's own section
    hotel_account_use_credit_limit = fields.Boolean(
        string="Credit Limit Check",
        related="company_id.account_use_credit_limit",
    )
    hotel_sla_critical_ack_minutes = fields.Integer(
        related="company_id.hotel_sla_critical_ack_minutes", readonly=False
    )
    hotel_sla_critical_resolve_hours = fields.Integer(
        related="company_id.hotel_sla_critical_resolve_hours", readonly=False
    )
    hotel_sla_high_ack_minutes = fields.Integer(
        related="company_id.hotel_sla_high_ack_minutes", readonly=False
    )
    hotel_sla_high_resolve_hours = fields.Integer(
        related="company_id.hotel_sla_high_resolve_hours", readonly=False
    )
    hotel_sla_medium_ack_minutes = fields.Integer(
        related="company_id.hotel_sla_medium_ack_minutes", readonly=False
    )
    hotel_sla_medium_resolve_hours = fields.Integer(
        related="company_id.hotel_sla_medium_resolve_hours", readonly=False
    )
    hotel_sla_low_ack_minutes = fields.Integer(
        related="company_id.hotel_sla_low_ack_minutes", readonly=False
    )
    hotel_sla_low_resolve_hours = fields.Integer(
        related="company_id.hotel_sla_low_resolve_hours", readonly=False
    )
    hotel_complaint_limit_desk = fields.Monetary(
        related="company_id.hotel_complaint_limit_desk",
        readonly=False,
        currency_field="currency_id",
    )
    hotel_complaint_limit_relations = fields.Monetary(
        related="company_id.hotel_complaint_limit_relations",
        readonly=False,
        currency_field="currency_id",
    )
    hotel_complaint_reopen_satisfaction = fields.Integer(
        related="company_id.hotel_complaint_reopen_satisfaction", readonly=False
    )
    hotel_care_greeting_days = fields.Integer(
        related="company_id.hotel_care_greeting_days", readonly=False
    )
    hotel_care_user_id = fields.Many2one(
        related="company_id.hotel_care_user_id", readonly=False
    )
    hotel_lapse_floor_days = fields.Integer(
        related="company_id.hotel_lapse_floor_days", readonly=False
    )
    hotel_lapse_factor = fields.Float(
        related="company_id.hotel_lapse_factor", readonly=False
    )
    hotel_lapse_single_stay_days = fields.Integer(
        related="company_id.hotel_lapse_single_stay_days", readonly=False
    )
    hotel_complaint_recent_days = fields.Integer(
        related="company_id.hotel_complaint_recent_days", readonly=False
    )
    hotel_retention_anonymize = fields.Boolean(
        related="company_id.hotel_retention_anonymize", readonly=False
    )
    hotel_retention_anonymize_days = fields.Integer(
        related="company_id.hotel_retention_anonymize_days", readonly=False
    )

    def action_hotel_retention_preview(self):
        """The guests the data retention would anonymize with the period on
        the screen, before it is switched on."""
        self.ensure_one()
        return self.env["res.partner"]._hotel_retention_preview_action(
            self.hotel_retention_anonymize_days
        )
