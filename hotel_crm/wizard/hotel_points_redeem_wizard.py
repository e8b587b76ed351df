from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.fields import Command


class HotelPointsRedeemWizard(models.TransientModel):
    """Turns some of the guest's points into a discount on their stay: a
    charge with a negative price, paid for with the points."""

    _name = "hotel.points.redeem.wizard"
    _description = "Redeem Points on a Stay"

    stay_id = fields.Many2one("hotel.stay", required=True, readonly=True)
    partner_id = fields.Many2one(related="stay_id.partner_id", string="Guest")
    company_id = fields.Many2one(related="stay_id.company_id")
    currency_id = fields.Many2one(related="stay_id.currency_id")
    available_points = fields.Float(
        string="Points Available", compute="_compute_available_points", digits=(16, 0)
    )
    points = fields.Integer(string="Points to Redeem", required=True)
    amount = fields.Monetary(
        string="Discount",
        compute="_compute_amount",
        currency_field="currency_id",
        help="What the points are worth on the stay's bill.",
    )

    @api.depends("stay_id")
    def _compute_available_points(self):
        for wizard in self:
            stay = wizard.stay_id.sudo()
            card = stay.partner_id._hotel_points_card(stay.company_id, create=False)
            wizard.available_points = card.points

    @api.depends("points", "stay_id")
    def _compute_amount(self):
        for wizard in self:
            rate = wizard.stay_id.company_id.sudo().hotel_points_per_currency_unit or 1
            wizard.amount = wizard.currency_id.round(wizard.points / rate)

    def action_redeem(self):
        self.ensure_one()
        stay = self.stay_id
        stay.check_access("write")
        stay._hotel_check_points_redeemable()
        if self.points <= 0:
            raise UserError(self.env._("Enter the number of points to redeem."))
        stay = stay.sudo()
        card = stay.partner_id._hotel_points_card(stay.company_id, create=False)
        if self.points > card.points:
            raise UserError(
                self.env._(
                    "The guest has %(balance)s points: %(points)s points cannot be "
                    "used.",
                    balance=int(card.points),
                    points=self.points,
                )
            )
        amount = self.amount
        if stay.currency_id.compare_amounts(amount, stay.amount_total) > 0:
            raise UserError(
                self.env._(
                    "%(points)s points are worth more than the bill of %(stay)s: "
                    "redeem at most the stay's total.",
                    points=self.points,
                    stay=stay.name,
                )
            )
        product = self.env.ref("hotel_crm.product_hotel_points_redemption")
        # the points first: of two redemptions at once, one waits for the other
        # and the balance is checked again
        self.env["res.partner"]._hotel_points_move(
            card,
            0,
            self.points,
            self.env._(
                "%(points)s points redeemed on the stay %(stay)s.",
                points=self.points,
                stay=stay.name,
            ),
            stay,
        )
        self.env["hotel.stay.line"].sudo().create(
            {
                "stay_id": stay.id,
                "product_id": product.id,
                "name": self.env._("%(points)s points redeemed", points=self.points),
                "charge_type": "points",
                "quantity": 1,
                "price_unit": -amount,
                "tax_ids": [Command.clear()],
                "points_used": self.points,
            }
        )
        return {"type": "ir.actions.act_window_close"}
