import threading

from odoo.exceptions import UserError
from odoo.service.model import retrying
from odoo.tests import tagged

from .common import HotelCrmCommon


@tagged("post_install", "-at_install")
class TestPointsRace(HotelCrmCommon):
    """Two desks move points on the same card at the same moment: each
    transaction read the balance before the other's change. Neither change
    is lost, and the balance never goes below zero."""

    def _race(self, start, moves, card_first=True):
        """Runs ``moves`` (``[(issued, used)]``) at once on a card holding
        ``start`` points, each in its own transaction retried as Odoo retries
        a request; returns the final balance, the errors and the history."""
        registry = self.registry
        admin = self.env.ref("base.user_admin").id
        barrier = threading.Barrier(len(moves), timeout=20)
        errors, attempts = [], []
        with registry.cursor() as cr:
            env = self.env(cr=cr, user=admin)
            company = env.ref("base.main_company")
            guest = env["res.partner"].create(
                {"name": "Rhea Race", "is_hotel_guest": True}
            )
            card = env["loyalty.card"]
            if card_first:
                card = guest._hotel_points_card(company)
                env["res.partner"]._hotel_points_move(card, start, 0, "Welcome points")
            env.flush_all()
            cr.commit()  # pylint: disable=invalid-commit
            guest_id, company_id = guest.id, company.id

        def move(issued, used):
            try:
                with registry.cursor() as cr:
                    env = self.env(cr=cr, user=admin)
                    guest = env["res.partner"].browse(guest_id)
                    company = env["res.company"].browse(company_id)
                    # both snapshots are taken before either change
                    self.assertEqual(
                        guest._hotel_points_card(company, create=False).points,
                        start,
                    )
                    barrier.wait()

                    def work():
                        attempts.append(issued - used)
                        env["res.partner"]._hotel_points_move(
                            guest._hotel_points_card(company), issued, used, "Race"
                        )

                    retrying(work, env)
            except Exception as error:  # pylint: disable=broad-except
                errors.append(error)

        threads = [threading.Thread(target=move, args=args) for args in moves]
        try:
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join(timeout=60)
            with registry.cursor() as cr:
                env = self.env(cr=cr)
                cards = (
                    env["loyalty.card"].sudo().search([("partner_id", "=", guest_id)])
                )
                # one card per guest and hotel, whoever made it
                self.assertEqual(len(cards), 1)
                card = cards
                history = sorted(
                    (h.issued, h.used)
                    for h in card.history_ids
                    if h.description == "Race"
                )
                # the transaction that read the card before the other's change
                # was made to try again: the race did happen
                self.assertEqual(len(attempts), len(moves) + 1)
                return card.points, errors, history
        finally:
            with registry.cursor() as cr:
                cr.execute(
                    "SELECT array_agg(id) FROM loyalty_card WHERE partner_id = %s",
                    [guest_id],
                )
                card_ids = cr.fetchone()[0] or []
                cr.execute(
                    "DELETE FROM loyalty_history WHERE card_id = ANY(%s)", [card_ids]
                )
                for model, res_id in [
                    *(("loyalty.card", card_id) for card_id in card_ids),
                    ("res.partner", guest_id),
                ]:
                    cr.execute(
                        "DELETE FROM mail_followers WHERE res_model = %s "
                        "AND res_id = %s",
                        [model, res_id],
                    )
                    cr.execute(
                        "DELETE FROM mail_message WHERE model = %s AND res_id = %s",
                        [model, res_id],
                    )
                cr.execute("DELETE FROM loyalty_card WHERE id = ANY(%s)", [card_ids])
                cr.execute("DELETE FROM res_partner WHERE id = %s", [guest_id])

    def test_points_earned_and_redeemed_at_once_are_both_kept(self):
        balance, errors, history = self._race(1000, [(300, 0), (0, 200)])
        self.assertFalse(errors)
        self.assertEqual(balance, 1100)
        self.assertEqual(history, [(0, 200), (300, 0)])

    def test_two_redemptions_at_once_never_overdraw_the_card(self):
        balance, errors, history = self._race(1000, [(0, 600), (0, 600)])
        self.assertEqual(len(errors), 1)
        self.assertIsInstance(errors[0], UserError)
        self.assertIn("The guest has 400 points", str(errors[0]))
        self.assertEqual(balance, 400)
        self.assertEqual(history, [(0, 600)])

    def test_first_points_earned_at_once_make_one_card(self):
        balance, errors, history = self._race(0, [(100, 0), (250, 0)], card_first=False)
        self.assertFalse(errors)
        self.assertEqual(balance, 350)
        self.assertEqual(history, [(100, 0), (250, 0)])

    def test_payment_hook_and_scheduled_action_award_a_stay_once(self):
        """The payment's hook and the hourly action award the same paid stay
        at the same moment: the guest earns its points once."""
        registry = self.registry
        admin = self.env.ref("base.user_admin").id
        with registry.cursor() as cr:
            env = self.env(cr=cr, user=admin)
            stay = (
                env["hotel.stay"]
                .sudo()
                .search(
                    [("payment_state", "in", ("paid", "in_payment"))],
                    order="id",
                )
                .filtered(lambda s: s.amount_untaxed > 0)[:1]
            )
            if not stay:
                self.skipTest("no paid stay in the database (demo data)")
            # the stay as it was just paid: no points yet
            history = (
                env["loyalty.history"]
                .sudo()
                .search(
                    [("order_model", "=", "hotel.stay"), ("order_id", "=", stay.id)]
                )
            )
            for entry in history:
                entry.card_id.points -= entry.issued - entry.used
            history.unlink()
            stay.write({"points_awarded": 0, "points_reversed": 0})
            expected = stay._hotel_points_to_award()
            card = stay.partner_id._hotel_points_card(stay.company_id)
            start = card.points
            env.flush_all()
            cr.commit()  # pylint: disable=invalid-commit
            stay_id, card_id = stay.id, card.id
        barrier = threading.Barrier(2, timeout=20)
        errors, attempts = [], []

        def award(how):
            try:
                with registry.cursor() as cr:
                    env = self.env(cr=cr, user=admin)
                    stay = env["hotel.stay"].sudo().browse(stay_id)
                    self.assertEqual(stay.points_awarded, 0)
                    barrier.wait()

                    def work():
                        attempts.append(how)
                        stay = env["hotel.stay"].sudo().browse(stay_id)
                        if how == "hook":
                            stay.invoice_ids._invoice_paid_hook()
                        else:
                            stay._hotel_award_points()

                    retrying(work, env)
            except Exception as error:  # pylint: disable=broad-except
                errors.append(error)

        threads = [
            threading.Thread(target=award, args=(how,)) for how in ("hook", "cron")
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=60)
        self.assertFalse(errors)
        self.assertEqual(len(attempts), 3)
        with registry.cursor() as cr:
            env = self.env(cr=cr)
            stay = env["hotel.stay"].sudo().browse(stay_id)
            self.assertEqual(stay.points_awarded, expected)
            history = (
                env["loyalty.history"]
                .sudo()
                .search(
                    [("order_model", "=", "hotel.stay"), ("order_id", "=", stay_id)]
                )
            )
            self.assertEqual(history.mapped("issued"), [expected])
            card = env["loyalty.card"].sudo().browse(card_id)
            self.assertEqual(card.points, start + expected)
