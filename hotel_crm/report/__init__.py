from . import hotel_stay_report
from . import hotel_membership_report
from . import hotel_guest_profile_report
