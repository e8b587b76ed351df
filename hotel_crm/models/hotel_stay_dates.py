from collections import defaultdict
from datetime import timedelta

from odoo import models
from odoo.exceptions import UserError
from odoo.fields import Command, Date
from odoo.tools import format_date

# the date of a stay that each desk action puts on the real day
DESK_DATE_FIELDS = {"check_in": "check_in_date", "check_out": "check_out_date"}


class HotelStay(models.Model):
    """The dates of a stay at the desk. A guest checks in on the arrival date
    and out on the departure date; arriving or leaving on another day moves
    that date to the real day once the front desk confirms it (the
    ``hotel.stay.date.wizard``), so that the calendar shows the real stay and
    the nights billed are the nights stayed. A guest is in one room of the
    group at a time."""

    _inherit = "hotel.stay"

    def _hotel_desk_date(self, action):
        """The date ``action`` ("check_in" or "check_out") gives the stay
        today: the arrival is today; the departure is today, or the day after
        the arrival for a guest who leaves on the day of arrival (one night)."""
        self.ensure_one()
        today = Date.context_today(self)
        if action == "check_in":
            return today
        return max(today, self.check_in_date + timedelta(days=1))

    def _hotel_date_moves(self, action):
        """{stay: new date} for the stays of ``self`` that ``action`` moves."""
        fname = DESK_DATE_FIELDS[action]
        moves = {}
        for stay in self:
            new_date = stay._hotel_desk_date(action)
            if stay[fname] != new_date:
                moves[stay] = new_date
        return moves

    def _hotel_check_not_in_house(self):
        """Refuse to check a guest in who is checked in in another stay, in
        any hotel of the group (a person sleeps in one room at a time)."""
        # the guests' stays in house, elsewhere and among these stays, looked
        # up by guest: one pass over the stays, however many are checked in
        in_house = defaultdict(list)
        for other in self.sudo().search(
            [
                ("partner_id", "in", self.partner_id.ids),
                ("state", "=", "checked_in"),
                ("id", "not in", self.ids),
            ]
        ):
            in_house[other.partner_id.id].append(other)
        batch_in_house = defaultdict(list)
        for stay in self:
            if stay.state == "checked_in":
                batch_in_house[stay.partner_id.id].append(stay)
        for stay in self:
            other = in_house[stay.partner_id.id] or [
                s for s in batch_in_house[stay.partner_id.id] if s != stay
            ]
            if not other:
                continue
            other = other[0]
            values = {
                "guest": other.partner_id.sudo().display_name,
                "stay": stay.name,
            }
            if other.company_id in self.env.companies:
                message = self.env._(
                    "%(guest)s is already checked in (stay %(other)s): check that "
                    "stay out before checking in %(stay)s.",
                    other=other.name,
                    **values,
                )
            else:
                # another hotel's stay is not this user's to read
                message = self.env._(
                    "%(guest)s is already checked in at %(hotel)s: that stay must "
                    "be checked out before checking in %(stay)s.",
                    hotel=other.company_id.name,
                    **values,
                )
            raise UserError(message)

    def _hotel_check_date_moves(self, action, moves):
        """Refuse the date moves that cannot be made, before anything is
        written: invoiced stays keep their dates, an arrival cannot move past
        the departure, and the moved stays must not overlap another stay."""
        fname = DESK_DATE_FIELDS[action]
        for stay, new_date in moves.items():
            values = {
                "stay": stay.name,
                "booked": format_date(self.env, stay[fname]),
                "new": format_date(self.env, new_date),
            }
            if stay.invoice_status == "invoiced":
                if action == "check_in":
                    message = self.env._(
                        "%(stay)s is invoiced: its check-in date cannot move from "
                        "%(booked)s to %(new)s. Correct the invoice with a credit "
                        "note first.",
                        **values,
                    )
                else:
                    message = self.env._(
                        "%(stay)s is invoiced: its check-out date cannot move from "
                        "%(booked)s to %(new)s. Correct the invoice with a credit "
                        "note first.",
                        **values,
                    )
                raise UserError(message)
            if action == "check_in" and stay.check_out_date <= new_date:
                raise UserError(
                    self.env._(
                        "%(stay)s was booked to leave on %(departure)s: change its "
                        "check-out date before checking the guest in on %(new)s.",
                        departure=format_date(self.env, stay.check_out_date),
                        **values,
                    )
                )
        self._hotel_check_overlap(
            [
                (
                    stay.id,
                    stay.partner_id.id,
                    new_date if action == "check_in" else stay.check_in_date,
                    new_date if action == "check_out" else stay.check_out_date,
                    stay.state,
                )
                for stay, new_date in moves.items()
            ]
        )

    def _hotel_action_confirm_dates(self, action, moves):
        """The confirmation the front desk gives before ``action`` moves the
        dates of ``moves`` ({stay: new date}) to the real day."""
        fname = DESK_DATE_FIELDS[action]
        wizard = self.env["hotel.stay.date.wizard"].create(
            {
                "desk_action": action,
                "stay_ids": [Command.set(self.ids)],
                "line_ids": [
                    Command.create(
                        {
                            "stay_id": stay.id,
                            "booked_date": stay[fname],
                            "new_date": new_date,
                            "booked_nights": stay.nights,
                            "new_nights": (
                                (stay.check_out_date - new_date).days
                                if action == "check_in"
                                else (new_date - stay.check_in_date).days
                            ),
                        }
                    )
                    for stay, new_date in moves.items()
                ],
            }
        )
        if action == "check_in":
            title = self.env._("Check In on Another Day")
        else:
            title = self.env._("Check Out on Another Day")
        return {
            "type": "ir.actions.act_window",
            "name": title,
            "res_model": "hotel.stay.date.wizard",
            "res_id": wizard.id,
            "views": [(False, "form")],
            "target": "new",
        }

    def _hotel_move_dates(self, action, shown):
        """The front desk confirmed: move the dates ``action`` gives the stays
        today, then run ``action``. ``shown`` is what the confirmation showed,
        as {stay id: (booked date, new date)}; every check of the action runs
        again and nothing is written when one fails."""
        self.check_access("write")
        if action == "check_in":
            self._hotel_check_state_for("booked", "check_in")
            self._hotel_check_not_in_house()
        else:
            self._hotel_check_state_for("checked_in", "check_out")
        fname = DESK_DATE_FIELDS[action]
        moves = self._hotel_date_moves(action)
        if shown != {s.id: (s[fname], new_date) for s, new_date in moves.items()}:
            raise UserError(
                self.env._(
                    "The dates of these stays changed since the confirmation was "
                    "opened (today is %(today)s): start again.",
                    today=format_date(self.env, Date.context_today(self)),
                )
            )
        self._hotel_check_date_moves(action, moves)
        moved = self.browse([stay.id for stay in moves])
        # a Hotel Manager's credit-limit confirmation, and the amount it was
        # given for (new dates clear it)
        confirmed = {
            stay: (stay.credit_limit_confirmed_by_id, stay._hotel_expected_amount())
            for stay in moved.filtered("credit_limit_confirmed_by_id")
        }
        for new_date in set(moves.values()):
            moved.filtered(lambda s, d=new_date: moves[s] == d).write({fname: new_date})
        if action == "check_out":
            return self.action_check_out()
        for stay, (user, amount) in confirmed.items():
            if stay._hotel_expected_amount() <= amount:
                # a late arrival costs less than what was confirmed
                stay.sudo().credit_limit_confirmed_by_id = user
        # what a Hotel Manager confirms is the stay with its new dates
        if over := moved.filtered(
            lambda s: not s.credit_limit_confirmed_by_id and s._hotel_credit_exceeded()
        ):
            raise UserError(
                self.env._(
                    "Checked in today, %(stay)s would take %(partner)s over its "
                    "credit limit: change its check-in date to today, then ask a "
                    "Hotel Manager to confirm the check-in over the credit limit.",
                    stay=over[0].name,
                    partner=over[0]._hotel_credit_exceeded().display_name,
                )
            )
        return self.action_check_in()
