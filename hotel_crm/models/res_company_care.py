from odoo import SUPERUSER_ID, api, fields, models
from odoo.exceptions import ValidationError

RELATIONS = "hotel_crm.group_hotel_relations"
# the guest care and retention settings: the hotel settings screens change these
CARE_SETTINGS = (
    "hotel_care_greeting_days",
    "hotel_care_user_id",
    "hotel_lapse_floor_days",
    "hotel_lapse_factor",
    "hotel_lapse_single_stay_days",
    "hotel_complaint_recent_days",
    "hotel_retention_anonymize",
    "hotel_retention_anonymize_days",
)


class ResCompany(models.Model):
    """When the hotel greets its guests, when a guest counts as lapsed, and
    how long the hotel keeps the files of guests who no longer come."""

    _inherit = "res.company"

    hotel_care_greeting_days = fields.Integer(
        string="Greet Birthdays and Anniversaries (Days Ahead)",
        default=3,
        help="A guest who gave marketing consent gets a greeting this many days "
        "before their birthday and the anniversary of their first stay.",
    )
    hotel_care_user_id = fields.Many2one(
        "res.users",
        string="Guest Care Contact",
        domain="[('share', '=', False), ('company_ids', 'in', id)]",
        help="Who gets the greeting and win-back activities. When empty, the first "
        "Guest Relations user of the hotel.",
    )
    hotel_lapse_floor_days = fields.Integer(
        string="Lapsed After at Least (Days)",
        default=60,
        help="A returning guest is lapsed when the days since their last stay exceed "
        "this floor and the factor times their usual interval between stays.",
    )
    hotel_lapse_factor = fields.Float(
        string="Lapsed After (Times the Usual Interval)",
        default=2.0,
        digits=(4, 1),
    )
    hotel_lapse_single_stay_days = fields.Integer(
        string="One-Stay Guests Lapsed After (Days)",
        default=365,
        help="A guest who stayed once has no rhythm yet: they are lapsed after this "
        "many days without a stay.",
    )
    hotel_complaint_recent_days = fields.Integer(
        string="Recent Complaint Within (Days)",
        default=90,
        help="A guest who complained within these days shows a warning to the front "
        "desk and is more at risk of not coming back.",
    )
    hotel_retention_anonymize = fields.Boolean(
        string="Anonymize Inactive Guests",
        help="Every day, the guest files of guests with no stay for the days below "
        "are anonymized, as the manual action does: never a guest with an unpaid "
        "bill, an open complaint or a stay to come.",
    )
    hotel_retention_anonymize_days = fields.Integer(
        string="Anonymize After (Days Without a Stay)",
        default=1095,
    )

    @api.constrains(*CARE_SETTINGS)
    def _check_hotel_care_settings(self):
        for company in self:
            if not 0 <= company.hotel_care_greeting_days <= 60:
                raise ValidationError(
                    self.env._(
                        "Greetings are sent between 0 and 60 days before the birthday "
                        "or the anniversary."
                    )
                )
            if (
                company.hotel_lapse_floor_days < 1
                or company.hotel_lapse_single_stay_days < 1
                or company.hotel_complaint_recent_days < 1
            ):
                raise ValidationError(
                    self.env._(
                        "The days after which a guest is lapsed, and the days a "
                        "complaint stays recent, are at least one."
                    )
                )
            if company.hotel_lapse_factor < 1:
                raise ValidationError(
                    self.env._(
                        "A guest is lapsed after at least once their usual interval "
                        "between stays: the factor is 1 or more."
                    )
                )
            if company.hotel_retention_anonymize_days < 30:
                raise ValidationError(
                    self.env._(
                        "Inactive guests are anonymized after 30 days without a stay "
                        "at the earliest."
                    )
                )

    def _hotel_care_user(self):
        """Who gets the hotel's guest care activities (greetings, win-back):
        the Guest Care Contact of the settings while that user is active and
        works at the hotel, otherwise the first Guest Relations user of the
        hotel (Hotel Managers included), never the superuser. An empty
        recordset when the hotel has nobody for it."""
        self.ensure_one()
        company = self.sudo()
        contact = company.hotel_care_user_id
        if contact.active and not contact.share and company in contact.company_ids:
            return contact
        return (
            self.env["res.users"]
            .sudo()
            .search(
                [
                    ("groups_id", "in", self.env.ref(RELATIONS).id),
                    ("company_ids", "in", company.id),
                    ("share", "=", False),
                    ("id", "!=", SUPERUSER_ID),
                ],
                order="id",
                limit=1,
            )
        )
