from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.fields import Command

# the base earn rate of a new programme: points per currency unit spent
BASE_EARN_RATE = 10


class ResCompany(models.Model):
    """The hotel's points programme: an Odoo Loyalty programme of each
    company, whose rule gives the base earn rate."""

    _inherit = "res.company"

    hotel_loyalty_program_id = fields.Many2one(
        "loyalty.program",
        string="Points Programme",
        copy=False,
        help="The Loyalty programme whose cards hold the guests' points at this hotel.",
    )
    hotel_points_earn_rate = fields.Float(
        string="Points Earned per Currency Unit",
        compute="_compute_hotel_points_earn_rate",
        inverse="_inverse_hotel_points_earn_rate",
        help="The base earn rate of the hotel's points programme: the points a guest "
        "earns per unit of the company currency paid for a stay (the rule of the "
        "Loyalty programme, which Hotel Managers change here).",
    )

    @api.depends(
        "hotel_loyalty_program_id.rule_ids.reward_point_mode",
        "hotel_loyalty_program_id.rule_ids.reward_point_amount",
    )
    def _compute_hotel_points_earn_rate(self):
        for company in self:
            rules = company.sudo().hotel_loyalty_program_id.rule_ids.filtered(
                lambda r: r.reward_point_mode == "money"
            )
            company.hotel_points_earn_rate = (
                rules[:1].reward_point_amount if rules else BASE_EARN_RATE
            )

    def _inverse_hotel_points_earn_rate(self):
        for company in self:
            if company.hotel_points_earn_rate <= 0:
                raise ValidationError(
                    self.env._("Guests earn more than zero points per currency unit.")
                )
            program = company._hotel_loyalty_program()
            rules = program.rule_ids.filtered(lambda r: r.reward_point_mode == "money")
            if rules[:1].reward_point_amount != company.hotel_points_earn_rate:
                rules[:1].write({"reward_point_amount": company.hotel_points_earn_rate})

    def _hotel_loyalty_program(self):
        """The points programme of the company, made (in superuser mode) for
        a company that has none yet."""
        self.ensure_one()
        company = self.sudo()
        if company.hotel_loyalty_program_id:
            return company.hotel_loyalty_program_id
        Program = self.env["loyalty.program"].sudo()
        shipped = self.env.ref(
            "hotel_crm.loyalty_program_hotel_rewards", raise_if_not_found=False
        )
        program = shipped.sudo() if shipped else Program
        taken = program and self.sudo().search_count(
            [("hotel_loyalty_program_id", "=", program.id)], limit=1
        )
        if not program or program.company_id != company or taken:
            program = Program.with_company(company).create(
                {
                    "name": self.env._("Hotel Rewards"),
                    "program_type": "loyalty",
                    "company_id": company.id,
                    "trigger": "auto",
                    "applies_on": "both",
                    "rule_ids": [
                        Command.create(
                            {
                                "reward_point_mode": "money",
                                "reward_point_amount": BASE_EARN_RATE,
                            }
                        )
                    ],
                    "reward_ids": [
                        Command.create(
                            {
                                "reward_type": "discount",
                                "discount_mode": "per_point",
                                "discount": 0.01,
                                "required_points": 100,
                            }
                        )
                    ],
                }
            )
        company.hotel_loyalty_program_id = program
        return program

    def _hotel_points_earn_rate(self):
        """Points per currency unit spent: the programme's rule."""
        self.ensure_one()
        rules = self._hotel_loyalty_program().rule_ids.filtered(
            lambda r: r.reward_point_mode == "money"
        )
        return rules[:1].reward_point_amount
