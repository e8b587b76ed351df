from . import hotel_preference_category
from . import hotel_guest_preference
from . import res_partner
