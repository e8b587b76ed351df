import re
from collections import defaultdict

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.osv import expression
from odoo.tools import SQL, create_index, format_date
from odoo.tools.sql import column_exists

HOTEL_STAFF = "hotel_crm.group_hotel_user"
DUPLICATE_KEYS = ("email_normalized", "guest_phone_key", "guest_id_number")
# Whether a contact counts among the possible duplicates: an active guest
# file that is not anonymized.
GUEST_FILE_STATE = ("active", "is_hotel_guest", "guest_anonymized")
# The fields whose writes change a key (computed from the e-mail and the phone
# numbers) or that state.
DUPLICATE_TRIGGERS = frozenset(
    (*DUPLICATE_KEYS, *GUEST_FILE_STATE, "email", "phone", "mobile")
)
# Odoo has no index on the normalized e-mail: the module creates it (and drops
# it when it is uninstalled, see hooks.py).
EMAIL_INDEX = "res_partner_hotel_crm_email_normalized_index"
# What a partner merge never takes from the merged-away files: the survivor's
# own consent and erasure stand.
SURVIVOR_FIELDS = (
    "guest_marketing_consent",
    "guest_marketing_consent_date",
    "guest_anonymized",
    "guest_anonymized_date",
)


def _guest_file_sql(alias):
    """SQL: the partner ``alias`` counts among the possible duplicates."""
    return SQL(
        "(%(active)s IS TRUE AND %(guest)s IS TRUE AND %(anonymized)s IS NOT TRUE)",
        active=SQL.identifier(alias, "active"),
        guest=SQL.identifier(alias, "is_hotel_guest"),
        anonymized=SQL.identifier(alias, "guest_anonymized"),
    )


def _has_twin_sql(alias, twin_condition):
    """SQL: another partner ``twin`` that meets ``twin_condition`` shares the
    e-mail, phone or ID number of the partner ``alias``; one index lookup per
    key."""
    return SQL(" OR ").join(
        SQL(
            "(%(key)s <> '' AND EXISTS (SELECT 1 FROM res_partner twin "
            "WHERE %(twin_key)s = %(key)s AND twin.id <> %(id)s AND %(condition)s))",
            key=SQL.identifier(alias, fname),
            twin_key=SQL.identifier("twin", fname),
            id=SQL.identifier(alias, "id"),
            condition=twin_condition,
        )
        for fname in DUPLICATE_KEYS
    )


class ResPartner(models.Model):
    """Possible duplicate guest files, and what Odoo's partner merge does with
    them."""

    _inherit = "res.partner"

    guest_phone_key = fields.Char(
        compute="_compute_guest_phone_key",
        store=True,
        index=True,
        groups=HOTEL_STAFF,
        help="Digits of the phone (or mobile) number, to find duplicate guests.",
    )
    guest_duplicate_count = fields.Integer(
        string="Possible Duplicates",
        compute="_compute_guest_duplicate_count",
        search="_search_guest_duplicate_count",
        groups=HOTEL_STAFF,
    )
    guest_duplicate_ids = fields.Many2many(
        "res.partner",
        string="Possible Duplicates Found",
        compute="_compute_guest_duplicate_count",
        groups=HOTEL_STAFF,
        help="Guest files with the same e-mail, phone or ID number, found while "
        "the file is entered.",
    )
    # Set by the module on every change of a key or of what makes a guest file
    # count (create, write, unlink, merge, anonymization): TRUE or empty, never
    # FALSE, so that its index holds the few flagged guests only. The Possible
    # Duplicates filter starts from it instead of grouping every guest.
    guest_has_duplicates = fields.Boolean(
        string="Has Possible Duplicates",
        readonly=True,
        copy=False,
        index="btree_not_null",
        groups=HOTEL_STAFF,
        help="Another active guest file, not anonymized, has the same e-mail, "
        "phone or ID number.",
    )

    def _auto_init(self):
        new_flag = not column_exists(self.env.cr, self._table, "guest_has_duplicates")
        res = super()._auto_init()
        if new_flag:
            # the existing partners' flags, once the keys are computed
            self.pool.post_init(self._hotel_fill_duplicate_flags)
        return res

    def init(self):
        res = super().init()
        create_index(
            self.env.cr,
            EMAIL_INDEX,
            self._table,
            ["email_normalized"],
            where="email_normalized IS NOT NULL",
        )
        return res

    @api.depends("phone", "mobile")
    def _compute_guest_phone_key(self):
        for partner in self:
            digits = re.sub(r"\D", "", partner.phone or partner.mobile or "")
            # the last nine digits ignore country prefixes and leading zeros
            partner.guest_phone_key = digits[-9:] if len(digits) >= 6 else False

    def _guest_duplicates_by_partner(self):
        """Map each partner of ``self`` to the other guests that share its
        e-mail, phone or ID number: one search for the whole batch, matched
        through a map of the keys. The keys are read with the user's rights
        (hotel staff only)."""
        keys = [
            (fname, set(self.mapped(fname)) - {False, ""}) for fname in DUPLICATE_KEYS
        ]
        keys = [(fname, values) for fname, values in keys if values]
        result = {partner.id: self.browse() for partner in self}
        if not keys:
            return result
        domain = expression.AND(
            [
                [("is_hotel_guest", "=", True), ("guest_anonymized", "=", False)],
                expression.OR(
                    [[(fname, "in", list(values))] for fname, values in keys]
                ),
            ]
        )
        if not self.env.su:
            # only the guest files the user may read: another hotel's guests
            # are not this user's to see (nor to be told of); the keys
            # themselves are matched with the superuser's rights
            readable = self.with_context(active_test=False)._search([])
            domain = expression.AND([domain, [("id", "in", readable)]])
        # the twins with the columns reading their keys would prefetch (the
        # form lists them with their name, e-mail, phone...): one query
        candidates = self.sudo().search_fetch(
            domain,
            [
                fname
                for fname, field in self._fields.items()
                if field.prefetch is True and field.column_type
            ],
        )
        position = {candidate_id: i for i, candidate_id in enumerate(candidates.ids)}
        by_key = defaultdict(list)
        for candidate in candidates:
            for fname, _values in keys:
                if candidate[fname]:
                    by_key[fname, candidate[fname]].append(candidate.id)
        for partner in self.sudo():
            # a file being entered (not saved yet) is compared too
            found = {
                candidate_id
                for fname, _values in keys
                if partner[fname]
                for candidate_id in by_key.get((fname, partner[fname]), ())
            }
            found.discard(partner._origin.id)
            result[partner.id] = self.browse(sorted(found, key=position.get))
        return result

    @api.depends(*DUPLICATE_KEYS, *GUEST_FILE_STATE, "guest_has_duplicates")
    def _compute_guest_duplicate_count(self):
        self._hotel_check_read("guest_duplicate_count")
        # a saved guest file without the flag has no twin (most guest files):
        # nothing to search for; a file being entered, or a partner that is
        # no guest file (archived...), is compared with the guest files
        unflagged = self.sudo().filtered(
            lambda p: (
                isinstance(p.id, int)
                and not p.guest_has_duplicates
                and p.active
                and p.is_hotel_guest
                and not p.guest_anonymized
            )
        )
        duplicates = (self - unflagged)._guest_duplicates_by_partner()
        for partner in self:
            found = duplicates.get(partner.id, self.browse())
            partner.guest_duplicate_count = len(found)
            partner.guest_duplicate_ids = found

    def _search_guest_duplicate_count(self, operator, value):
        """Only "has duplicates" (> 0) and "has none" (= 0) are supported.
        The flagged guests (an index) whose twin the user may read: another
        hotel's guests are not this user's to be told of."""
        if (operator, value) not in ((">", 0), ("=", 0), ("!=", 0)):
            raise UserError(self.env._("Operation not supported"))
        domain = [("guest_has_duplicates", "=", True)]
        if not self.env.su and self._hotel_flagged_guests_hidden():
            # joins of the flagged guests on each key (a few rows of an index),
            # not a lookup per guest
            readable = self.with_context(active_test=False)._search(domain)
            twins = SQL(" UNION ALL ").join(
                SQL(
                    "SELECT partner.id FROM res_partner partner "
                    "JOIN res_partner twin ON %(twin_key)s = %(key)s "
                    "AND twin.id <> partner.id "
                    "WHERE partner.guest_has_duplicates AND %(key)s <> '' "
                    "AND twin.guest_has_duplicates AND twin.id IN %(readable)s",
                    key=SQL.identifier("partner", fname),
                    twin_key=SQL.identifier("twin", fname),
                    readable=readable.subselect(),
                )
                for fname in DUPLICATE_KEYS
            )
            domain.append(("id", "in", SQL("(%s)", twins)))
        if operator == "=":
            return ["!", *expression.normalize_domain(domain)]
        return domain

    @api.model
    def _hotel_flagged_guests_hidden(self):
        """Whether the user may not read some of the flagged guests (another
        hotel's): only then must each flagged guest's twins be joined, to
        keep those the user can read. Flags are mutual, so when every flagged
        guest is readable, so is every twin: one lookup in the flag's index
        instead of the joins (a single hotel, a chain manager)."""
        flagged = [("guest_has_duplicates", "=", True)]
        Partner = self.with_context(active_test=False)
        self.env.cr.execute(
            SQL(
                "SELECT EXISTS(%s EXCEPT %s)",
                Partner.sudo()._search(flagged).select(),
                Partner._search(flagged).select(),
            )
        )
        return self.env.cr.fetchone()[0]

    # ------------------------------------------------------------------
    # The possible-duplicate flag
    # ------------------------------------------------------------------

    @api.model_create_multi
    def create(self, vals_list):
        partners = super().create(vals_list)
        partners.sudo().filtered("is_hotel_guest")._hotel_sync_duplicate_flags()
        return partners

    def write(self, vals):
        if DUPLICATE_TRIGGERS.isdisjoint(vals):
            return super().write(vals)
        # the values the guests had: their former twins may have lost theirs
        guests = self.sudo().filtered("is_hotel_guest")
        former = guests._hotel_duplicate_key_values()
        res = super().write(vals)
        if guests or vals.get("is_hotel_guest"):
            self.sudo()._hotel_sync_duplicate_flags(former)
        return res

    def unlink(self):
        guests = self.sudo().filtered("is_hotel_guest")
        former = guests._hotel_duplicate_key_values()
        res = super().unlink()
        if guests:
            self.browse()._hotel_sync_duplicate_flags(former)
        return res

    def _hotel_duplicate_key_values(self):
        """``{key: values}`` of the partners of ``self``."""
        return {
            fname: set(self.mapped(fname)) - {False, ""} for fname in DUPLICATE_KEYS
        }

    def _hotel_sync_duplicate_flags(self, former=None):
        """Recompute the possible-duplicate flag of the partners of ``self``
        and of every partner that has one of their keys, as they are now or as
        in ``former`` (``{key: values}`` before a change): one query for the
        batch, through the indexes of the keys."""
        Partner = self.env["res.partner"].sudo()
        Partner.flush_model([*DUPLICATE_KEYS, *GUEST_FILE_STATE])
        partners = self.sudo()
        values = partners._hotel_duplicate_key_values()
        for fname, former_values in (former or {}).items():
            values[fname] |= former_values
        touched = [SQL("SELECT id FROM res_partner WHERE id = ANY(%s)", partners.ids)]
        touched += [
            SQL(
                "SELECT id FROM res_partner WHERE %s = ANY(%s)",
                SQL.identifier(fname),
                sorted(values[fname]),
            )
            for fname in DUPLICATE_KEYS
            if values[fname]
        ]
        self.env.cr.execute(
            SQL(
                """
                WITH touched AS (%(touched)s),
                flag AS (
                    SELECT partner.id,
                           CASE WHEN %(guest_file)s AND (%(has_twin)s) THEN TRUE END
                               AS value
                      FROM res_partner partner
                      JOIN touched ON touched.id = partner.id
                )
                UPDATE res_partner
                   SET guest_has_duplicates = flag.value
                  FROM flag
                 WHERE res_partner.id = flag.id
                   AND res_partner.guest_has_duplicates IS DISTINCT FROM flag.value
             RETURNING res_partner.id
                """,
                touched=SQL(" UNION ").join(touched),
                guest_file=_guest_file_sql("partner"),
                has_twin=_has_twin_sql("partner", _guest_file_sql("twin")),
            )
        )
        changed = [row[0] for row in self.env.cr.fetchall()]
        Partner.browse(changed).invalidate_recordset(
            ["guest_has_duplicates"], flush=False
        )

    @api.model
    def _hotel_fill_duplicate_flags(self):
        """Set the possible-duplicate flag of every partner, set-based (when
        the module is installed on an existing database, and daily: the
        twins two clerks entered at the same moment)."""
        self.flush_model([*DUPLICATE_KEYS, *GUEST_FILE_STATE])
        shared = SQL(" UNION ").join(
            SQL(
                "SELECT id FROM guest WHERE %(key)s IN (SELECT %(key)s FROM guest "
                "WHERE %(key)s <> '' GROUP BY %(key)s HAVING count(*) > 1)",
                key=SQL.identifier(fname),
            )
            for fname in DUPLICATE_KEYS
        )
        self.env.cr.execute(
            SQL(
                """
                WITH guest AS MATERIALIZED (
                    SELECT partner.id, %(keys)s
                      FROM res_partner partner
                     WHERE %(guest_file)s
                ),
                twin AS (%(shared)s),
                flag AS (
                    -- joins, not "IN (subquery)" per row: whatever the
                    -- number of guests and the memory PostgreSQL is given
                    SELECT partner.id,
                           CASE WHEN twin.id IS NOT NULL THEN TRUE END AS value
                      FROM res_partner partner
                 LEFT JOIN twin ON twin.id = partner.id
                )
                UPDATE res_partner
                   SET guest_has_duplicates = flag.value
                  FROM flag
                 WHERE flag.id = res_partner.id
                   AND res_partner.guest_has_duplicates IS DISTINCT FROM flag.value
                """,
                keys=SQL(", ").join(
                    SQL.identifier("partner", fname) for fname in DUPLICATE_KEYS
                ),
                guest_file=_guest_file_sql("partner"),
                shared=shared,
            )
        )
        self.invalidate_model(["guest_has_duplicates"], flush=False)
        # the planner learns how few guests are flagged
        self.env.cr.execute(SQL("ANALYZE %s", SQL.identifier(self._table)))

    def action_hotel_view_duplicates(self):
        self.ensure_one()
        self.check_access("read")
        # the keys are hotel staff's to read (groups=), and so are their matches
        self.check_field_access_rights(
            "read", [*DUPLICATE_KEYS[1:], "guest_duplicate_count"]
        )
        duplicates = self._guest_duplicates_by_partner()[self.id]
        return {
            "name": self.env._(
                "Possible Duplicates of %(guest)s", guest=self.display_name
            ),
            "type": "ir.actions.act_window",
            "res_model": "res.partner",
            "view_mode": "list,form",
            "views": [
                (
                    self.env.ref("hotel_crm.res_partner_view_list_hotel_guest").id,
                    "list",
                ),
                (False, "form"),
            ],
            "domain": [("id", "in", (self | duplicates).ids)],
            "help": self.env._(
                "Select the files of the same person and use Actions > Merge to "
                "keep one guest file with all its history."
            ),
        }

    # ------------------------------------------------------------------
    # Partner merge (base.partner.merge.automatic.wizard)
    # ------------------------------------------------------------------

    def _hotel_are_guest_persons(self):
        """Whether every partner of ``self`` is the guest file of a person:
        a hotel guest that is not a company, not the contact of a company of
        the database and not the contact of a user."""
        partners = self.sudo().with_context(active_test=False)
        return (
            all(partners.mapped("is_hotel_guest"))
            and not any(partners.mapped("is_company"))
            and not partners.user_ids
            and not self.env["res.company"]
            .sudo()
            .with_context(active_test=False)
            .search_count([("partner_id", "in", partners.ids)], limit=1)
        )

    def _hotel_check_merge(self, src_partners):
        """Before the merge moves anything: merging guest files is a guest
        file change (hotel staff); a restriction in force on any of them moves
        to the survivor, which only its managers may do (the restriction
        model's access rights); and one person cannot be in two stays at once.
        An anonymized guest file is never merged (it would take someone's
        data again, or give its history to someone)."""
        self.ensure_one()
        partners = self | src_partners
        partners._hotel_check_not_anonymized()
        if any(partners.sudo().mapped("is_hotel_guest")):
            self._hotel_check_guest_file_rights()
        partners._hotel_check_restriction_rights()
        stays = (
            self.env["hotel.stay"]
            .sudo()
            .search(
                [
                    ("partner_id", "in", partners.ids),
                    ("state", "in", ("booked", "checked_in", "checked_out")),
                ],
                order="check_in_date, id",
            )
        )
        previous = None
        for stay in stays:
            if previous and stay.check_in_date < previous.check_out_date:
                raise UserError(
                    self.env._(
                        "These guest files cannot be merged: the stays %(first)s "
                        "(%(first_start)s to %(first_end)s) and %(second)s "
                        "(%(second_start)s to %(second_end)s) overlap, and one "
                        "person cannot stay twice at the same time. Cancel one of "
                        "them first.",
                        first=previous.name,
                        first_start=format_date(self.env, previous.check_in_date),
                        first_end=format_date(self.env, previous.check_out_date),
                        second=stay.name,
                        second_start=format_date(self.env, stay.check_in_date),
                        second_end=format_date(self.env, stay.check_out_date),
                    )
                )
            if not previous or stay.check_out_date > previous.check_out_date:
                previous = stay
        in_house = stays.filtered(lambda s: s.state == "checked_in")
        if len(in_house) > 1:
            raise UserError(
                self.env._(
                    "These guest files cannot be merged: the stays %(first)s and "
                    "%(second)s are both checked in, and one person sleeps in one "
                    "room at a time. Check one of them out first.",
                    first=in_house[0].name,
                    second=in_house[1].name,
                )
            )
        return True

    def _hotel_absorb_guest_files(self, src_partners):
        """Partner merge: ``self`` survives ``src_partners``. It keeps its own
        guest code, or takes over the first code of the merged guests; its
        own consent and erasure stand. Preferences, restrictions and stays
        followed through the foreign keys that the merge rewrote."""
        self.ensure_one()
        src_partners = src_partners.sudo()
        target = self.sudo()
        self.env.invalidate_all()
        donor = src_partners.filtered("guest_code")[:1]
        if donor and not target.guest_code:
            code = donor.guest_code
            donor.write({"guest_code": False})
            donor.flush_recordset(["guest_code"])
            target.write({"guest_code": code, "is_hotel_guest": True})
        self.env.add_to_compute(self._fields["guest_allergy_summary"], target)
        # The merge copies into the survivor the values of the merged-away files
        # (which it then deletes): give them the survivor's own consent and
        # erasure first, so that those stand.
        src_partners.with_context(tracking_disable=True).write(
            {
                fname: target._fields[fname].convert_to_write(target[fname], target)
                for fname in SURVIVOR_FIELDS
            }
        )
        return True
