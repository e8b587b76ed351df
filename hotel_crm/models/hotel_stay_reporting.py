from odoo import api, fields, models

from .hotel_stay import ACTIVE_STATES


class HotelStay(models.Model):
    """What the stays' reports (pivot, graph, grouped lists) add up: the room
    nights of the stays that take place, never those of cancelled and no-show
    stays, and an average nightly rate rather than a sum of rates."""

    _inherit = "hotel.stay"

    # the length of one stay, not a figure to add up: a cancelled stay has
    # nights too (``room_nights`` is the measure)
    nights = fields.Integer(aggregator=False)
    # rates are averaged, never added up
    nightly_rate = fields.Float(aggregator="avg")
    room_nights = fields.Integer(
        compute="_compute_room_nights",
        store=True,
        aggregator="sum",
        help="The nights of the stay that count in the reports: none when it is "
        "cancelled or a no-show.",
    )

    @api.depends("nights", "state")
    def _compute_room_nights(self):
        for stay in self:
            stay.room_nights = stay.nights if stay.state in ACTIVE_STATES else 0
