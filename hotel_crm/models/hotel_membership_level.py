from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

QUALIFY_MODES = [
    ("any", "Any of the thresholds"),
    ("all", "All of the thresholds"),
]
# What the membership rules and the guest file read of each level.
LEVEL_RULE_FIELDS = [
    "name",
    "sequence",
    "min_nights",
    "min_stays",
    "min_revenue",
    "qualify_mode",
    "points_bonus_percent",
    "discount_percent",
    "points_never_expire",
    "company_id",
]


class HotelMembershipLevel(models.Model):
    """A level of the hotel's membership programme (Silver, Gold...), earned
    by nights, stays or revenue within the qualification window. The rank is
    the sequence: the higher, the better the level."""

    _name = "hotel.membership.level"
    _description = "Membership Level"
    _inherit = ["hotel.guard.mixin"]
    _order = "sequence, id"
    _check_company_auto = True

    name = fields.Char(required=True, translate=True, size=64)
    sequence = fields.Integer(
        string="Rank",
        default=10,
        help="Levels are ranked by this number: the higher, the better the level.",
    )
    min_nights = fields.Integer(
        string="Nights",
        help="Nights in the qualification window that earn the level (0: not used).",
    )
    min_stays = fields.Integer(
        string="Stays",
        help="Stays in the qualification window that earn the level (0: not used).",
    )
    min_revenue = fields.Monetary(
        string="Revenue",
        currency_field="currency_id",
        help="Revenue of the stays in the qualification window, without taxes, "
        "that earns the level (0: not used).",
    )
    qualify_mode = fields.Selection(
        QUALIFY_MODES,
        string="Qualifies With",
        required=True,
        default="any",
        help="Whether one of the thresholds set is enough, or all of them are needed.",
    )
    points_bonus_percent = fields.Float(
        string="Points Bonus (%)",
        help="Extra points on top of the base earn rate, e.g. 25 for 25% more.",
    )
    discount_percent = fields.Float(
        string="Discount (%)",
        help="Discount granted on the charges of the member's stay invoices.",
    )
    points_never_expire = fields.Boolean(
        help="The points of members at this level never expire.",
    )
    color = fields.Integer(string="Colour")
    benefits = fields.Html(
        translate=True,
        help="What the member enjoys at this level: late check-out, upgrade, "
        "breakfast... Shown to the front desk at check-in and in the e-mail that "
        "welcomes the guest to the level.",
    )
    active = fields.Boolean(default=True)
    company_id = fields.Many2one(
        "res.company",
        index=True,
        help="The hotel whose programme has this level; empty for every hotel.",
    )
    currency_id = fields.Many2one("res.currency", compute="_compute_currency_id")

    @api.depends("company_id")
    @api.depends_context("company")
    def _compute_currency_id(self):
        for level in self:
            level.currency_id = (level.company_id or self.env.company).currency_id

    @api.constrains(
        "min_nights",
        "min_stays",
        "min_revenue",
        "points_bonus_percent",
        "discount_percent",
    )
    def _check_thresholds(self):
        for level in self:
            if min(level.min_nights, level.min_stays, level.min_revenue) < 0:
                raise ValidationError(
                    self.env._(
                        "The thresholds of the level %(level)s cannot be negative.",
                        level=level.name,
                    )
                )
            if not 0 <= level.discount_percent <= 100:
                raise ValidationError(
                    self.env._(
                        "The discount of the level %(level)s must be between 0 and "
                        "100%%.",
                        level=level.name,
                    )
                )
            if not 0 <= level.points_bonus_percent <= 1000:
                raise ValidationError(
                    self.env._(
                        "The points bonus of the level %(level)s must be between 0 "
                        "and 1000%%.",
                        level=level.name,
                    )
                )

    @api.constrains("sequence", "company_id", "active")
    def _check_rank_unique(self):
        """Two levels of the same programme cannot share a rank: the rank
        decides which level is higher."""
        for level in self.filtered("active"):
            clash = self.with_context(active_test=True).search_count(
                [
                    ("id", "!=", level.id),
                    ("sequence", "=", level.sequence),
                    *(
                        [("company_id", "in", [False, level.company_id.id])]
                        if level.company_id
                        else []
                    ),
                ],
                limit=1,
            )
            if clash:
                raise ValidationError(
                    self.env._(
                        "Another level of the programme has the rank %(rank)s: give "
                        "%(level)s a rank of its own.",
                        rank=level.sequence,
                        level=level.name,
                    )
                )

    @api.ondelete(at_uninstall=False)
    def _unlink_except_held(self):
        """A level that guests hold or held is archived, not deleted: their
        membership history refers to it."""
        History = self.env["hotel.membership.history"].sudo()
        held = History.search_count(
            ["|", ("old_level_id", "in", self.ids), ("new_level_id", "in", self.ids)],
            limit=1,
        )
        if held:
            raise UserError(
                self.env._(
                    "Guests hold or held this level: archive it instead of deleting it."
                )
            )

    @api.model
    def _hotel_levels(self, company=None):
        """The active levels of the programme of ``company`` (the current one
        by default), lowest first."""
        company = company or self.env.company
        # the levels with what the rules compare: one query (the guest form)
        return (
            self.sudo()
            .with_context(active_test=True)
            .search_fetch(
                [("company_id", "in", [False, company.id])],
                LEVEL_RULE_FIELDS,
            )
        )

    def _hotel_thresholds(self):
        """``[(figure, threshold)]`` of the thresholds set on the level."""
        self.ensure_one()
        thresholds = [
            ("nights", self.min_nights),
            ("stays", self.min_stays),
            ("revenue", self.min_revenue),
        ]
        return [(figure, value) for figure, value in thresholds if value > 0]

    def _hotel_qualifies(self, figures):
        """Whether ``figures`` (``{"nights", "stays", "revenue"}``) earn the
        level. A level without thresholds is only given by hand."""
        self.ensure_one()
        return self._hotel_rule_met(
            figures, self.qualify_mode == "all", self._hotel_thresholds()
        )

    @api.model
    def _hotel_rule_met(self, figures, all_needed, thresholds):
        """Whether ``figures`` reach ``thresholds`` (``[(figure, value)]``):
        all of them when ``all_needed``, else one."""
        met = [figures[figure] >= value for figure, value in thresholds]
        if not met:
            return False
        return all(met) if all_needed else any(met)
