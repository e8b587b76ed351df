from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError

from .hotel_guard_mixin import AMOUNT_MAX

COMPENSATION_TYPES = [
    ("discount", "Discount on the Stay"),
    ("credit_note", "Credit Note"),
    ("points", "Loyalty Points"),
    ("complimentary", "Complimentary Service"),
    ("upgrade", "Upgrade"),
]
STATES = [
    ("draft", "Draft"),
    ("to_approve", "To Approve"),
    ("applied", "Applied"),
    ("refused", "Refused"),
]
# what the person asking for the compensation sets, while it is a draft
REQUEST_FIELDS = ("compensation_type", "amount", "points", "description")
# what no longer changes once the compensation left the draft state
DRAFT_ONLY_FIELDS = (*REQUEST_FIELDS, "complaint_id")


class HotelComplaintCompensation(models.Model):
    """What the hotel gives a guest for a complaint. Applied at once within
    the user's limit (company settings: Front Desk, Guest Relations; Hotel
    Managers without limit), otherwise sent to an approver. Applying it makes
    the real effect: a discount line on the stay, a credit note on its
    invoice, or points on the guest's card."""

    _name = "hotel.complaint.compensation"
    _description = "Complaint Compensation"
    _inherit = ["hotel.guard.mixin"]
    _order = "complaint_id, id"
    _check_company_auto = True
    # set by the compensation's own buttons only
    _hotel_protected_fields = (
        "state",
        "requested_by_id",
        "approver_id",
        "approval_activity_id",
        "approved_by_id",
        "applied_date",
        "stay_line_id",
        "refund_id",
    )

    complaint_id = fields.Many2one(
        "hotel.complaint",
        required=True,
        index=True,
        ondelete="cascade",
        check_company=True,
    )
    company_id = fields.Many2one(
        related="complaint_id.company_id", store=True, index=True
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    partner_id = fields.Many2one(related="complaint_id.partner_id", string="Guest")
    stay_id = fields.Many2one(related="complaint_id.stay_id")
    compensation_type = fields.Selection(
        COMPENSATION_TYPES, string="Type", required=True, default="discount"
    )
    amount = fields.Monetary(currency_field="currency_id")
    points = fields.Integer()
    description = fields.Char(
        size=256, help="What is given: the service offered, the room of the upgrade."
    )
    value = fields.Monetary(
        compute="_compute_value",
        currency_field="currency_id",
        help="What the compensation is worth in the company currency: the amount, "
        "or the points at their redemption value. The approval limits apply to it.",
    )
    state = fields.Selection(STATES, required=True, default="draft", readonly=True)
    requested_by_id = fields.Many2one(
        "res.users",
        readonly=True,
        default=lambda self: self.env.user,
    )
    approver_id = fields.Many2one("res.users", readonly=True)
    approval_activity_id = fields.Many2one(
        "mail.activity",
        readonly=True,
        copy=False,
        ondelete="set null",
        help="The approver's activity on the complaint for this request.",
    )
    approved_by_id = fields.Many2one("res.users", readonly=True)
    applied_date = fields.Datetime(string="Applied On", readonly=True)
    stay_line_id = fields.Many2one(
        "hotel.stay.line", string="Discount Line", readonly=True, ondelete="set null"
    )
    refund_id = fields.Many2one(
        "account.move", string="Credit Note", readonly=True, ondelete="restrict"
    )

    @api.depends("compensation_type", "amount", "points", "company_id")
    def _compute_value(self):
        for compensation in self:
            if compensation.compensation_type == "points":
                rate = (
                    compensation.company_id.sudo().hotel_points_per_currency_unit or 1
                )
                compensation.value = compensation.currency_id.round(
                    compensation.points / rate
                )
            else:
                compensation.value = compensation.amount

    @api.constrains(*REQUEST_FIELDS)
    def _check_request(self):
        for compensation in self:
            kind = compensation.compensation_type
            if kind in ("discount", "credit_note") and not (
                0 < compensation.amount <= AMOUNT_MAX
            ):
                raise ValidationError(
                    self.env._(
                        "Enter the amount of the discount or credit note: a positive "
                        "amount."
                    )
                )
            if kind == "points" and compensation.points <= 0:
                raise ValidationError(
                    self.env._("Enter the number of points given: a positive number.")
                )
            if (
                kind in ("complimentary", "upgrade")
                and not (compensation.description or "").strip()
            ):
                raise ValidationError(
                    self.env._(
                        "Describe the complimentary service or the upgrade given."
                    )
                )

    def write(self, vals):
        if not self.env.su and set(DRAFT_ONLY_FIELDS) & vals.keys():
            if self.filtered(lambda c: c.state != "draft"):
                raise UserError(
                    self.env._(
                        "A compensation is changed only while it is a draft: refuse "
                        "it and ask for another one."
                    )
                )
        if not self.env.su and vals.get("complaint_id"):
            # the complaint it moves to must be one the user may work on (the
            # rules only saw the complaint it belonged to)
            self.env["hotel.complaint"].browse(vals["complaint_id"]).check_access(
                "write"
            )
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_applied(self):
        if self.filtered(lambda c: c.state == "applied"):
            raise UserError(
                self.env._("A compensation that was applied cannot be deleted.")
            )

    def unlink(self):
        # a removed request is no longer waiting for its approver
        activities = self.sudo().approval_activity_id
        res = super().unlink()
        activities.exists().unlink()
        return res

    # ------------------------------------------------------------------
    # Approval
    # ------------------------------------------------------------------

    def _hotel_within_limit(self, user):
        self.ensure_one()
        limit = self.company_id._hotel_compensation_limit(user)
        return limit is None or self.currency_id.compare_amounts(self.value, limit) <= 0

    def action_apply(self):
        """Applies the compensation when it is within the user's limit, or
        asks an approver for it (an activity) when it is not."""
        self.check_access("write")
        for compensation in self:
            if compensation.state != "draft":
                raise UserError(
                    self.env._(
                        "Only a draft compensation is applied or sent for approval."
                    )
                )
            compensation._hotel_check_applicable()
            if compensation._hotel_within_limit(self.env.user):
                compensation._hotel_apply(self.env.user)
            else:
                compensation._hotel_request_approval()
        return True

    def _hotel_check_decidable(self):
        """The compensation waits for a decision the user may take: within
        the user's limit."""
        self.ensure_one()
        if self.state != "to_approve":
            raise UserError(self.env._("This compensation does not wait for approval."))
        if not self._hotel_within_limit(self.env.user):
            raise AccessError(
                self.env._(
                    "A compensation of %(value)s is above your approval limit: a "
                    "Hotel Manager decides on it.",
                    value=self._hotel_format_value(),
                )
            )

    def action_approve(self):
        self.check_access("write")
        for compensation in self:
            compensation._hotel_check_decidable()
            if compensation.requested_by_id == self.env.user:
                raise AccessError(
                    self.env._(
                        "You asked for this compensation: someone else approves it."
                    )
                )
            compensation._hotel_check_applicable()
            compensation._hotel_apply(self.env.user)
        return True

    def action_refuse(self):
        self.check_access("write")
        for compensation in self:
            compensation._hotel_check_decidable()
            compensation.sudo().write({"state": "refused"})
            compensation._hotel_close_approval_activity()
            compensation._hotel_log(
                compensation.complaint_id,
                self.env._(
                    "Compensation refused by %(user)s.", user=self.env.user.name
                ),
            )
        return True

    def _hotel_request_approval(self):
        self.ensure_one()
        approver = self._hotel_find_approver()
        activity = self.complaint_id.sudo().activity_schedule(
            "hotel_crm.mail_activity_compensation_approval",
            user_id=approver.id,
            summary=self.env._(
                "Approve a compensation of %(value)s", value=self._hotel_format_value()
            ),
            note=self._hotel_summary(),
        )
        self.sudo().write(
            {
                "state": "to_approve",
                "approver_id": approver.id,
                "approval_activity_id": activity.id,
            }
        )

    def _hotel_find_approver(self):
        """Whom the request goes to: the department manager when the amount is
        within their limit, otherwise a Hotel Manager of the hotel."""
        manager = self.complaint_id.department_id.manager_id
        if (
            manager
            and manager.active
            and manager != self.env.user
            and self.company_id in manager.company_ids
            and self._hotel_within_limit(manager)
        ):
            return manager
        managers = (
            self.env["hotel.complaint"]
            ._hotel_managers_by_company(self.company_id)
            .get(self.company_id.id, [])
        )
        others = [user for user in managers if user != self.env.user]
        if not others:
            raise UserError(
                self.env._(
                    "No Hotel Manager of %(hotel)s can approve this compensation.",
                    hotel=self.company_id.name,
                )
            )
        return others[0]

    def _hotel_close_approval_activity(self):
        """Marks done the approver's activity of this request only: another
        request of the complaint still waits for its own decision."""
        activities = self.sudo().approval_activity_id.exists()
        if activities:
            activities.action_feedback(feedback=self.env._("Decided."))
