"""What each role reads of a guest file, through every path a client uses.

The policy, field by field:

- every internal user: the contact itself and the guest file's safety and
  status flags (``INTERNAL_FIELDS``);
- hotel staff only (front desk, guest relations, hotel manager): identity,
  ID document, VIP note, consent, preferences, restrictions, duplicate and
  long-stay markers, membership, complaints and retention (``STAFF_FIELDS``);
- Hotel Managers only: whether the data retention would anonymize the guest
  (``MANAGER_FIELDS``);
- hotel staff and accountants (``account.group_account_invoice``): the stay
  figures (``STAY_FIELDS``); the invoice lines behind them are accounting
  records, for accountants only (``INVOICE_FIELDS``);
- portal users: none of it, not even of a colleague of their own company.

Each path (read, search_read, web_read, web_search_read, export_data,
onchange, read_group, search, order, fields_get, read without a field list)
is checked role by role and field by field against the same table, so that
dropping one ``groups=`` fails the tests of every path that leaks it.
"""

from datetime import date

from odoo.exceptions import AccessError
from odoo.tests import new_test_user, tagged

from .test_stays import HotelStayCommon

HOTEL_STAFF = "hotel_crm.group_hotel_user"
STAY_READERS = "hotel_crm.group_hotel_user,account.group_account_invoice"

# every internal user
INTERNAL_FIELDS = (
    "is_hotel_guest",
    "guest_code",
    "guest_allergy_summary",
    "guest_vip",
    "guest_do_not_disclose",
    "guest_corporate_account",
    "guest_anonymized",
    "guest_anonymized_date",
    "guest_anonymized_banner",
)
# hotel staff only
STAFF_FIELDS = (
    "guest_birthdate",
    "guest_birth_month",
    "guest_gender",
    "guest_nationality_id",
    "guest_id_type",
    "guest_id_number",
    "guest_vip_note",
    "guest_marketing_consent",
    "guest_marketing_consent_date",
    "guest_preference_ids",
    "guest_is_restricted",
    "guest_restriction_reason",
    "guest_restricted_until",
    "guest_restriction_ids",
    "guest_phone_key",
    "guest_duplicate_count",
    "guest_duplicate_ids",
    "guest_has_duplicates",
    "guest_is_long_stay",
    "guest_allergy_detail",
    "guest_preference_summary",
    "guest_restriction_banner",
    # membership and points at the current hotel
    "guest_level_valid_until",
    "guest_member_since",
    "guest_level_locked",
    "guest_level_lock_reason",
    "guest_level_color",
    "guest_level_benefits",
    "guest_membership_history_ids",
    "guest_qualifying_nights",
    "guest_qualifying_stays",
    "guest_qualifying_revenue",
    "guest_next_level_id",
    "guest_next_level_all",
    "guest_next_level_hint",
    "guest_next_level_nights",
    "guest_next_level_stays",
    "guest_next_level_revenue",
    "guest_loyalty_card_id",
    "guest_points",
    # complaints
    "guest_complaint_ids",
    "guest_complaint_count",
    "guest_open_complaint_count",
    "guest_complaint_alert",
    # retention at the current hotel
    "guest_retention_ids",
    "guest_typical_interval",
    "guest_expected_return_date",
    "guest_lapsed_date",
    "guest_is_lapsed",
    "guest_recency_score",
    "guest_frequency_score",
    "guest_monetary_score",
    "guest_segment",
    "guest_churn_risk",
)
# Hotel Managers only: whom the data retention would anonymize
MANAGER_FIELDS = ("guest_retention_due",)
# hotel staff and accountants
STAY_FIELDS = (
    "guest_stay_ids",
    "guest_currency_id",
    "guest_stay_count",
    "guest_night_count",
    "guest_revenue",
    "guest_average_rate",
    "guest_first_stay_date",
    "guest_last_stay_date",
    "guest_invoice_count",
    "guest_unpaid_stay_count",
    # the level's discount reaches the invoices accountants create
    "guest_level_id",
)
# accountants only: the invoice lines behind the revenue are accounting
# records, which hotel staff without invoicing rights cannot read
INVOICE_FIELDS = ("guest_invoice_line_ids",)
GUEST_FILE = (
    INTERNAL_FIELDS + STAFF_FIELDS + MANAGER_FIELDS + STAY_FIELDS + INVOICE_FIELDS
)
STAFF_VIEW = frozenset(INTERNAL_FIELDS + STAFF_FIELDS + STAY_FIELDS)
MANAGER_VIEW = STAFF_VIEW | frozenset(MANAGER_FIELDS)
ACCOUNTANT_VIEW = frozenset(INTERNAL_FIELDS + STAY_FIELDS + INVOICE_FIELDS)
INTERNAL_VIEW = frozenset(INTERNAL_FIELDS)
PORTAL_VIEW = frozenset()


def _norm(value):
    """x2many values come back in the comodel's order: compare them as sets."""
    return sorted(value) if isinstance(value, list) else value


@tagged("post_install", "-at_install")
class TestReadAccess(HotelStayCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Partner = cls.env["res.partner"]
        cls.user_auditor = new_test_user(
            cls.env,
            login="hotel_auditor",
            name="Audrey Auditor",
            groups="base.group_user,account.group_account_readonly",
        )
        # a corporate account, one of its employees is a guest, another one
        # has a portal account
        cls.acme = Partner.create(
            {"name": "Acme Corp", "is_company": True, "guest_corporate_account": True}
        )
        cls.user_portal = new_test_user(
            cls.env,
            login="portal_colleague",
            name="Paula Portal",
            groups="base.group_portal",
        )
        cls.user_portal.partner_id.parent_id = cls.acme
        cls.belgium = cls.env.ref("base.be")
        cls.gina = cls._hotel_create_guest(
            "Gina Guest",
            parent_id=cls.acme.id,
            email="gina@example.com",
            phone="+32 470 12 34 56",
            guest_birthdate=date(1980, 5, 17),
            guest_gender="female",
            guest_nationality_id=cls.belgium.id,
            guest_id_type="passport",
            guest_id_number="EM1234567",
            guest_vip=True,
            guest_vip_note="Chairs the board of Acme",
            guest_marketing_consent=True,
            guest_do_not_disclose=True,
        )
        Preference = cls.env["hotel.guest.preference"]
        cls.preferences = Preference.create(
            [
                {
                    "partner_id": cls.gina.id,
                    "category_id": cls.env.ref(
                        "hotel_crm.preference_category_allergy"
                    ).id,
                    "name": "Peanuts",
                },
                {
                    "partner_id": cls.gina.id,
                    "category_id": cls.env.ref("hotel_crm.preference_category_room").id,
                    "name": "High floor",
                },
            ]
        )
        # possible duplicates by e-mail, phone and ID number, and a stranger
        cls.dup_email = cls._hotel_create_guest("G. Guest", email="GINA@example.com")
        cls.dup_phone = cls._hotel_create_guest("Gigi Guest", mobile="0470 12 34 56")
        cls.dup_id = cls._hotel_create_guest(
            "Regina Guest", guest_id_number="EM1234567"
        )
        cls.stranger = cls._hotel_create_guest("Sam Stranger", email="sam@example.com")
        cls.plain_contact = Partner.create({"name": "Nora Neighbour"})
        # one stay checked out and invoiced: 2 nights at 120
        cls.stay_past = cls._stay(guest=cls.gina, start=date(2026, 3, 1), nights=2)
        cls._hotel_check_in(cls.stay_past)
        cls._hotel_check_out(cls.stay_past)
        cls.stay_past.action_create_invoices()
        cls.stay_past.invoice_ids.action_post()
        # then restricted, and booked again on a manager's word
        cls.restriction = cls.env["hotel.guest.restriction"].create(
            {
                "partner_id": cls.gina.id,
                "reason": "Smoked in the room",
                "date_until": date(2099, 12, 31),
            }
        )
        cls.stay_booked = cls._stay(
            guest=cls.gina,
            start=date(2027, 6, 1),
            nights=3,
            restriction_override_reason="Paid the cleaning in advance",
        )
        # the daily retention pass: the guest's rhythm and segment here
        cls.env["hotel.guest.retention"]._hotel_refresh()
        cls.retention = cls.env["hotel.guest.retention"].search(
            [("partner_id", "=", cls.gina.id)]
        )
        cls.retention.ensure_one()
        # every internal user of Odoo may export (base.default_user); the
        # portal user too here, so that only the field groups refuse
        export = cls.env.ref("base.group_allow_export")
        cls.roles = {
            "front desk": (cls.user_front_desk, STAFF_VIEW),
            "guest relations": (cls.user_relations, STAFF_VIEW),
            "hotel manager": (cls.user_manager, MANAGER_VIEW),
            "accountant": (cls.user_accountant, ACCOUNTANT_VIEW),
            "auditor": (cls.user_auditor, INTERNAL_VIEW),
            "internal user": (cls.user_internal, INTERNAL_VIEW),
            "portal colleague": (cls.user_portal, PORTAL_VIEW),
        }
        for user, _view in cls.roles.values():
            user.groups_id += export
        gina = cls.gina.sudo()
        silver = cls.env.ref("hotel_crm.membership_level_silver")
        gina.write(
            {
                "guest_level_id": silver.id,
                "guest_level_valid_until": date(2027, 12, 31),
                "guest_member_since": date(2026, 3, 4),
                "guest_level_locked": True,
                "guest_level_lock_reason": "Status match",
            }
        )
        currency = cls.env.company.currency_id
        following = gina.guest_next_level_id
        cls.expected = {
            "guest_level_id": (silver.id, silver.display_name),
            "guest_level_valid_until": date(2027, 12, 31),
            "guest_member_since": date(2026, 3, 4),
            "guest_level_locked": True,
            "guest_level_lock_reason": "Status match",
            "guest_level_color": silver.color,
            "guest_level_benefits": silver.benefits,
            "guest_membership_history_ids": [],
            # the window moves with today: the figures as the superuser reads them
            "guest_qualifying_nights": gina.guest_qualifying_nights,
            "guest_qualifying_stays": gina.guest_qualifying_stays,
            "guest_qualifying_revenue": gina.guest_qualifying_revenue,
            "guest_next_level_id": (following.id, following.display_name)
            if following
            else False,
            "guest_next_level_all": gina.guest_next_level_all,
            "guest_next_level_hint": gina.guest_next_level_hint,
            "guest_next_level_nights": gina.guest_next_level_nights,
            "guest_next_level_stays": gina.guest_next_level_stays,
            "guest_next_level_revenue": gina.guest_next_level_revenue,
            "guest_loyalty_card_id": False,
            "guest_points": 0.0,
            "guest_complaint_ids": [],
            "guest_complaint_count": 0,
            "guest_open_complaint_count": 0,
            "guest_complaint_alert": False,
            "guest_retention_ids": cls.retention.ids,
            "guest_typical_interval": 0,
            "guest_expected_return_date": False,
            "guest_lapsed_date": cls.retention.lapsed_date,
            "guest_is_lapsed": cls.retention.is_lapsed,
            "guest_recency_score": cls.retention.recency_score,
            "guest_frequency_score": cls.retention.frequency_score,
            "guest_monetary_score": cls.retention.monetary_score,
            "guest_segment": cls.retention.segment,
            "guest_churn_risk": cls.retention.churn_risk,
            # a stay is booked: never anonymized
            "guest_retention_due": False,
            "is_hotel_guest": True,
            "guest_code": gina.guest_code,
            "guest_allergy_summary": "Peanuts",
            "guest_vip": True,
            "guest_do_not_disclose": True,
            "guest_corporate_account": False,
            "guest_anonymized": False,
            "guest_anonymized_date": False,
            "guest_birthdate": date(1980, 5, 17),
            "guest_birth_month": 5,
            "guest_gender": "female",
            "guest_nationality_id": (cls.belgium.id, cls.belgium.display_name),
            "guest_id_type": "passport",
            "guest_id_number": "EM1234567",
            "guest_vip_note": "Chairs the board of Acme",
            "guest_marketing_consent": True,
            "guest_marketing_consent_date": gina.guest_marketing_consent_date,
            "guest_preference_ids": cls.preferences.ids,
            "guest_is_restricted": True,
            "guest_restriction_reason": "Smoked in the room",
            "guest_restricted_until": date(2099, 12, 31),
            "guest_restriction_ids": cls.restriction.ids,
            "guest_phone_key": "470123456",
            "guest_duplicate_count": 3,
            "guest_has_duplicates": True,
            "guest_is_long_stay": False,
            "guest_stay_ids": (cls.stay_past | cls.stay_booked).ids,
            "guest_invoice_line_ids": gina.guest_invoice_line_ids.ids,
            "guest_currency_id": (currency.id, currency.display_name),
            "guest_stay_count": 1,
            "guest_night_count": 2,
            "guest_revenue": 240.0,
            "guest_average_rate": 120.0,
            "guest_first_stay_date": date(2026, 3, 1),
            "guest_last_stay_date": date(2026, 3, 1),
            "guest_invoice_count": 1,
            # the invoice of the past stay is posted, not paid
            "guest_unpaid_stay_count": 1,
            "guest_anonymized_banner": False,
            "guest_duplicate_ids": (cls.dup_email | cls.dup_phone | cls.dup_id).ids,
            "guest_allergy_detail": "Peanuts",
            "guest_preference_summary": "Room: High floor",
            "guest_restriction_banner": "Restricted guest until 12/31/2099: "
            "Smoked in the room",
        }
        # domain terms that find Gina through each searchable field
        cls.search_terms = {
            "is_hotel_guest": ("=", True),
            "guest_code": ("=", gina.guest_code),
            "guest_allergy_summary": ("ilike", "peanut"),
            "guest_vip": ("=", True),
            "guest_do_not_disclose": ("=", True),
            "guest_corporate_account": ("=", False),
            "guest_anonymized": ("=", False),
            "guest_birthdate": ("=", date(1980, 5, 17)),
            "guest_birth_month": ("=", 5),
            "guest_gender": ("=", "female"),
            "guest_nationality_id": ("=", cls.belgium.id),
            "guest_id_type": ("=", "passport"),
            "guest_id_number": ("=", "EM1234567"),
            "guest_vip_note": ("ilike", "board"),
            "guest_marketing_consent": ("=", True),
            "guest_marketing_consent_date": ("!=", False),
            "guest_preference_ids": ("any", [("name", "=", "Peanuts")]),
            "guest_is_restricted": ("=", True),
            "guest_restriction_ids": ("!=", False),
            "guest_phone_key": ("=", "470123456"),
            "guest_duplicate_count": (">", 0),
            "guest_has_duplicates": ("=", True),
            "guest_is_long_stay": ("=", False),
            "guest_stay_ids": ("!=", False),
        }

    # ------------------------------------------------------------------
    # helpers
    # ------------------------------------------------------------------

    def _check_policy(self, path, probe, expected=None, fields=GUEST_FILE):
        """Run ``probe(user, fname)`` for every role and field, as in a fresh
        request (empty cache). An AccessError means the field is refused; the
        field must be refused exactly when the policy hides it from the role,
        and (with ``expected``) the value read must be ``expected(fname)``.
        All the differences are reported at once."""
        problems = []
        for role, (user, visible) in self.roles.items():
            for fname in fields:
                self.env.invalidate_all()
                try:
                    value = probe(user, fname)
                except AccessError:
                    if fname in visible:
                        problems.append(f"{role} cannot read {fname} ({path})")
                    continue
                if fname not in visible:
                    problems.append(
                        f"{role} reads {fname}, hidden from them ({path}): {value!r}"
                    )
                elif expected is not None:
                    self.env.invalidate_all()
                    want = expected(fname)
                    if _norm(value) != _norm(want):
                        problems.append(
                            f"{role} reads {fname} = {value!r}, expected {want!r} "
                            f"({path})"
                        )
        self.assertFalse(problems, "\n".join(problems))

    def _as(self, user):
        return self.gina.with_user(user)

    # ------------------------------------------------------------------
    # the policy table itself
    # ------------------------------------------------------------------

    def test_policy_covers_every_field_of_the_guest_file(self):
        fields = self.env["res.partner"]._fields
        module_fields = {
            fname for fname in fields if fname.startswith(("guest_", "is_hotel_guest"))
        }
        self.assertEqual(module_fields, set(GUEST_FILE))
        self.assertEqual(len(GUEST_FILE), len(set(GUEST_FILE)))
        for fnames, groups in (
            (INTERNAL_FIELDS, "base.group_user"),
            (STAFF_FIELDS, HOTEL_STAFF),
            (MANAGER_FIELDS, "hotel_crm.group_hotel_manager"),
            (STAY_FIELDS, STAY_READERS),
        ):
            for fname in fnames:
                self.assertEqual(fields[fname].groups, groups, fname)

    # ------------------------------------------------------------------
    # reading records
    # ------------------------------------------------------------------

    def test_read_field_by_field(self):
        self._check_policy(
            "read",
            lambda user, fname: self._as(user).read([fname])[0][fname],
            expected=self.expected.get,
        )

    def test_search_read_field_by_field(self):
        def probe(user, fname):
            rows = (
                self.env["res.partner"]
                .with_user(user)
                .search_read([("id", "=", self.gina.id)], [fname])
            )
            self.assertEqual(len(rows), 1)
            return rows[0][fname]

        self._check_policy("search_read", probe, expected=self.expected.get)

    def test_web_read_field_by_field(self):
        self._check_policy(
            "web_read",
            lambda user, fname: self._as(user).web_read({fname: {}})[0][fname],
        )

    def test_web_search_read_field_by_field(self):
        def probe(user, fname):
            result = (
                self.env["res.partner"]
                .with_user(user)
                .web_search_read([("id", "=", self.gina.id)], {fname: {}})
            )
            self.assertEqual(result["length"], 1)
            return result["records"][0][fname]

        self._check_policy("web_search_read", probe)

    def test_onchange_field_by_field(self):
        """The form's onchange returns the values of the fields of its
        specification: a hidden field cannot be slipped into it."""

        def probe(user, fname):
            return self._as(user).onchange(
                {"comment": "<p>Prefers e-mail</p>"},
                ["comment"],
                {"comment": {}, fname: {}},
            )

        self._check_policy("onchange", probe)

    def test_export_data_field_by_field(self):
        self._check_policy(
            "export_data",
            lambda user, fname: self._as(user).export_data([fname])["datas"],
            expected=lambda fname: self.gina.sudo().export_data([fname])["datas"],
        )

    def test_read_without_a_field_list(self):
        """What the client gets when it asks for every field: never an error
        because of the guest file, never a hidden field, and the visible ones
        with their values.

        Without invoicing rights, plain Odoo already refuses ``read()`` of a
        contact because of other modules' fields (Invoicing's ``invoice_ids``,
        ``journal_item_count``...; bank accounts, pricelist... for portal
        users): those fields, found one by one, are left out, so that what
        is checked is the guest file's part of ``read()``."""
        problems = []
        for role, (user, visible) in self.roles.items():
            as_user = self._as(user)
            fnames = as_user.check_field_access_rights("read", None)
            foreign_refused = set()
            for fname in set(fnames) - set(GUEST_FILE):
                self.env.invalidate_all()
                try:
                    as_user.read([fname])
                except AccessError:
                    foreign_refused.add(fname)
            if not foreign_refused:
                # the very call of the client
                self.env.invalidate_all()
                try:
                    self.assertEqual(as_user.read(), as_user.read(fnames))
                except AccessError as error:
                    first = error.args[0].splitlines()[0]
                    problems.append(f"{role}: read() fails: {first}")
            self.env.invalidate_all()
            try:
                values = as_user.read(
                    [fname for fname in fnames if fname not in foreign_refused]
                )[0]
            except AccessError as error:
                first = error.args[0].splitlines()[0]
                culprits = []
                for fname in set(fnames) & set(GUEST_FILE):
                    self.env.invalidate_all()
                    try:
                        as_user.read([fname])
                    except AccessError:
                        culprits.append(fname)
                problems.append(
                    f"{role}: read() fails because of {sorted(culprits)}: {first}"
                )
                continue
            if values["name"] != "Gina Guest":
                problems.append(f"{role}: reads the name {values['name']!r}")
            if hidden := sorted(values.keys() & (set(GUEST_FILE) - visible)):
                problems.append(f"{role}: read() returns hidden fields {hidden}")
            if missing := sorted(visible - values.keys()):
                problems.append(f"{role}: read() misses the fields {missing}")
            problems += [
                f"{role}: read() gives {fname} = {values[fname]!r}"
                for fname in sorted(visible & values.keys())
                if _norm(values[fname]) != _norm(self.expected[fname])
            ]
        self.assertFalse(problems, "\n".join(problems))

    def test_fields_get_lists_the_visible_fields_only(self):
        problems = []
        for role, (user, visible) in self.roles.items():
            described = self.env["res.partner"].with_user(user).fields_get()
            self.assertIn("name", described, role)
            if hidden := sorted(described.keys() & (set(GUEST_FILE) - visible)):
                problems.append(f"{role}: fields_get() describes hidden {hidden}")
            if missing := sorted(visible - described.keys()):
                problems.append(f"{role}: fields_get() misses {missing}")
        self.assertFalse(problems, "\n".join(problems))

    def test_portal_colleague_reads_the_contact_only(self):
        as_portal = self._as(self.user_portal)
        self.assertEqual(as_portal.read(["name"])[0]["name"], "Gina Guest")
        self.assertEqual(as_portal.parent_id, self.acme)
        for fname in GUEST_FILE:
            with self.assertRaises(AccessError, msg=fname):
                as_portal.read([fname])
        # guests who are not colleagues stay out of reach altogether
        with self.assertRaises(AccessError):
            self.dup_email.with_user(self.user_portal).read(["name"])

    # ------------------------------------------------------------------
    # grouping, searching, sorting
    # ------------------------------------------------------------------

    def test_read_group_by_field(self):
        Partner = self.env["res.partner"]
        groupable = [
            fname
            for fname in GUEST_FILE
            if Partner._fields[fname].store
            and Partner._fields[fname].column_type
            and Partner._fields[fname].type not in ("text", "html")
        ]
        self.assertIn("guest_birth_month", groupable)
        domain = [("id", "=", self.gina.id)]

        def spec(fname):
            ftype = Partner._fields[fname].type
            return f"{fname}:day" if ftype in ("date", "datetime") else fname

        def private_probe(user, fname):
            groups = Partner.with_user(user)._read_group(
                domain, [spec(fname)], ["__count"]
            )
            self.assertEqual([count for _value, count in groups], [1])
            return groups

        def public_probe(user, fname):
            groups = Partner.with_user(user).read_group(
                domain, ["__count"], [spec(fname)], lazy=False
            )
            self.assertEqual([group["__count"] for group in groups], [1])
            return groups

        def web_probe(user, fname):
            result = Partner.with_user(user).web_read_group(
                domain, ["__count"], [spec(fname)], lazy=False
            )
            self.assertEqual(result["length"], 1)
            return result

        self._check_policy("_read_group", private_probe, fields=groupable)
        self._check_policy("read_group", public_probe, fields=groupable)
        self._check_policy("web_read_group", web_probe, fields=groupable)

    def test_birth_month_is_neither_groupable_nor_aggregable_by_outsiders(self):
        Partner = self.env["res.partner"]
        for user in (
            self.user_internal,
            self.user_accountant,
            self.user_auditor,
            self.user_portal,
        ):
            with self.assertRaises(AccessError):
                Partner.with_user(user).read_group(
                    [], ["__count"], ["guest_birth_month"]
                )
            with self.assertRaises(AccessError):
                Partner.with_user(user)._read_group(
                    [("is_hotel_guest", "=", True)],
                    [],
                    ["guest_birth_month:max"],
                )
        groups = Partner.with_user(self.user_front_desk)._read_group(
            [("id", "in", (self.gina | self.stranger).ids)],
            ["guest_birth_month"],
            ["__count"],
        )
        self.assertEqual(sorted(groups), [(0, 1), (5, 1)])

    def _search_probe(self, user, fname):
        operator, value = self.search_terms[fname]
        found = (
            self.env["res.partner"]
            .with_user(user)
            .search([("id", "=", self.gina.id), (fname, operator, value)])
        )
        self.assertEqual(found, self.gina, fname)
        return found

    def test_search_by_stored_field(self):
        Partner = self.env["res.partner"]
        stored = tuple(
            fname
            for fname in self.search_terms
            if Partner._fields[fname].store and Partner._fields[fname].column_type
        )
        self.assertIn("guest_birth_month", stored)
        self._check_policy("search", self._search_probe, fields=stored)

    def test_search_by_computed_field(self):
        """The filters of the guest list on computed fields (Restricted,
        Possible Duplicates, Long-Stay Guest) tell who is what: they are
        hotel staff's like the fields."""
        self._check_policy(
            "search",
            self._search_probe,
            fields=(
                "guest_is_restricted",
                "guest_duplicate_count",
                "guest_is_long_stay",
            ),
        )

    def test_search_by_one2many_field(self):
        """Whether a guest has preferences, a restriction history or stays is
        itself guest file data."""
        self._check_policy(
            "search",
            self._search_probe,
            fields=("guest_preference_ids", "guest_restriction_ids", "guest_stay_ids"),
        )

    def test_order_by_field(self):
        Partner = self.env["res.partner"]
        sortable = [
            fname
            for fname in GUEST_FILE
            if Partner._fields[fname].store and Partner._fields[fname].column_type
        ]

        def probe(user, fname):
            return Partner.with_user(user).search(
                [("id", "in", (self.gina | self.stranger).ids)], order=fname
            )

        self._check_policy("search order", probe, fields=sortable)

    # ------------------------------------------------------------------
    # files of the guest file
    # ------------------------------------------------------------------

    def test_id_scan_is_read_by_hotel_staff_only(self):
        Attachment = self.env["ir.attachment"]
        scan = Attachment.with_user(self.user_front_desk).create(
            {
                "name": "ID scan",
                "raw": b"passport EM1234567",
                "res_model": "res.partner",
                "res_id": self.gina.id,
            }
        )
        domain = [("res_model", "=", "res.partner"), ("res_id", "=", self.gina.id)]
        for user in (self.user_front_desk, self.user_relations, self.user_manager):
            self.env.invalidate_all()
            self.assertEqual(
                scan.with_user(user).read(["name", "raw"])[0]["raw"],
                b"passport EM1234567",
            )
            self.assertEqual(Attachment.with_user(user).search(domain), scan)
            scan.with_user(user).check("read")
        for user in (
            self.user_internal,
            self.user_accountant,
            self.user_auditor,
            self.user_portal,
        ):
            self.env.invalidate_all()
            with self.assertRaises(AccessError, msg=user.login):
                scan.with_user(user).read(["name"])
            self.env.invalidate_all()
            with self.assertRaises(AccessError, msg=user.login):
                scan.with_user(user).read(["raw"])
            with self.assertRaises(AccessError, msg=user.login):
                scan.with_user(user).check("read")
            # /web/content/<id>
            self.env.invalidate_all()
            with self.assertRaises(AccessError, msg=user.login):
                binary = self.env["ir.binary"].with_user(user)
                binary._get_stream_from(binary._find_record(res_id=scan.id))
            if user == self.user_portal:
                # no access to attachments at all, outside of access tokens
                with self.assertRaises(AccessError):
                    Attachment.with_user(user).search(domain)
                continue
            self.assertFalse(Attachment.with_user(user).search(domain), user.login)
            self.assertFalse(
                Attachment.with_user(user).search([("name", "=", "ID scan")]),
                user.login,
            )
            self.assertFalse(
                Attachment.with_user(user).search_read(domain, ["name"]), user.login
            )
            self.assertFalse(
                Attachment.with_user(user).read_group(domain, ["__count"], ["name"]),
                user.login,
            )
            # what mail does with the files of a message it forwards
            self.assertFalse(
                Attachment.with_user(user)._filter_attachment_access(scan.ids),
                user.login,
            )

    def test_id_scan_posted_in_the_chatter_is_read_by_hotel_staff_only(self):
        message = self.gina.with_user(self.user_front_desk).message_post(
            body="Passport checked", attachments=[("scan.pdf", b"passport")]
        )
        scan = message.attachment_ids
        self.assertEqual((scan.res_model, scan.res_id), ("res.partner", self.gina.id))
        self.env.invalidate_all()
        self.assertEqual(scan.with_user(self.user_front_desk).raw, b"passport")
        for user in (self.user_internal, self.user_accountant, self.user_auditor):
            # the message itself is the contact's chatter, which they read
            self.env.invalidate_all()
            self.assertTrue(message.with_user(user).read(["body"]))
            self.env.invalidate_all()
            with self.assertRaises(AccessError, msg=user.login):
                scan.with_user(user).read(["name", "raw"])
            self.env.invalidate_all()
            with self.assertRaises(AccessError, msg=user.login):
                binary = self.env["ir.binary"].with_user(user)
                binary._get_stream_from(binary._find_record(res_id=scan.id))
            self.assertFalse(
                self.env["ir.attachment"]
                .with_user(user)
                .search([("id", "in", scan.ids)]),
                user.login,
            )

    def test_files_of_other_contacts_stay_readable(self):
        Attachment = self.env["ir.attachment"]
        contract = Attachment.with_user(self.user_front_desk).create(
            {
                "name": "Contract",
                "raw": b"signed",
                "res_model": "res.partner",
                "res_id": self.plain_contact.id,
            }
        )
        domain = [
            ("res_model", "=", "res.partner"),
            ("res_id", "=", self.plain_contact.id),
        ]
        for user in (self.user_internal, self.user_accountant, self.user_auditor):
            self.env.invalidate_all()
            self.assertEqual(
                contract.with_user(user).read(["raw"])[0]["raw"], b"signed"
            )
            self.assertEqual(Attachment.with_user(user).search(domain), contract)

    # ------------------------------------------------------------------
    # actions
    # ------------------------------------------------------------------

    def test_hotel_staff_view_the_duplicates(self):
        expected = self.gina | self.dup_email | self.dup_phone | self.dup_id
        for user in (self.user_front_desk, self.user_relations, self.user_manager):
            self.env.invalidate_all()
            action = self._as(user).action_hotel_view_duplicates()
            self.assertEqual(action["res_model"], "res.partner")
            self.assertEqual(len(action["domain"]), 1)
            fname, operator, ids = action["domain"][0]
            self.assertEqual((fname, operator), ("id", "in"))
            self.assertEqual(set(ids), set(expected.ids))
            self.assertEqual(
                self.env["res.partner"].with_user(user).search(action["domain"]),
                expected,
            )

    def test_others_cannot_view_the_duplicates(self):
        """The possible duplicates are found by ID number and phone, which
        only hotel staff read: nobody else gets the list, for any contact."""
        problems = []
        for user in (
            self.user_internal,
            self.user_accountant,
            self.user_auditor,
            self.user_portal,
        ):
            for contact in (self.gina, self.acme, self.plain_contact, self.dup_email):
                # a fresh request, as the client's button makes
                self.env.invalidate_all()
                try:
                    action = contact.with_user(user).action_hotel_view_duplicates()
                except AccessError:
                    continue
                problems.append(
                    f"{user.login} views the duplicates of {contact.name}: "
                    f"{action['domain']}"
                )
        self.assertFalse(problems, "\n".join(problems))

    # ------------------------------------------------------------------
    # the stay: override reason, guest alerts, credit warning
    # ------------------------------------------------------------------

    def test_restriction_override_reason_is_for_hotel_staff(self):
        stay = self.stay_booked
        for user in (self.user_front_desk, self.user_relations, self.user_manager):
            self.env.invalidate_all()
            self.assertEqual(
                stay.with_user(user).read(["restriction_override_reason"])[0][
                    "restriction_override_reason"
                ],
                "Paid the cleaning in advance",
            )
        as_accountant = stay.with_user(self.user_accountant)
        self.env.invalidate_all()
        self.assertEqual(as_accountant.read(["name"])[0]["name"], stay.name)
        with self.assertRaises(AccessError):
            as_accountant.read(["restriction_override_reason"])
        with self.assertRaises(AccessError):
            as_accountant.search_read(
                [("id", "=", stay.id)], ["restriction_override_reason"]
            )
        with self.assertRaises(AccessError):
            as_accountant.export_data(["restriction_override_reason"])
        with self.assertRaises(AccessError):
            self.env["hotel.stay"].with_user(self.user_accountant).search(
                [("restriction_override_reason", "!=", False)]
            )
        self.assertNotIn(
            "restriction_override_reason",
            self.env["hotel.stay"].with_user(self.user_accountant).fields_get(),
        )

    def test_stay_shows_the_guest_alerts_by_the_guest_file_groups(self):
        stay = self.stay_booked
        for_everyone = {
            "guest_allergy_summary": "Peanuts",
            "guest_vip": True,
            "guest_do_not_disclose": True,
        }
        for_staff = {
            "guest_vip_note": "Chairs the board of Acme",
            "guest_is_restricted": True,
            "guest_restriction_reason": "Smoked in the room",
            "guest_restricted_until": date(2099, 12, 31),
        }
        for user in (self.user_front_desk, self.user_accountant):
            for fname, value in for_everyone.items():
                self.env.invalidate_all()
                self.assertEqual(
                    stay.with_user(user).read([fname])[0][fname], value, fname
                )
        for fname, value in for_staff.items():
            self.env.invalidate_all()
            self.assertEqual(
                stay.with_user(self.user_front_desk).read([fname])[0][fname], value
            )
            self.env.invalidate_all()
            with self.assertRaises(AccessError, msg=fname):
                stay.with_user(self.user_accountant).read([fname])
        # the guest's file through the stay's guest, as the form opens it
        as_accountant = stay.with_user(self.user_accountant)
        self.env.invalidate_all()
        values = as_accountant.web_read(
            {"partner_id": {"fields": {"guest_vip": {}, "guest_stay_count": {}}}}
        )[0]["partner_id"]
        self.assertEqual((values["guest_vip"], values["guest_stay_count"]), (True, 1))
        for fname in ("guest_id_number", "guest_vip_note", "guest_restriction_reason"):
            self.env.invalidate_all()
            with self.assertRaises(AccessError, msg=fname):
                as_accountant.web_read({"partner_id": {"fields": {fname: {}}}})

    def test_stay_export_keeps_the_guest_alerts_of_hotel_staff(self):
        stay = self.stay_booked
        as_accountant = stay.with_user(self.user_accountant)
        self.env.invalidate_all()
        self.assertEqual(
            as_accountant.export_data(["name", "guest_vip"])["datas"],
            [[stay.name, True]],
        )
        problems = []
        for fname in (
            "guest_vip_note",
            "guest_is_restricted",
            "guest_restriction_reason",
            "guest_restricted_until",
            "partner_id/guest_id_number",
            "partner_id/guest_restriction_reason",
        ):
            self.env.invalidate_all()
            try:
                datas = as_accountant.export_data([fname])["datas"]
            except AccessError:
                continue
            problems.append(f"the accountant exports {fname} of a stay: {datas!r}")
        self.assertFalse(problems, "\n".join(problems))

    def _credit_limit_stay(self):
        self.company.account_use_credit_limit = True
        tight = self.env["res.partner"].create(
            {"name": "Tight Corp", "is_company": True, "guest_corporate_account": True}
        )
        tight.with_company(self.company).credit_limit = 300.0
        guest = self._hotel_create_guest("Tim Tight", parent_id=tight.id)
        self.init_invoice(
            "out_invoice", partner=tight, amounts=[200.0], taxes=[], post=True
        )
        # 2 x 120 on top of 200 open, over a limit of 300
        return self._stay(guest=guest, nights=2, start=date(2027, 1, 10))

    def test_credit_warning_shows_amounts_to_accountants_only(self):
        stay = self._credit_limit_stay()
        sentence = "Tight Corp would exceed its credit limit with this stay."
        amounts = (
            "Tight Corp has reached its credit limit of: $\N{NO-BREAK SPACE}300.00\n"
            "Total amount due (including this document): $\N{NO-BREAK SPACE}440.00"
        )
        for user, warning in (
            (self.user_front_desk, sentence),
            (self.user_manager, sentence),
            (self.user_accountant, amounts),
            (self.user_front_desk, sentence),
        ):
            self.env.invalidate_all()
            self.assertEqual(
                stay.with_user(user).read(["credit_limit_warning"])[0][
                    "credit_limit_warning"
                ],
                warning,
                user.login,
            )
