"""The database as the bulk load sees it: tables, columns and their kinds,
foreign keys and (model, id) references, from PostgreSQL's catalog and the
ORM; and the rows a piece of ORM code wrote, grouped by what they belong to.
"""

from collections import defaultdict

# columns the ORM sets to the time of writing: kept from the template
KEPT_TIMESTAMPS = {"create_date", "write_date"}
NUMERIC = {"integer", "bigint", "smallint", "numeric", "double precision", "real"}
TEXT = {"character varying", "text"}


class GenerationError(Exception):
    pass


class Schema:
    """The database's tables, columns, foreign keys and model references."""

    def __init__(self, env):
        cr = env.cr
        cr.execute(
            """
            SELECT c.relname, a.attname, format_type(a.atttypid, a.atttypmod),
                   t.typname, NOT a.attnotnull
              FROM pg_attribute a
              JOIN pg_class c ON c.oid = a.attrelid
              JOIN pg_namespace n ON n.oid = c.relnamespace
              JOIN pg_type t ON t.oid = a.atttypid
             WHERE n.nspname = 'public' AND c.relkind = 'r'
               AND a.attnum > 0 AND NOT a.attisdropped
          ORDER BY c.relname, a.attnum
            """
        )
        self.columns = defaultdict(dict)  # table -> {column: (sql type, nullable)}
        for table, column, sqltype, _typname, nullable in cr.fetchall():
            self.columns[table][column] = (sqltype, nullable)
        cr.execute(
            """
            SELECT c.conrelid::regclass::text, a.attname, c.confrelid::regclass::text
              FROM pg_constraint c
              JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = c.conkey[1]
             WHERE c.contype = 'f' AND array_length(c.conkey, 1) = 1
            """
        )
        self.fks = {(t, c): ref.strip('"') for t, c, ref in cr.fetchall()}
        self.model_table = {}
        self.transient = set()
        self.model_refs = {}  # (table, column) -> column holding the model name
        for name, model in env.registry.items():
            if model._abstract or not model._auto:
                continue
            self.model_table[name] = model._table
            if model._transient:
                self.transient.add(model._table)
            for fld in model._fields.values():
                if fld.type == "many2one_reference" and fld.store:
                    self.model_refs[model._table, fld.name] = fld.model_field

    def has_id(self, table):
        return "id" in self.columns[table]

    def kind(self, table, column):
        sqltype = self.columns[table][column][0]
        base = sqltype.split("(")[0]
        if base in NUMERIC:
            return "number"
        if base in TEXT:
            return "text"
        if base == "date":
            return "date"
        if base.startswith("timestamp"):
            return "datetime"
        return "other"

    def max_ids(self, cr):
        """{table: max id} of every table with an id column."""
        result = {}
        for table in self.columns:
            if self.has_id(table):
                cr.execute(f'SELECT COALESCE(MAX(id), 0) FROM "{table}"')
                result[table] = cr.fetchone()[0]
        return result

    def new_rows(self, cr, before):
        """The rows written since ``before`` (from ``max_ids``): {table: [row
        dict]}, rows of tables without id (many2many) when they link a new
        row. Transient (wizard) rows are left out."""
        rows = {}
        for table in self.columns:
            if table in self.transient:
                continue
            if self.has_id(table):
                if table not in before:
                    continue
                cr.execute(
                    f'SELECT * FROM "{table}" WHERE id > %s ORDER BY id',
                    [before[table]],
                )
            else:
                links = [
                    (column, self.fks[table, column])
                    for column in self.columns[table]
                    if (table, column) in self.fks and self.fks[table, column] in before
                ]
                if not links or any(ref in self.transient for _c, ref in links):
                    continue
                where = " OR ".join(
                    f'"{column}" > {before[ref]}' for column, ref in links
                )
                cr.execute(f'SELECT * FROM "{table}" WHERE {where} ORDER BY 1, 2')
            found = cr.dictfetchall()
            if found:
                rows[table] = found
        return rows


def row_key(schema, table, row):
    return (
        row["id"]
        if schema.has_id(table)
        else tuple(row[c] for c in schema.columns[table])
    )


def components(schema, rows):
    """Group the new rows into connected groups (references between them in
    either direction): {(table, key): group number}."""
    parent = {}

    def find(node):
        while parent[node] != node:
            parent[node] = parent[parent[node]]
            node = parent[node]
        return node

    for table, table_rows in rows.items():
        for row in table_rows:
            node = (table, row_key(schema, table, row))
            parent[node] = node
    for table, table_rows in rows.items():
        for row in table_rows:
            node = (table, row_key(schema, table, row))
            for column, value in row.items():
                if value is None:
                    continue
                target = None
                if (table, column) in schema.fks:
                    target = (schema.fks[table, column], value)
                elif (table, column) in schema.model_refs:
                    model = row.get(schema.model_refs[table, column])
                    target = (schema.model_table.get(model), value)
                if target in parent:
                    parent[find(node)] = find(target)
    return {node: find(node) for node in parent}
