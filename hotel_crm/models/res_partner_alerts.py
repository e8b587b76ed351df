from odoo import api, fields, models
from odoo.tools import format_date

HOTEL_STAFF = "hotel_crm.group_hotel_user"
# hotel staff and accountants (who read and invoice the stays)
STAY_READERS = "hotel_crm.group_hotel_user,account.group_account_invoice"


class ResPartner(models.Model):
    """What the desk must see of a guest at a glance, each as one sentence
    for the banners of the guest file and of the guest's stays: allergies with
    their notes, the other preferences, a restriction in force, the erasure of
    the file, and the unpaid bills of earlier stays."""

    _inherit = "res.partner"

    guest_allergy_detail = fields.Text(
        string="Allergy Details",
        compute="_compute_guest_preference_texts",
        groups=HOTEL_STAFF,
        help="The guest's allergies with the notes recorded with them.",
    )
    guest_preference_summary = fields.Text(
        string="Preferences to Honour",
        compute="_compute_guest_preference_texts",
        groups=HOTEL_STAFF,
        help="The guest's preferences other than allergies, by category.",
    )
    guest_restriction_banner = fields.Char(
        string="Restriction Notice",
        compute="_compute_guest_restriction_banner",
        groups=HOTEL_STAFF,
    )
    guest_anonymized_banner = fields.Char(
        string="Erasure Notice",
        compute="_compute_guest_anonymized_banner",
        groups="base.group_user",
    )
    guest_unpaid_stay_count = fields.Integer(
        string="Unpaid Stays",
        compute="_compute_guest_unpaid_stay_count",
        groups=STAY_READERS,
        help="Stays of the guest that were checked out and are not fully paid.",
    )

    @api.depends(
        "guest_preference_ids.name",
        "guest_preference_ids.note",
        "guest_preference_ids.active",
        "guest_preference_ids.category_id",
    )
    def _compute_guest_preference_texts(self):
        self._hotel_check_read("guest_allergy_detail")
        for partner in self:
            allergies, others = [], []
            for preference in partner.guest_preference_ids:
                if preference.is_allergy:
                    allergies.append(
                        self.env._(
                            "%(allergy)s (%(note)s)",
                            allergy=preference.name,
                            note=preference.note,
                        )
                        if preference.note
                        else preference.name
                    )
                else:
                    values = {
                        "category": preference.category_id.name,
                        "preference": preference.name,
                        "note": preference.note,
                    }
                    others.append(
                        self.env._("%(category)s: %(preference)s (%(note)s)", **values)
                        if preference.note
                        else self.env._("%(category)s: %(preference)s", **values)
                    )
            partner.guest_allergy_detail = "; ".join(allergies) or False
            partner.guest_preference_summary = "; ".join(others) or False

    @api.depends("guest_restriction_ids.date_until", "guest_restriction_ids.reason")
    @api.depends_context("date", "lang")
    def _compute_guest_restriction_banner(self):
        self._hotel_check_read("guest_restriction_banner")
        for partner in self:
            if not partner.guest_is_restricted:
                partner.guest_restriction_banner = False
            elif partner.guest_restricted_until:
                partner.guest_restriction_banner = self.env._(
                    "Restricted guest until %(date)s: %(reason)s",
                    date=format_date(self.env, partner.guest_restricted_until),
                    reason=partner.guest_restriction_reason,
                )
            else:
                partner.guest_restriction_banner = self.env._(
                    "Restricted guest: %(reason)s",
                    reason=partner.guest_restriction_reason,
                )

    @api.depends("guest_anonymized_date")
    @api.depends_context("lang", "tz")
    def _compute_guest_anonymized_banner(self):
        for partner in self:
            when = partner.guest_anonymized_date
            partner.guest_anonymized_banner = (
                self.env._(
                    "The personal data of this guest were removed on %(date)s.",
                    date=format_date(
                        self.env, fields.Datetime.context_timestamp(partner, when)
                    ),
                )
                if when
                else False
            )

    def _compute_guest_unpaid_stay_count(self):
        """One query for the whole list, on the stays the user may read."""
        self._hotel_check_read("guest_unpaid_stay_count")
        counts = dict(
            self.env["hotel.stay"]._read_group(
                [("partner_id", "in", self.ids), ("is_unpaid", "=", True)],
                groupby=["partner_id"],
                aggregates=["__count"],
            )
        )
        for partner in self:
            partner.guest_unpaid_stay_count = counts.get(partner._origin, 0)

    def action_hotel_view_unpaid_stays(self):
        self.ensure_one()
        action = self.action_hotel_view_stays()
        action["domain"] = [("partner_id", "=", self.id), ("is_unpaid", "=", True)]
        action["name"] = self.env._("Unpaid Stays of %(guest)s", guest=self.name)
        return action
