from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import UserError

from .hotel_complaint import OPEN_STATES

HOTEL_STAFF = "hotel_crm.group_hotel_user"


class ResPartner(models.Model):
    """The guest's complaints: how many are open, and the warning the front
    desk sees on the guest file, the board and at check-in when the guest has
    an open complaint or complained recently (the hotel's
    ``hotel_complaint_recent_days``)."""

    _inherit = "res.partner"

    guest_complaint_ids = fields.One2many(
        "hotel.complaint", "partner_id", string="Complaints", groups=HOTEL_STAFF
    )
    guest_complaint_count = fields.Integer(
        string="Complaint Count",
        compute="_compute_guest_complaints",
        groups=HOTEL_STAFF,
    )
    guest_open_complaint_count = fields.Integer(
        string="Open Complaints",
        compute="_compute_guest_complaints",
        groups=HOTEL_STAFF,
    )
    guest_complaint_alert = fields.Char(
        string="Complaint Warning",
        compute="_compute_guest_complaints",
        groups=HOTEL_STAFF,
        help="Set when the guest has an open complaint or complained recently (a "
        "hotel setting, 90 days by default).",
    )

    @api.depends(
        "guest_complaint_ids.state",
        "guest_complaint_ids.reported_date",
        "guest_complaint_ids.company_id",
    )
    @api.depends_context("uid", "company", "allowed_company_ids", "date")
    def _compute_guest_complaints(self):
        """One grouped query for the whole batch, on the complaints of the
        hotels the user works in: also when read as superuser, as the warning
        on the stay (a related field) is."""
        self._hotel_check_read("guest_complaint_count")
        days = self.env.company.hotel_complaint_recent_days
        since = fields.Datetime.now() - timedelta(days=days)
        groups = self.env["hotel.complaint"]._read_group(
            [
                ("partner_id", "in", self._origin.ids),
                ("company_id", "in", self.env.companies.ids),
            ],
            ["partner_id", "state"],
            ["__count", "reported_date:max"],
        )
        total, open_count, recent = {}, {}, set()
        for partner, state, count, last in groups:
            total[partner.id] = total.get(partner.id, 0) + count
            if state in OPEN_STATES:
                open_count[partner.id] = open_count.get(partner.id, 0) + count
            elif state != "cancelled" and last >= since:
                recent.add(partner.id)
        for partner in self:
            key = partner._origin.id
            partner.guest_complaint_count = total.get(key, 0)
            partner.guest_open_complaint_count = open_count.get(key, 0)
            if open_count.get(key):
                partner.guest_complaint_alert = self.env._(
                    "Open complaint: this guest is waiting for an answer."
                )
            elif key in recent:
                partner.guest_complaint_alert = self.env._(
                    "Previous complaint: this guest complained in the last %(days)s "
                    "days.",
                    days=days,
                )
            else:
                partner.guest_complaint_alert = False

    def action_hotel_view_complaints(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "hotel_crm.hotel_complaint_action"
        )
        action["domain"] = [("partner_id", "=", self.id)]
        action["context"] = {"default_partner_id": self.id}
        return action

    # ------------------------------------------------------------------
    # Anonymization: never with an open complaint; the complaints stay for
    # the analysis, without what the guest said
    # ------------------------------------------------------------------

    def _hotel_check_can_anonymize(self, partners):  # pylint: disable=missing-return
        super()._hotel_check_can_anonymize(partners)
        complaint = (
            self.env["hotel.complaint"]
            .sudo()
            .search(
                [("partner_id", "in", partners.ids), ("state", "in", OPEN_STATES)],
                limit=1,
            )
        )
        if complaint:
            raise UserError(
                self.env._(
                    "%(guest)s has the open complaint %(complaint)s: resolve or cancel "
                    "it before the guest can be anonymized.",
                    guest=complaint.partner_id.display_name,
                    complaint=complaint.name,
                )
            )

    def _hotel_erase_traces(self, partners, emails):  # pylint: disable=missing-return
        super()._hotel_erase_traces(partners, emails)
        complaints = (
            self.env["hotel.complaint"]
            .sudo()
            .with_context(active_test=False, tracking_disable=True)
            .search([("partner_id", "in", partners.ids)])
        )
        if not complaints:
            return
        complaints.write(
            {
                "description": self.env._("Removed at the guest's request."),
                "satisfaction_comment": False,
            }
        )
        domain = [
            ("res_model", "=", "hotel.complaint"),
            ("res_id", "in", complaints.ids),
        ]
        self.env["mail.message"].sudo().search(
            [
                ("model", "=", "hotel.complaint"),
                ("res_id", "in", complaints.ids),
                ("message_type", "in", ("email", "comment", "email_outgoing")),
            ]
        ).unlink()
        self.env["mail.activity"].sudo().search(domain).unlink()
        self.env["ir.attachment"].sudo().search(domain).unlink()
