from odoo import api, models
from odoo.exceptions import AccessError

from ..models.hotel_complaint import OPEN_STATES

HOTEL_STAFF = "hotel_crm.group_hotel_user"
# the stays of the profile: the last ones that took place at the hotel
PROFILE_STAYS = 10


class ReportGuestProfile(models.AbstractModel):
    """The printable guest profile, printed by hotel staff at the current
    hotel: identity (the ID number only for who may read it), membership,
    preferences with the allergies first, the last stays and the open
    complaints there. An anonymized guest prints nothing personal."""

    _name = "report.hotel_crm.report_guest_profile"
    _description = "Guest Profile Report"

    @api.model
    def _get_report_values(self, docids, data=None):
        if not self.env.user.has_group(HOTEL_STAFF):
            raise AccessError(self.env._("Only hotel staff can print guest profiles."))
        company = self.env.company
        guests = self.env["res.partner"].with_company(company).browse(docids)
        guests.check_access("read")
        Partner = self.env["res.partner"]
        printed = guests.filtered(lambda guest: not guest.guest_anonymized)
        # the open complaints of all the guests printed at once, newest
        # first, shared out below (a guest's last stays: a limited search
        # per printed page, never all the stays of a regular)
        Stay = self.env["hotel.stay"]
        complaints = self.env["hotel.complaint"].search(
            [
                ("partner_id", "in", printed.ids),
                ("company_id", "=", company.id),
                ("state", "in", OPEN_STATES),
            ],
            order="reported_date desc, id desc",
        )
        profiles = {}
        for guest in guests:
            if guest not in printed:
                profiles[guest.id] = {"anonymized": True}
                continue
            preferences = guest.guest_preference_ids
            profiles[guest.id] = {
                "anonymized": False,
                "allergies": preferences.filtered("is_allergy"),
                "preferences": preferences.filtered(lambda p: not p.is_allergy),
                "stays": Stay.search(
                    [
                        ("partner_id", "=", guest.id),
                        ("company_id", "=", company.id),
                        ("state", "in", ("checked_in", "checked_out")),
                    ],
                    order="check_in_date desc, id desc",
                    limit=PROFILE_STAYS,
                ),
                "complaints": complaints.filtered(lambda c, g=guest: c.partner_id == g),
            }
        return {
            "doc_ids": docids,
            "doc_model": "res.partner",
            "docs": guests,
            "company": company,
            "profiles": profiles,
            # the ID number follows the field's own access: never printed
            # for a user who could not read it on the guest file
            "show_id_number": Partner._fields["guest_id_number"].is_accessible(
                self.env
            ),
        }
