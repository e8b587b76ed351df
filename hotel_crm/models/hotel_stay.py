from collections import defaultdict

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.fields import Command
from odoo.osv import expression
from odoo.tools.misc import formatLang

from ..tools import require_hotel_group

ACTIVE_STATES = ("booked", "checked_in", "checked_out")
# Written by the stay's own actions and by Invoicing only, never directly.
PROTECTED_FIELDS = ("name", "state", "invoice_ids", "credit_limit_confirmed_by_id")
# What no longer changes once a stay is invoiced.
INVOICED_FIELDS = (
    "partner_id",
    "billing_partner_id",
    "check_in_date",
    "check_out_date",
    "company_id",
    "nightly_rate",
)
CHARGE_TYPES = [
    ("room", "Room"),
    ("food_beverage", "Food & Beverage"),
    ("meeting_banquet", "Meeting & Banquet"),
    ("spa_leisure", "Spa & Leisure"),
    ("minibar", "Minibar"),
    ("other", "Other"),
]


class HotelStay(models.Model):
    _name = "hotel.stay"
    _description = "Hotel Stay"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "check_in_date desc, id desc"
    _check_company_auto = True

    name = fields.Char(
        string="Reference", required=True, readonly=True, copy=False, default="/"
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
    guest_allergy_summary = fields.Char(related="partner_id.guest_allergy_summary")
    guest_do_not_disclose = fields.Boolean(related="partner_id.guest_do_not_disclose")
    guest_vip = fields.Boolean(related="partner_id.guest_vip")
    guest_is_restricted = fields.Boolean(related="partner_id.guest_is_restricted")
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
    room_number = fields.Char(tracking=True)
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
    nights = fields.Integer(compute="_compute_nights", store=True)
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
    nightly_rate = fields.Monetary(
        compute="_compute_nightly_rate",
        precompute=True,
        store=True,
        readonly=False,
        tracking=True,
        currency_field="currency_id",
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
        index=True,
    )
    restriction_override_reason = fields.Text(
        tracking=True,
        copy=False,
        help="A Hotel Manager's reason to accept this stay although the guest is "
        "restricted.",
    )
    credit_limit_warning = fields.Text(compute="_compute_credit_limit_warning")
    credit_limit_confirmed_by_id = fields.Many2one(
        "res.users",
        readonly=True,
        copy=False,
        tracking=True,
    )
    # Invoicing
    invoice_ids = fields.Many2many(
        "account.move",
        "hotel_stay_account_move_rel",
        "stay_id",
        "move_id",
        copy=False,
        readonly=True,
    )
    invoice_count = fields.Integer(compute="_compute_invoice_count")
    invoice_status = fields.Selection(
        [
            ("nothing", "Nothing to Invoice"),
            ("to_invoice", "To Invoice"),
            ("invoiced", "Invoiced"),
        ],
        compute="_compute_invoice_status",
        store=True,
        index=True,
    )
    payment_state = fields.Selection(
        [
            ("not_paid", "Not Paid"),
            ("partial", "Partially Paid"),
            ("in_payment", "In Payment"),
            ("paid", "Paid"),
            ("reversed", "Reversed"),
            ("blocked", "Blocked"),
        ],
        compute="_compute_invoice_status",
        store=True,
        index=True,
    )
    is_unpaid = fields.Boolean(
        string="Unpaid",
        compute="_compute_invoice_status",
        store=True,
        index=True,
        help="The guest has left and the bill is not (fully) paid or not invoiced yet.",
    )
    is_long_stay = fields.Boolean(
        string="Long Stay",
        compute="_compute_is_long_stay",
        search="_search_is_long_stay",
    )

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
        for stay in self:
            stay.amount_untaxed = sum(stay.line_ids.mapped("price_subtotal"))
            stay.amount_tax = sum(stay.line_ids.mapped("price_tax"))
            stay.amount_total = sum(stay.line_ids.mapped("price_total"))

    @api.depends("invoice_ids")
    def _compute_invoice_count(self):
        for stay in self:
            stay.invoice_count = len(stay.invoice_ids)

    @api.depends(
        "state",
        "line_ids",
        "invoice_ids.state",
        "invoice_ids.move_type",
        "invoice_ids.payment_state",
    )
    def _compute_invoice_status(self):
        for stay in self:
            invoices = stay._hotel_valid_invoices()
            if invoices:
                stay.invoice_status = "invoiced"
            elif stay.state == "checked_out" and stay.line_ids:
                stay.invoice_status = "to_invoice"
            else:
                stay.invoice_status = "nothing"
            # the invoices that count; reversed ones only when nothing else does
            stay.payment_state = self._hotel_aggregate_payment_state(
                invoices.filtered(lambda m: m.state == "posted")
                if invoices
                else stay.invoice_ids.filtered(lambda m: m.payment_state == "reversed")
            )
            stay.is_unpaid = stay.state == "checked_out" and (
                stay.invoice_status == "to_invoice"
                or stay.payment_state in ("not_paid", "partial", "blocked")
                or (stay.invoice_status == "invoiced" and not stay.payment_state)
            )

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

    @api.depends(
        "billing_partner_id", "amount_total", "nightly_rate", "nights", "state"
    )
    def _compute_credit_limit_warning(self):
        for stay in self:
            stay.credit_limit_warning = stay._hotel_credit_limit_message() or False

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

    @api.constrains("partner_id", "check_in_date", "check_out_date", "state")
    def _check_overlap(self):
        stays = self.filtered(lambda s: s.state in ACTIVE_STATES)
        if not stays:
            return
        others = self.search(
            [
                ("partner_id", "in", stays.partner_id.ids),
                ("state", "in", ACTIVE_STATES),
                ("check_in_date", "<", max(stays.mapped("check_out_date"))),
                ("check_out_date", ">", min(stays.mapped("check_in_date"))),
            ]
        )
        for stay in stays:
            for other in others:
                if (
                    other != stay
                    and other.partner_id == stay.partner_id
                    and other.check_in_date < stay.check_out_date
                    and stay.check_in_date < other.check_out_date
                ):
                    raise ValidationError(
                        self.env._(
                            "%(guest)s already has the stay %(other)s from %(start)s to "
                            "%(end)s, which overlaps these dates.",
                            guest=stay.partner_id.display_name,
                            other=other.name,
                            start=other.check_in_date,
                            end=other.check_out_date,
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

    # ------------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------------

    @api.model_create_multi
    def create(self, vals_list):
        if any(vals.get("restriction_override_reason") for vals in vals_list):
            self._hotel_check_manager(self.env._("override a guest restriction"))
        for vals in vals_list:
            if vals.get("name", "/") == "/":
                company = (
                    self.env["res.company"].browse(vals.get("company_id"))
                    or self.env.company
                )
                vals["name"] = (
                    self.env["ir.sequence"]
                    .with_company(company)
                    .next_by_code("hotel.stay")
                    or "/"
                )
        for vals in vals_list:
            if vals.get("partner_id") and not vals.get("restriction_override_reason"):
                self._hotel_raise_if_restricted(
                    self.env["res.partner"].browse(vals["partner_id"])
                )
        stays = super().create(vals_list)
        guests = stays.partner_id.filtered(lambda p: not p.is_hotel_guest)
        if guests:
            guests.write({"is_hotel_guest": True})
        stays._hotel_log_override()
        return stays

    def write(self, vals):
        if not self.env.su and set(PROTECTED_FIELDS) & vals.keys():
            raise UserError(
                self.env._(
                    "The reference, status, invoices and credit-limit confirmation of a "
                    "stay change only through its buttons and Invoicing."
                )
            )
        if vals.get("restriction_override_reason"):
            self._hotel_check_manager(self.env._("override a guest restriction"))
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
        res = super().write(vals)
        if "partner_id" in vals:
            self.filtered(
                lambda s: s.state in ("booked", "checked_in")
            )._hotel_check_restriction()
            self.partner_id.filtered(lambda p: not p.is_hotel_guest).write(
                {"is_hotel_guest": True}
            )
        if vals.get("restriction_override_reason"):
            self._hotel_log_override()
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

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------

    def action_check_in(self):
        self._hotel_check_state("booked", self.env._("checked in"))
        self._hotel_check_restriction()
        self._hotel_check_credit_limit()
        self._hotel_set_state("checked_in")
        with_allergies = self.filtered("guest_allergy_summary")
        for stay in with_allergies:
            stay.message_post(
                body=self.env._(
                    "Allergy alert for %(guest)s: %(allergies)s",
                    guest=stay.partner_id.display_name,
                    allergies=stay.guest_allergy_summary,
                ),
                subtype_xmlid="mail.mt_note",
            )
        if with_allergies:
            return {
                "type": "ir.actions.client",
                "tag": "display_notification",
                "params": {
                    "title": self.env._("Allergy alert"),
                    "message": "\n".join(
                        f"{stay.partner_id.display_name}: {stay.guest_allergy_summary}"
                        for stay in with_allergies
                    ),
                    "type": "danger",
                    "sticky": True,
                    "next": {"type": "ir.actions.client", "tag": "soft_reload"},
                },
            }
        return True

    def action_check_out(self):
        self._hotel_check_state("checked_in", self.env._("checked out"))
        self._hotel_create_room_charges()
        self._hotel_set_state("checked_out")
        return True

    def action_cancel(self):
        blocked = self.filtered(
            lambda s: s.state == "checked_out" or s.invoice_status == "invoiced"
        )
        if blocked:
            raise UserError(
                self.env._(
                    "%(stay)s is checked out or invoiced and cannot be cancelled.",
                    stay=blocked[0].name,
                )
            )
        self._hotel_set_state("cancelled")
        return True

    def action_mark_no_show(self):
        self._hotel_check_state("booked", self.env._("marked as no-show"))
        self._hotel_set_state("no_show")
        return True

    def action_reset_to_booked(self):
        self._hotel_check_state(("cancelled", "no_show"), self.env._("booked again"))
        self._hotel_set_state("booked")
        self._hotel_check_restriction()
        return True

    def action_confirm_credit_limit(self):
        self._hotel_check_manager(self.env._("confirm a stay over the credit limit"))
        self.check_access("write")
        self.sudo().write({"credit_limit_confirmed_by_id": self.env.uid})
        for stay in self:
            stay.message_post(
                body=self.env._(
                    "Check-in over the credit limit confirmed by %(user)s. %(warning)s",
                    user=self.env.user.name,
                    warning=stay.credit_limit_warning or "",
                ),
                subtype_xmlid="mail.mt_note",
            )
        return True

    def action_create_invoices(self):
        invoices = self._hotel_create_invoices()
        return self._hotel_action_view_invoices(invoices)

    def action_view_invoices(self):
        self.ensure_one()
        return self._hotel_action_view_invoices(self.invoice_ids)

    # ------------------------------------------------------------------
    # Business methods
    # ------------------------------------------------------------------

    def _hotel_check_manager(self, what):
        require_hotel_group(
            self.env,
            "hotel_crm.group_hotel_manager",
            self.env._("Only a Hotel Manager can %(what)s.", what=what),
        )

    def _hotel_set_state(self, state):
        # the status is protected from direct writes: the actions check the
        # user's right to change the stays, then set it
        self.check_access("write")
        self.sudo().write({"state": state})

    def _hotel_check_charges_editable(self):
        locked = self.filtered(
            lambda s: (
                s.state in ("cancelled", "no_show") or s.invoice_status == "invoiced"
            )
        )
        if locked:
            raise UserError(
                self.env._(
                    "The charges of %(stay)s can no longer be changed: it is invoiced or "
                    "cancelled. Correct the invoice with a credit note in Invoicing.",
                    stay=locked[0].name,
                )
            )

    def _hotel_check_state(self, states, what):
        states = (states,) if isinstance(states, str) else states
        wrong = self.filtered(lambda s: s.state not in states)
        if wrong:
            state_label = dict(self._fields["state"]._description_selection(self.env))
            raise UserError(
                self.env._(
                    "%(stay)s is %(state)s and cannot be %(what)s.",
                    stay=wrong[0].name,
                    state=state_label[wrong[0].state],
                    what=what,
                )
            )

    def _hotel_check_restriction(self):
        """Refuse restricted guests, unless a Hotel Manager gave a reason."""
        for stay in self.filtered(lambda s: not s.restriction_override_reason):
            self._hotel_raise_if_restricted(stay.partner_id)

    @api.model
    def _hotel_raise_if_restricted(self, partner):
        try:
            partner._hotel_check_not_restricted()
        except UserError as error:
            raise UserError(
                self.env._(
                    "%(error)s\nA Hotel Manager can accept the stay anyway by giving a "
                    'reason in "Restriction Override".',
                    error=error.args[0],
                )
            ) from error

    def _hotel_log_override(self):
        for stay in self.filtered(
            lambda s: s.restriction_override_reason and s.partner_id.guest_is_restricted
        ):
            stay.message_post(
                body=self.env._(
                    "%(user)s accepted the restricted guest %(guest)s: %(reason)s",
                    user=self.env.user.name,
                    guest=stay.partner_id.display_name,
                    reason=stay.restriction_override_reason,
                ),
                subtype_xmlid="mail.mt_note",
            )

    def _hotel_expected_amount(self):
        """What the stay will cost: its charges, plus the room nights when they
        are not charged yet."""
        self.ensure_one()
        amount = self.amount_total
        if not self.line_ids.filtered(lambda line: line.charge_type == "room"):
            amount += self.nights * self.nightly_rate
        return amount

    def _hotel_credit_limit_message(self):
        """The warning when the billing partner's open balance plus this stay
        exceeds the customer credit limit of Odoo's Invoicing settings."""
        self.ensure_one()
        if (
            self.state not in ("booked", "checked_in")
            or not self.company_id.account_use_credit_limit
        ):
            return ""
        partner = self.billing_partner_id.commercial_partner_id.with_company(
            self.company_id
        )
        limit = partner.sudo().credit_limit
        if not partner or not limit:
            return ""
        balance = partner.sudo().credit + partner.sudo().credit_to_invoice
        total = balance + self._hotel_expected_amount()
        if total <= limit:
            return ""
        currency = self.company_id.currency_id
        return self.env._(
            "%(partner)s would exceed its credit limit of %(limit)s: open balance "
            "%(balance)s plus this stay %(stay)s.",
            partner=partner.display_name,
            limit=formatLang(self.env, limit, currency_obj=currency),
            balance=formatLang(self.env, balance, currency_obj=currency),
            stay=formatLang(
                self.env, self._hotel_expected_amount(), currency_obj=currency
            ),
        )

    def _hotel_check_credit_limit(self):
        for stay in self.filtered(lambda s: not s.credit_limit_confirmed_by_id):
            message = stay._hotel_credit_limit_message()
            if message:
                raise UserError(
                    self.env._(
                        "%(warning)s\nAsk a Hotel Manager to confirm the check-in over the "
                        "credit limit.",
                        warning=message,
                    )
                )

    def _hotel_create_room_charges(self):
        """Charge nights x nightly rate on each stay that has no room charge."""
        product = self.env.ref(
            "hotel_crm.product_hotel_room_night", raise_if_not_found=False
        )
        if not product:
            raise UserError(self.env._("The Room Night service product is missing."))
        vals_list = [
            {
                "stay_id": stay.id,
                "product_id": product.id,
                "name": self.env._(
                    "%(nights)s night(s) %(room)s",
                    nights=stay.nights,
                    room=stay.room_type_id.display_name or "",
                ).strip(),
                "quantity": stay.nights,
                "price_unit": stay.nightly_rate,
                "date": stay.check_out_date,
                "charge_type": "room",
            }
            for stay in self
            if stay.nights
            and not stay.line_ids.filtered(lambda line: line.charge_type == "room")
        ]
        return self.env["hotel.stay.line"].create(vals_list)

    def _hotel_valid_invoices(self):
        """Customer invoices of the stay that still count: not cancelled and not
        reversed by a credit note."""
        return self.invoice_ids.filtered(
            lambda m: (
                m.move_type == "out_invoice"
                and m.state != "cancel"
                and m.payment_state != "reversed"
            )
        )

    @api.model
    def _hotel_aggregate_payment_state(self, invoices):
        states = set(invoices.mapped("payment_state"))
        if not states:
            return False
        if states == {"reversed"}:
            return "reversed"
        states -= {"reversed"}
        # bills settled in the former Invoicing app count as paid
        states = {"paid" if state == "invoicing_legacy" else state for state in states}
        if "blocked" in states:
            return "blocked"
        if states == {"paid"}:
            return "paid"
        if states <= {"paid", "in_payment"}:
            return "in_payment"
        if states == {"not_paid"}:
            return "not_paid"
        return "partial"

    def _hotel_invoice_line_discount(self, line):
        """Discount (in %) granted to the guest on an invoiced charge. Hook for
        the membership levels; no discount by default."""
        self.ensure_one()
        return 0.0

    def _hotel_prepare_invoice_line(self, line, fiscal_position):
        self.ensure_one()
        return {
            "product_id": line.product_id.id,
            "name": f"{line.name} ({self.name})",
            "quantity": line.quantity,
            "price_unit": line.price_unit,
            "discount": self._hotel_invoice_line_discount(line),
            # the charge's taxes, as the billed partner's fiscal position maps them
            "tax_ids": [Command.set(fiscal_position.map_tax(line.tax_ids).ids)],
            "hotel_stay_line_id": line.id,
        }

    def _hotel_create_invoices(self):
        """One customer invoice per stay, or per billing partner when the company
        groups corporate stays; returns the draft invoices."""
        if not self:
            raise UserError(self.env._("Select the stays to invoice."))
        for stay in self:
            if stay.state != "checked_out":
                raise UserError(
                    self.env._(
                        "%(stay)s is not checked out yet: only checked-out stays are invoiced.",
                        stay=stay.name,
                    )
                )
            if stay._hotel_valid_invoices():
                raise UserError(
                    self.env._(
                        "%(stay)s is already invoiced (%(invoices)s).",
                        stay=stay.name,
                        invoices=", ".join(
                            stay._hotel_valid_invoices().mapped("display_name")
                        ),
                    )
                )
            if not stay.line_ids:
                raise UserError(
                    self.env._("%(stay)s has no charge to invoice.", stay=stay.name)
                )
        groups = defaultdict(lambda: self.browse())
        for stay in self:
            if stay.company_id.hotel_group_corporate_invoices:
                key = (stay.company_id, stay.billing_partner_id, stay.currency_id)
            else:
                key = (
                    stay.company_id,
                    stay.billing_partner_id,
                    stay.currency_id,
                    stay.id,
                )
            groups[key] |= stay
        vals_by_company = defaultdict(list)
        for key, stays in groups.items():
            company, partner, currency = key[:3]
            fiscal_position = (
                self.env["account.fiscal.position"]
                .with_company(company)
                ._get_fiscal_position(partner)
            )
            vals_by_company[company].append(
                {
                    "move_type": "out_invoice",
                    "partner_id": partner.id,
                    "currency_id": currency.id,
                    "fiscal_position_id": fiscal_position.id,
                    "invoice_origin": ", ".join(stays.mapped("name")),
                    "hotel_stay_ids": [Command.set(stays.ids)],
                    "invoice_line_ids": [
                        Command.create(
                            stay._hotel_prepare_invoice_line(line, fiscal_position)
                        )
                        for stay in stays
                        for line in stay.line_ids
                    ],
                }
            )
        invoices = self.env["account.move"]
        for company, vals_list in vals_by_company.items():
            invoices |= self.env["account.move"].with_company(company).create(vals_list)
        return invoices

    def _hotel_action_view_invoices(self, invoices):
        action = self.env["ir.actions.actions"]._for_xml_id(
            "account.action_move_out_invoice_type"
        )
        if len(invoices) == 1:
            action.update(
                views=[(self.env.ref("account.view_move_form").id, "form")],
                res_id=invoices.id,
            )
        else:
            action["domain"] = [("id", "in", invoices.ids)]
        action["context"] = {"default_move_type": "out_invoice"}
        return action


class HotelStayLine(models.Model):
    _name = "hotel.stay.line"
    _description = "Hotel Stay Charge"
    _order = "stay_id, date, id"
    _check_company_auto = True

    stay_id = fields.Many2one(
        "hotel.stay", required=True, index=True, ondelete="cascade"
    )
    partner_id = fields.Many2one(related="stay_id.partner_id", store=True, index=True)
    company_id = fields.Many2one(related="stay_id.company_id", store=True, index=True)
    currency_id = fields.Many2one(related="stay_id.currency_id")
    date = fields.Date(required=True, default=fields.Date.context_today)
    product_id = fields.Many2one(
        "product.product",
        string="Service",
        required=True,
        check_company=True,
        domain="[('sale_ok', '=', True)]",
    )
    name = fields.Char(
        string="Description",
        compute="_compute_name",
        precompute=True,
        store=True,
        readonly=False,
        required=True,
    )
    charge_type = fields.Selection(
        CHARGE_TYPES,
        compute="_compute_charge_type",
        precompute=True,
        store=True,
        readonly=False,
        required=True,
    )
    quantity = fields.Float(default=1.0, digits="Product Unit of Measure")
    price_unit = fields.Monetary(
        string="Unit Price",
        compute="_compute_price_unit",
        precompute=True,
        store=True,
        readonly=False,
        currency_field="currency_id",
    )
    tax_ids = fields.Many2many(
        "account.tax",
        compute="_compute_tax_ids",
        store=True,
        readonly=False,
        check_company=True,
        domain="[('type_tax_use', '=', 'sale')]",
    )
    price_subtotal = fields.Monetary(
        string="Subtotal",
        compute="_compute_prices",
        store=True,
        currency_field="currency_id",
    )
    price_tax = fields.Monetary(
        string="Tax Amount",
        compute="_compute_prices",
        store=True,
        currency_field="currency_id",
    )
    price_total = fields.Monetary(
        string="Total",
        compute="_compute_prices",
        store=True,
        currency_field="currency_id",
    )
    invoice_line_ids = fields.One2many(
        "account.move.line", "hotel_stay_line_id", string="Invoice Lines", readonly=True
    )

    @api.depends("product_id")
    def _compute_name(self):
        for line in self:
            line.name = line.product_id.with_context(
                display_default_code=False
            ).display_name

    @api.depends("product_id")
    def _compute_charge_type(self):
        for line in self:
            line.charge_type = (
                line.product_id.product_tmpl_id.hotel_charge_type or "other"
            )

    @api.depends("product_id")
    def _compute_price_unit(self):
        for line in self:
            if line.charge_type == "room" and line.stay_id.nightly_rate:
                line.price_unit = line.stay_id.nightly_rate
            else:
                line.price_unit = line.product_id.lst_price

    @api.depends("product_id", "company_id")
    def _compute_tax_ids(self):
        for line in self:
            company = line.company_id or self.env.company
            line.tax_ids = line.product_id.taxes_id.filtered_domain(
                self.env["account.tax"]._check_company_domain(company)
            )

    @api.depends("quantity", "price_unit", "tax_ids", "currency_id")
    def _compute_prices(self):
        for line in self:
            taxes = line.tax_ids.compute_all(
                line.price_unit,
                currency=line.currency_id,
                quantity=line.quantity,
                product=line.product_id,
                partner=line.stay_id.billing_partner_id,
            )
            line.price_subtotal = taxes["total_excluded"]
            line.price_total = taxes["total_included"]
            line.price_tax = taxes["total_included"] - taxes["total_excluded"]

    @api.constrains("quantity", "price_unit")
    def _check_amounts(self):
        for line in self:
            if line.quantity < 0 or line.price_unit < 0:
                raise ValidationError(
                    self.env._(
                        "The charge %(charge)s has a negative quantity or price: record "
                        "refunds as a credit note in Invoicing.",
                        charge=line.name,
                    )
                )

    @api.model_create_multi
    def create(self, vals_list):
        lines = super().create(vals_list)
        lines.stay_id._hotel_check_charges_editable()
        return lines

    def write(self, vals):
        self.stay_id._hotel_check_charges_editable()
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_invoiced(self):
        self.stay_id._hotel_check_charges_editable()
