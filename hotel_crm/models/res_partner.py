from odoo import api, fields, models
from odoo.exceptions import UserError


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

    _sql_constraints = [
        (
            "guest_code_unique",
            "unique(guest_code)",
            "Each guest code identifies exactly one guest file.",
        ),
    ]

    @api.model_create_multi
    def create(self, vals_list):
        if any(vals.get("guest_code") for vals in vals_list):
            raise UserError(
                self.env._("Guest codes are assigned automatically and cannot be set.")
            )
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
