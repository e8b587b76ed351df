"""One stay shape written twice by the ORM, and the rule of each of its
columns (see ``clone.py`` for the method)."""

import re
from dataclasses import dataclass, field
from datetime import timedelta, timezone

from .schema import KEPT_TIMESTAMPS, GenerationError, row_key

# moments the ORM sets to the time of writing (not a value of a field)
WRITTEN_AT = {("mail_message", "date")}
# rows of the guest written by a stay when the guest has none yet, and their
# column holding the guest: the guest's loyalty card of a hotel's programme
GUEST_TABLES = {"loyalty_card": "partner_id"}
# what tells one of a guest's rows from another: the card's programme
GUEST_ROW_KEYS = {"loyalty_card": ("program_id",)}
# what the stays add up on a guest's row: column -> (table of the entries,
# column added, column taken away, reference to the guest's row)
GUEST_ROW_SUMS = {
    "loyalty_card": {"points": ("loyalty_history", "issued", "used", "card_id")}
}
# codes Odoo draws at random, unique: (table, column) -> a code of the same
# shape made from the row's id (Loyalty's ``_generate_code``, '044' and nine
# hex digits, here the id times an odd number modulo 16^9: a bijection)
FRESH_CODES = {
    "loyalty_card": {
        "code": (
            r"044[0-9a-f]-[0-9a-f]{4}-[0-9a-f]{4}",
            "(SELECT '044' || substr(h, 1, 1) || '-' || substr(h, 2, 4) || '-' "
            "|| substr(h, 6, 4) FROM lpad(to_hex(mod(t.id * 2654435761, 68719476736)), "
            "9, '0') AS h)",
        )
    }
}


@dataclass
class Side:
    """One of the two ORM-written copies of a bundle, and what it was
    written for: the values a copy replaces."""

    stay_id: int
    guest_id: int
    billing_id: int
    guest_name: str
    billing_name: str
    stay_name: str
    charge_name: str | None
    check_in: object
    nights: int
    partner_deltas: dict = field(default_factory=dict)  # role -> {column: delta}
    rows: dict = field(default_factory=dict)  # table -> [row]
    move_names: list = field(default_factory=list)

    def tokens(self):
        """(placeholder in bench_clone, text) of the names a copy replaces."""
        found = [("p.stay_name", self.stay_name), ("p.guest_name", self.guest_name)]
        if self.billing_id != self.guest_id:
            found.append(("p.billing_name", self.billing_name))
        if self.charge_name:
            found.append(("p.charge_name", self.charge_name))
        found += [
            (f"p.move_names[{i + 1}]", name) for i, name in enumerate(self.move_names)
        ]
        return found


class Bundle:
    """The two ORM copies of one stay shape and the rule of each column."""

    def __init__(self, schema, number, key, a, b):
        self.schema, self.number, self.key, self.a, self.b = schema, number, key, a, b
        if set(a.rows) != set(b.rows) or any(
            len(a.rows[t]) != len(b.rows[t]) for t in a.rows
        ):
            counts = {
                t: (len(a.rows.get(t, ())), len(b.rows.get(t, ())))
                for t in set(a.rows) | set(b.rows)
            }
            raise GenerationError(
                f"{key}: the two templates did not write the same rows: "
                f"{ {t: n for t, n in counts.items() if n[0] != n[1]} }"
            )
        if b.nights != a.nights + 1 or b.check_in != a.check_in:
            raise GenerationError(f"{key}: the templates must differ by one night only")
        # the guest's own rows (a loyalty card) are made once per guest, not
        # copied with each stay (``clone._insert_guest_rows``)
        self.tables = sorted(set(a.rows) - set(GUEST_TABLES))
        self.guest_rows = {t: a.rows[t] for t in GUEST_TABLES if t in a.rows}
        # in-bundle ids: table -> [template id of side a, by rank]
        self.ids = {t: [row_key(schema, t, r) for r in a.rows[t]] for t in a.rows}
        self.rank = {
            "a": {
                (t, row_key(schema, t, r)): i
                for t in a.rows
                for i, r in enumerate(a.rows[t])
            },
            "b": {
                (t, row_key(schema, t, r)): i
                for t in b.rows
                for i, r in enumerate(b.rows[t])
            },
        }
        self._check_guest_rows()
        self.plan = {
            t: {c: self._rule(t, c) for c in schema.columns[t]} for t in self.tables
        }
        self._check_prediction()
        # the bundle's journal entries (template row, days per night of their
        # date): their names follow their dates
        self.moves = [
            (row, self.plan["account_move"]["date"].delta_for(row))
            for row in a.rows.get("account_move", [])
        ]

    # -- rules ---------------------------------------------------------

    def _symbol(self, side, table, column, value):
        """A value as it compares between the two sides: in-bundle rows by
        rank, the guest and the billed partner by role."""
        if value is None:
            return None
        obj = getattr(self, side)
        target = None
        if (table, column) in self.schema.fks:
            target = self.schema.fks[table, column]
        if target and (target, value) in self.rank[side]:
            return ("row", target, self.rank[side][target, value])
        if target == "res_partner":
            if value == obj.guest_id:
                return ("guest",)
            if value == obj.billing_id:
                return ("billing",)
        return value

    def _rule(self, table, column):
        schema, a_rows, b_rows = self.schema, self.a.rows[table], self.b.rows[table]
        pairs = [
            (ra[column], rb[column]) for ra, rb in zip(a_rows, b_rows, strict=True)
        ]
        where = f"{self.key}: column {column} of {table}"
        if column == "id":
            return NewId(self, table)
        if (table, column) in schema.fks:
            target = schema.fks[table, column]
            rule = (GuestRowRef if target in GUEST_TABLES else Ref)(
                self, table, column, target
            )
            if any(
                self._symbol("a", table, column, va)
                != self._symbol("b", table, column, vb)
                for va, vb in pairs
            ):
                raise GenerationError(
                    f"{where} refers to different records in the two templates"
                )
            return rule
        if (table, column) in schema.model_refs:
            return ModelRef(self, table, column, schema.model_refs[table, column])
        if table == "account_move" and column in ("sequence_prefix", "sequence_number"):
            return MoveSequence(self, column)
        kind = schema.kind(table, column)
        if kind == "number" and any(va != vb for va, vb in pairs):
            if any((va is None) != (vb is None) for va, vb in pairs):
                raise GenerationError(f"{where} is empty on one template only")
            return Linear(
                self,
                table,
                column,
                [(vb - va) if va is not None else 0 for va, vb in pairs],
            )
        if kind == "date" and any(va != vb for va, vb in pairs):
            if any((va is None) != (vb is None) for va, vb in pairs):
                raise GenerationError(f"{where} is empty on one template only")
            return DateShift(
                self, table, column, [(vb - va).days if va else 0 for va, vb in pairs]
            )
        if kind == "date":
            return DateShift(self, table, column, [0] * len(pairs))
        if kind == "datetime" and column not in KEPT_TIMESTAMPS:
            if any((va is None) != (vb is None) for va, vb in pairs):
                raise GenerationError(f"{where} is empty on one template only")
            deltas = [vb - va if va else timedelta(0) for va, vb in pairs]
            if any(delta % timedelta(days=1) for delta in deltas):
                raise GenerationError(f"{where} differs by part of a day: {pairs}")
            return DateTimeShift(self, table, column, [delta.days for delta in deltas])
        if (table, column) == ("mail_message", "message_id"):
            return MessageId(self)
        if kind == "text":
            tokens = [
                (sql, text)
                for sql, text in self.a.tokens()
                if any(va and text in va for va, _vb in pairs)
            ]
            self._check_no_date(where, [va for va, _vb in pairs])
            if tokens:
                return Tokens(self, table, column, tokens)
            if any(va != vb for va, vb in pairs):
                fk = self._id_text_column(table, column)
                if fk:
                    return IdText(self, table, column, fk)
                raise GenerationError(f"{where} differs between the templates: {pairs}")
            return Copy(self, table, column)
        if any(va != vb for va, vb in pairs) and column not in KEPT_TIMESTAMPS:
            raise GenerationError(f"{where} differs between the templates: {pairs}")
        return Copy(self, table, column)

    def _check_guest_rows(self):
        """A guest's row is the same in both templates but for what makes it
        the guest's (id, guest, code) and what the stays add up (points)."""
        for table, rows in self.guest_rows.items():
            if len(rows) != 1 or len(self.b.rows[table]) != 1:
                raise GenerationError(f"{self.key}: one row of {table} expected")
            row_a, row_b = rows[0], self.b.rows[table][0]
            owner = GUEST_TABLES[table]
            if row_a[owner] != self.a.guest_id or row_b[owner] != self.b.guest_id:
                raise GenerationError(f"{self.key}: the {table} row is not the guest's")
            # what the copies sum up is what the template's stay added to it
            sums = GUEST_ROW_SUMS.get(table, {})
            for column, (source, added, taken, reference) in sums.items():
                for side, row in (("a", row_a), ("b", row_b)):
                    lines = getattr(self, side).rows.get(source, [])
                    total = sum(
                        line[added] - line[taken]
                        for line in lines
                        if line[reference] == row["id"]
                    )
                    if total != row[column]:
                        raise GenerationError(
                            f"{self.key}: {table}.{column} is not the sum of its "
                            f"{source} ({row[column]!r}, {total!r})"
                        )
            for column, (shape, _sql) in FRESH_CODES.get(table, {}).items():
                if not re.fullmatch(shape, row_a[column] or ""):
                    raise GenerationError(
                        f"{self.key}: {table}.{column} {row_a[column]!r} is not "
                        "of the shape the copies are given"
                    )
            made = {"id", GUEST_TABLES[table]}
            made |= set(GUEST_ROW_SUMS.get(table, ())) | set(FRESH_CODES.get(table, ()))
            for column, value in row_a.items():
                if column in made:
                    continue
                if value != row_b[column] and column not in KEPT_TIMESTAMPS:
                    raise GenerationError(
                        f"{self.key}: column {column} of {table} differs between "
                        f"the templates: {value!r}, {row_b[column]!r}"
                    )

    def _check_no_date(self, where, values):
        """Both templates start on the same day: a text holding that day
        would look the same in both and be copied unchanged. Refuse it."""
        day = self.a.check_in
        shown = {day.isoformat(), day.strftime("%m/%d/%Y"), day.strftime("%d/%m/%Y")}
        if any(value and any(text in value for text in shown) for value in values):
            raise GenerationError(f"{where} holds the check-in date: no rule copies it")

    def _id_text_column(self, table, column):
        """The reference column whose row's id the text holds, in every row
        of both templates (a reconciliation's matching number is its id), or
        None. Only references to rows of the bundle qualify."""
        for other in self.schema.columns[table]:
            target = self.schema.fks.get((table, other))
            if target and all(
                row[column] is None
                or (
                    row[other] is not None
                    and str(row[other]) == row[column]
                    and (target, row[other]) in self.rank[side]
                )
                for side in ("a", "b")
                for row in getattr(self, side).rows[table]
            ):
                return other
        return None

    def _check_prediction(self):
        """Every column of the second template, predicted from the first."""
        for table in self.tables:
            for ra, rb in zip(self.a.rows[table], self.b.rows[table], strict=True):
                for column, rule in self.plan[table].items():
                    predicted = rule.predict(ra)
                    expected = rule.expected(rb)
                    if predicted != expected:
                        raise GenerationError(
                            f"{self.key}: column {column} of {table}: the rule "
                            f"{type(rule).__name__} predicts {predicted!r} for the "
                            f"second template, which has {expected!r}"
                        )

    # -- SQL -----------------------------------------------------------

    def new_id(self, table, expr, layout):
        """The copy's id of the in-bundle row of ``table`` whose template id
        is the SQL ``expr``."""
        base, width = layout[table]
        ids = self.ids[table]
        if len(ids) == 1:
            return f"({base} + p.seq * {width})"
        cases = " ".join(f"WHEN {i} THEN {n}" for n, i in enumerate(ids))
        return f"({base} + p.seq * {width} + CASE {expr} {cases} END)"

    def where(self, table):
        if self.schema.has_id(table):
            return f"t.id IN ({', '.join(str(i) for i in self.ids[table])})"
        columns = list(self.schema.columns[table])
        cols = ", ".join(f't."{c}"' for c in columns)
        values = ", ".join(
            "(" + ", ".join(_literal(v) for v in key) + ")" for key in self.ids[table]
        )
        return f"({cols}) IN ({values})"

    def select(self, table, layout, columns, deferred=()):
        exprs = []
        for column in columns:
            sqltype = self.schema.columns[table][column][0]
            expr = (
                "NULL" if column in deferred else self.plan[table][column].sql(layout)
            )
            exprs.append(f"CAST({expr} AS {sqltype})")
        return (
            f'SELECT {", ".join(exprs)} FROM "{table}" t '
            f"JOIN bench_clone p ON p.bundle = {self.number} WHERE {self.where(table)}"
        )


def _literal(value):
    if value is None:
        return "NULL"
    if isinstance(value, int | float):
        return str(value)
    return "'" + str(value).replace("'", "''") + "'"


class Rule:
    def __init__(self, bundle, table=None, column=None):
        self.bundle, self.table, self.column = bundle, table, column

    def predict(self, row_a):
        return row_a[self.column]

    def expected(self, row_b):
        return row_b[self.column]

    def sql(self, layout):
        return f't."{self.column}"'


class Copy(Rule):
    """Kept as the template has it."""

    def predict(self, row_a):
        return None if self.column in KEPT_TIMESTAMPS else row_a[self.column]

    def expected(self, row_b):
        return None if self.column in KEPT_TIMESTAMPS else row_b[self.column]


class NewId(Rule):
    def __init__(self, bundle, table):
        super().__init__(bundle, table, "id")

    def predict(self, row_a):
        return self.bundle.rank["a"][self.table, row_a["id"]]

    def expected(self, row_b):
        return self.bundle.rank["b"][self.table, row_b["id"]]

    def sql(self, layout):
        return self.bundle.new_id(self.table, "t.id", layout)


class Ref(Rule):
    """A reference: to a row of the bundle (its copy), to the guest or the
    billed partner (the copy's), or to anything else (kept)."""

    def __init__(self, bundle, table, column, target):
        super().__init__(bundle, table, column)
        self.target = target

    def predict(self, row_a):
        return self.bundle._symbol("a", self.table, self.column, row_a[self.column])

    def expected(self, row_b):
        return self.bundle._symbol("b", self.table, self.column, row_b[self.column])

    def sql(self, layout):
        col = f't."{self.column}"'
        values = {r[self.column] for r in self.bundle.a.rows[self.table]} - {None}
        cases = []
        inside = sorted(v for v in values if (self.target, v) in self.bundle.rank["a"])
        if inside:
            ids = ", ".join(str(v) for v in inside)
            cases.append(
                f"WHEN {col} IN ({ids}) THEN {self.bundle.new_id(self.target, col, layout)}"
            )
        if self.target == "res_partner":
            a = self.bundle.a
            if a.guest_id in values:
                cases.append(f"WHEN {col} = {a.guest_id} THEN p.guest_id")
            if a.billing_id in values and a.billing_id != a.guest_id:
                cases.append(f"WHEN {col} = {a.billing_id} THEN p.billing_id")
        if not cases:
            return col
        return f"CASE {' '.join(cases)} ELSE {col} END"


class ModelRef(Rule):
    """A (model, id) reference, e.g. the document a follower follows."""

    def __init__(self, bundle, table, column, model_column):
        super().__init__(bundle, table, column)
        self.model_column = model_column

    def _symbol(self, side, row):
        table = self.bundle.schema.model_table.get(row[self.model_column])
        key = (table, row[self.column])
        return (
            ("row", table, self.bundle.rank[side][key])
            if key in self.bundle.rank[side]
            else row[self.column]
        )

    def predict(self, row_a):
        return self._symbol("a", row_a)

    def expected(self, row_b):
        return self._symbol("b", row_b)

    def sql(self, layout):
        col, cases = f't."{self.column}"', []
        schema = self.bundle.schema
        for row in self.bundle.a.rows[self.table]:
            table = schema.model_table.get(row[self.model_column])
            if (table, row[self.column]) in self.bundle.rank["a"]:
                cases.append(
                    f'WHEN t."{self.model_column}" = {_literal(row[self.model_column])} '
                    f"AND {col} = {row[self.column]} THEN {self.bundle.new_id(table, col, layout)}"
                )
        return f"CASE {' '.join(cases)} ELSE {col} END" if cases else col


class MoveSequence(Rule):
    """The sequence prefix and number of a journal entry's name (its name
    itself is a replaced text): numbered per journal and year."""

    def __init__(self, bundle, column):
        super().__init__(bundle, "account_move", column)
        self.array = (
            "p.move_prefixes" if column == "sequence_prefix" else "p.move_numbers"
        )

    def predict(self, row_a):
        return (
            "sequence",
            self.bundle.rank["a"]["account_move", row_a["id"]],
            self.column,
        )

    def expected(self, row_b):
        return (
            "sequence",
            self.bundle.rank["b"]["account_move", row_b["id"]],
            self.column,
        )

    def sql(self, layout):
        ids = self.bundle.ids["account_move"]
        cases = " ".join(
            f"WHEN {i} THEN {self.array}[{n + 1}]" for n, i in enumerate(ids)
        )
        return f"CASE t.id {cases} END"


class Linear(Rule):
    """A number that grows by a fixed amount per night of the stay."""

    def __init__(self, bundle, table, column, deltas):
        super().__init__(bundle, table, column)
        self.deltas = deltas

    def _delta(self, side, row):
        return self.deltas[
            self.bundle.rank[side][
                self.table, row_key(self.bundle.schema, self.table, row)
            ]
        ]

    def predict(self, row_a):
        value = row_a[self.column]
        return None if value is None else value + self._delta("a", row_a)

    def _per_night(self):
        """SQL: the change of the copy's value, its nights against side a's."""
        if len(set(self.deltas)) == 1:
            delta = str(self.deltas[0])
        else:
            ids = self.bundle.ids[self.table]
            delta = (
                "CASE t.id "
                + " ".join(
                    f"WHEN {i} THEN {d}" for i, d in zip(ids, self.deltas, strict=True)
                )
                + " END"
            )
        return f"({delta}) * (p.nights - {self.bundle.a.nights})"

    def sql(self, layout):
        return f'(t."{self.column}" + {self._per_night()})'


class DateShift(Linear):
    """A date that moves with the check-in, and by a number of days per
    night (the check-out and what happens on that day)."""

    def delta_for(self, row):
        return self._delta("a", row)

    def predict(self, row_a):

        value = row_a[self.column]
        return (
            None if value is None else value + timedelta(days=self._delta("a", row_a))
        )

    def sql(self, layout):
        shift = f"(p.check_in - DATE '{self.bundle.a.check_in}')"
        if not any(self.deltas):
            return f'(t."{self.column}" + {shift})'
        return f"({super().sql(layout)} + {shift})"


class GuestRowRef(Ref):
    """A reference to the guest's own row (the guest's card in the hotel's
    programme): the copy's guest's, made before the copies."""

    def sql(self, layout):
        owner = GUEST_TABLES[self.target]
        (row,) = self.bundle.guest_rows[self.target]
        same = " AND ".join(
            f'g."{c}" = {_literal(row[c])}' for c in GUEST_ROW_KEYS[self.target]
        )
        return (
            f'(SELECT g.id FROM "{self.target}" g WHERE g."{owner}" = p.guest_id '
            f"AND {same})"
        )


class MessageId(Rule):
    """A message's Message-Id, as ``generate_tracking_message_id`` makes it:
    ``<random.time-openerp-what@host>``, the time the message's date, what
    either a fixed word or the id and model of the message's document."""

    SHAPE = re.compile(r"<(\d{15})\.(\d+\.\d{15})-openerp-(.+)@(.+)>")

    def __init__(self, bundle):
        super().__init__(bundle, "mail_message", "message_id")
        self.res_id = ModelRef(bundle, "mail_message", "res_id", "model")

    def _parts(self, side, row):
        found = self.SHAPE.fullmatch(row["message_id"] or "")
        if not found:
            raise GenerationError(
                f"{self.bundle.key}: unknown Message-Id {row['message_id']!r}"
            )
        moment = row["date"].replace(tzinfo=timezone.utc).timestamp()
        if abs(float(found[2]) - moment) > 1:
            raise GenerationError(
                f"{self.bundle.key}: the Message-Id {row['message_id']!r} is not "
                "of the message's date"
            )
        what = found[3]
        if what == f"{row['res_id']}-{row['model']}":
            what = ("document", self.res_id._symbol(side, row), row["model"])
        return what, found[4]

    def predict(self, row_a):
        return self._parts("a", row_a)

    def expected(self, row_b):
        return self._parts("b", row_b)

    def sql(self, layout):
        (row, *_rest) = self.bundle.a.rows["mail_message"]
        host = self.SHAPE.fullmatch(row["message_id"])[4]
        date = self.bundle.plan["mail_message"]["date"].sql(layout)
        document = f"({self.res_id.sql(layout)})::text || '-' || t.model"
        return (
            "'<' || lpad((floor(random() * 1e15))::bigint::text, 15, '0') || '.' "
            f"|| to_char(extract(epoch FROM {date}), 'FM9999999990.000000000000000') "
            "|| '-openerp-' || CASE WHEN t.message_id LIKE "
            "'%-openerp-' || t.res_id || '-' || t.model || '@%' "
            f"THEN {document} ELSE substring(t.message_id FROM '-openerp-(.+)@') END "
            f"|| '@' || {_literal(host)} || '>'"
        )


class DateTimeShift(DateShift):
    """A date and time that moves with the check-in, and by a number of days
    per night (what happens on the check-out day); empty stays empty. The
    moment a message was written (``WRITTEN_AT``) is never later than today
    at noon, when the templates' steps of today happened (a booking made
    today for a later day)."""

    def sql(self, layout):
        days = f"(p.check_in - DATE '{self.bundle.a.check_in}')"
        if any(self.deltas):
            days = f"({days} + {self._per_night()})"
        shifted = f"t.\"{self.column}\" + {days} * INTERVAL '1 day'"
        if (self.table, self.column) in WRITTEN_AT:
            shifted = (
                f"LEAST({shifted}, (now() AT TIME ZONE 'UTC')::date + TIME '12:00')"
            )
        return f'(CASE WHEN t."{self.column}" IS NULL THEN NULL ELSE {shifted} END)'


class Tokens(Rule):
    """A text holding names: the stay's, the guest's, the invoices'..."""

    def __init__(self, bundle, table, column, tokens):
        super().__init__(bundle, table, column)
        # longest first: a name inside another is replaced last
        self.tokens = sorted(tokens, key=lambda t: -len(t[1]))

    def predict(self, row_a):
        value = row_a[self.column]
        b_tokens = dict(self.bundle.b.tokens())
        if value is None:
            return None
        for sql, text in self.tokens:
            value = value.replace(text, b_tokens[sql])
        return value

    def sql(self, layout):
        expr = f't."{self.column}"'
        for sql, text in self.tokens:
            expr = f"replace({expr}, {_literal(text)}, {sql})"
        return expr


class IdText(Rule):
    """A text holding the id of a referenced row of the bundle."""

    def __init__(self, bundle, table, column, fk):
        super().__init__(bundle, table, column)
        self.ref = Ref(bundle, table, fk, bundle.schema.fks[table, fk])

    def predict(self, row_a):
        return (
            None if row_a[self.column] is None else ("id-text", self.ref.predict(row_a))
        )

    def expected(self, row_b):
        return (
            None
            if row_b[self.column] is None
            else ("id-text", self.ref.expected(row_b))
        )

    def sql(self, layout):
        return f'CASE WHEN t."{self.column}" IS NULL THEN NULL ELSE ({self.ref.sql(layout)})::text END'
