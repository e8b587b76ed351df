from odoo import api, models


class MailActivity(models.Model):
    _inherit = "mail.activity"

    @api.model_create_multi
    def create(self, vals_list):
        # an activity ("call Anna at ...") would give an anonymized guest
        # personal data again
        partner_model = self.env["ir.model"]._get_id("res.partner")
        self.env["res.partner"]._hotel_browse_ids(
            vals.get("res_id")
            for vals in vals_list
            if vals.get("res_model_id") == partner_model
            or vals.get("res_model") == "res.partner"
        )._hotel_check_not_anonymized()
        return super().create(vals_list)
