from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL

HOTEL_STAFF = "hotel_crm.group_hotel_user"


class ResPartner(models.Model):
    """The guest's points at the current hotel: the balance of their card of
    the hotel's Loyalty programme, made when they first earn points."""

    _inherit = "res.partner"

    guest_loyalty_card_id = fields.Many2one(
        "loyalty.card",
        string="Points Card",
        compute="_compute_guest_points",
        groups=HOTEL_STAFF,
        help="The guest's card of the hotel's points programme.",
    )
    guest_points = fields.Float(
        string="Points",
        compute="_compute_guest_points",
        digits=(16, 0),
        groups=HOTEL_STAFF,
        help="The guest's points balance at this hotel.",
    )

    @api.depends_context("company")
    def _compute_guest_points(self):
        self._hotel_check_read("guest_points")
        company = self.env.company
        program = company.sudo().hotel_loyalty_program_id
        cards = self.env["loyalty.card"].sudo()
        if program and self.ids:
            cards = cards.search_fetch(
                [("program_id", "=", program.id), ("partner_id", "in", self.ids)],
                ["partner_id", "points"],
                order="id",
            )
        card_of = {}
        for card in cards:
            card_of.setdefault(card.partner_id.id, card)
        for partner in self:
            card = card_of.get(partner.id, cards.browse())
            partner.guest_loyalty_card_id = card
            partner.guest_points = card.points

    def _hotel_points_card(self, company, create=True):
        """The guest's card of the points programme of ``company`` (in
        superuser mode), made when ``create`` and the guest has none."""
        self.ensure_one()
        program = company._hotel_loyalty_program()
        Card = self.env["loyalty.card"].sudo()
        card = Card.search(
            [("program_id", "=", program.id), ("partner_id", "=", self.id)],
            order="id",
            limit=1,
        )
        if not card and create:
            # of two transactions making the guest's first card at once, the
            # second waits on the guest's row, then PostgreSQL makes it retry
            # and it finds the first one's card
            self.env.cr.execute(
                SQL(
                    "UPDATE res_partner SET write_date = write_date WHERE id = %s",
                    self.id,
                )
            )
            # made by the system, as Odoo's sales make their cards: without
            # a creation message, and its payer does not follow it
            card = (
                Card.with_context(loyalty_no_mail=True, tracking_disable=True)
                .create({"program_id": program.id, "partner_id": self.id, "points": 0})
                .with_env(Card.env)
            )
        return card

    @api.model
    def _hotel_points_move(self, card, issued, used, description, order=None):
        """Adds ``issued`` and takes ``used`` points on ``card`` in one
        statement, with its ``loyalty.history`` entry: two transactions moving
        points on the same card never lose one another's change (the second
        waits for the first, and PostgreSQL makes it retry when it read the
        card before). Points are never taken below zero."""
        delta = issued - used
        card.flush_recordset(["points"])
        self.env.cr.execute(
            SQL(
                "UPDATE loyalty_card SET points = points + %(delta)s, "
                "write_date = (now() AT TIME ZONE 'UTC'), write_uid = %(uid)s "
                "WHERE id = %(card)s AND points + %(delta)s >= 0 RETURNING points",
                delta=delta,
                uid=self.env.uid,
                card=card.id,
            )
        )
        row = self.env.cr.fetchone()
        card.invalidate_recordset(["points"])
        if not row:
            raise UserError(
                self.env._(
                    "The guest has %(balance)s points: %(points)s points cannot be "
                    "used.",
                    balance=int(card.points),
                    points=int(used),
                )
            )
        self.env["loyalty.history"].sudo().create(
            {
                "card_id": card.id,
                "description": description,
                "issued": issued,
                "used": used,
                "order_model": order and order._name,
                "order_id": order and order.id,
            }
        )
        self.invalidate_model(["guest_points"])
        return row[0]

    @api.model
    def _cron_hotel_expire_points(self):
        """Expires the balance of the cards of each hotel's programme without
        any points earned or used for the hotel's expiry months, except at
        levels whose points never expire; a second run changes nothing."""
        now = fields.Datetime.now()
        History = self.env["loyalty.history"].sudo()
        for company in (
            self.env["res.company"]
            .sudo()
            .search([("hotel_loyalty_program_id", "!=", False)])
        ):
            cutoff = now - relativedelta(months=company.hotel_points_expiry_months)
            self.env.flush_all()
            self.env.cr.execute(
                SQL(
                    """
                    SELECT card.id
                      FROM loyalty_card card
                     WHERE card.program_id = %(program)s
                       AND card.points > 0
                       AND card.create_date < %(cutoff)s
                       AND NOT EXISTS (
                           SELECT 1 FROM loyalty_history history
                            WHERE history.card_id = card.id
                              AND history.create_date >= %(cutoff)s)
                    """,
                    program=company.hotel_loyalty_program_id.id,
                    cutoff=cutoff,
                )
            )
            cards = (
                self.env["loyalty.card"]
                .sudo()
                .browse(row[0] for row in self.env.cr.fetchall())
            )
            levels = cards.partner_id.with_company(company)
            kept = levels.filtered(lambda p: p.guest_level_id.points_never_expire)
            cards = cards.filtered(lambda c, kept=kept: c.partner_id not in kept)
            if not cards:
                continue
            History.create(
                [
                    {
                        "card_id": card.id,
                        "description": self.env._(
                            "Points expired: no points earned or used for %(months)s "
                            "months.",
                            months=company.hotel_points_expiry_months,
                        ),
                        "issued": 0,
                        "used": card.points,
                    }
                    for card in cards
                ]
            )
            self.env.cr.execute(
                SQL(
                    "UPDATE loyalty_card SET points = 0 WHERE id IN %(ids)s",
                    ids=tuple(cards.ids),
                )
            )
            cards.invalidate_recordset(["points"])
        self.invalidate_model(["guest_points"])
        return True
