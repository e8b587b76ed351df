from odoo import fields, models


class HotelGuestAlertMixin(models.AbstractModel):
    """The guest's alerts, shown the same way on every hotel document that
    concerns a guest (stays, and later complaints): allergies, VIP, do not
    disclose and restriction. Each field keeps the access groups of the guest
    file's field it comes from."""

    _name = "hotel.guest.alert.mixin"
    _description = "Hotel CRM: guest alerts"

    partner_id = fields.Many2one("res.partner", string="Guest")
    guest_allergy_summary = fields.Char(related="partner_id.guest_allergy_summary")
    guest_allergy_detail = fields.Text(related="partner_id.guest_allergy_detail")
    guest_preference_summary = fields.Text(
        related="partner_id.guest_preference_summary"
    )
    guest_vip = fields.Boolean(related="partner_id.guest_vip")
    guest_vip_note = fields.Text(related="partner_id.guest_vip_note")
    guest_do_not_disclose = fields.Boolean(related="partner_id.guest_do_not_disclose")
    guest_is_restricted = fields.Boolean(related="partner_id.guest_is_restricted")
    guest_restriction_reason = fields.Text(
        related="partner_id.guest_restriction_reason"
    )
    guest_restricted_until = fields.Date(related="partner_id.guest_restricted_until")
    guest_restriction_banner = fields.Char(
        related="partner_id.guest_restriction_banner"
    )
    guest_complaint_alert = fields.Char(related="partner_id.guest_complaint_alert")
