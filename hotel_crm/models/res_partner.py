import re
from collections import defaultdict
from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.fields import Command
from odoo.osv import expression
from odoo.tools import SQL

from ..tools import require_hotel_group

# Fields that only a Hotel Manager may change (through the restriction actions).
RESTRICTION_FIELDS = (
    "guest_restricted",
    "guest_restriction_reason",
    "guest_restricted_until",
)

# Fields of the guest file that only hotel staff may change.
GUEST_FILE_FIELDS = (
    "is_hotel_guest",
    "guest_birthdate",
    "guest_gender",
    "guest_nationality_id",
    "guest_vip",
    "guest_vip_note",
    "guest_marketing_consent",
    "guest_do_not_disclose",
    "guest_corporate_account",
)

# What a partner merge never takes from the merged-away files: the survivor's
# own consent, erasure and restriction stand.
SURVIVOR_FIELDS = (
    *RESTRICTION_FIELDS,
    "guest_marketing_consent",
    "guest_marketing_consent_date",
    "guest_anonymized",
    "guest_anonymized_date",
)

# Personal data of the guest file that "Anonymize guest" clears, besides the
# partner's name. Tracking values recorded for these fields are removed too.
PERSONAL_FIELDS = (
    "email",
    "phone",
    "mobile",
    "website",
    "street",
    "street2",
    "zip",
    "city",
    "state_id",
    "country_id",
    "function",
    "title",
    "comment",
    "vat",
    "company_name",
    "ref",
    "image_1920",
    "category_id",
    "guest_birthdate",
    "guest_gender",
    "guest_nationality_id",
    "guest_id_type",
    "guest_id_number",
    "guest_vip",
    "guest_vip_note",
    "guest_marketing_consent",
    "guest_marketing_consent_date",
    "guest_do_not_disclose",
)


class ResPartner(models.Model):
    _inherit = "res.partner"

    is_hotel_guest = fields.Boolean(
        string="Hotel Guest",
        index=True,
        tracking=True,
        help="This contact is a guest of the hotel and has a guest file.",
    )
    guest_code = fields.Char(
        readonly=True,
        copy=False,
        index=True,
        tracking=True,
        help="Unique reference of the guest file, assigned once when the contact "
        "becomes a hotel guest and never changed afterwards.",
    )
    # Identity
    guest_birthdate = fields.Date(
        string="Date of Birth", tracking=True, groups="hotel_crm.group_hotel_user"
    )
    guest_birth_month = fields.Integer(
        compute="_compute_guest_birth_month",
        store=True,
        index=True,
        help="Month of the date of birth (1-12), for birthday care.",
    )
    guest_gender = fields.Selection(
        [("female", "Female"), ("male", "Male"), ("other", "Other")],
        string="Gender",
        tracking=True,
        groups="hotel_crm.group_hotel_user",
    )
    guest_nationality_id = fields.Many2one(
        "res.country",
        string="Nationality",
        tracking=True,
        groups="hotel_crm.group_hotel_user",
    )
    # Identity document: hotel staff only (field-level access)
    guest_id_type = fields.Selection(
        [
            ("passport", "Passport"),
            ("national_id", "National ID card"),
            ("driving_licence", "Driving licence"),
            ("other", "Other"),
        ],
        string="ID Document Type",
        tracking=True,
        groups="hotel_crm.group_hotel_user",
    )
    guest_id_number = fields.Char(
        string="ID Document Number",
        tracking=True,
        copy=False,
        groups="hotel_crm.group_hotel_user",
    )
    # VIP
    guest_vip = fields.Boolean(string="VIP", tracking=True)
    guest_vip_note = fields.Text(
        string="VIP Note",
        help="Why this guest is a VIP and how to treat them.",
        groups="hotel_crm.group_hotel_user",
    )
    # Privacy
    guest_marketing_consent = fields.Boolean(
        string="Marketing Consent",
        tracking=True,
        help="The guest agreed to receive offers and greetings.",
    )
    guest_marketing_consent_date = fields.Datetime(
        string="Consent Changed On",
        readonly=True,
        copy=False,
        help="When the marketing consent was last given or withdrawn.",
    )
    guest_do_not_disclose = fields.Boolean(
        string="Do Not Disclose",
        tracking=True,
        help="Do not confirm the guest's presence or room to callers or visitors.",
    )
    # Preferences
    guest_preference_ids = fields.One2many(
        "hotel.guest.preference",
        "partner_id",
        string="Preferences",
        groups="hotel_crm.group_hotel_user",
    )
    guest_allergy_summary = fields.Char(
        string="Allergies",
        compute="_compute_guest_allergy_summary",
        store=True,
        help="Safety-critical allergies recorded in the guest's preferences.",
    )
    # Restriction (blocklist), set and lifted by Hotel Managers only
    guest_restricted = fields.Boolean(
        string="Restricted", tracking=True, copy=False, readonly=True
    )
    guest_restriction_reason = fields.Text(
        string="Restriction Reason",
        tracking=True,
        copy=False,
        readonly=True,
        groups="hotel_crm.group_hotel_user",
    )
    guest_restricted_until = fields.Date(
        string="Restricted Until",
        tracking=True,
        copy=False,
        readonly=True,
        groups="hotel_crm.group_hotel_user",
        help="Leave empty for a restriction without end.",
    )
    guest_is_restricted = fields.Boolean(
        string="Currently Restricted",
        compute="_compute_guest_is_restricted",
        compute_sudo=True,
        search="_search_guest_is_restricted",
    )
    # Duplicates
    guest_phone_key = fields.Char(
        compute="_compute_guest_phone_key",
        store=True,
        index=True,
        help="Digits of the phone (or mobile) number, to find duplicate guests.",
    )
    guest_duplicate_count = fields.Integer(
        string="Possible Duplicates",
        compute="_compute_guest_duplicate_count",
        search="_search_guest_duplicate_count",
    )
    # Corporate accounts
    guest_corporate_account = fields.Boolean(
        string="Corporate Account",
        tracking=True,
        help="Stays of this company's employees are billed to the company.",
    )
    # Stays and what the guest is worth
    guest_stay_ids = fields.One2many(
        "hotel.stay",
        "partner_id",
        string="Stay History",
        groups="hotel_crm.group_hotel_user,account.group_account_invoice",
    )
    guest_invoice_line_ids = fields.One2many(
        "account.move.line",
        "hotel_guest_id",
        string="Stay Invoice Lines",
        groups="hotel_crm.group_hotel_user,account.group_account_invoice",
    )
    guest_currency_id = fields.Many2one(
        "res.currency", compute="_compute_guest_currency_id"
    )
    guest_stay_count = fields.Integer(
        string="Stays", compute="_compute_guest_value", store=True
    )
    guest_night_count = fields.Integer(
        string="Nights", compute="_compute_guest_value", store=True
    )
    guest_revenue = fields.Monetary(
        string="Revenue",
        compute="_compute_guest_value",
        store=True,
        currency_field="guest_currency_id",
        help="Untaxed amount of the posted invoices of the guest's stays, net of "
        "credit notes, in company currency.",
    )
    guest_average_rate = fields.Monetary(
        string="Revenue per Night",
        compute="_compute_guest_value",
        store=True,
        currency_field="guest_currency_id",
    )
    guest_first_stay_date = fields.Date(
        string="First Stay", compute="_compute_guest_value", store=True
    )
    guest_last_stay_date = fields.Date(
        string="Last Stay", compute="_compute_guest_value", store=True
    )
    guest_invoice_count = fields.Integer(
        string="Stay Invoices", compute="_compute_guest_invoice_count"
    )
    guest_is_long_stay = fields.Boolean(
        string="Long-Stay Guest",
        compute="_compute_guest_is_long_stay",
        search="_search_guest_is_long_stay",
    )
    # Erasure
    guest_anonymized = fields.Boolean(
        string="Anonymized", readonly=True, copy=False, index=True
    )
    guest_anonymized_date = fields.Datetime(
        string="Anonymized On", readonly=True, copy=False
    )

    _sql_constraints = [
        (
            "guest_code_unique",
            "unique(guest_code)",
            "Each guest code identifies exactly one guest file.",
        ),
    ]

    @api.depends("guest_birthdate")
    def _compute_guest_birth_month(self):
        for partner in self:
            partner.guest_birth_month = (
                partner.guest_birthdate.month if partner.guest_birthdate else 0
            )

    @api.depends(
        "guest_preference_ids.name",
        "guest_preference_ids.active",
        "guest_preference_ids.category_id.is_allergy",
    )
    def _compute_guest_allergy_summary(self):
        for partner in self:
            allergies = partner.guest_preference_ids.filtered("is_allergy")
            partner.guest_allergy_summary = ", ".join(allergies.mapped("name")) or False

    @api.depends("guest_restricted", "guest_restricted_until")
    @api.depends_context("date")
    def _compute_guest_is_restricted(self):
        today = fields.Date.context_today(self)
        for partner in self:
            partner.guest_is_restricted = partner.guest_restricted and (
                not partner.guest_restricted_until
                or partner.guest_restricted_until >= today
            )

    def _search_guest_is_restricted(self, operator, value):
        if operator not in ("=", "!=") or not isinstance(value, bool):
            raise UserError(self.env._("Operation not supported"))
        today = fields.Date.context_today(self)
        domain = [
            ("guest_restricted", "=", True),
            "|",
            ("guest_restricted_until", "=", False),
            ("guest_restricted_until", ">=", today),
        ]
        if (operator == "=") != value:
            domain = ["!", *expression.normalize_domain(domain)]
        return domain

    @api.depends("phone", "mobile")
    def _compute_guest_phone_key(self):
        for partner in self:
            digits = re.sub(r"\D", "", partner.phone or partner.mobile or "")
            # the last nine digits ignore country prefixes and leading zeros
            partner.guest_phone_key = digits[-9:] if len(digits) >= 6 else False

    def _guest_duplicate_keys(self):
        """The (field, values) pairs by which two guests are the same person."""
        partners = self.sudo()
        return [
            ("email_normalized", set(partners.mapped("email_normalized")) - {False}),
            ("guest_phone_key", set(partners.mapped("guest_phone_key")) - {False}),
            ("guest_id_number", set(partners.mapped("guest_id_number")) - {False}),
        ]

    def _guest_duplicates_by_partner(self):
        """Map each partner of ``self`` to the other guests that share its
        e-mail, phone or ID number: one search for the whole batch."""
        keys = [
            (fname, values) for fname, values in self._guest_duplicate_keys() if values
        ]
        result = {partner.id: self.browse() for partner in self}
        if not keys:
            return result
        domain = expression.AND(
            [
                [("is_hotel_guest", "=", True), ("guest_anonymized", "=", False)],
                expression.OR(
                    [[(fname, "in", list(values))] for fname, values in keys]
                ),
            ]
        )
        candidates = self.sudo().search(domain)
        for partner in self.sudo():
            if not partner.id:
                continue
            result[partner.id] = self.browse(
                [
                    candidate.id
                    for candidate in candidates
                    if candidate != partner
                    and any(
                        partner[fname] and candidate[fname] == partner[fname]
                        for fname, _values in keys
                    )
                ]
            )
        return result

    def _compute_guest_duplicate_count(self):
        duplicates = self._guest_duplicates_by_partner()
        for partner in self:
            partner.guest_duplicate_count = len(duplicates.get(partner.id, ()))

    def _search_guest_duplicate_count(self, operator, value):
        """Only "has duplicates" (> 0) and "has none" (= 0) are supported."""
        if (operator, value) not in ((">", 0), ("=", 0), ("!=", 0)):
            raise UserError(self.env._("Operation not supported"))
        base = [("is_hotel_guest", "=", True), ("guest_anonymized", "=", False)]
        shared = []
        for fname in ("email_normalized", "guest_phone_key", "guest_id_number"):
            groups = (
                self.sudo()
                .with_context(active_test=True)
                ._read_group(
                    [*base, (fname, "!=", False)],
                    groupby=[fname],
                    having=[("__count", ">", 1)],
                )
            )
            if groups:
                shared.append([(fname, "in", [value for (value,) in groups])])
        domain = (
            expression.AND([base, expression.OR(shared)])
            if shared
            else [("id", "=", 0)]
        )
        ids = self.sudo()._search(domain)
        return [("id", "in" if operator != "=" else "not in", ids)]

    def _compute_guest_currency_id(self):
        for partner in self:
            partner.guest_currency_id = self.env.company.currency_id

    @api.depends(
        "guest_stay_ids.state",
        "guest_stay_ids.nights",
        "guest_stay_ids.check_in_date",
        "guest_invoice_line_ids.parent_state",
        "guest_invoice_line_ids.balance",
    )
    def _compute_guest_value(self):
        """Stays, nights, revenue and dates of the whole batch: one grouped
        query on stays and one on invoice lines, whatever the batch size."""
        partners = self.filtered("id")
        stays = dict.fromkeys(partners.ids, (0, 0, False, False))
        revenue = dict.fromkeys(partners.ids, 0.0)
        if partners:
            for partner, count, nights, first, last in (
                self.env["hotel.stay"]
                .sudo()
                ._read_group(
                    [
                        ("partner_id", "in", partners.ids),
                        ("state", "in", ("checked_in", "checked_out")),
                    ],
                    groupby=["partner_id"],
                    aggregates=[
                        "__count",
                        "nights:sum",
                        "check_in_date:min",
                        "check_in_date:max",
                    ],
                )
            ):
                stays[partner.id] = (count, nights, first, last)
            for partner, balance in (
                self.env["account.move.line"]
                .sudo()
                ._read_group(
                    [
                        ("hotel_guest_id", "in", partners.ids),
                        ("parent_state", "=", "posted"),
                        ("display_type", "=", "product"),
                    ],
                    groupby=["hotel_guest_id"],
                    aggregates=["balance:sum"],
                )
            ):
                revenue[partner.id] = -balance
        for partner in self:
            count, nights, first, last = stays.get(partner.id, (0, 0, False, False))
            partner.guest_stay_count = count
            partner.guest_night_count = nights
            partner.guest_first_stay_date = first
            partner.guest_last_stay_date = last
            partner.guest_revenue = revenue.get(partner.id, 0.0)
            partner.guest_average_rate = (
                partner.guest_revenue / nights if nights else 0.0
            )

    def _compute_guest_invoice_count(self):
        stays = self.env["hotel.stay"].search([("partner_id", "in", self.ids)])
        invoices = defaultdict(set)
        for stay in stays:
            invoices[stay.partner_id.id].update(stay.invoice_ids.ids)
        for partner in self:
            partner.guest_invoice_count = len(invoices[partner.id])

    @api.model
    def _hotel_long_stay_partner_ids(self, partner_ids=None):
        """Guests with N consecutive nights or more (back-to-back stays, such as
        an extension booked as a new stay, count as one), or M nights or more
        in stays that started within the last D days (settings and stays of
        the current company; checked-in and checked-out stays only)."""
        company = self.env.company
        states = ("checked_in", "checked_out")
        Stay = self.env["hotel.stay"].sudo()
        Stay.flush_model(
            ["partner_id", "state", "company_id", "check_in_date", "check_out_date"]
        )
        partner_filter = (
            SQL("AND partner_id IN %s", tuple(partner_ids) or (0,))
            if partner_ids is not None
            else SQL()
        )
        # chains of stays where each starts on the day the previous one ends;
        # window functions are beyond the ORM's grouped reads
        self.env.cr.execute(
            SQL(
                """
                WITH stays AS (
                    SELECT partner_id, check_in_date, check_out_date,
                           CASE WHEN check_in_date = LAG(check_out_date) OVER w
                                THEN 0 ELSE 1 END AS starts_chain
                      FROM hotel_stay
                     WHERE state IN %(states)s AND company_id = %(company)s
                           %(partner_filter)s
                    WINDOW w AS (PARTITION BY partner_id ORDER BY check_in_date)
                ), chains AS (
                    SELECT partner_id, check_out_date - check_in_date AS nights,
                           SUM(starts_chain) OVER (
                               PARTITION BY partner_id ORDER BY check_in_date
                           ) AS chain
                      FROM stays
                )
                SELECT DISTINCT partner_id
                  FROM chains
              GROUP BY partner_id, chain
                HAVING SUM(nights) >= %(nights)s
                """,
                states=states,
                company=company.id,
                partner_filter=partner_filter,
                nights=company.hotel_long_stay_nights,
            )
        )
        consecutive = {partner_id for (partner_id,) in self.env.cr.fetchall()}
        base = [("state", "in", states), ("company_id", "=", company.id)]
        if partner_ids is not None:
            base.append(("partner_id", "in", partner_ids))
        since = fields.Date.context_today(self) - timedelta(
            days=company.hotel_long_stay_window_days
        )
        frequent = Stay._read_group(
            [*base, ("check_in_date", ">=", since)],
            ["partner_id"],
            having=[("nights:sum", ">=", company.hotel_long_stay_window_nights)],
        )
        return consecutive | {partner.id for (partner,) in frequent}

    @api.depends("guest_stay_ids.nights", "guest_stay_ids.state")
    @api.depends_context("company", "date")
    def _compute_guest_is_long_stay(self):
        long_stay = self._hotel_long_stay_partner_ids(self.ids)
        for partner in self:
            partner.guest_is_long_stay = partner.id in long_stay

    def _search_guest_is_long_stay(self, operator, value):
        if operator not in ("=", "!=") or not isinstance(value, bool):
            raise UserError(self.env._("Operation not supported"))
        ids = list(self._hotel_long_stay_partner_ids())
        return [("id", "in" if (operator == "=") == value else "not in", ids)]

    @api.constrains("guest_birthdate")
    def _check_guest_birthdate(self):
        today = fields.Date.context_today(self)
        for partner in self:
            if partner.guest_birthdate and partner.guest_birthdate > today:
                raise ValidationError(
                    self.env._(
                        "The date of birth of %(guest)s cannot be in the future.",
                        guest=partner.display_name,
                    )
                )

    @api.constrains("guest_restricted", "guest_restriction_reason")
    def _check_guest_restriction_reason(self):
        for partner in self.sudo():
            if (
                partner.guest_restricted
                and not (partner.guest_restriction_reason or "").strip()
            ):
                raise ValidationError(
                    self.env._(
                        "Give the reason why %(guest)s is restricted.",
                        guest=partner.display_name,
                    )
                )

    @api.model_create_multi
    def create(self, vals_list):
        if any(vals.get("guest_code") for vals in vals_list):
            raise UserError(
                self.env._("Guest codes are assigned automatically and cannot be set.")
            )
        if any(vals.get(fname) for vals in vals_list for fname in RESTRICTION_FIELDS):
            self._hotel_check_restriction_rights()
        if any(vals.get(fname) for vals in vals_list for fname in GUEST_FILE_FIELDS):
            self._hotel_check_guest_file_rights()
        now = fields.Datetime.now()
        for vals in vals_list:
            if vals.get("guest_marketing_consent"):
                vals.setdefault("guest_marketing_consent_date", now)
        partners = super().create(vals_list)
        partners._hotel_assign_guest_code()
        return partners

    def write(self, vals):
        if "guest_code" in vals and any(
            partner.guest_code != vals["guest_code"] for partner in self
        ):
            raise UserError(
                self.env._(
                    "The guest code of a guest file is assigned once and can never "
                    "be changed."
                )
            )
        if self._hotel_changes_any(vals, RESTRICTION_FIELDS):
            self._hotel_check_restriction_rights()
        if self._hotel_changes_any(vals, GUEST_FILE_FIELDS):
            self._hotel_check_guest_file_rights()
        if (
            "guest_marketing_consent" in vals
            and "guest_marketing_consent_date" not in vals
        ):
            # when the consent was given or withdrawn, not merely rewritten
            consent = bool(vals["guest_marketing_consent"])
            changed = self.filtered(lambda p: p.guest_marketing_consent != consent)
            if changed == self and changed:
                vals = {**vals, "guest_marketing_consent_date": fields.Datetime.now()}
            elif changed:
                super(ResPartner, changed).write(
                    {"guest_marketing_consent_date": fields.Datetime.now()}
                )
        res = super().write(vals)
        if vals.get("is_hotel_guest"):
            self._hotel_assign_guest_code()
        return res

    def _hotel_assign_guest_code(self):  # pylint: disable=missing-return
        """Give the next guest code to the guests of ``self`` that have none."""
        sequence = self.env["ir.sequence"].sudo()
        for partner in self.filtered(lambda p: p.is_hotel_guest and not p.guest_code):
            # past the guard of write(): the one place that sets a guest code
            super(ResPartner, partner).write(
                {"guest_code": sequence.next_by_code("hotel.guest.code")}
            )

    def _hotel_changes_any(self, vals, fnames):
        """Whether writing ``vals`` would change one of ``fnames`` on ``self``."""
        for fname in fnames:
            if fname not in vals:
                continue
            field = self._fields[fname]
            new = field.convert_to_record(
                field.convert_to_cache(vals[fname], self), self
            )
            if any(partner[fname] != new for partner in self.sudo()):
                return True
        return False

    def _hotel_check_guest_file_rights(self):
        require_hotel_group(
            self.env,
            "hotel_crm.group_hotel_user",
            self.env._("Only hotel staff can change guest files."),
        )

    @api.ondelete(at_uninstall=False)
    def _unlink_except_restricted_guest(self):
        if self.filtered("guest_restricted"):
            self._hotel_check_restriction_rights()

    def action_archive(self):
        if self.filtered("guest_restricted"):
            self._hotel_check_restriction_rights()
        return super().action_archive()

    def _hotel_check_restriction_rights(self):
        require_hotel_group(
            self.env,
            "hotel_crm.group_hotel_manager",
            self.env._("Only Hotel Managers can restrict guests or lift restrictions."),
        )

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------

    def action_hotel_restrict(self):
        self.ensure_one()
        self._hotel_check_restriction_rights()
        return {
            "name": self.env._("Restrict Guest"),
            "type": "ir.actions.act_window",
            "res_model": "hotel.guest.restrict.wizard",
            "view_mode": "form",
            "target": "new",
            "context": {"default_partner_id": self.id},
        }

    def action_hotel_lift_restriction(self):
        self._hotel_check_restriction_rights()
        # tracked fields: the chatter shows who lifted it and when
        self.filtered("guest_restricted").write(
            {
                "guest_restricted": False,
                "guest_restriction_reason": False,
                "guest_restricted_until": False,
            }
        )
        return True

    def action_hotel_anonymize(self):
        self._hotel_check_anonymize_rights()
        return {
            "name": self.env._("Anonymize Guest"),
            "type": "ir.actions.act_window",
            "res_model": "hotel.guest.anonymize.wizard",
            "view_mode": "form",
            "target": "new",
            "context": {"default_partner_ids": [Command.set(self.ids)]},
        }

    def action_hotel_view_stays(self):
        self.ensure_one()
        action = self.env["ir.actions.actions"]._for_xml_id(
            "hotel_crm.hotel_stay_action"
        )
        action["domain"] = [("partner_id", "=", self.id)]
        action["context"] = {"default_partner_id": self.id}
        return action

    def action_hotel_view_invoices(self):
        self.ensure_one()
        invoices = (
            self.env["hotel.stay"].search([("partner_id", "=", self.id)]).invoice_ids
        )
        action = self.env["ir.actions.actions"]._for_xml_id(
            "account.action_move_out_invoice_type"
        )
        action["domain"] = [("id", "in", invoices.ids)]
        action["context"] = {"create": False, "default_move_type": "out_invoice"}
        return action

    def action_hotel_view_duplicates(self):
        self.ensure_one()
        duplicates = self._guest_duplicates_by_partner()[self.id]
        return {
            "name": self.env._(
                "Possible Duplicates of %(guest)s", guest=self.display_name
            ),
            "type": "ir.actions.act_window",
            "res_model": "res.partner",
            "view_mode": "list,form",
            "views": [
                (
                    self.env.ref("hotel_crm.res_partner_view_list_hotel_guest").id,
                    "list",
                ),
                (False, "form"),
            ],
            "domain": [("id", "in", (self | duplicates).ids)],
            "help": self.env._(
                "Select the files of the same person and use Actions > Merge to "
                "keep one guest file with all its history."
            ),
        }

    # ------------------------------------------------------------------
    # Business methods
    # ------------------------------------------------------------------

    def _hotel_check_not_restricted(self):
        """Raise a UserError if one of the guests of ``self`` is currently
        restricted (restrictions whose end date has passed don't count)."""
        restricted = self.filtered("guest_is_restricted")
        if restricted:
            partner = restricted[0]
            if partner.guest_restricted_until:
                message = self.env._(
                    "%(guest)s is a restricted guest until %(date)s: %(reason)s",
                    guest=partner.display_name,
                    date=partner.guest_restricted_until,
                    reason=partner.guest_restriction_reason,
                )
            else:
                message = self.env._(
                    "%(guest)s is a restricted guest: %(reason)s",
                    guest=partner.display_name,
                    reason=partner.guest_restriction_reason,
                )
            raise UserError(message)
        return True

    def _hotel_restrict(self, reason, until=False):
        # tracked fields: the chatter shows who restricted, why and until when
        self._hotel_check_restriction_rights()
        if until and fields.Date.to_date(until) < fields.Date.context_today(self):
            raise ValidationError(
                self.env._(
                    "The end of a restriction cannot be in the past: leave it empty for "
                    "a restriction without end."
                )
            )
        self.write(
            {
                "guest_restricted": True,
                "guest_restriction_reason": reason,
                "guest_restricted_until": until,
            }
        )
        return True

    def _hotel_absorb_guest_files(self, src_partners):
        """Partner merge: ``self`` survives ``src_partners``. It keeps its own
        guest code, or takes over the first code of the merged guests, and a
        restriction of any merged guest carries over."""
        self.ensure_one()
        src_partners = src_partners.sudo()
        target = self.sudo()
        donor = src_partners.filtered("guest_code")[:1]
        if donor and not target.guest_code:
            code = donor.guest_code
            super(ResPartner, donor).write({"guest_code": False})
            donor.flush_recordset(["guest_code"])
            super(ResPartner, target).write(
                {"guest_code": code, "is_hotel_guest": True}
            )
        # the merge moved preferences and stays with SQL: refresh what depends on them
        self.env["hotel.guest.preference"].invalidate_model(["partner_id"])
        self.env["hotel.stay"].invalidate_model(["partner_id"])
        self.env["account.move.line"].invalidate_model(["hotel_guest_id"])
        target.invalidate_recordset(
            ["guest_preference_ids", "guest_stay_ids", "guest_invoice_line_ids"]
        )
        self.env.add_to_compute(self._fields["guest_allergy_summary"], target)
        for fname in ("guest_stay_count", "guest_revenue"):  # and their siblings
            self.env.add_to_compute(self._fields[fname], target)
        restricted = src_partners.filtered("guest_restricted")[:1]
        if restricted and not target.guest_restricted:
            target.write({fname: restricted[fname] for fname in RESTRICTION_FIELDS})
        # The merge copies into the survivor the values of the merged-away files
        # (which it then deletes): give them the survivor's own consent and
        # erasure first, so that those stand; the restriction now lives on the
        # survivor only.
        src_partners.with_context(tracking_disable=True).write(
            {
                **{
                    fname: target._fields[fname].convert_to_write(target[fname], target)
                    for fname in SURVIVOR_FIELDS
                },
                **dict.fromkeys(RESTRICTION_FIELDS, False),
            }
        )
        return True

    def _hotel_check_anonymize_rights(self):
        require_hotel_group(
            self.env,
            "hotel_crm.group_hotel_manager",
            self.env._("Only Hotel Managers can anonymize guests."),
        )

    def _hotel_unpaid_invoice_domain(self):
        return [
            ("partner_id", "child_of", self.ids),
            ("move_type", "in", ("out_invoice", "out_refund")),
            ("state", "=", "posted"),
            ("payment_state", "in", ("not_paid", "partial")),
        ]

    def _hotel_anonymize(self):
        """Remove the personal data of the guests of ``self`` (right to be
        forgotten) while their records, stays, invoices and accounting entries
        stay intact."""
        self._hotel_check_anonymize_rights()
        partners = self.sudo().with_context(active_test=False, tracking_disable=True)
        for partner in partners:
            if partner.is_company or not partner.is_hotel_guest:
                raise UserError(
                    self.env._(
                        "%(partner)s is not an individual hotel guest: only guest files "
                        "are anonymized.",
                        partner=partner.display_name,
                    )
                )
            if partner.child_ids:
                raise UserError(
                    self.env._(
                        "%(guest)s has the contacts or addresses %(children)s, which "
                        "would keep personal data: remove or anonymize them first.",
                        guest=partner.display_name,
                        children=", ".join(partner.child_ids.mapped("display_name")),
                    )
                )
        if linked := partners.user_ids:
            raise UserError(
                self.env._(
                    "%(guest)s is linked to the user %(user)s: archive or delete the "
                    "user first.",
                    guest=linked[0].partner_id.display_name,
                    user=linked[0].login,
                )
            )
        unpaid = (
            self.env["account.move"]
            .sudo()
            .search(self._hotel_unpaid_invoice_domain(), limit=1)
        )
        if unpaid:
            raise UserError(
                self.env._(
                    "%(guest)s still has the unpaid invoice %(invoice)s: it must be "
                    "settled before the guest can be anonymized.",
                    guest=unpaid.partner_id.display_name,
                    invoice=unpaid.name,
                )
            )
        partners.guest_preference_ids.unlink()
        now = fields.Datetime.now()
        empty = dict.fromkeys(PERSONAL_FIELDS + RESTRICTION_FIELDS, False)
        for partner in partners:
            partner.write(
                {
                    **empty,
                    "name": self.env._(
                        "Anonymized guest %(code)s", code=partner.guest_code
                    ),
                    "guest_anonymized": True,
                    "guest_anonymized_date": now,
                }
            )
        # the chatter (tracked old values, notes, e-mails), attachments such as
        # ID scans and planned activities go with the personal data
        domain = [("model", "=", "res.partner"), ("res_id", "in", partners.ids)]
        self.env["mail.message"].sudo().search(domain).unlink()
        # the stays stay, but their chatter names the guest and their allergies
        stays = (
            self.env["hotel.stay"].sudo().search([("partner_id", "in", partners.ids)])
        )
        self.env["mail.message"].sudo().search(
            [("model", "=", "hotel.stay"), ("res_id", "in", stays.ids)]
        ).unlink()
        self.env["mail.activity"].sudo().search(
            [("res_model", "=", "res.partner"), ("res_id", "in", partners.ids)]
        ).unlink()
        self.env["ir.attachment"].sudo().search(
            [("res_model", "=", "res.partner"), ("res_id", "in", partners.ids)]
        ).unlink()
        for partner in partners:
            partner.message_post(
                body=self.env._(
                    "Personal data removed at the guest's request by %(user)s.",
                    user=self.env.user.name,
                ),
                subtype_xmlid="mail.mt_note",
            )
        return True
