from odoo import fields, models
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
