"""The benchmark's operations, one function each, with their targets (issue 9)
and their raw-SQL or plain-Odoo references. Each runs as the web client or
the front desk would run it: the list views' first page (80 records) with
their count, the forms' ``web_read`` with the fields the views show, the
desk's buttons on 1,000 stays. ``registry.py`` explains how to add one.

Run functions take ``(bench, env, state)``: ``bench`` is ``measure.Bench``,
``env`` the operation's user's environment, ``state`` what the setup
returned. Setups run in the same savepoint, unmeasured.
"""

from datetime import date, timedelta

from .registry import Target, operation

BATCH = 1000  # stays per desk operation
GUEST_VIEWS = "hotel_crm.res_partner_action_hotel_guest"
STAY_VIEWS = "hotel_crm.hotel_stay_action"
GUEST_LIST = "hotel_crm.res_partner_view_list_hotel_guest"
GUEST_FORM = "hotel_crm.res_partner_view_form_hotel_guest"
STAY_LIST = "hotel_crm.hotel_stay_view_list"
GUEST_CONTEXT = {"default_is_hotel_guest": True, "default_is_company": False}
PARTNER_RULE = "p.active AND p.is_hotel_guest AND (p.company_id IS NULL OR p.company_id = %(company)s)"


def _list(bench, env, model, action, filter_name, view, context=None):
    domain = bench.filter_domain(env, action, filter_name)
    spec = bench.spec(env, model, view, "list")
    return bench.web_search_read(env, model, domain, spec, context)


def _sql_page(bench, env, query, order, **params):
    """(count up to 10,001, first 80 ids) of a raw query of ids, as a list
    view shows them."""
    params = {"company": bench.main.id, "today": bench.today, **params}
    env.cr.execute(
        f"SELECT COUNT(*) FROM (SELECT 1 FROM ({query}) q LIMIT 10001) c", params
    )
    count = env.cr.fetchone()[0]
    env.cr.execute(f"SELECT q.id FROM ({query}) q ORDER BY {order} LIMIT 80", params)
    return count, [row[0] for row in env.cr.fetchall()]


def _guest_page(bench, env, where, **params):
    return _sql_page(
        bench, env,
        f"SELECT p.id, p.complete_name FROM res_partner p WHERE {PARTNER_RULE} AND ({where})",
        "q.complete_name, q.id DESC", **params,
    )  # fmt: skip


def _stay_page(bench, env, where, **params):
    return _sql_page(
        bench, env,
        f"SELECT s.id, s.check_in_date FROM hotel_stay s WHERE s.company_id = %(company)s AND ({where})",
        "q.check_in_date DESC, q.id DESC", **params,
    )  # fmt: skip


# -- the desk's and the accountants' work on 1,000 stays ----------------------


def _stay_vals(bench, guests, start, nights=2, **extra):
    room = bench.env["hotel.room.type"].search(
        [("company_id", "=", bench.main.id), ("code", "=", "DBL")], limit=1
    )
    return [
        {
            "partner_id": guest,
            "room_type_id": room.id,
            "check_in_date": start,
            "check_out_date": start + timedelta(days=nights),
            "channel": "phone",
            **extra,
        }
        for guest in guests
    ]


@operation("import_100", "Import 100 historical stays", Target(), user="manager")
def import_100(bench, env, state):
    return _import(env, state)


@operation(
    "import_1000",
    "Import 1,000 historical stays",
    # the rows are written by Odoo in statements of 100 rows (INSERT, then
    # UPDATE of their computed columns): nothing else grows with the rows
    Target(ms=2000, same_queries_as="import_100", except_kinds=("INSERT", "UPDATE")),
    user="manager",
)
def import_1000(bench, env, state):
    return _import(env, state)


def _import_setup(count):
    def setup(bench, env):
        start = date(2012, 1, 1)
        # both imports have guests of corporate clients (billed to them)
        guests = bench.free_guests(
            bench.size(count), start, start + timedelta(days=14), employees_first=True
        )
        fields = [
            "partner_id/.id",
            "room_type_id/.id",
            "check_in_date",
            "check_out_date",
            "state",
            "channel",
        ]
        room = bench.env["hotel.room.type"].search(
            [("company_id", "=", bench.main.id)], limit=1
        )
        rows = [
            [str(g), str(room.id), str(start + timedelta(days=i % 10)),
             str(start + timedelta(days=i % 10 + 3)), "checked_out", "website"]
            for i, g in enumerate(guests)
        ]  # fmt: skip
        return fields, rows

    return setup


import_100.setup(_import_setup(100))
import_1000.setup(_import_setup(BATCH))


def _import(env, state):
    fields, rows = state
    # as the web client's import calls it
    result = env["hotel.stay"].with_context(import_file=True).load(fields, rows)
    errors = [m for m in result["messages"] if m.get("type") == "error"]
    if errors or len(result["ids"]) != len(rows):
        raise RuntimeError(f"the import failed: {errors[:3]}")
    return len(result["ids"])


@operation("create_1000", "Create 1,000 stays", Target(ms=1500), user="desk")
def create_1000(bench, env, state):
    return len(env["hotel.stay"].create(state))


@create_1000.setup
def _create_setup(bench, env):
    start = bench.today + timedelta(days=400)
    guests = bench.free_guests(bench.size(BATCH), start, start + timedelta(days=3))
    return _stay_vals(bench, guests, start)


@operation(
    "check_in_1000", "Check-in 1,000 (arriving today)", Target(ms=1500), user="desk"
)
def check_in_1000(bench, env, state):
    env["hotel.stay"].browse(state).action_check_in()
    return len(state)


@check_in_1000.setup
def _check_in_setup(bench, env):
    guests = bench.free_guests(
        bench.size(BATCH), bench.today, bench.today + timedelta(days=3)
    )
    return bench.env["hotel.stay"].create(_stay_vals(bench, guests, bench.today)).ids


@operation(
    "check_out_1000", "Check-out 1,000 (departing today)", Target(ms=1500), user="desk"
)
def check_out_1000(bench, env, state):
    # the Check Out button's context
    stays = env["hotel.stay"].with_context(hotel_settle_at_check_out=True).browse(state)
    stays.action_check_out()
    return len(state)


@check_out_1000.setup
def _check_out_setup(bench, env):
    start = bench.today - timedelta(days=2)
    guests = bench.free_guests(bench.size(BATCH), start, bench.today)
    vals = _stay_vals(bench, guests, start, state="checked_in")
    return bench.env["hotel.stay"].create(vals).ids


@operation(
    "invoice_1000",
    "Create invoices for 1,000 stays",
    Target(query_ratio=1.05),
    user="manager",
)
def invoice_1000(bench, env, state):
    stays = env["hotel.stay"].browse(state["stays"])
    stays.action_create_invoices()
    return _invoice_figures(env, stays.invoice_ids)


@invoice_1000.setup
def _invoice_setup(bench, env):
    """Checked-out stays to invoice, and the same invoices' values for plain
    Odoo (the same partners, products, descriptions, prices and taxes)."""
    stays = bench.env["hotel.stay"].search(
        [("company_id", "=", bench.main.id), ("invoice_status", "=", "to_invoice")],
        limit=bench.size(BATCH),
        order="id",
    )
    plain = [
        {
            "move_type": "out_invoice",
            "partner_id": stay.billing_partner_id.id,
            "invoice_origin": stay.name,
            "invoice_line_ids": [
                (
                    0,
                    0,
                    {
                        "product_id": line.product_id.id,
                        "name": f"{line.name} ({stay.name})",
                        "quantity": line.quantity,
                        "price_unit": line.price_unit,
                        "tax_ids": [(6, 0, line.tax_ids.ids)],
                    },
                )
                for line in stay.line_ids
            ],
        }
        for stay in stays
    ]
    return {"stays": stays.ids, "plain": plain}


@invoice_1000.reference(kind="odoo")
def _invoice_plain(bench, env, state):
    return _invoice_figures(env, env["account.move"].create(state["plain"]))


def _invoice_figures(env, moves):
    return len(moves), round(sum(moves.mapped("amount_total")), 2)


# -- guest lists --------------------------------------------------------------


@operation(
    "guest_list_long_stay",
    "Guest list, Long-Stay Guests filter",
    Target(ms=50),
    user="desk",
)
def guest_list_long_stay(bench, env, state):
    return _list(
        bench, env, "res.partner", GUEST_VIEWS, "long_stay", GUEST_LIST, GUEST_CONTEXT
    )


@guest_list_long_stay.reference
def _long_stay_sql(bench, env, state):
    company = bench.main
    where = """p.id IN (
        SELECT partner_id FROM (
            SELECT partner_id, check_out_date - check_in_date AS nights,
                   SUM(starts) OVER (PARTITION BY partner_id ORDER BY check_in_date) AS chain
              FROM (SELECT partner_id, check_in_date, check_out_date,
                           CASE WHEN check_in_date = LAG(check_out_date) OVER (
                               PARTITION BY partner_id ORDER BY check_in_date) THEN 0 ELSE 1 END AS starts
                      FROM hotel_stay
                     WHERE state IN ('checked_in', 'checked_out') AND company_id = %(company)s) s
        ) c GROUP BY partner_id, chain HAVING SUM(nights) >= %(nights)s
        UNION
        SELECT partner_id FROM hotel_stay
         WHERE state IN ('checked_in', 'checked_out') AND company_id = %(company)s
           AND check_in_date >= %(since)s
      GROUP BY partner_id HAVING SUM(nights) >= %(window_nights)s)"""
    return _guest_page(
        bench, env, where,
        nights=company.hotel_long_stay_nights,
        window_nights=company.hotel_long_stay_window_nights,
        since=bench.today - timedelta(days=company.hotel_long_stay_window_days),
    )  # fmt: skip


@operation(
    "guest_list_duplicates",
    "Guest list, Possible Duplicates filter",
    Target(ms=50),
    user="desk",
)
def guest_list_duplicates(bench, env, state):
    return _list(
        bench,
        env,
        "res.partner",
        GUEST_VIEWS,
        "possible_duplicates",
        GUEST_LIST,
        GUEST_CONTEXT,
    )


@guest_list_duplicates.reference
def _duplicates_sql(bench, env, state):
    shared = " OR ".join(
        f"""p.{key} IN (SELECT {key} FROM res_partner
                         WHERE active AND is_hotel_guest AND NOT COALESCE(guest_anonymized, FALSE)
                           AND {key} IS NOT NULL GROUP BY {key} HAVING COUNT(*) > 1)"""
        for key in ("email_normalized", "guest_phone_key", "guest_id_number")
    )
    return _guest_page(
        bench, env, f"NOT COALESCE(p.guest_anonymized, FALSE) AND ({shared})"
    )


@operation(
    "guest_list_restricted", "Guest list, Restricted filter", Target(), user="desk"
)
def guest_list_restricted(bench, env, state):
    return _list(
        bench, env, "res.partner", GUEST_VIEWS, "restricted", GUEST_LIST, GUEST_CONTEXT
    )


@guest_list_restricted.reference
def _restricted_sql(bench, env, state):
    return _guest_page(
        bench, env,
        """EXISTS (SELECT 1 FROM hotel_guest_restriction r WHERE r.partner_id = p.id AND r.active
                   AND (r.date_until IS NULL OR r.date_until >= %(today)s))""",
    )  # fmt: skip


# -- the guest form -----------------------------------------------------------


def _guest_form(bench, env, guest_id):
    spec = bench.spec(env, "res.partner", GUEST_FORM, "form")
    return len(
        env["res.partner"].with_context(**GUEST_CONTEXT).browse(guest_id).web_read(spec)
    )


def _full_file(bench, env, guest_id, rows=5):
    """The guest's whole file filled in, as a regular's is, with ``rows`` of
    each list: preferences (allergies among them) entered by the front desk,
    restrictions lifted and one in force, level changes, complaints; a level
    and the hotel's retention row. The form reads each list in one query
    whatever its length (the Odoo tier pins it)."""
    admin = bench.env_for("admin")
    categories = [
        admin.ref(f"hotel_crm.preference_category_{name}")
        for name in ("allergy", "floor", "dietary")
    ]
    levels = admin["hotel.membership.level"].search([], order="sequence", limit=2)
    env["hotel.guest.preference"].create(
        [
            {
                "partner_id": guest_id,
                "category_id": categories[i % 3].id,
                "name": f"Preference {i}",
            }
            for i in range(rows)
        ]
    )
    restrictions = admin["hotel.guest.restriction"].create(
        [
            {
                "partner_id": guest_id,
                "reason": f"Incident {i}",
                "date_from": bench.today - timedelta(days=400 - 30 * i),
            }
            for i in range(rows)
        ]
    )
    restrictions[:-1].action_lift()
    admin["hotel.membership.history"].create(
        [
            {
                "partner_id": guest_id,
                "date": bench.today - timedelta(days=700 - 30 * i),
                "old_level_id": levels[i % 2].id,
                "new_level_id": levels[(i + 1) % 2].id,
                "reason": "manual",
            }
            for i in range(rows)
        ]
    )
    guest = admin["res.partner"].sudo().browse(guest_id)
    guest.guest_level_id = levels[1]
    admin["hotel.complaint"].create(
        [
            {
                "partner_id": guest_id,
                "category_id": admin.ref("hotel_crm.hotel_complaint_category_noise").id,
                "description": f"Complaint {i}",
            }
            for i in range(rows)
        ]
    )
    # the row the daily retention pass keeps for the guest at the hotel
    admin["hotel.guest.retention"].sudo().create(
        {
            "partner_id": guest_id,
            "company_id": bench.main.id,
            "stay_count": guest.guest_stay_count,
            "segment": "champions",
            "churn_risk": "low",
        }
    )
    return guest_id


@operation(
    "guest_form_500",
    "Guest form, guest with 500 stays and a full file",
    Target(queries=20, ms=60, same_queries_as="guest_form_10"),
    user="desk",
)
def guest_form_500(bench, env, state):
    return _guest_form(bench, env, state)


@guest_form_500.setup
def _full_file_500(bench, env):
    return _full_file(bench, env, bench.info["special"]["guest_500"])


@operation(
    "guest_form_10",
    "Guest form, guest with 10 stays and a full file",
    Target(queries=20, ms=60),
    user="desk",
)
def guest_form_10(bench, env, state):
    return _guest_form(bench, env, state)


@guest_form_10.setup
def _full_file_10(bench, env):
    return _full_file(bench, env, bench.info["special"]["guest_10"])


@operation(
    "guest_duplicate_count",
    "Guest form, duplicate count of a guest",
    Target(),
    user="desk",
)
def guest_duplicate_count(bench, env, state):
    spec = {
        "guest_duplicate_count": {},
        "guest_duplicate_ids": {"fields": {"display_name": {}}},
    }
    [values] = env["res.partner"].browse(state).web_read(spec)
    return values["guest_duplicate_count"]


@guest_duplicate_count.setup
def _duplicate_guest(bench, env):
    bench.cr.execute(
        "SELECT MIN(id) FROM res_partner WHERE is_hotel_guest AND email_normalized IN "
        "(SELECT email_normalized FROM res_partner WHERE is_hotel_guest "
        "GROUP BY email_normalized HAVING COUNT(*) > 1)"
    )
    return bench.cr.fetchone()[0]


# -- stay lists ---------------------------------------------------------------


def _stay_list_op(name, title, filter_name, where):
    @operation(name, title, Target(), user="desk")
    def run(bench, env, state):
        return _list(bench, env, "hotel.stay", STAY_VIEWS, filter_name, STAY_LIST)

    @run.reference
    def reference(bench, env, state):
        nights = bench.main.hotel_long_stay_nights
        return _stay_page(bench, env, where, nights=nights)

    return run


_stay_list_op(
    "stay_list_long_stay",
    "Stay list, Long Stays filter (nights)",
    "long_stay",
    "s.nights >= %(nights)s",
)
_stay_list_op("stay_list_unpaid", "Stay list, Unpaid filter", "unpaid", "s.is_unpaid")
_stay_list_op(
    "stay_list_to_invoice",
    "Stay list, To Invoice filter",
    "to_invoice",
    "s.invoice_status = 'to_invoice'",
)
_stay_list_op(
    "stay_list_in_house",
    "Stay list, In House filter",
    "in_house",
    "s.state = 'checked_in'",
)


# the membership programme's daily evaluation; the reports: guest value and
# the stays' pivot
from . import (  # noqa: E402, F401
    operations_care,
    operations_complaints,
    operations_membership,
    operations_reports,
)
