from odoo import api, fields, models
from odoo.exceptions import ValidationError


class HotelGuestPreference(models.Model):
    _name = "hotel.guest.preference"
    _description = "Guest Preference"
    _inherit = ["hotel.guard.mixin"]
    _hotel_protected_fields = ("recorded_by_id", "recorded_on")
    _order = "is_allergy desc, category_sequence, id"

    partner_id = fields.Many2one(
        "res.partner",
        string="Guest",
        required=True,
        index=True,
        ondelete="cascade",
    )
    category_id = fields.Many2one(
        "hotel.preference.category",
        required=True,
        ondelete="restrict",
    )
    category_sequence = fields.Integer(related="category_id.sequence", store=True)
    is_allergy = fields.Boolean(
        related="category_id.is_allergy", store=True, string="Allergy"
    )
    name = fields.Char(
        string="Preference",
        required=True,
        size=256,
        help='The preference itself, e.g. "feather-free pillow" or "peanuts".',
    )
    note = fields.Text()
    source = fields.Selection(
        [("guest", "Stated by the guest"), ("staff", "Observed by staff")],
        required=True,
        default="guest",
    )
    recorded_by_id = fields.Many2one(
        "res.users",
        default=lambda self: self.env.user,
        readonly=True,
        copy=False,
    )
    recorded_on = fields.Date(
        default=fields.Date.context_today, readonly=True, copy=False
    )
    active = fields.Boolean(default=True)

    @api.model_create_multi
    def create(self, vals_list):
        default_category = self.env.context.get("default_category_id")
        for vals in vals_list:
            if not vals.get("category_id", default_category):
                self._raise_missing_category(vals.get("name"))
        self.env["res.partner"]._hotel_browse_ids(
            self._hotel_vals_with_defaults(vals, ["partner_id"]).get("partner_id")
            for vals in vals_list
        )._hotel_check_not_anonymized()
        return super().create(vals_list)

    def write(self, vals):
        if "category_id" in vals and not vals["category_id"]:
            self._raise_missing_category(vals.get("name") or self[:1].name)
        partners = self.sudo().partner_id.with_env(self.env)
        if vals.get("partner_id"):
            partners |= partners._hotel_browse_ids([vals["partner_id"]])
        partners._hotel_check_not_anonymized()
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_anonymized_guest(self):
        self.sudo().partner_id.with_env(self.env)._hotel_check_not_anonymized()

    def _raise_missing_category(self, name):
        raise ValidationError(
            self.env._(
                'Choose a category for the preference "%(preference)s".',
                preference=name or "",
            )
        )
