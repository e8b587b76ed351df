from odoo import api, models


class MergePartnerAutomatic(models.TransientModel):
    _inherit = "base.partner.merge.automatic.wizard"

    @api.model
    def _update_foreign_keys(self, src_partners, dst_partner):
        """Check the hotel's rules before the merge moves guest records."""
        dst_partner._hotel_check_merge(src_partners)
        return super()._update_foreign_keys(src_partners, dst_partner)

    @api.model
    def _update_values(self, src_partners, dst_partner):
        """Keep one guest code, and the survivor's consent and erasure."""
        dst_partner._hotel_absorb_guest_files(src_partners)
        return super()._update_values(src_partners, dst_partner)
