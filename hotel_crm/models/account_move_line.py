from odoo import fields, models


class AccountMoveLine(models.Model):
    _inherit = "account.move.line"

    hotel_stay_line_id = fields.Many2one(
        "hotel.stay.line",
        string="Stay Charge",
        index="btree_not_null",
        copy=False,
        readonly=True,
        ondelete="set null",
    )
    hotel_guest_id = fields.Many2one(
        related="hotel_stay_line_id.stay_id.partner_id",
        string="Hotel Guest",
        store=True,
        index="btree_not_null",
    )

    def _copy_data_extend_business_fields(self, values):  # pylint: disable=missing-return
        # credit notes keep the charge they correct, so guest revenue nets them
        super()._copy_data_extend_business_fields(values)
        values["hotel_stay_line_id"] = self.hotel_stay_line_id.id
