from odoo import api, fields, models
from odoo.tools import create_index

# the columns of the stays' kanban, in the order of a stay's life
LIFE_CYCLE = ("booked", "checked_in", "checked_out", "cancelled", "no_show")
# columns the board keeps folded: stays that never happened
FOLDED_STATES = ("cancelled", "no_show")


class HotelStay(models.Model):
    """What the front desk sees of a stay on its board: where the stay is in
    its day (arriving, in house, departing), the guest's unpaid bills of
    earlier stays, and the guest's preferences to honour at check-in."""

    _inherit = "hotel.stay"

    state = fields.Selection(group_expand="_read_group_expand_state")
    desk_status = fields.Selection(
        [
            ("arrival", "Arriving"),
            ("late_arrival", "Arrival Overdue"),
            ("in_house", "In House"),
            ("departure", "Departing"),
            ("late_departure", "Departure Overdue"),
        ],
        string="Today at the Desk",
        compute="_compute_desk_status",
        help="Where the stay is in the desk's day: arriving today, arrival "
        "overdue, in house, departing today or departure overdue.",
    )
    guest_unpaid_stay_count = fields.Integer(
        string="Unpaid Earlier Stays",
        compute="_compute_guest_unpaid_stay_count",
        help="Other stays of the guest that were checked out and are not fully paid.",
    )

    def init(self):  # pylint: disable=missing-return
        super().init()
        # the desk's filters (In House, Arrivals, Departures, Future Bookings)
        # list the stays of one status in the list's order: an index range,
        # rather than a walk down all check-in dates past every future booking
        create_index(
            self.env.cr,
            "hotel_stay_state_check_in_date_index",
            self._table,
            ["state", "check_in_date DESC", "id DESC"],
        )

    # ------------------------------------------------------------------
    # Board
    # ------------------------------------------------------------------

    @api.model
    def _read_group_expand_state(self, states, domain):
        """The columns in the order of a stay's life, not alphabetical."""
        return [state for state in LIFE_CYCLE if state in states]

    @api.model
    def _read_group_fill_results(
        self, domain, groupby, annoted_aggregates, read_group_result, **kwargs
    ):
        result = super()._read_group_fill_results(
            domain, groupby, annoted_aggregates, read_group_result, **kwargs
        )
        if groupby == "state":
            for line in result:
                line["__fold"] = line["state"] in FOLDED_STATES
        return result

    @api.depends("state", "check_in_date", "check_out_date")
    @api.depends_context("tz")
    def _compute_desk_status(self):
        today = fields.Date.context_today(self)
        for stay in self:
            status = False
            if stay.state == "booked" and stay.check_in_date:
                if stay.check_in_date == today:
                    status = "arrival"
                elif stay.check_in_date < today:
                    status = "late_arrival"
            elif stay.state == "checked_in" and stay.check_out_date:
                if stay.check_out_date == today:
                    status = "departure"
                elif stay.check_out_date < today:
                    status = "late_departure"
                else:
                    status = "in_house"
            stay.desk_status = status

    # ------------------------------------------------------------------
    # Unpaid bills of earlier stays
    # ------------------------------------------------------------------

    @api.depends("partner_id", "is_unpaid")
    def _compute_guest_unpaid_stay_count(self):
        """The guest's unpaid stays (one grouped query for the whole board,
        on the guest file), less the stay itself."""
        for stay in self:
            stay.guest_unpaid_stay_count = stay.partner_id.guest_unpaid_stay_count - (
                1 if stay._origin.is_unpaid else 0
            )

    def action_view_guest_unpaid_stays(self):
        self.ensure_one()
        return self.partner_id.action_hotel_view_unpaid_stays()
