from odoo import api, models

HOTEL_MANAGER = "hotel_crm.group_hotel_manager"


class MergePartnerAutomatic(models.TransientModel):
    _inherit = "base.partner.merge.automatic.wizard"

    def _merge(self, partner_ids, dst_partner=None, extra_checks=True):
        """Odoo lets only administrators merge contacts whose e-mails differ.
        The duplicates of a guest are found by phone or ID number too, so
        Hotel Managers merge guest files whatever their e-mails; contacts that
        are not all guest files of persons (a company, a company's own contact,
        a user's contact) keep Odoo's rule. The hotel's own checks
        (``_hotel_check_merge``) apply to everyone."""
        if extra_checks and self.env.user.has_group(HOTEL_MANAGER):
            partners = self.env["res.partner"].browse(partner_ids).exists()
            if partners and partners._hotel_are_guest_persons():
                extra_checks = False
        return super()._merge(
            partner_ids, dst_partner=dst_partner, extra_checks=extra_checks
        )

    @api.model
    def _update_foreign_keys(self, src_partners, dst_partner):
        """Check the hotel's rules before the merge moves guest records."""
        dst_partner._hotel_check_merge(src_partners)
        res = super()._update_foreign_keys(src_partners, dst_partner)
        # the stays moved in SQL: the survivor's runs of back-to-back stays
        self.env["hotel.stay"].sudo()._hotel_update_chains(dst_partner.ids)
        return res

    @api.model
    def _update_values(self, src_partners, dst_partner):
        """Keep one guest code, and the survivor's consent and erasure."""
        dst_partner._hotel_absorb_guest_files(src_partners)
        return super()._update_values(src_partners, dst_partner)
