from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError


class HotelStay(models.Model):
    """The guest's complaints seen from the stay: the warning on the stay and
    at check-in, the complaints about this stay."""

    _inherit = "hotel.stay"

    complaint_ids = fields.One2many(
        "hotel.complaint", "stay_id", string="Complaints", readonly=True
    )
    complaint_count = fields.Integer(
        string="Complaints About the Stay",
        compute="_compute_complaint_count",
        groups="hotel_crm.group_hotel_user",
    )

    def _compute_complaint_count(self):
        counts = dict(
            self.env["hotel.complaint"]._read_group(
                [("stay_id", "in", self.ids)], ["stay_id"], ["__count"]
            )
        )
        for stay in self:
            stay.complaint_count = counts.get(stay._origin, 0)

    def _hotel_invoice_line_discount(self, line):
        # the compensation is the discount: the level's discount does not
        # reduce it
        if line.charge_type == "compensation":
            return 0.0
        return super()._hotel_invoice_line_discount(line)

    def action_check_in(self):
        res = super().action_check_in()
        checked_in = self.filtered(lambda s: s.state == "checked_in")
        warned = checked_in.filtered("guest_complaint_alert")
        if not warned:
            return res
        notification = {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "title": self.env._("Previous complaint"),
                "message": "\n".join(
                    f"{stay.partner_id.display_name}: {stay.guest_complaint_alert}"
                    for stay in warned
                ),
                "type": "warning",
                "sticky": True,
                "next": {"type": "ir.actions.client", "tag": "soft_reload"},
            },
        }
        if isinstance(res, dict) and res.get("tag") == "display_notification":
            # after the allergy alert, which the front desk sees first
            notification["params"]["next"] = res["params"].get("next")
            res["params"]["next"] = notification
            return res
        if isinstance(res, dict):
            # a dialog (dates to confirm): the warning comes at the real check-in
            return res
        return notification

    def action_hotel_new_complaint(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("New Complaint"),
            "res_model": "hotel.complaint",
            "view_mode": "form",
            "target": "current",
            "context": {
                "default_partner_id": self.partner_id.id,
                "default_stay_id": self.id,
                "default_company_id": self.company_id.id,
            },
        }

    def action_view_complaints(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "hotel_crm.hotel_complaint_action"
        )
        action["domain"] = [("stay_id", "=", self.id)]
        action["context"] = {
            "default_partner_id": self.partner_id.id,
            "default_stay_id": self.id,
        }
        return action


class HotelStayLine(models.Model):
    """A compensation's discount is a charge with a negative price, made by
    the complaint only."""

    _inherit = "hotel.stay.line"

    charge_type = fields.Selection(
        selection_add=[("compensation", "Complaint Compensation")],
        ondelete={"compensation": "cascade"},
    )

    @api.constrains("quantity", "price_unit")
    def _check_amounts(self):
        compensations = self.filtered(lambda line: line.charge_type == "compensation")
        for line in compensations:
            if line.quantity != 1 or line.price_unit > 0:
                raise ValidationError(
                    self.env._(
                        "The compensation %(charge)s is one discount: a quantity of 1 "
                        "and a negative price.",
                        charge=line.name,
                    )
                )
        return super(HotelStayLine, self - compensations)._check_amounts()

    @api.model_create_multi
    def create(self, vals_list):
        if not self.env.su and any(
            vals.get("charge_type") == "compensation" for vals in vals_list
        ):
            self._hotel_raise_compensation_line()
        lines = super().create(vals_list)
        if not self.env.su and lines.filtered(
            lambda line: line.charge_type == "compensation"
        ):
            self._hotel_raise_compensation_line()
        return lines

    def write(self, vals):
        if not self.env.su and (
            vals.get("charge_type") == "compensation"
            or self.filtered(lambda line: line.charge_type == "compensation")
        ):
            self._hotel_raise_compensation_line()
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_compensation(self):
        if not self.env.su and self.filtered(
            lambda line: line.charge_type == "compensation"
        ):
            self._hotel_raise_compensation_line()

    def _hotel_raise_compensation_line(self):
        raise UserError(
            self.env._(
                "A complaint's compensation is given from the complaint: it cannot be "
                "entered, changed or removed as a charge."
            )
        )
