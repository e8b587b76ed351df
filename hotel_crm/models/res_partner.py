from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tools import create_index

# the guest lists' index: the ids of the active guest files with what the
# contacts' company rule reads, so that counting a filter's guests (thousands
# of them) reads this index rather than every contact
GUEST_LIST_INDEX = "res_partner_hotel_guest_list_index"

# Fields of the guest file that every internal user may read but only hotel
# staff may change (the others carry groups= and are out of reach anyway).
GUEST_FILE_FIELDS = (
    "is_hotel_guest",
    "guest_birthdate",
    "guest_gender",
    "guest_nationality_id",
    "guest_id_type",
    "guest_id_number",
    "guest_vip",
    "guest_vip_note",
    "guest_marketing_consent",
    "guest_do_not_disclose",
    "guest_corporate_account",
)
HOTEL_STAFF = "hotel_crm.group_hotel_user"


class ResPartner(models.Model):
    """The guest file: identity, ID document, VIP, privacy and preferences.

    Who reads what is declared with ``groups=`` on each field: the allergy,
    VIP and do-not-disclose flags for every internal user (they protect the
    guest), everything else for hotel staff only; portal users see none of it.
    """

    _name = "res.partner"
    _inherit = ["res.partner", "hotel.guard.mixin"]
    _hotel_field_prefixes = ("guest_", "is_hotel_guest")
    _hotel_protected_fields = (
        "guest_code",
        "guest_marketing_consent_date",
        "guest_anonymized",
        "guest_anonymized_date",
        "guest_has_duplicates",
    )

    is_hotel_guest = fields.Boolean(
        string="Hotel Guest",
        index=True,
        tracking=True,
        groups="base.group_user",
        help="This contact is a guest of the hotel and has a guest file.",
    )
    guest_code = fields.Char(
        readonly=True,
        copy=False,
        index=True,
        tracking=True,
        groups="base.group_user",
        help="Unique reference of the guest file, assigned once when the contact "
        "becomes a hotel guest and never changed afterwards.",
    )
    # Identity
    guest_birthdate = fields.Date(
        string="Date of Birth", tracking=True, groups=HOTEL_STAFF
    )
    guest_birth_month = fields.Integer(
        compute="_compute_guest_birth_month",
        store=True,
        index=True,
        groups=HOTEL_STAFF,
        help="Month of the date of birth (1-12), for birthday care.",
    )
    guest_gender = fields.Selection(
        [("female", "Female"), ("male", "Male"), ("other", "Other")],
        string="Gender",
        tracking=True,
        groups=HOTEL_STAFF,
    )
    guest_nationality_id = fields.Many2one(
        "res.country", string="Nationality", tracking=True, groups=HOTEL_STAFF
    )
    # Identity document: hotel staff only
    guest_id_type = fields.Selection(
        [
            ("passport", "Passport"),
            ("national_id", "National ID card"),
            ("driving_licence", "Driving licence"),
            ("other", "Other"),
        ],
        string="ID Document Type",
        tracking=True,
        groups=HOTEL_STAFF,
    )
    guest_id_number = fields.Char(
        string="ID Document Number",
        size=64,
        tracking=True,
        copy=False,
        # possible duplicates are found by their ID number
        index="btree_not_null",
        groups=HOTEL_STAFF,
    )
    # VIP
    guest_vip = fields.Boolean(string="VIP", tracking=True, groups="base.group_user")
    guest_vip_note = fields.Text(
        string="VIP Note",
        help="Why this guest is a VIP and how to treat them.",
        groups=HOTEL_STAFF,
    )
    # Privacy
    guest_marketing_consent = fields.Boolean(
        string="Marketing Consent",
        tracking=True,
        groups=HOTEL_STAFF,
        help="The guest agreed to receive offers and greetings.",
    )
    guest_marketing_consent_date = fields.Datetime(
        string="Consent Changed On",
        readonly=True,
        copy=False,
        groups=HOTEL_STAFF,
        help="When the marketing consent was last given or withdrawn.",
    )
    guest_do_not_disclose = fields.Boolean(
        string="Do Not Disclose",
        tracking=True,
        groups="base.group_user",
        help="Do not confirm the guest's presence or room to callers or visitors.",
    )
    # Preferences
    guest_preference_ids = fields.One2many(
        "hotel.guest.preference",
        "partner_id",
        string="Preferences",
        groups=HOTEL_STAFF,
    )
    guest_allergy_summary = fields.Char(
        string="Allergies",
        compute="_compute_guest_allergy_summary",
        store=True,
        groups="base.group_user",
        help="Safety-critical allergies recorded in the guest's preferences.",
    )
    # Corporate accounts
    guest_corporate_account = fields.Boolean(
        string="Corporate Account",
        tracking=True,
        groups="base.group_user",
        help="Stays of this company's employees are billed to the company.",
    )
    # Erasure
    guest_anonymized = fields.Boolean(
        string="Anonymized",
        readonly=True,
        copy=False,
        index=True,
        groups="base.group_user",
    )
    guest_anonymized_date = fields.Datetime(
        string="Anonymized On", readonly=True, copy=False, groups="base.group_user"
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

    def init(self):
        res = super().init()
        create_index(
            self.env.cr,
            GUEST_LIST_INDEX,
            self._table,
            ["id", "partner_share", "company_id"],
            where="active AND is_hotel_guest",
        )
        return res

    @api.model_create_multi
    def create(self, vals_list):
        if any(
            self._hotel_vals_with_defaults(vals, GUEST_FILE_FIELDS).get(fname)
            for vals in vals_list
            for fname in GUEST_FILE_FIELDS
        ):
            self._hotel_check_guest_file_rights()
        partners = super().create(vals_list)
        # the consent date is the module's to set: past the guard
        partners.sudo().filtered("guest_marketing_consent").write(
            {"guest_marketing_consent_date": fields.Datetime.now()}
        )
        partners._hotel_assign_guest_code()
        return partners

    def write(self, vals):
        if (
            not self.env.su
            and "guest_code" in vals
            and any(partner.guest_code != vals["guest_code"] for partner in self.sudo())
        ):
            raise UserError(
                self.env._(
                    "The guest code of a guest file is assigned once and can never "
                    "be changed."
                )
            )
        if self._hotel_changes_any(vals, GUEST_FILE_FIELDS):
            self._hotel_check_guest_file_rights()
        if "guest_marketing_consent" in vals:
            # when the consent was given or withdrawn, not merely rewritten
            consent = bool(vals["guest_marketing_consent"])
            self.sudo().filtered(lambda p: p.guest_marketing_consent != consent).write(
                {"guest_marketing_consent_date": fields.Datetime.now()}
            )
        res = super().write(vals)
        if vals.get("is_hotel_guest"):
            self._hotel_assign_guest_code()
        return res

    def _hotel_assign_guest_code(self):  # pylint: disable=missing-return
        """Give the next guest code to the guests of ``self`` that have none."""
        guests = self.sudo().filtered(lambda p: p.is_hotel_guest and not p.guest_code)
        codes = (
            self.env["ir.sequence"]
            .sudo()
            ._hotel_next_many_by_code("hotel.guest.code", len(guests))
        )
        for partner, code in zip(guests, codes, strict=False):
            partner.write({"guest_code": code})

    def _hotel_changes_any(self, vals, fnames):
        """Whether writing ``vals`` would change one of ``fnames`` on ``self``."""
        return any(
            fname in vals and self._hotel_changes(fname, vals[fname])
            for fname in fnames
        )

    def _hotel_check_guest_file_rights(self):
        """Guest files are changed by hotel staff only. The fields every
        internal user reads (allergy, VIP, do not disclose) cannot carry a
        write-only group, hence this one check."""
        if not self.env.su and not self.env.user.has_group(HOTEL_STAFF):
            raise AccessError(self.env._("Only hotel staff can change guest files."))
