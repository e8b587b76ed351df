from . import test_foundation
from . import test_guest_profile
from . import test_preferences
from . import test_restriction
from . import test_duplicates_merge
from . import test_anonymize
from . import test_guest_access
from . import test_stays
