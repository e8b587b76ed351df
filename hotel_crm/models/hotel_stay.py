from collections import defaultdict
from itertools import pairwise

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.osv import expression
from odoo.tools import format_date

ACTIVE_STATES = ("booked", "checked_in", "checked_out")
# Changed by the stay's own buttons only (set freely when importing history).
WORKFLOW_FIELDS = ("name", "state")
# What no longer changes once a stay is invoiced.
INVOICED_FIELDS = (
    "partner_id",
    "billing_partner_id",
    "check_in_date",
    "check_out_date",
    "company_id",
    "room_type_id",
    "nightly_rate",
)
# What a Hotel Manager's credit-limit confirmation was given for.
CREDIT_FIELDS = (
    "partner_id",
    "billing_partner_id",
    "check_in_date",
    "check_out_date",
    "room_type_id",
    "nightly_rate",
)


class HotelStay(models.Model):
    _name = "hotel.stay"
    _description = "Hotel Stay"
    _inherit = [
        "mail.thread",
        "mail.activity.mixin",
        "hotel.guest.alert.mixin",
        "hotel.guard.mixin",
    ]
    _order = "check_in_date desc, id desc"
    _check_company_auto = True
    # written by the stay's own actions and by Invoicing only
    _hotel_protected_fields = (
        "invoice_ids",
        "credit_limit_confirmed_by_id",
        "chain_nights",
        "long_stay_since",
    )

    name = fields.Char(
        string="Reference",
        required=True,
        readonly=True,
        copy=False,
        default=lambda self: self.env._("New"),
        size=64,
    )
    partner_id = fields.Many2one(
        "res.partner",
        string="Guest",
        required=True,
        index=True,
        tracking=True,
        check_company=True,
        domain="[('is_company', '=', False)]",
    )
    billing_partner_id = fields.Many2one(
        "res.partner",
        string="Billed To",
        compute="_compute_billing_partner_id",
        precompute=True,
        store=True,
        readonly=False,
        required=True,
        index=True,
        tracking=True,
        check_company=True,
        help="Who is invoiced: the guest, or the guest's company when it is a "
        "corporate account.",
    )
    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company
    )
    currency_id = fields.Many2one(
        related="company_id.currency_id", store=True, string="Currency"
    )
    room_type_id = fields.Many2one(
        "hotel.room.type", tracking=True, check_company=True, index=True
    )
    room_number = fields.Char(tracking=True, size=16)
    check_in_date = fields.Date(
        string="Check-in",
        required=True,
        tracking=True,
        index=True,
        default=fields.Date.context_today,
    )
    check_out_date = fields.Date(
        string="Check-out", required=True, tracking=True, index=True
    )
    nights = fields.Integer(compute="_compute_nights", store=True, index=True)
    adults = fields.Integer(default=1)
    children = fields.Integer()
    channel = fields.Selection(
        [
            ("walk_in", "Walk-in"),
            ("phone", "Phone"),
            ("email", "E-mail"),
            ("website", "Website"),
            ("ota", "Online Travel Agency"),
            ("corporate", "Corporate Agreement"),
            ("other", "Other"),
        ],
        default="walk_in",
        required=True,
    )
    nightly_rate = fields.Float(
        compute="_compute_nightly_rate",
        precompute=True,
        store=True,
        readonly=False,
        tracking=True,
        digits="Product Price",
    )
    line_ids = fields.One2many(
        "hotel.stay.line", "stay_id", string="Charges", copy=False
    )
    amount_untaxed = fields.Monetary(
        string="Untaxed Amount", compute="_compute_amounts", store=True
    )
    amount_tax = fields.Monetary(string="Taxes", compute="_compute_amounts", store=True)
    amount_total = fields.Monetary(
        string="Total", compute="_compute_amounts", store=True, tracking=True
    )
    note = fields.Html()
    state = fields.Selection(
        [
            ("booked", "Booked"),
            ("checked_in", "Checked In"),
            ("checked_out", "Checked Out"),
            ("cancelled", "Cancelled"),
            ("no_show", "No Show"),
        ],
        default="booked",
        required=True,
        readonly=True,
        copy=False,
        tracking=True,
        # no index of its own: the list's index (state, check-in) serves the
        # searches by status, and every index costs each write of a stay
    )
    restriction_override_reason = fields.Text(
        tracking=True,
        copy=False,
        groups="hotel_crm.group_hotel_user",
        help="A Hotel Manager's reason to accept this stay although the guest is "
        "restricted.",
    )
    is_long_stay = fields.Boolean(
        string="Long Stay",
        compute="_compute_is_long_stay",
        search="_search_is_long_stay",
    )

    _sql_constraints = [
        (
            "name_company_unique",
            "unique(company_id, name)",
            "Another stay of this hotel has the same reference.",
        ),
        (
            # closes the race of two clerks booking the same guest at once; a
            # person cannot sleep in two hotels of the group at once either
            "guest_dates_no_overlap",
            "EXCLUDE USING gist (int4range(partner_id, partner_id, '[]') WITH &&, "
            "daterange(LEAST(check_in_date, check_out_date), "
            "GREATEST(check_in_date, check_out_date)) WITH &&) "
            "WHERE (state IN ('booked', 'checked_in', 'checked_out'))",
            "A guest cannot have two stays at the same time.",
        ),
    ]

    # ------------------------------------------------------------------
    # Computes
    # ------------------------------------------------------------------

    @api.depends("name", "partner_id")
    def _compute_display_name(self):
        for stay in self:
            stay.display_name = (
                f"{stay.name} · {stay.partner_id.name}"
                if stay.partner_id.name
                else stay.name
            )

    @api.depends("partner_id")
    def _compute_billing_partner_id(self):
        for stay in self:
            company = stay.partner_id.commercial_partner_id
            stay.billing_partner_id = (
                company if company.guest_corporate_account else stay.partner_id
            )

    @api.depends("check_in_date", "check_out_date")
    def _compute_nights(self):
        for stay in self:
            if stay.check_in_date and stay.check_out_date:
                stay.nights = max((stay.check_out_date - stay.check_in_date).days, 0)
            else:
                stay.nights = 0

    @api.depends("room_type_id")
    def _compute_nightly_rate(self):
        for stay in self:
            stay.nightly_rate = stay.room_type_id.default_rate

    @api.depends(
        "line_ids.price_subtotal", "line_ids.price_tax", "line_ids.price_total"
    )
    def _compute_amounts(self):
        # the charges of the whole batch in one pass (a check-out of the
        # day's departures adds up a thousand stays)
        totals = defaultdict(lambda: [0.0, 0.0, 0.0])
        for line in self.line_ids:
            total = totals[line.stay_id]
            total[0] += line.price_subtotal
            total[1] += line.price_tax
            total[2] += line.price_total
        for stay in self:
            stay.amount_untaxed, stay.amount_tax, stay.amount_total = totals[stay]

    @api.depends("nights", "company_id")
    def _compute_is_long_stay(self):
        for stay in self:
            stay.is_long_stay = (
                stay.nights >= stay.company_id.hotel_long_stay_nights > 0
            )

    def _search_is_long_stay(self, operator, value):
        if operator not in ("=", "!=") or not isinstance(value, bool):
            raise UserError(self.env._("Operation not supported"))
        domain = expression.OR(
            [
                [
                    ("company_id", "=", company.id),
                    ("nights", ">=", company.hotel_long_stay_nights),
                ]
                for company in self.env.companies
                if company.hotel_long_stay_nights > 0
            ]
        ) or [("id", "=", 0)]
        if (operator == "=") != value:
            domain = ["!", *expression.normalize_domain(domain)]
        return domain

    # ------------------------------------------------------------------
    # Constraints
    # ------------------------------------------------------------------

    @api.constrains("check_in_date", "check_out_date")
    def _check_dates(self):
        for stay in self:
            if stay.check_out_date <= stay.check_in_date:
                raise ValidationError(
                    self.env._(
                        "The check-out date of %(stay)s must be after its check-in date.",
                        stay=stay.name,
                    )
                )

    @api.constrains("partner_id")
    def _check_partner_is_a_person(self):
        for stay in self:
            if stay.partner_id.is_company:
                raise ValidationError(
                    self.env._(
                        "%(partner)s is a company: a stay is booked for the person who "
                        "sleeps in the room (the company can be billed).",
                        partner=stay.partner_id.display_name,
                    )
                )

    @api.constrains("nightly_rate", "adults", "children")
    def _check_quantities(self):
        for stay in self:
            if stay.nightly_rate < 0:
                raise ValidationError(self.env._("A nightly rate cannot be negative."))
            if stay.adults < 1 or stay.children < 0:
                raise ValidationError(
                    self.env._(
                        "A stay has at least one adult and no negative number of children."
                    )
                )

    def _hotel_check_overlap(self, planned):
        """Refuse the stays ``planned`` would make overlap, naming the stay it
        collides with. ``planned`` lists (stay id or False, guest id, check-in,
        check-out, state) as they are about to be written: the check runs
        before any SQL, across every hotel of the group (a person cannot sleep
        in two at once); the exclusion constraint closes the race between two
        clerks."""
        planned = [
            (stay_id, partner_id, fields.Date.to_date(start), fields.Date.to_date(end))
            for stay_id, partner_id, start, end, state in planned
            if partner_id and start and end and state in ACTIVE_STATES
        ]
        if any(p[3] <= p[2] for p in planned):
            # said before the database compares the dates
            raise ValidationError(
                self.env._(
                    "The check-out date of a stay must be after its check-in date."
                )
            )
        if not planned:
            return
        existing = defaultdict(list)
        for stay in self.sudo().search(
            [
                ("partner_id", "in", list({p[1] for p in planned})),
                ("state", "in", ACTIVE_STATES),
                ("check_in_date", "<", max(p[3] for p in planned)),
                ("check_out_date", ">", min(p[2] for p in planned)),
                ("id", "not in", [p[0] for p in planned if p[0]]),
            ]
        ):
            existing[stay.partner_id.id].append(stay)
        by_guest = defaultdict(list)
        for _stay_id, partner_id, start, end in planned:
            for other in existing[partner_id]:
                if other.check_in_date < end and start < other.check_out_date:
                    self._hotel_raise_overlap(
                        partner_id, other, other.check_in_date, other.check_out_date
                    )
            by_guest[partner_id].append((start, end))
        # the planned stays among themselves
        for partner_id, periods in by_guest.items():
            periods.sort()
            for (_start, end), (next_start, next_end) in pairwise(periods):
                if next_start < end:
                    self._hotel_raise_overlap(partner_id, False, next_start, next_end)

    def _hotel_raise_overlap(self, partner_id, other, start, end):
        guest = self.env["res.partner"].browse(partner_id).sudo().display_name
        values = {
            "guest": guest,
            "start": format_date(self.env, start),
            "end": format_date(self.env, end),
        }
        if not other:
            message = self.env._(
                "%(guest)s would have two stays at the same time (%(start)s to "
                "%(end)s).",
                **values,
            )
        elif other.company_id in self.env.companies:
            message = self.env._(
                "%(guest)s already has the stay %(other)s from %(start)s to "
                "%(end)s, which overlaps these dates.",
                other=other.name,
                **values,
            )
        else:
            message = self.env._(
                "%(guest)s already has a stay at %(hotel)s from %(start)s to "
                "%(end)s, which overlaps these dates.",
                hotel=other.company_id.name,
                **values,
            )
        raise ValidationError(message)

    # ------------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------------

    @api.model_create_multi
    def create(self, vals_list):
        if "mail_create_nosubscribe" not in self.env.context:
            # the clerk who enters a booking does not follow the stay: a
            # shift's bookings or an import would fill the clerk's inbox with
            # every later message on them
            self = self.with_context(mail_create_nosubscribe=True)
        # what the checks below see includes the defaults a client's context
        # gives (the guest's Stays button sets the guest)
        vals_list = [
            self._hotel_vals_with_defaults(
                vals,
                [
                    "restriction_override_reason",
                    "partner_id",
                    "check_in_date",
                    "check_out_date",
                    "state",
                ],
            )
            for vals in vals_list
        ]
        for vals in vals_list:
            self._hotel_check_values(vals)
        if any(vals.get("restriction_override_reason") for vals in vals_list):
            self._hotel_check_manager("override")
        self.env["ir.sequence"]._hotel_assign_names(vals_list, "hotel.stay")
        self._hotel_check_overlap(
            [
                (
                    False,
                    vals.get("partner_id"),
                    vals.get("check_in_date", fields.Date.context_today(self)),
                    vals.get("check_out_date"),
                    vals.get("state", "booked"),
                )
                for vals in vals_list
            ]
        )
        stays = super().create(vals_list)
        # a stay created in the house (historical imports): the same checks as
        # the buttons that lead there
        stays.filtered(
            lambda s: s.state in ("booked", "checked_in")
        )._hotel_check_restriction()
        stays.filtered(lambda s: s.state == "checked_in")._hotel_check_credit_limit()
        guests = stays.partner_id.sudo().filtered(lambda p: not p.is_hotel_guest)
        if guests:
            guests.write({"is_hotel_guest": True})
        stays._hotel_log_override()
        return stays

    def write(self, vals):
        self._hotel_check_values(vals)
        if not self.env.su and any(
            fname in vals and self._hotel_changes(fname, vals[fname])
            for fname in WORKFLOW_FIELDS
        ):
            raise UserError(
                self.env._(
                    "The reference and status of a stay change only through its "
                    "buttons."
                )
            )
        if (
            not self.env.su
            and "company_id" in vals
            and any(stay.company_id.id != vals["company_id"] for stay in self)
        ):
            raise UserError(
                self.env._(
                    "A stay stays in the hotel it was booked in: cancel it and book "
                    "it again in the other hotel."
                )
            )
        if vals.get("restriction_override_reason"):
            self._hotel_check_manager("override")
        elif "partner_id" in vals:
            # an override was given for one guest, not for whoever comes next
            vals = {**vals, "restriction_override_reason": False}
        if set(INVOICED_FIELDS) & vals.keys():
            invoiced = self.filtered(lambda s: s.invoice_status == "invoiced")
            if invoiced:
                raise UserError(
                    self.env._(
                        "%(stay)s is invoiced: its guest, billing, dates and rate can no "
                        "longer change. Correct the invoice with a credit note first.",
                        stay=invoiced[0].name,
                    )
                )
        if {"partner_id", "check_in_date", "check_out_date", "state"} & vals.keys():
            self._hotel_check_overlap(
                [
                    (
                        stay.id,
                        vals.get("partner_id", stay.partner_id.id),
                        vals.get("check_in_date", stay.check_in_date),
                        vals.get("check_out_date", stay.check_out_date),
                        vals.get("state", stay.state),
                    )
                    for stay in self
                ]
            )
        res = super().write(vals)
        if "partner_id" in vals:
            self.filtered(
                lambda s: s.state in ("booked", "checked_in")
            )._hotel_check_restriction()
            self.partner_id.sudo().filtered(lambda p: not p.is_hotel_guest).write(
                {"is_hotel_guest": True}
            )
        if vals.get("restriction_override_reason"):
            self._hotel_log_override()
        if set(CREDIT_FIELDS) & vals.keys():
            # a confirmation was given for one amount and one billed partner
            self.sudo().filtered("credit_limit_confirmed_by_id").write(
                {"credit_limit_confirmed_by_id": False}
            )
        return res

    @api.ondelete(at_uninstall=False)
    def _unlink_except_active(self):
        if any(
            stay.state in ("checked_in", "checked_out")
            or stay.invoice_status == "invoiced"
            for stay in self
        ):
            raise UserError(
                self.env._("Stays that were checked in or invoiced cannot be deleted.")
            )
