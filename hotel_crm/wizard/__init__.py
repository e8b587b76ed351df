from . import base_partner_merge_automatic_wizard
from . import hotel_guest_anonymize_wizard
from . import hotel_guest_restrict_wizard
from . import hotel_stay_make_invoice
from . import hotel_settings
from . import hotel_stay_date_wizard
from . import hotel_membership_level_wizard
from . import hotel_points_redeem_wizard
