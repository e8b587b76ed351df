from odoo import api, models


class MergePartnerAutomatic(models.TransientModel):
    _inherit = "base.partner.merge.automatic.wizard"

    @api.model
    def _update_values(self, src_partners, dst_partner):
        """Keep one guest code and any restriction on the surviving guest file.
        Hotel records (preferences, ...) follow through the foreign keys that
        the merge rewrites itself."""
        dst_partner._hotel_absorb_guest_files(src_partners)
        return super()._update_values(src_partners, dst_partner)
