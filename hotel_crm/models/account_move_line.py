from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import create_index

from .account_move import CREATING_MOVES


class AccountMoveLine(models.Model):
    _inherit = "account.move.line"

    hotel_stay_line_id = fields.Many2one(
        "hotel.stay.line",
        string="Stay Charge",
        index="btree_not_null",
        copy=False,
        readonly=True,
        check_company=True,
        ondelete="set null",
    )
    hotel_guest_id = fields.Many2one(
        related="hotel_stay_line_id.stay_id.partner_id",
        string="Hotel Guest",
        store=True,
        index="btree_not_null",
    )

    def init(self):  # pylint: disable=missing-return
        super().init()
        # What the guests' revenue adds up (the guest file's value, the
        # retention pass, the membership's qualifying revenue): the posted
        # invoice lines of the stays, by hotel and guest, read from the index
        # alone rather than from the journal items of every invoice.
        create_index(
            self.env.cr,
            "account_move_line_hotel_guest_revenue_index",
            self._table,
            ["company_id", "hotel_guest_id", "balance"],
            where="hotel_guest_id IS NOT NULL AND parent_state = 'posted' "
            "AND display_type = 'product'",
        )

    @api.model_create_multi
    def create(self, vals_list):
        lines = super().create(vals_list)
        if (
            not self.env.su
            and self.env.context.get("hotel_crm_creating_moves") is not CREATING_MOVES
        ):
            # a line added to an existing invoice: the invoice's stay rules
            lines.filtered("hotel_stay_line_id").move_id._check_hotel_stays()
        return lines

    def write(self, vals):
        if (
            not self.env.su
            and {"hotel_stay_line_id", "hotel_guest_id"} & vals.keys()
            and any(
                line[fname].id != (vals[fname] or False)
                for line in self.sudo()
                for fname in ("hotel_stay_line_id", "hotel_guest_id")
                if fname in vals
            )
        ):
            raise UserError(
                self.env._(
                    "The stay charge of an invoice line is set when the invoice is "
                    "created from the stay and cannot be changed."
                )
            )
        return super().write(vals)

    def _copy_data_extend_business_fields(self, values):  # pylint: disable=missing-return
        # credit notes keep the charge they correct, so guest revenue nets them
        super()._copy_data_extend_business_fields(values)
        values["hotel_stay_line_id"] = self.hotel_stay_line_id.id
