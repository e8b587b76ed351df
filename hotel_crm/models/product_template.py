from odoo import fields, models

from .hotel_stay_line import CHARGE_TYPES


class ProductTemplate(models.Model):
    _inherit = "product.template"

    hotel_charge_type = fields.Selection(
        CHARGE_TYPES,
        help="How a stay charge of this product is classified in hotel figures.",
    )
