from odoo import fields, models

REASONS = [
    ("qualified", "Qualified"),
    ("renewed", "Renewed"),
    ("soft_landing", "Soft landing"),
    ("expired", "Expired"),
    ("manual", "Changed by a manager"),
]


class HotelMembershipHistory(models.Model):
    """Every change of a guest's level, with what the guest had earned at
    that moment: each change can be explained to the guest."""

    _name = "hotel.membership.history"
    _description = "Membership Level Change"
    _order = "date desc, id desc"
    _check_company_auto = True

    partner_id = fields.Many2one(
        "res.partner",
        string="Guest",
        required=True,
        index=True,
        ondelete="cascade",
    )
    company_id = fields.Many2one(
        "res.company",
        string="Hotel",
        required=True,
        index=True,
        default=lambda self: self.env.company,
    )
    date = fields.Date(required=True, default=fields.Date.context_today)
    old_level_id = fields.Many2one(
        "hotel.membership.level", string="From Level", ondelete="restrict"
    )
    new_level_id = fields.Many2one(
        "hotel.membership.level", string="To Level", ondelete="restrict"
    )
    valid_until = fields.Date(help="Until when the new level is kept.")
    reason = fields.Selection(REASONS, required=True)
    nights = fields.Integer(help="Qualifying nights at the time of the change.")
    stays = fields.Integer(help="Qualifying stays at the time of the change.")
    revenue = fields.Monetary(
        currency_field="currency_id",
        help="Qualifying revenue at the time of the change.",
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    user_id = fields.Many2one(
        "res.users",
        string="By",
        default=lambda self: self.env.user,
        help="Who changed the level: the manager, or the user running the daily "
        "evaluation.",
    )
    note = fields.Char(size=256)
