from odoo import fields, models


class HotelComplaintCategory(models.Model):
    """What a complaint is about (cleanliness, noise...), and the department
    that handles it by default."""

    _name = "hotel.complaint.category"
    _description = "Complaint Category"
    _inherit = ["hotel.guard.mixin"]
    _order = "sequence, name, id"
    _check_company_auto = True

    name = fields.Char(required=True, translate=True, size=64)
    sequence = fields.Integer(default=10)
    department_id = fields.Many2one(
        "hotel.department",
        string="Default Department",
        check_company=True,
        help="The department a complaint of this category goes to, unless another "
        "one is chosen.",
    )
    company_id = fields.Many2one(
        "res.company",
        string="Hotel",
        index=True,
        help="Leave empty for a category of every hotel.",
    )
    active = fields.Boolean(default=True)
