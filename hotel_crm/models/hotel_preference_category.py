from odoo import fields, models


class HotelPreferenceCategory(models.Model):
    _name = "hotel.preference.category"
    _description = "Guest Preference Category"
    _order = "sequence, name, id"

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    is_allergy = fields.Boolean(
        string="Allergy",
        help="Safety-critical: preferences of this category are shown as a red "
        "alert wherever the guest appears.",
    )
    active = fields.Boolean(default=True)
    preference_count = fields.Integer(compute="_compute_preference_count")

    def _compute_preference_count(self):
        counts = dict(
            self.env["hotel.guest.preference"]._read_group(
                [("category_id", "in", self.ids)], ["category_id"], ["__count"]
            )
        )
        for category in self:
            category.preference_count = counts.get(category, 0)
