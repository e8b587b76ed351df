from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import ValidationError

MANAGERS = "hotel_crm.group_hotel_manager"
RELATIONS = "hotel_crm.group_hotel_relations"
FRONT_DESK = "hotel_crm.group_hotel_user"
SEVERITIES = ("critical", "high", "medium", "low")
# The promised times of each severity: acknowledged within (minutes), resolved
# within (hours).
SLA_DEFAULTS = {
    "critical": (15, 4),
    "high": (60, 24),
    "medium": (240, 72),
    "low": (1440, 168),
}
# the complaint settings: the hotel settings screens change these
COMPLAINT_SETTINGS = (
    *(f"hotel_sla_{severity}_ack_minutes" for severity in SEVERITIES),
    *(f"hotel_sla_{severity}_resolve_hours" for severity in SEVERITIES),
    "hotel_complaint_limit_desk",
    "hotel_complaint_limit_relations",
    "hotel_complaint_reopen_satisfaction",
)


class ResCompany(models.Model):
    """The hotel's promised response times for complaints (per severity) and
    how much compensation each role may give without approval."""

    _inherit = "res.company"

    hotel_sla_critical_ack_minutes = fields.Integer(
        string="Critical: Acknowledge Within (Minutes)", default=15
    )
    hotel_sla_critical_resolve_hours = fields.Integer(
        string="Critical: Resolve Within (Hours)", default=4
    )
    hotel_sla_high_ack_minutes = fields.Integer(
        string="High: Acknowledge Within (Minutes)", default=60
    )
    hotel_sla_high_resolve_hours = fields.Integer(
        string="High: Resolve Within (Hours)", default=24
    )
    hotel_sla_medium_ack_minutes = fields.Integer(
        string="Medium: Acknowledge Within (Minutes)", default=240
    )
    hotel_sla_medium_resolve_hours = fields.Integer(
        string="Medium: Resolve Within (Hours)", default=72
    )
    hotel_sla_low_ack_minutes = fields.Integer(
        string="Low: Acknowledge Within (Minutes)", default=1440
    )
    hotel_sla_low_resolve_hours = fields.Integer(
        string="Low: Resolve Within (Hours)", default=168
    )
    hotel_complaint_limit_desk = fields.Monetary(
        string="Front Desk Compensation Limit",
        currency_field="currency_id",
        default=30.0,
        help="The compensation a Front Desk user gives without approval, in the "
        "company currency (points count at their redemption value).",
    )
    hotel_complaint_limit_relations = fields.Monetary(
        string="Guest Relations Compensation Limit",
        currency_field="currency_id",
        default=150.0,
        help="The compensation a Guest Relations user gives without approval. Above "
        "it, only a Hotel Manager approves.",
    )

    hotel_complaint_reopen_satisfaction = fields.Integer(
        string="Reopen at a Satisfaction of at Most",
        default=2,
        help="A guest's satisfaction (1 to 5) at or below this reopens the complaint "
        "for a second handling; 0 never reopens it.",
    )

    @api.constrains(*COMPLAINT_SETTINGS)
    def _check_hotel_complaint_settings(self):
        for company in self:
            for severity in SEVERITIES:
                ack = company[f"hotel_sla_{severity}_ack_minutes"]
                resolve = company[f"hotel_sla_{severity}_resolve_hours"]
                if ack < 1 or resolve < 1:
                    raise ValidationError(
                        self.env._(
                            "Complaints are acknowledged within at least one minute "
                            "and resolved within at least one hour."
                        )
                    )
                if ack > resolve * 60:
                    raise ValidationError(
                        self.env._(
                            "A complaint cannot be promised a resolution before its "
                            "acknowledgement: check the times of each severity."
                        )
                    )
            if not 0 <= company.hotel_complaint_reopen_satisfaction <= 4:
                raise ValidationError(
                    self.env._(
                        "A complaint is reopened at a satisfaction of at most 0 (never) "
                        "to 4."
                    )
                )
            desk = company.hotel_complaint_limit_desk
            relations = company.hotel_complaint_limit_relations
            if desk < 0 or relations < desk:
                raise ValidationError(
                    self.env._(
                        "Compensation limits are not negative, and the Guest "
                        "Relations limit is at least the Front Desk limit."
                    )
                )

    def _hotel_complaint_sla(self, severity):
        """``(acknowledge within, resolve within)`` of ``severity`` as
        timedeltas."""
        self.ensure_one()
        company = self.sudo()
        return (
            timedelta(minutes=company[f"hotel_sla_{severity}_ack_minutes"]),
            timedelta(hours=company[f"hotel_sla_{severity}_resolve_hours"]),
        )

    def _hotel_compensation_limit(self, user):
        """What ``user`` may give as compensation at this hotel without
        approval, in the company currency: ``None`` for no limit (Hotel
        Managers)."""
        self.ensure_one()
        if user.has_group(MANAGERS):
            return None
        if user.has_group(RELATIONS):
            return self.sudo().hotel_complaint_limit_relations
        if user.has_group(FRONT_DESK):
            return self.sudo().hotel_complaint_limit_desk
        return 0.0
