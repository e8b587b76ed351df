from odoo import fields, models

HOTEL_STAFF = "hotel_crm.group_hotel_user"


class HotelStay(models.Model):
    """The guest's membership on the stay: the front desk sees the level and
    its benefits at check-in, and the level's discount reaches the stay's
    invoice."""

    _inherit = "hotel.stay"

    guest_level_id = fields.Many2one(
        "hotel.membership.level",
        string="Membership Level",
        compute="_compute_guest_level",
        groups=HOTEL_STAFF,
    )
    guest_level_color = fields.Integer(
        string="Level Colour", compute="_compute_guest_level", groups=HOTEL_STAFF
    )
    guest_level_benefits = fields.Html(
        string="Level Benefits", compute="_compute_guest_level", groups=HOTEL_STAFF
    )

    def _compute_guest_level(self):
        """The guest's level at the stay's hotel."""
        self._hotel_check_read("guest_level_id")
        for stay in self:
            company = stay.company_id or self.env.company
            level = stay.partner_id.sudo().with_company(company).guest_level_id
            stay.guest_level_id = level
            stay.guest_level_color = level.color
            stay.guest_level_benefits = level.benefits

    def _hotel_invoice_line_discount(self, line):
        """The discount of the guest's level at the stay's hotel, on every
        charge of the stay."""
        discount = super()._hotel_invoice_line_discount(line)
        level = self.partner_id.sudo().with_company(self.company_id).guest_level_id
        return max(discount, level.discount_percent)
