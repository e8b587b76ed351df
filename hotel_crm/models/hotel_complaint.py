from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.osv import expression

MANAGERS = "hotel_crm.group_hotel_manager"
SEVERITIES = [
    ("low", "Low"),
    ("medium", "Medium"),
    ("high", "High"),
    ("critical", "Critical"),
]
CHANNELS = [
    ("front_desk", "Front Desk"),
    ("phone", "Phone"),
    ("email", "E-mail"),
    ("online_review", "Online Review"),
    ("survey", "Survey"),
    ("other", "Other"),
]
STATES = [
    ("new", "New"),
    ("acknowledged", "Acknowledged"),
    ("in_progress", "In Progress"),
    ("resolved", "Resolved"),
    ("closed", "Closed"),
    ("cancelled", "Cancelled"),
]
OPEN_STATES = ("new", "acknowledged", "in_progress")
SATISFACTION = [
    ("1", "Very Dissatisfied"),
    ("2", "Dissatisfied"),
    ("3", "Neutral"),
    ("4", "Satisfied"),
    ("5", "Very Satisfied"),
]
# the date each step of the process was reached
STEP_DATES = {
    "acknowledged": "acknowledged_date",
    "in_progress": "in_progress_date",
    "resolved": "resolved_date",
    "closed": "closed_date",
    "cancelled": "cancelled_date",
}


class HotelComplaint(models.Model):
    """A guest's complaint: recorded, acknowledged, owned by a department and
    a person, resolved within the promised time of its severity, compensated
    with the right approval, followed up with the guest and analysed."""

    _name = "hotel.complaint"
    _description = "Guest Complaint"
    _inherit = [
        "mail.thread",
        "mail.activity.mixin",
        "hotel.guest.alert.mixin",
        "hotel.guard.mixin",
    ]
    _order = "reported_date desc, id desc"
    _check_company_auto = True
    _rec_names_search = ["name", "partner_id"]
    # set by the complaint's own buttons and scheduled actions only (the
    # reference too: drawn by create, see create and write)
    _hotel_protected_fields = (
        "state",
        "reported_date",
        "escalation_level",
        "reopen_count",
        "feedback_date",
        "reopened_date",
        *STEP_DATES.values(),
    )

    name = fields.Char(
        string="Reference",
        required=True,
        readonly=True,
        copy=False,
        default=lambda self: self.env._("New"),
        size=64,
    )
    company_id = fields.Many2one(
        "res.company",
        string="Hotel",
        required=True,
        index=True,
        default=lambda self: self.env.company,
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    partner_id = fields.Many2one(
        "res.partner",
        string="Guest",
        required=True,
        index=True,
        tracking=True,
        check_company=True,
        domain="[('is_company', '=', False)]",
    )
    stay_id = fields.Many2one(
        "hotel.stay",
        index="btree_not_null",
        tracking=True,
        check_company=True,
        domain="[('partner_id', '=', partner_id)]",
        help="The stay the complaint is about, one of the guest's.",
    )
    category_id = fields.Many2one(
        "hotel.complaint.category",
        required=True,
        tracking=True,
        check_company=True,
    )
    department_id = fields.Many2one(
        "hotel.department",
        compute="_compute_department_id",
        precompute=True,
        store=True,
        readonly=False,
        index=True,
        tracking=True,
        check_company=True,
    )
    user_id = fields.Many2one(
        "res.users",
        string="Owner",
        default=lambda self: self.env.user,
        index=True,
        tracking=True,
        check_company=True,
        domain="[('share', '=', False)]",
    )
    channel = fields.Selection(
        CHANNELS, required=True, default="front_desk", tracking=True
    )
    severity = fields.Selection(
        SEVERITIES, required=True, default="medium", tracking=True
    )
    description = fields.Text(required=True)
    is_founded = fields.Boolean(
        copy=False,
        string="Founded",
        tracking=True,
        help="The investigation found the guest's complaint justified.",
    )
    root_cause = fields.Text(copy=False)
    resolution = fields.Text(
        copy=False,
        help="What was done for the guest. Required to resolve the complaint.",
    )
    state = fields.Selection(
        STATES,
        copy=False,
        string="Status",
        required=True,
        default="new",
        index=True,
        tracking=True,
        group_expand="_read_group_expand_state",
    )
    reported_date = fields.Datetime(
        string="Reported On",
        required=True,
        readonly=True,
        index=True,
        copy=False,
        default=fields.Datetime.now,
    )
    acknowledged_date = fields.Datetime(
        string="Acknowledged On", readonly=True, copy=False
    )
    in_progress_date = fields.Datetime(
        string="Handling Started On", readonly=True, copy=False
    )
    resolved_date = fields.Datetime(string="Resolved On", readonly=True, copy=False)
    closed_date = fields.Datetime(string="Closed On", readonly=True, copy=False)
    cancelled_date = fields.Datetime(string="Cancelled On", readonly=True, copy=False)
    ack_deadline = fields.Datetime(
        string="Acknowledge By",
        compute="_compute_deadlines",
        store=True,
        help="The time of the report plus the acknowledgement time of the severity.",
    )
    resolve_deadline = fields.Datetime(
        string="Resolve By",
        compute="_compute_deadlines",
        store=True,
        index=True,
        help="The time of the report (or of the last reopening) plus the resolution "
        "time of the severity.",
    )
    is_overdue = fields.Boolean(
        string="Overdue",
        compute="_compute_is_overdue",
        search="_search_is_overdue",
        help="Not acknowledged past its acknowledgement deadline, or not resolved "
        "past its resolution deadline.",
    )
    escalation_level = fields.Integer(
        copy=False,
        readonly=True,
        default=0,
        tracking=True,
        help="1: the department manager was told of a missed acknowledgement; 2: the "
        "Hotel Managers were told of a missed resolution.",
    )
    hours_to_resolve = fields.Float(
        string="Hours to Resolve",
        compute="_compute_hours_to_resolve",
        store=True,
        aggregator="avg",
        digits=(16, 1),
    )
    satisfaction = fields.Selection(
        SATISFACTION,
        copy=False,
        string="Guest Satisfaction",
        tracking=True,
        help="The guest's satisfaction with the resolution. A satisfaction at or "
        "below the hotel's setting (2 by default) reopens the complaint for a second "
        "handling.",
    )
    satisfaction_comment = fields.Text(string="Guest Feedback", copy=False)
    feedback_date = fields.Datetime(string="Feedback On", readonly=True, copy=False)
    reopened_date = fields.Datetime(
        string="Reopened On",
        readonly=True,
        copy=False,
        help="When the complaint was last reopened: its resolution time starts again.",
    )
    reopen_count = fields.Integer(
        string="Reopened", readonly=True, default=0, copy=False
    )
    compensation_ids = fields.One2many("hotel.complaint.compensation", "complaint_id")
    compensation_total = fields.Monetary(
        string="Compensation Given",
        compute="_compute_compensation_total",
        currency_field="currency_id",
    )
    color = fields.Integer(compute="_compute_color")

    _sql_constraints = [
        (
            "name_company_unique",
            "UNIQUE(company_id, name)",
            "A complaint reference is unique within a hotel.",
        ),
        (
            "escalation_level_range",
            "CHECK(escalation_level BETWEEN 0 AND 2)",
            "The escalation level is 0, 1 or 2.",
        ),
    ]

    # ------------------------------------------------------------------
    # Computes
    # ------------------------------------------------------------------

    @api.depends("category_id")
    def _compute_department_id(self):
        for complaint in self:
            if complaint.category_id.department_id:
                complaint.department_id = complaint.category_id.department_id

    @api.depends("reported_date", "reopened_date", "severity", "company_id")
    def _compute_deadlines(self):
        for complaint in self:
            if not complaint.reported_date or not complaint.severity:
                complaint.ack_deadline = complaint.resolve_deadline = False
                continue
            company = complaint.company_id or self.env.company
            ack, resolve = company._hotel_complaint_sla(complaint.severity)
            complaint.ack_deadline = complaint.reported_date + ack
            # a second handling gets the time of its severity again, from the
            # moment the complaint was reopened
            start = complaint.reopened_date or complaint.reported_date
            complaint.resolve_deadline = start + resolve

    @api.depends("state", "ack_deadline", "resolve_deadline")
    def _compute_is_overdue(self):
        now = fields.Datetime.now()
        for complaint in self:
            # a new record of the form has no deadline while its severity is
            # cleared
            ack, resolve = complaint.ack_deadline, complaint.resolve_deadline
            complaint.is_overdue = complaint.state in OPEN_STATES and bool(
                (complaint.state == "new" and ack and ack < now)
                or (resolve and resolve < now)
            )

    def _search_is_overdue(self, operator, value):
        if operator not in ("=", "!=") or not isinstance(value, bool):
            raise UserError(self.env._("Operation not supported"))
        now = fields.Datetime.now()
        overdue = [
            ("state", "in", OPEN_STATES),
            "|",
            "&",
            ("state", "=", "new"),
            ("ack_deadline", "<", now),
            ("resolve_deadline", "<", now),
        ]
        if (operator == "=") == value:
            return overdue
        return ["!", *expression.normalize_domain(overdue)]

    @api.depends("reported_date", "resolved_date")
    def _compute_hours_to_resolve(self):
        for complaint in self:
            if complaint.resolved_date and complaint.reported_date:
                delta = complaint.resolved_date - complaint.reported_date
                complaint.hours_to_resolve = round(delta.total_seconds() / 3600, 1)
            else:
                complaint.hours_to_resolve = 0.0

    @api.depends("compensation_ids.state", "compensation_ids.value")
    def _compute_compensation_total(self):
        for complaint in self:
            complaint.compensation_total = sum(
                complaint.compensation_ids.filtered(
                    lambda c: c.state == "applied"
                ).mapped("value")
            )

    @api.depends("severity", "state")
    def _compute_color(self):
        colors = {"critical": 1, "high": 2, "medium": 3, "low": 10}
        for complaint in self:
            complaint.color = (
                colors[complaint.severity]
                if complaint.state in OPEN_STATES and complaint.severity
                else 0
            )

    def _read_group_expand_state(self, states, domain):
        return [key for key, _label in STATES if key != "cancelled"]

    # ------------------------------------------------------------------
    # Rules
    # ------------------------------------------------------------------

    @api.constrains("stay_id", "partner_id")
    def _check_stay_of_guest(self):
        for complaint in self.sudo():
            if (
                complaint.stay_id
                and complaint.stay_id.partner_id != complaint.partner_id
            ):
                raise ValidationError(
                    self.env._(
                        "The stay %(stay)s is not a stay of %(guest)s: choose one of "
                        "the guest's stays.",
                        stay=complaint.stay_id.name,
                        guest=complaint.partner_id.display_name,
                    )
                )

    @api.constrains("description")
    def _check_description(self):
        for complaint in self:
            if not (complaint.description or "").strip():
                raise ValidationError(
                    self.env._(
                        "Describe what %(guest)s complains about.",
                        guest=complaint.partner_id.display_name,
                    )
                )

    @api.constrains("satisfaction", "state")
    def _check_satisfaction(self):
        for complaint in self:
            # kept when a low satisfaction reopened the complaint
            reopened = complaint.state == "in_progress" and complaint.reopen_count
            if (
                complaint.satisfaction
                and complaint.state not in ("resolved", "closed")
                and not reopened
            ):
                raise ValidationError(
                    self.env._(
                        "The guest's satisfaction is recorded once the complaint "
                        "%(complaint)s is resolved.",
                        complaint=complaint.name,
                    )
                )

    # ------------------------------------------------------------------
    # Create and write
    # ------------------------------------------------------------------

    @api.model_create_multi
    def create(self, vals_list):
        # the references are drawn into copies: a caller that retries its values
        # (an import, record by record after a failed batch) sends them unnamed
        vals_list = [dict(vals) for vals in vals_list]
        # The reference is protected like the fields of _hotel_protected_fields,
        # but the guard of create would see the references drawn below as given
        # by the client: the client's own values are checked here, before.
        new = self.env._("New")
        if not self.env.su and any(
            vals.get("name") not in (None, False, "/", new) for vals in vals_list
        ):
            self._hotel_raise_protected(["name"])
        self.env["ir.sequence"]._hotel_assign_names(vals_list, "hotel.complaint")
        complaints = super().create(vals_list)
        complaints._hotel_after_feedback()
        return complaints

    def write(self, vals):
        if (
            not self.env.su
            and "name" in vals
            and self._hotel_changes("name", vals["name"])
        ):
            self._hotel_raise_protected(["name"])
        moved = [
            fname
            for fname in ("partner_id", "stay_id", "company_id")
            if fname in vals and self._hotel_changes(fname, vals[fname])
        ]
        if moved and self.sudo().compensation_ids.filtered(
            lambda c: c.state in ("to_approve", "applied")
        ):
            # what was asked or given is for this guest, stay and hotel
            raise UserError(
                self.env._(
                    "Compensation was asked for or given on this complaint: its "
                    "guest, stay and hotel can no longer change."
                )
            )
        feedback = bool(vals.get("satisfaction"))
        if feedback:
            # a complaint reopened by a low satisfaction keeps it, but takes no
            # new one before it is resolved again
            self._hotel_check_feedback_allowed(vals["satisfaction"])
        res = super().write(vals)
        if feedback:
            self.sudo().write({"feedback_date": fields.Datetime.now()})
            self._hotel_after_feedback()
        return res

    def _hotel_check_feedback_allowed(self, satisfaction):
        for complaint in self:
            if complaint.state not in ("resolved", "closed") and (
                complaint.satisfaction != satisfaction
            ):
                raise ValidationError(
                    self.env._(
                        "The guest's satisfaction is recorded once the complaint "
                        "%(complaint)s is resolved.",
                        complaint=complaint.name,
                    )
                )

    def _hotel_after_feedback(self):
        """A dissatisfied guest (at most the hotel's setting, 2 by default)
        gets a second handling: the complaint is reopened, with a note in its
        chatter."""
        unhappy = self.filtered(
            lambda c: (
                c.satisfaction
                and int(c.satisfaction)
                <= c.company_id.sudo().hotel_complaint_reopen_satisfaction
                and c.state in ("resolved", "closed")
            )
        )
        if unhappy:
            unhappy._hotel_reopen(
                self.env._(
                    "Reopened for a second handling: the guest is not satisfied with "
                    "the resolution."
                )
            )

    @api.ondelete(at_uninstall=False)
    def _unlink_except_compensated(self):
        if self.compensation_ids.filtered(lambda c: c.state == "applied"):
            raise UserError(
                self.env._(
                    "A complaint with compensation given cannot be deleted: cancel it "
                    "instead."
                )
            )
