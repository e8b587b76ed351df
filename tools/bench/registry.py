"""The benchmark's operations: one function per operation, its target and,
where one exists, a raw-SQL (or plain-Odoo) reference giving the same result.

This module needs no Odoo: it only holds the registry, so that the static
tier can check that every operation has a target and that a report renders.
The operations themselves are in ``operations.py``; adding one is::

    @operation(
        "stay_list_unpaid",
        "Stay list, Unpaid filter",
        Target(ms=50),
        user="desk",
    )
    def stay_list_unpaid(bench, state):
        return bench.web_search_read("hotel.stay", ...)

and optionally ``@stay_list_unpaid.setup`` (prepares data in the measured
run's savepoint, not measured) and ``@stay_list_unpaid.reference`` (the same
result through raw SQL or plain Odoo, measured the same way; the runner
asserts that both give the same result).
"""

from dataclasses import dataclass, field

OPERATIONS = {}


@dataclass(frozen=True)
class Target:
    """What an operation must achieve; every limit given must hold.

    ``queries``: at most this many queries; ``ms``: a median time in ms at
    most; ``ratio``: the median time at most this many times the reference's;
    ``query_ratio``: the queries at most this many times the reference's;
    ``same_queries_as``: exactly as many queries as that other operation (the
    same flow on smaller data: the count does not grow with the data), not
    counting the queries of the kinds in ``except_kinds`` (``("INSERT",)``:
    only the inserts may grow);
    ``note``: the target as the issue words it, when the limits above cannot
    say all of it.
    """

    queries: int | None = None
    ms: float | None = None
    ratio: float | None = None
    query_ratio: float | None = None
    same_queries_as: str | None = None
    except_kinds: tuple = ()
    note: str = ""

    def describe(self):
        parts = []
        if self.queries is not None:
            parts.append(f"≤ {self.queries} q")
        if self.ms is not None:
            parts.append(f"≤ {self.ms:g} ms")
        if self.ratio is not None:
            parts.append(f"t ≤ {self.ratio:g}x ref")
        if self.query_ratio is not None:
            parts.append(f"q ≤ {self.query_ratio:g}x ref")
        if self.same_queries_as:
            excluded = (
                f" w/o {', '.join(self.except_kinds)}" if self.except_kinds else ""
            )
            parts.append(f"q{excluded} = {self.same_queries_as}")
        if self.note:
            parts.append(self.note)
        return ", ".join(parts) or "measured only"

    def check(self, result, results):
        """Whether ``result`` (a result dict of the report) meets the
        target: True, False, or None when nothing is asserted."""
        checks = []
        if self.queries is not None:
            checks.append(result["queries"] <= self.queries)
        if self.ms is not None:
            checks.append(result["median_ms"] <= self.ms)
        ref = result.get("reference")
        if self.ratio is not None:
            checks.append(
                bool(ref) and result["median_ms"] <= self.ratio * ref["median_ms"]
            )
        if self.query_ratio is not None:
            checks.append(
                bool(ref) and result["queries"] <= self.query_ratio * ref["queries"]
            )
        other = results.get(self.same_queries_as)
        if other:  # when it was measured too (BENCH_ONLY may leave it out)
            checks.append(
                "error" not in other and self._counted(other) == self._counted(result)
            )
        return all(checks) if checks else None

    def _counted(self, result):
        kinds = result.get("queries_by_kind", {})
        return result["queries"] - sum(kinds.get(kind, 0) for kind in self.except_kinds)


@dataclass
class Operation:
    """One measured operation. ``run(bench, state)`` is what is measured;
    ``user`` names the benchmark user it runs as ("desk": Front Desk,
    "manager": Hotel Manager who may invoice, "admin": the superuser)."""

    name: str
    title: str
    target: Target
    run: object
    user: str = "manager"
    setup_fn: object = None
    reference_fn: object = None
    reference_kind: str = "sql"
    compare_fn: object = None
    tags: tuple = field(default_factory=tuple)

    def setup(self, fn):
        """Decorator: prepares the data the run needs (not measured); its
        return value is the run's ``state``."""
        self.setup_fn = fn
        return fn

    def reference(self, fn=None, *, kind="sql"):
        """Decorator: the same result through raw SQL (``kind="sql"``) or
        through plain Odoo without the module (``kind="odoo"``)."""

        def register(fn):
            self.reference_fn = fn
            self.reference_kind = kind
            return fn

        return register(fn) if fn else register

    def compare(self, fn):
        """Decorator: ``fn(result, reference_result)`` raises when the
        operation and its reference disagree (default: equality)."""
        self.compare_fn = fn
        return fn


def operation(name, title, target, user="manager", tags=()):
    """Register the decorated function as the operation ``name``."""

    def register(fn):
        if name in OPERATIONS:
            raise ValueError(f"operation {name} is registered twice")
        op = Operation(name, title, target, fn, user=user, tags=tuple(tags))
        OPERATIONS[name] = op
        return op

    return register


def run_until_done(call):
    """A scheduled action as Odoo's scheduler runs it: ``call`` again at once
    while it reports work left (a true value). Returns the number of calls."""
    calls = 1
    while call():
        calls += 1
    return calls
