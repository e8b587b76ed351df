from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    hotel_group_corporate_invoices = fields.Boolean(
        related="company_id.hotel_group_corporate_invoices", readonly=False
    )
    hotel_long_stay_nights = fields.Integer(
        related="company_id.hotel_long_stay_nights", readonly=False
    )
    hotel_long_stay_window_nights = fields.Integer(
        related="company_id.hotel_long_stay_window_nights", readonly=False
    )
    hotel_long_stay_window_days = fields.Integer(
        related="company_id.hotel_long_stay_window_days", readonly=False
    )
