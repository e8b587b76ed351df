from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import SQL, index_exists

PAID_STATES = ("paid", "in_payment")
# on Loyalty's table: dropped by the uninstall hook
AWARD_INDEX = "loyalty_history_hotel_stay_award_uniq"
# stays whose points one call of the scheduled action awards
POINTS_BATCH = 1000


class HotelStay(models.Model):
    """The points a guest earns with a paid stay, once, and loses again when
    the stay's invoice is reversed by a credit note."""

    _inherit = "hotel.stay"

    points_awarded = fields.Float(
        string="Points Earned",
        digits=(16, 0),
        readonly=True,
        copy=False,
        groups="hotel_crm.group_hotel_user",
        help="The points the guest earned with this stay once its bill was paid.",
    )
    points_reversed = fields.Float(
        string="Points Taken Back",
        digits=(16, 0),
        readonly=True,
        copy=False,
        groups="hotel_crm.group_hotel_user",
        help="The points taken back when the stay's invoice was reversed.",
    )

    def init(self):  # pylint: disable=missing-return
        super().init()
        # a stay earns its points once, whichever transaction awards them
        name = AWARD_INDEX
        if not index_exists(self.env.cr, name):
            self.env.cr.execute(
                SQL(
                    "CREATE UNIQUE INDEX %s ON loyalty_history (order_model, order_id) "
                    "WHERE issued > 0 AND order_model = 'hotel.stay'",
                    SQL.identifier(name),
                )
            )

    @api.model
    def _hotel_protected_fnames(self):
        return super()._hotel_protected_fnames() | {
            "points_awarded",
            "points_reversed",
        }

    def _hotel_claim_points(self, fname, value):
        """Sets ``fname`` of the stay to ``value`` if it is still zero, in one
        statement: of two transactions, only one claims it."""
        self.ensure_one()
        self.flush_recordset([fname])
        self.env.cr.execute(
            SQL(
                "UPDATE hotel_stay SET %(field)s = %(value)s "
                "WHERE id = %(id)s AND COALESCE(%(field)s, 0) = 0 RETURNING id",
                field=SQL.identifier(fname),
                value=value,
                id=self.id,
            )
        )
        claimed = bool(self.env.cr.fetchone())
        self.invalidate_recordset([fname])
        return claimed

    def _hotel_points_to_award(self):
        """The points the paid stay earns: the base rate of the hotel's
        programme plus the bonus of the guest's level, on the untaxed amount."""
        self.ensure_one()
        company = self.company_id
        rate = company._hotel_points_earn_rate()
        level = self.partner_id.sudo().with_company(company).guest_level_id
        bonus = 1 + level.points_bonus_percent / 100
        return round(self.amount_untaxed * rate * bonus)

    def _hotel_award_points(self):
        """Awards the points of the paid stays of ``self`` that have none yet."""
        Partner = self.env["res.partner"]
        for stay in self.sudo():
            if stay.payment_state not in PAID_STATES or stay.points_awarded:
                continue
            points = stay._hotel_points_to_award()
            if points <= 0 or not stay._hotel_claim_points("points_awarded", points):
                continue
            card = stay.partner_id._hotel_points_card(stay.company_id)
            Partner._hotel_points_move(
                card,
                points,
                0,
                self.env._("Points earned with the stay %(stay)s.", stay=stay.name),
                stay,
            )

    def _hotel_take_back_points(self):
        """Takes back the points of the stays of ``self`` whose invoice was
        reversed by a credit note, once (never below a zero balance)."""
        Partner = self.env["res.partner"]
        for stay in self.sudo():
            if not stay.points_awarded or stay.points_reversed:
                continue
            refunds = stay.invoice_ids.filtered(
                lambda m: m.move_type == "out_refund" and m.state == "posted"
            )
            if not refunds:
                continue
            card = stay.partner_id._hotel_points_card(stay.company_id, create=False)
            if not card:
                continue
            if not stay._hotel_claim_points("points_reversed", stay.points_awarded):
                continue
            points = min(stay.points_awarded, card.points)
            Partner._hotel_points_move(
                card,
                0,
                points,
                self.env._(
                    "Points of the stay %(stay)s taken back: its invoice was reversed.",
                    stay=stay.name,
                ),
                stay,
            )

    @api.model
    def _cron_hotel_award_points(self):
        """Awards the points of every paid stay without points, and takes back
        those of reversed stays; idempotent, in batches."""
        stays = self.sudo().search(
            [
                ("payment_state", "in", PAID_STATES),
                ("points_awarded", "=", 0),
                ("amount_untaxed", ">", 0),
            ],
            limit=POINTS_BATCH,
        )
        stays._hotel_award_points()
        reversed_stays = self.sudo().search(
            [
                ("points_awarded", ">", 0),
                ("points_reversed", "=", 0),
                ("invoice_ids.move_type", "=", "out_refund"),
                ("invoice_ids.state", "=", "posted"),
            ],
            limit=POINTS_BATCH,
        )
        reversed_stays._hotel_take_back_points()
        done = len(stays) + len(reversed_stays)
        if done >= POINTS_BATCH:
            self.env["ir.cron"]._notify_progress(done=done, remaining=1)
        return True

    def _hotel_set_state(self, state):  # pylint: disable=missing-return
        # a cancelled stay is not billed: its redemptions give their points back
        if state in ("cancelled", "no_show"):
            self.check_access("write")
            self.sudo().line_ids.filtered(
                lambda line: line.charge_type == "points"
            ).unlink()
        super()._hotel_set_state(state)

    def _hotel_invoice_line_discount(self, line):
        # the points bought the redemption's value: no discount reduces it
        if line.charge_type == "points":
            return 0.0
        return super()._hotel_invoice_line_discount(line)

    def action_open_points_redeem(self):
        self.ensure_one()
        self._hotel_check_points_redeemable()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Redeem Points"),
            "res_model": "hotel.points.redeem.wizard",
            "view_mode": "form",
            "target": "new",
            "context": {"default_stay_id": self.id},
        }

    def _hotel_check_points_redeemable(self):
        self.ensure_one()
        if self.state in ("cancelled", "no_show"):
            raise UserError(
                self.env._(
                    "%(stay)s is cancelled: points are redeemed on open stays only.",
                    stay=self.name,
                )
            )
        if self.invoice_status == "invoiced":
            raise UserError(
                self.env._(
                    "%(stay)s is already invoiced: points are redeemed before the "
                    "stay is invoiced.",
                    stay=self.name,
                )
            )


class HotelStayLine(models.Model):
    """A points redemption is a charge with a negative price: the discount."""

    _inherit = "hotel.stay.line"

    charge_type = fields.Selection(
        selection_add=[("points", "Points Redemption")],
        ondelete={"points": "cascade"},
    )
    points_used = fields.Float(
        digits=(16, 0),
        readonly=True,
        copy=False,
        help="The points this redemption used.",
    )

    @api.constrains("quantity", "price_unit")
    def _check_amounts(self):
        points = self.filtered(lambda line: line.charge_type == "points")
        for line in points:
            if line.quantity != 1 or line.price_unit > 0:
                raise ValidationError(
                    self.env._(
                        "The points redemption %(charge)s is one discount: a "
                        "quantity of 1 and a negative price.",
                        charge=line.name,
                    )
                )
        return super(HotelStayLine, self - points)._check_amounts()

    @api.model_create_multi
    def create(self, vals_list):
        if not self.env.su and any(
            vals.get("charge_type") == "points" for vals in vals_list
        ):
            self._hotel_raise_points_line()
        lines = super().create(vals_list)
        if not self.env.su and lines.filtered(
            lambda line: line.charge_type == "points"
        ):
            self._hotel_raise_points_line()
        return lines

    def write(self, vals):
        if not self.env.su and (
            vals.get("charge_type") == "points"
            or self.filtered(lambda line: line.charge_type == "points")
        ):
            self._hotel_raise_points_line()
        return super().write(vals)

    @api.model
    def _hotel_protected_fnames(self):
        return super()._hotel_protected_fnames() | {"points_used"}

    @api.ondelete(at_uninstall=False)
    def _unlink_give_points_back(self):
        """A redemption removed from the stay gives its points back."""
        Partner = self.env["res.partner"]
        for line in self.sudo().filtered(lambda line: line.points_used > 0):
            stay = line.stay_id
            card = stay.partner_id._hotel_points_card(stay.company_id)
            Partner._hotel_points_move(
                card,
                line.points_used,
                0,
                self.env._(
                    "Points given back: the redemption on the stay %(stay)s was "
                    "removed.",
                    stay=stay.name,
                ),
            )

    def _hotel_raise_points_line(self):
        raise UserError(
            self.env._(
                "Points are redeemed with Redeem Points on the stay: a redemption "
                "cannot be entered or changed as a charge."
            )
        )
