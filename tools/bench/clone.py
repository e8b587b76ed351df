"""Bulk copies of what the ORM wrote: the SQL side of the data generation.

A *bundle* is everything the ORM wrote for one stay of a given shape (a paid
stay of a Double room with a restaurant bill, a cancelled booking, ...): the
stay, its charges, its invoice and payment with their journal items,
reconciliations, followers and many2many rows. Each bundle is created twice
through the ORM (``dataset.py``), for two guests, with the same check-in and
2 and 3 nights. Comparing both copies column by column tells how each column
of each row follows the stay:

* ids are new; references to rows of the bundle follow their copies; the
  guest and the billed partner are the copy's; other references (company,
  journal, accounts, taxes, products) are kept;
* numbers that differ grow by their difference per night (amounts,
  quantities, nights), dates move with the check-in and by their difference
  per night (check-out, invoice and payment dates);
* moments (a message's date) move like dates, but never past today noon,
  when the templates' steps of today happened;
* texts differ by names only (the stay's, the invoices', the guest's, the
  room charge's), which are replaced; what Odoo draws at random is drawn
  again in the same shape (a message's Message-Id) or made unique from the
  row's id (a loyalty card's code);
* the guest's own rows (the guest's loyalty card in a hotel's programme) are
  made once per guest, before the copies, and what the stays add up on them
  (points) is summed after;
* anything else must be equal, or the generation stops and says which column
  of which table no rule explains.

The rule chosen for each column is checked by predicting the second copy from
the first; then one ``INSERT ... SELECT`` per table copies the bundles for all
stays of the parameter table ``bench_clone`` (one row per stay to create),
ordered by date. Columns added later by other modules are copied by the same
rules without any change here.
"""

import time
from collections import defaultdict

from .bundle import FRESH_CODES, GUEST_ROW_KEYS, GUEST_ROW_SUMS, GUEST_TABLES, Ref
from .schema import GenerationError


def _insert_order(bundles):
    """The tables in an order where referenced rows come first, and the
    references to leave empty at first and set afterwards to break cycles
    (a payment and its journal entry refer to each other)."""
    depends = defaultdict(set)  # table -> {(column, referenced table)}
    tables = set()
    for bundle in bundles:
        tables |= set(bundle.tables)
        for table in bundle.tables:
            for column, rule in bundle.plan[table].items():
                if (
                    isinstance(rule, Ref)
                    and rule.target in bundle.tables
                    and rule.target != table
                ):
                    depends[table].add((column, rule.target))
    order, deferred, done = [], defaultdict(set), set()
    while len(done) < len(tables):
        ready = sorted(
            t
            for t in tables - done
            if all(ref in done for _c, ref in depends[t] if (t, _c) not in deferred[t])
        )
        if not ready:
            # a cycle: leave the nullable references of one table for later
            table = sorted(tables - done)[0]
            schema = bundles[0].schema
            for column, ref in depends[table]:
                if ref not in done:
                    if not schema.columns[table][column][1]:
                        raise GenerationError(
                            f"{table}.{column} is in a cycle and cannot be empty"
                        )
                    deferred[table].add(column)
            depends[table] = {
                (c, r) for c, r in depends[table] if c not in deferred[table]
            }
            continue
        order.extend(ready)
        done |= set(ready)
    return order, deferred


def copy_bundles(cr, schema, bundles, count, log=None):
    """Copy every bundle for its rows of ``bench_clone`` (``count`` rows in
    all, numbered by ``seq`` from 0): one INSERT per table, rows in the order
    of ``seq`` (the stays' dates). Returns {table: rows inserted} and
    {table: first id}."""
    order, deferred = _insert_order(bundles)
    layout = {}
    for table in order:
        if schema.has_id(table):
            width = max(len(b.ids.get(table, ())) for b in bundles)
            cr.execute(f'SELECT COALESCE(MAX(id), 0) + 1 FROM "{table}"')
            base = cr.fetchone()[0]
            cr.execute(
                "SELECT setval(pg_get_serial_sequence(%s, 'id'), %s)",
                [table, base + count * width],
            )
            layout[table] = (base, width)
    clock = time.perf_counter()
    inserted, first_ids = _insert_guest_rows(cr, schema, bundles)
    for table, rows in inserted.items():
        if log:
            log(
                f"  {table}: {rows} rows (the guests') in {time.perf_counter() - clock:.1f} s"
            )
            clock = time.perf_counter()
    for table in order:
        columns = list(schema.columns[table])
        selects = [
            b.select(table, layout, columns, deferred[table])
            for b in bundles
            if table in b.tables
        ]
        names = ", ".join(f'"{c}"' for c in columns)
        cr.execute(
            f'INSERT INTO "{table}" ({names}) SELECT * FROM ({" UNION ALL ".join(selects)}) x ORDER BY 1'
        )
        inserted[table] = cr.rowcount
        if log:
            log(f"  {table}: {cr.rowcount} rows in {time.perf_counter() - clock:.1f} s")
            clock = time.perf_counter()
    for table, columns in deferred.items():
        for column in columns:
            selects = [
                f"SELECT {b.new_id(table, 't.id', layout)} AS id, "
                f'{b.plan[table][column].sql(layout)} AS value FROM "{table}" t '
                f"JOIN bench_clone p ON p.bundle = {b.number} WHERE {b.where(table)}"
                for b in bundles
                if table in b.tables
            ]
            cr.execute(
                f'UPDATE "{table}" x SET "{column}" = s.value '
                f"FROM ({' UNION ALL '.join(selects)}) s WHERE x.id = s.id"
            )
    _apply_partner_deltas(cr, bundles)
    _sum_guest_rows(cr, first_ids)
    first_ids.update((table, base) for table, (base, _width) in layout.items())
    return inserted, first_ids


def _insert_guest_rows(cr, schema, bundles):
    """The guests' own rows (their loyalty card of each programme): one per
    guest whose stays of ``bench_clone`` make one, as the guest's first such
    stay made it (its bundle's template row: imported history or the desk's),
    before the copies that refer to it. Returns {table: rows inserted} and
    {table: first id}."""
    inserted, first_ids = {}, {}
    for table, owner in GUEST_TABLES.items():
        shapes = defaultdict(dict)  # key columns' values -> {bundle: template id}
        for bundle in bundles:
            for row in bundle.guest_rows.get(table, []):
                key = tuple(row[c] for c in GUEST_ROW_KEYS[table])
                shapes[key][bundle.number] = row["id"]
        if not shapes:
            continue
        cr.execute(f'SELECT COALESCE(MAX(id), 0) + 1 FROM "{table}"')
        first_ids[table] = cr.fetchone()[0]
        inserted[table] = 0
        columns = list(schema.columns[table])
        for templates in shapes.values():
            exprs = []
            for column in columns:
                if column == "id":
                    exprs.append("t.id")
                elif column == owner:
                    exprs.append("t.guest_id")
                elif column in GUEST_ROW_SUMS.get(table, {}):
                    exprs.append("0")
                elif column in FRESH_CODES.get(table, {}):
                    exprs.append(FRESH_CODES[table][column][1])
                else:
                    exprs.append(f'tpl."{column}"')
            names = ", ".join(f'"{c}"' for c in columns)
            template = " ".join(f"WHEN {n} THEN {i}" for n, i in templates.items())
            cr.execute(
                f'INSERT INTO "{table}" ({names}) SELECT {", ".join(exprs)} '
                f"FROM (SELECT nextval(pg_get_serial_sequence(%s, 'id')) AS id, "
                f"guest_id, bundle FROM (SELECT DISTINCT ON (guest_id) guest_id, bundle "
                f"FROM bench_clone WHERE bundle IN %s ORDER BY guest_id, seq) g "
                f"ORDER BY guest_id) t "
                f'JOIN "{table}" tpl ON tpl.id = CASE t.bundle {template} END',
                [table, tuple(templates)],
            )
            inserted[table] += cr.rowcount
    return inserted, first_ids


def _sum_guest_rows(cr, first_ids):
    """What the stays added up on the guests' rows (a card's points: what its
    history issued, less what it used)."""
    for table, sums in GUEST_ROW_SUMS.items():
        if table not in first_ids:
            continue
        for column, (source, added, taken, reference) in sums.items():
            cr.execute(
                f'UPDATE "{table}" g SET "{column}" = s.total FROM (SELECT "{reference}" '
                f'AS id, SUM("{added}" - "{taken}") AS total FROM "{source}" '
                f'WHERE "{reference}" >= %s GROUP BY "{reference}") s WHERE g.id = s.id',
                [first_ids[table]],
            )


def _apply_partner_deltas(cr, bundles):
    """What the ORM changed on the guest and the billed partner besides the
    bundle's rows (a posted invoice raises their customer rank)."""
    for bundle in bundles:
        for role, deltas in bundle.a.partner_deltas.items():
            for column, delta in deltas.items():
                if not delta:
                    continue
                cr.execute(
                    f'UPDATE res_partner r SET "{column}" = r."{column}" + %s * x.n '
                    f"FROM (SELECT {role}_id AS id, COUNT(*) AS n FROM bench_clone "
                    f"WHERE bundle = %s GROUP BY {role}_id) x WHERE r.id = x.id",
                    [delta, bundle.number],
                )
