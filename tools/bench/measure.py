"""Runs the operations of ``operations.py`` on the generated database.

Each operation runs ``runs + 1`` times, the first run only warming Odoo's
caches (views, access rights, rules: a server that has been up a while; on a
few records for the operations on 1,000 stays); each
run in a savepoint rolled back afterwards, so that runs are independent and
the database is left as it was, with the record cache emptied before the
measured part. The query count is exact (Odoo's cursor counts every query);
the time is the wall-clock time of the measured part, which ends with what a
request's commit does (flush and the pre-commit hooks such as tracking).
The raw-SQL or plain-Odoo reference of an operation is run the same way, and
both must give the same result.
"""

import json
import os
import platform
import statistics
import subprocess
import time
from collections import Counter
from datetime import datetime

from lxml import etree

from odoo import fields
from odoo.tools.safe_eval import datetime as safe_datetime
from odoo.tools.safe_eval import safe_eval

from . import operations  # noqa: F401 (registers the operations)
from .registry import OPERATIONS


class Bench:
    """What operations need: the benchmark users' environments, the
    generated data's landmarks, the specifications the web client sends."""

    def __init__(self, env, info):
        self.env, self.cr, self.info = env, env.cr, info
        self.main = env["res.company"].browse(info["companies"]["main"])
        self.today = fields.Date.today()
        self.warming = False
        self._specs = {}
        self._domains = {}

    def size(self, count):
        """How many records a batch operation works on: ``count``, or a few
        in the warm-up run (which only fills Odoo's caches)."""
        return min(count, 20) if self.warming else count

    def env_for(self, user):
        if user == "admin":
            return self.env(user=self.env.ref("base.user_admin").id, su=True)
        return self.env(
            user=self.info["users"][user],
            su=False,
            context={
                "lang": "en_US",
                "tz": "UTC",
                "allowed_company_ids": [self.main.id],
            },
        )

    # -- what the web client sends ---------------------------------------

    def spec(self, env, model, view_xmlid, view_type):
        """The fields specification of a view, as the web client builds it
        for ``web_read``/``web_search_read`` (the view as ``env``'s user
        gets it)."""
        key = (env.uid, model, view_xmlid, view_type)
        if key not in self._specs:
            views = env[model].get_views([(env.ref(view_xmlid).id, view_type)])
            arch = etree.fromstring(views["views"][view_type]["arch"])
            spec = _spec(arch, model, views["models"])
            if view_type == "form":
                spec["display_name"] = {}
            self._specs[key] = spec
        return self._specs[key]

    def filter_domain(self, env, action_xmlid, filter_name):
        """The action's domain and one filter of its search view, evaluated
        as the web client evaluates them. Like the list's fields, the search
        view is loaded once (the web client keeps the views of a session),
        and the domain is built in the browser: not part of what a list's
        measure includes."""
        key = (env.uid, action_xmlid, filter_name)
        if key not in self._domains:
            self._domains[key] = self._filter_domain(env, action_xmlid, filter_name)
        return self._domains[key]

    def _filter_domain(self, env, action_xmlid, filter_name):
        action = env.ref(action_xmlid).sudo()
        views = env[action.res_model].get_views([(action.search_view_id.id, "search")])
        arch = etree.fromstring(views["views"]["search"]["arch"])
        (node,) = arch.xpath(f"//filter[@name='{filter_name}']")
        context = {"context_today": fields.Date.today, "datetime": safe_datetime}
        return safe_eval(action.domain or "[]") + safe_eval(node.get("domain"), context)

    def web_search_read(self, env, model, domain, spec, context=None):
        """A list view's first page and its count, as the web client asks."""
        result = (
            env[model]
            .with_context(**(context or {}))
            .web_search_read(domain, spec, offset=0, limit=80, count_limit=10001)
        )
        return result["length"], [record["id"] for record in result["records"]]

    # -- data the operations work on -------------------------------------

    def free_guests(self, count, start, end, employees_first=False):
        """Guests that may stay from ``start`` to ``end``: no stay then, not
        in house, not restricted, not anonymized, persons; with
        ``employees_first``, the employees of corporate clients first (so
        that a small sample has some, as a large one does)."""
        self.cr.execute(
            """
            SELECT p.id FROM res_partner p
             WHERE p.is_hotel_guest AND p.active AND NOT p.is_company
               AND NOT COALESCE(p.guest_anonymized, FALSE) AND p.id >= %(first)s
               AND NOT EXISTS (SELECT 1 FROM hotel_guest_restriction r
                                WHERE r.partner_id = p.id AND r.active
                                  AND (r.date_until IS NULL OR r.date_until >= %(today)s))
               AND NOT EXISTS (SELECT 1 FROM hotel_stay s
                                WHERE s.partner_id = p.id
                                  AND (s.state = 'checked_in'
                                       OR s.state IN ('booked', 'checked_out')
                                          AND s.check_in_date < %(end)s
                                          AND s.check_out_date > %(start)s))
          ORDER BY %(employees_first)s AND p.parent_id IS NOT NULL DESC, p.id
          LIMIT %(count)s
            """,
            {"first": self.info["first_ids"]["res_partner"], "today": self.today,
             "start": start, "end": end, "count": count,
             "employees_first": employees_first},
        )  # fmt: skip
        ids = [row[0] for row in self.cr.fetchall()]
        if len(ids) < count:
            raise RuntimeError(
                f"only {len(ids)} guests are free from {start} to {end}: a larger scale is needed"
            )
        return ids


def _spec(node, model, models):
    """The specification of the fields under ``node`` (not in subviews)."""
    level = int(node.xpath("count(ancestor::field)"))
    infos = models.get(model, {}).get("fields", {})
    spec = {}
    for field in node.xpath(f".//field[count(ancestor::field) = {level}]"):
        name, info = field.get("name"), infos.get(field.get("name"), {})
        relation = info.get("relation")
        if info.get("type") == "many2one":
            spec[name] = {"fields": {"display_name": {}}}
        elif info.get("type") in ("one2many", "many2many"):
            subviews = [child for child in field if child.tag in ("list", "kanban")]
            if subviews:
                spec[name] = {
                    "fields": _spec(subviews[0], relation, models),
                    "limit": 40,
                }
            else:
                spec[name] = {"fields": {"display_name": {}}}
        else:
            spec.setdefault(name, {})
    return spec


def _timed(bench, env, setup, run, runs):
    """(last result, [seconds], [queries], Counter of the last run's query
    kinds) of ``run``, ``runs`` times after one warm-up."""
    cr = env.cr
    times, queries, kinds, result = [], [], Counter(), None
    for n in range(runs + 1):
        cr.execute("SAVEPOINT bench_run")
        bench.warming = n == 0
        try:
            state = setup(bench, env) if setup else None
            env.flush_all()
            cr.precommit.run()
            env.invalidate_all()
            seen = Counter()
            execute = cr.execute

            def counting(
                query, params=None, log_exceptions=True, execute=execute, seen=seen
            ):
                text = query.code if hasattr(query, "code") else str(query)
                seen[text.lstrip(" (\n").split(None, 1)[0].upper()] += 1
                return execute(query, params, log_exceptions)

            cr.execute = counting
            start_count, start = cr.sql_log_count, time.perf_counter()
            try:
                result = run(bench, env, state)
                env.flush_all()
                cr.precommit.run()
            finally:
                elapsed, count = (
                    time.perf_counter() - start,
                    cr.sql_log_count - start_count,
                )
                del cr.execute
        finally:
            cr.execute("ROLLBACK TO SAVEPOINT bench_run")
            env.clear()
            cr.precommit.clear()
            cr.postcommit.clear()
            _vacuum(cr.dbname)
        if n:
            times.append(elapsed)
            queries.append(count)
            kinds = seen
    return result, times, queries, kinds


def _figures(times, queries, kinds):
    figures = {
        "queries": queries[-1],
        "min_ms": round(1000 * min(times), 2),
        "median_ms": round(1000 * statistics.median(times), 2),
        "times_ms": [round(1000 * t, 2) for t in times],
        "queries_by_kind": dict(kinds),
    }
    if len(set(queries)) > 1:
        figures["queries_per_run"] = queries
    return figures


def run_operation(bench, op, runs):
    env = bench.env_for(op.user)
    result, times, queries, kinds = _timed(bench, env, op.setup_fn, op.run, runs)
    out = {
        "name": op.name,
        "title": op.title,
        "user": op.user,
        **_figures(times, queries, kinds),
    }
    if op.reference_fn:
        ref_env = bench.env_for("admin") if op.reference_kind == "sql" else env
        setup = op.setup_fn if op.reference_kind != "sql" else None
        ref_result, ref_times, ref_queries, ref_kinds = _timed(
            bench, ref_env, setup, op.reference_fn, runs
        )
        (op.compare_fn or _same)(result, ref_result)
        out["reference"] = {
            "kind": op.reference_kind,
            **_figures(ref_times, ref_queries, ref_kinds),
        }
        out["compare_queries"] = op.target.query_ratio is not None
    return out


def _same(result, reference):
    if result != reference:
        raise AssertionError(
            f"the operation and its reference disagree: {result!r} != {reference!r}"
        )


def _machine(env):
    env.cr.execute("SHOW server_version")
    pg = env.cr.fetchone()[0]

    def git(*args):
        return subprocess.run(
            ["git", *args], capture_output=True, text=True, check=False,
            cwd=os.path.dirname(__file__),
        ).stdout.strip()  # fmt: skip

    try:
        # the commit measured, marked when the work tree had changes
        commit = git("rev-parse", "HEAD") + (
            "+changes" if git("status", "--porcelain") else ""
        )
    except OSError:
        commit = ""
    return {
        "cpus": os.cpu_count(),
        "postgresql": pg,
        "python": platform.python_version(),
        "platform": platform.platform(),
    }, commit


def _vacuum(dbname):
    """Vacuum the database (outside the measuring transaction) after each run:
    the rows the run wrote, rolled back, are removed as autovacuum would
    remove them, so that each run starts from the same database, whatever ran
    before it. Without it, each run of the check-out of 1,000 stays took about
    0.1 s more than the one before (its tracking values inserted among the
    dead ones of the runs before), and the stay lists took up to twice as long
    right after the invoicing of 1,000 stays. A rolled-back savepoint's rows
    are dead at once, so the vacuum removes them while the measuring
    transaction goes on (about 0.5 s)."""
    import psycopg2  # noqa: PLC0415

    from odoo.sql_db import connection_info_for  # noqa: PLC0415

    _name, params = connection_info_for(dbname)
    connection = psycopg2.connect(**params)
    try:
        connection.autocommit = True
        with connection.cursor() as cr:
            cr.execute("VACUUM")
    finally:
        connection.close()


def measure(env, runs=3, only=None, log=print):
    info = json.loads(env["ir.config_parameter"].sudo().get_param("bench.info"))
    bench = Bench(env, info)
    machine, commit = _machine(env)
    unknown = set(only or ()) - set(OPERATIONS)
    if unknown:
        raise SystemExit(f"unknown operations: {', '.join(sorted(unknown))}")
    results = {}
    for op in OPERATIONS.values():
        if only and op.name not in only:
            continue
        log(f"{op.name}: {op.title}")
        try:
            results[op.name] = run_operation(bench, op, runs)
        except Exception as error:  # reported; the other operations still run
            env.clear()
            results[op.name] = {
                "name": op.name,
                "title": op.title,
                "error": f"{type(error).__name__}: {error}",
            }
    for name, result in results.items():
        op = OPERATIONS[name]
        result["target"] = op.target.describe()
        if "error" not in result:
            result["met"] = op.target.check(result, results)
    env.cr.execute(
        "SELECT COUNT(*) FROM account_move WHERE move_type = 'out_invoice' AND state = 'posted'"
    )
    invoices = env.cr.fetchone()[0]
    return {
        "scale": {"guests": info["guests"], "stays": info["stays"], "invoices": invoices},
        "machine": machine,
        "date": datetime.now().isoformat(timespec="seconds"),
        "git_commit": commit,
        "runs": runs,
        "generation": {"seconds": info.get("seconds"), "timings": info.get("timings"),
                       "verified": info.get("verified")},
        "results": list(results.values()),
    }  # fmt: skip
