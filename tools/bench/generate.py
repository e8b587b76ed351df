"""The benchmark's data set: prepared and templated through the ORM
(``dataset.py``), planned in Python (``population.py``), bulk-loaded in SQL
(``clone.py``) with the rows exactly as the ORM writes them, then verified
(``verify.py``).
"""

import csv
import io
import logging
import re
import time
from collections import defaultdict
from datetime import timedelta

from odoo import fields
from odoo.tools import email_normalize

from . import dataset, population
from .bundle import Bundle
from .clone import copy_bundles
from .schema import GenerationError, Schema, components, row_key

_logger = logging.getLogger("bench")
ROOM_LINE_KINDS = (
    "checked_out",
    "checked_out_fb",
    "invoiced",
    "invoiced_fb",
    "paid",
    "paid_fb",
)


def _copy(cr, table, columns, rows):
    """COPY ``rows`` into ``table`` (CSV, by chunks)."""
    chunk = 100_000
    for start in range(0, len(rows), chunk):
        buffer = io.StringIO()
        writer = csv.writer(buffer)
        for row in rows[start : start + chunk]:
            writer.writerow(["" if v is None else v for v in row])
        buffer.seek(0)
        cr._obj.copy_expert(
            f"COPY {table} ({', '.join(columns)}) FROM STDIN WITH (FORMAT csv, NULL '')",
            buffer,
        )


def _sequence_names(env, code, numbers_and_dates):
    """References of the sequence ``code`` for (number, date) pairs, as the
    sequence itself formats them."""
    sequence = env["ir.sequence"].search([("code", "=", code)], limit=1)
    prefixes = {}
    names = []
    for number, day in numbers_and_dates:
        if day.year not in prefixes:
            prefixes[day.year] = sequence._get_prefix_suffix(date=f"{day.year}-07-01")
        prefix, suffix = prefixes[day.year]
        names.append(f"{prefix}{number:0{sequence.padding}d}{suffix}")
    return sequence, names


def build_bundles(env, companies, room_types, users):
    """The stay templates through the ORM, then their rows grouped by stay
    and analysed column by column (``Bundle``)."""
    keys = dataset.bundle_keys()
    guests = dataset.template_guests(env, keys)
    env.flush_all()
    # the chatter of what came before (the hotels' settings) written now
    env.cr.precommit.run()
    schema = Schema(env)
    numeric = {
        c
        for c in schema.columns["res_partner"]
        if schema.kind("res_partner", c) == "number"
    }
    dataset.first_invoices(env, companies, room_types, users["manager"], numeric)
    env.flush_all()
    before = schema.max_ids(env.cr)
    sides = {}
    for key in keys:
        for side, nights in (("a", 2), ("b", 3)):
            sides[key, side] = dataset.make_template(
                env,
                companies,
                room_types,
                users["manager"],
                guests[key, side],
                key,
                nights,
                numeric,
            )
    env.flush_all()
    rows = schema.new_rows(env.cr, before)
    groups = components(schema, rows)
    by_group = {groups["hotel_stay", side.stay_id]: side for side in sides.values()}
    for table, table_rows in rows.items():
        for row in table_rows:
            side = by_group.get(groups[table, row_key(schema, table, row)])
            if side is None:
                raise GenerationError(
                    f"a template wrote a row of {table} that belongs to no stay: {row}"
                )
            side.rows.setdefault(table, []).append(row)
    for side in sides.values():
        side.move_names = [row["name"] for row in side.rows.get("account_move", [])]
    bundles = {
        key: Bundle(schema, n, key, sides[key, "a"], sides[key, "b"])
        for n, key in enumerate(keys)
    }
    templates = defaultdict(list)
    for side in sides.values():
        for table, table_rows in side.rows.items():
            if schema.has_id(table):
                templates[table] += [row["id"] for row in table_rows]
    templates["res_partner"] = [p.id for p in guests.values()]
    return schema, bundles, templates


def load_guests(env, schema, template, guests):
    """The guests, copies of the template guest file: one INSERT."""
    cr = env.cr
    Partner = env["res.partner"]
    country = env.company.country_id
    nationality = {
        code: env.ref(f"base.{code}").id for code in population.NATIONALITIES
    }
    start = (
        env["ir.sequence"]
        .search([("code", "=", "hotel.guest.code")])
        .number_next_actual
    )
    code_sequence, codes = _sequence_names(
        env,
        "hotel.guest.code",
        [(start + g.index, fields.Date.today()) for g in guests],
    )
    rows = []
    for guest, code in zip(guests, codes, strict=True):
        digits = re.sub(r"\D", "", guest.phone)
        rows.append(
            (
                guest.index, guest.name, guest.email, email_normalize(guest.email), guest.phone,
                Partner._phone_format(number=guest.phone, country=country),
                digits[-9:] if len(digits) >= 6 else None, code, guest.birthdate,
                guest.gender, nationality[guest.nationality], guest.id_number,
                guest.vip, guest.do_not_disclose, guest.consent,
            )
        )  # fmt: skip
    columns = (
        "seq name email email_normalized phone phone_sanitized phone_key code birthdate "
        "gender nationality id_number vip dnd consent"
    ).split()
    cr.execute(
        "CREATE TEMP TABLE bench_guest (seq int, name varchar, email varchar, "
        "email_normalized varchar, phone varchar, phone_sanitized varchar, phone_key varchar, "
        "code varchar, birthdate date, gender varchar, nationality int, id_number varchar, "
        "vip bool, dnd bool, consent bool) ON COMMIT DROP"
    )
    _copy(cr, "bench_guest", columns, rows)
    cr.execute("SELECT COALESCE(MAX(id), 0) + 1 FROM res_partner")
    base = cr.fetchone()[0]
    overrides = {
        "id": f"{base} + g.seq",
        "commercial_partner_id": f"{base} + g.seq",
        "name": "g.name",
        "complete_name": "g.name",
        "email": "g.email",
        "email_normalized": "g.email_normalized",
        "phone": "g.phone",
        "phone_sanitized": "g.phone_sanitized",
        "guest_phone_key": "g.phone_key",
        "guest_code": "g.code",
        "guest_birthdate": "g.birthdate",
        "guest_birth_month": "EXTRACT(MONTH FROM g.birthdate)",
        "guest_gender": "g.gender",
        "guest_nationality_id": "g.nationality",
        "guest_id_number": "g.id_number",
        "guest_vip": "g.vip",
        "guest_do_not_disclose": "g.dnd",
        "guest_marketing_consent": "g.consent",
        "guest_marketing_consent_date": "CASE WHEN g.consent THEN t.create_date END",
    }
    columns = list(schema.columns["res_partner"])
    exprs = [
        f"CAST({overrides.get(c, f't.{c}')} AS {schema.columns['res_partner'][c][0]})"
        for c in columns
    ]
    cr.execute(
        f"INSERT INTO res_partner ({', '.join(columns)}) SELECT {', '.join(exprs)} "
        f"FROM res_partner t CROSS JOIN bench_guest g WHERE t.id = %s ORDER BY g.seq",
        [template.id],
    )
    cr.execute(
        "SELECT setval(pg_get_serial_sequence('res_partner', 'id'), %s)",
        [base + len(guests)],
    )
    code_sequence.number_next = start + len(guests)
    return [base + g.index for g in guests]


def guest_files(env, guests, ids, companies_count):
    """Through the ORM, on the few guests concerned: corporate accounts and
    their employees, preferences and allergies, restrictions."""
    Partner = env["res.partner"].with_context(**dataset.HISTORY_CONTEXT)
    corporations = Partner.create(
        [
            {
                "name": f"{population.LAST[i % len(population.LAST)]} Holding {i}",
                "is_company": True,
                "guest_corporate_account": True,
                "email": f"travel{i}@corporate.example.com",
            }
            for i in range(companies_count)
        ]
    )
    employees = defaultdict(list)
    for guest in guests:
        if guest.employer is not None:
            employees[guest.employer].append(ids[guest.index])
    for employer, partner_ids in employees.items():
        Partner.browse(partner_ids).write({"parent_id": corporations[employer].id})
    categories = {
        True: env.ref("hotel_crm.preference_category_allergy"),
        False: env.ref("hotel_crm.preference_category_room"),
    }
    env["hotel.guest.preference"].with_context(**dataset.HISTORY_CONTEXT).create(
        [
            {
                "partner_id": ids[g.index],
                "category_id": categories[allergy].id,
                "name": name,
            }
            for g in guests
            for allergy, name in g.preferences
        ]
    )
    env["hotel.guest.restriction"].create(
        [
            {
                "partner_id": ids[g.index],
                "reason": "Damaged the room on an earlier stay.",
            }
            for g in guests
            if g.restricted
        ]
    )
    return corporations


def load_stays(env, schema, bundles, room_types, guests, ids, corporations, log):
    """The stays: one row of ``bench_clone`` per stay, then the bundles'
    copies. Returns the number of rows inserted per table."""
    cr = env.cr
    today = fields.Date.today()
    shares = {
        hotel: [(code, share) for code, _n, _r, share in types]
        for hotel, types in dataset.ROOM_TYPES.items()
    }
    shares["corporate"] = [
        (c, s) for c, s in shares["main"] if c in dataset.CORPORATE_ROOM_TYPES
    ]
    stays = population.plan_stays(guests, today, shares)
    stays.sort(key=lambda s: (s.check_in, s.guest))
    start = env["ir.sequence"].search([("code", "=", "hotel.stay")]).number_next_actual
    stay_sequence, names = _sequence_names(
        env,
        "hotel.stay",
        [(start + i, min(s.check_in, today)) for i, s in enumerate(stays)],
    )
    charge_names = {}
    cr.execute(
        "SELECT journal_id, sequence_prefix, MAX(sequence_number) FROM account_move "
        "GROUP BY journal_id, sequence_prefix"
    )
    last_numbers = {(j, p): n for j, p, n in cr.fetchall()}
    moves = []  # (date, seq, rank, journal, prefix)
    rows = []
    for seq, (stay, name) in enumerate(zip(stays, names, strict=True)):
        guest = guests[stay.guest]
        corporate = guest.employer is not None
        desk = population.is_desk_stay(stay.check_in, stay.nights, today)
        bundle = bundles[stay.hotel, stay.room, stay.kind, corporate, desk]
        billing = corporations[guest.employer] if corporate else None
        charge = None
        if stay.kind in ROOM_LINE_KINDS:
            room_type = room_types[stay.hotel, stay.room]
            if (room_type.id, stay.nights) not in charge_names:
                charge_names[room_type.id, stay.nights] = (
                    env["hotel.stay"]
                    .new(
                        {
                            "room_type_id": room_type.id,
                            "check_in_date": today,
                            "check_out_date": today + timedelta(days=stay.nights),
                        }
                    )
                    ._hotel_room_charge_name()
                )
            charge = charge_names[room_type.id, stay.nights]
        for rank, (tmpl, delta) in enumerate(bundle.moves):
            day = (
                tmpl["date"]
                + (stay.check_in - bundle.a.check_in)
                + timedelta(days=delta * (stay.nights - bundle.a.nights))
            )
            year = str(tmpl["date"].year)
            if tmpl["sequence_prefix"].count(year) != 1:
                raise GenerationError(
                    f"cannot tell the year in {tmpl['sequence_prefix']}"
                )
            prefix = tmpl["sequence_prefix"].replace(year, str(day.year))
            moves.append(
                (
                    day,
                    seq,
                    rank,
                    tmpl["journal_id"],
                    prefix,
                    len(tmpl["name"]) - len(tmpl["sequence_prefix"]),
                )
            )
        rows.append(
            [
                seq, bundle.number, ids[stay.guest], billing.id if billing else ids[stay.guest],
                guest.name, billing.name if billing else guest.name, stay.check_in,
                stay.nights, name, charge, [], [], [],
            ]
        )  # fmt: skip
    # journal entries numbered per journal and year, in the order of their dates
    for _day, seq, rank, journal, prefix, digits in sorted(moves):
        number = last_numbers[journal, prefix] = (
            last_numbers.get((journal, prefix), 0) + 1
        )
        row = rows[seq]
        while len(row[10]) <= rank:
            row[10].append(None), row[11].append(None), row[12].append(None)
        row[10][rank] = f"{prefix}{number:0{digits}d}"
        row[11][rank] = prefix
        row[12][rank] = number
    for row in rows:
        for i in (10, 11, 12):
            row[i] = "{" + ",".join(str(v) for v in row[i]) + "}"
    cr.execute(
        "CREATE TEMP TABLE bench_clone (seq int PRIMARY KEY, bundle int, guest_id int, "
        "billing_id int, guest_name varchar, billing_name varchar, check_in date, nights int, "
        "stay_name varchar, charge_name varchar, move_names varchar[], move_prefixes varchar[], "
        "move_numbers int[]) ON COMMIT DROP"
    )
    columns = (
        "seq bundle guest_id billing_id guest_name billing_name check_in nights stay_name "
        "charge_name move_names move_prefixes move_numbers"
    ).split()
    _copy(cr, "bench_clone", columns, rows)
    cr.execute("CREATE INDEX ON bench_clone (bundle)")
    cr.execute("ANALYZE bench_clone")
    inserted, first_ids = copy_bundles(
        cr, schema, list(bundles.values()), len(rows), log
    )
    stay_sequence.number_next = start + len(rows)
    return inserted, first_ids


def generate(env, guests_count, stays_count, log=_logger.info):
    """The whole data set; returns what it holds and how long each step took."""
    timings = {}
    clock = time.perf_counter()

    def step(name):
        nonlocal clock
        now = time.perf_counter()
        timings[name] = round(now - clock, 1)
        log(f"{name}: {timings[name]} s")
        clock = now

    env.cr.execute("SET LOCAL synchronous_commit = off")
    env.cr.execute("SET LOCAL work_mem = '256MB'")
    env.cr.execute("SET LOCAL maintenance_work_mem = '512MB'")
    companies, room_types, users = dataset.prepare(env)
    template = dataset.template_guest(env)
    step("hotels, users and the template guest (ORM)")
    schema, bundles, templates = build_bundles(env, companies, room_types, users)
    templates["res_partner"].append(template.id)
    step(f"{2 * len(bundles)} template stays (ORM) and their analysis")
    corporate_count = max(3, guests_count // 500)
    guests = population.plan_guests(guests_count, stays_count, corporate_count)
    ids = load_guests(env, schema, template, guests)
    step(f"{guests_count} guests (SQL)")
    corporations = guest_files(env, guests, ids, corporate_count)
    env.flush_all()
    step("corporate accounts, preferences and restrictions (ORM)")
    inserted, first_ids = load_stays(
        env, schema, bundles, room_types, guests, ids, corporations, log
    )
    first_ids["res_partner"] = ids[0]
    env.invalidate_all()
    step(f"{stays_count} stays with their charges, invoices and payments (SQL)")
    # what the module keeps across records (not a column rule of one row):
    # its own set-based upkeep, as after an install on an existing database
    # (whose tables PostgreSQL has statistics of: the bulk load's first)
    env.cr.execute("ANALYZE res_partner, hotel_stay")
    env["hotel.stay"]._hotel_update_chains(ids)
    env["res.partner"]._hotel_fill_duplicate_flags()
    step("runs of back-to-back stays and possible duplicates (module, SQL)")
    env.cr.execute("ANALYZE")
    step("ANALYZE")
    special = {"guest_500": ids[0], "guest_10": ids[1]}
    return {
        "companies": {k: c.id for k, c in companies.items()},
        "users": {k: u.id for k, u in users.items()},
        "special": special,
        "inserted": inserted,
        "first_ids": first_ids,
        "templates": dict(templates),
        "timings": timings,
    }
