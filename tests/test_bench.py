"""The benchmark's parts that need no Odoo: every operation has a target,
the targets say what issue 9 asks, the report renders, and the generated
population is consistent (no guest in two stays at once)."""

import re
import sys
from collections import defaultdict
from datetime import date, timedelta
from itertools import pairwise
from types import SimpleNamespace

import pytest
from conftest import ROOT

sys.path.insert(0, str(ROOT))

from tools.bench import operations, population, report
from tools.bench.bundle import FRESH_CODES, DateTimeShift, MessageId
from tools.bench.registry import OPERATIONS, Target

ACTIVE = ("booked", "checked_in", "checked_out", "invoiced", "paid")


def test_operations_are_registered_with_a_target():
    assert operations.BATCH == 1000
    assert len(OPERATIONS) >= 15
    for op in OPERATIONS.values():
        assert isinstance(op.target, Target), op.name
        assert op.title and op.target.describe(), op.name
        assert op.user in ("desk", "manager", "admin"), op.name


@pytest.mark.parametrize(
    ("name", "limits"),
    [
        ("import_1000", {"ms": 2000, "same_queries_as": "import_100"}),
        ("create_1000", {"ms": 1500}),
        ("check_in_1000", {"ms": 1500}),
        ("check_out_1000", {"ms": 1500}),
        ("guest_list_long_stay", {"ms": 50}),
        ("guest_list_duplicates", {"ms": 50}),
        (
            "guest_form_500",
            {"queries": 20, "ms": 60, "same_queries_as": "guest_form_10"},
        ),
        ("guest_form_10", {"queries": 20, "ms": 60}),
        ("invoice_1000", {"query_ratio": 1.05}),
        ("guest_value_all", {"ratio": 1.5}),
        ("stays_pivot", {"ratio": 2}),
    ],
)
def test_targets_of_the_issue(name, limits):
    target = OPERATIONS[name].target
    for attribute, value in limits.items():
        assert getattr(target, attribute) == value, (name, attribute)


def test_operations_compared_with_a_reference():
    """Every target on a ratio has a reference to compare with."""
    for op in OPERATIONS.values():
        if op.target.ratio or op.target.query_ratio:
            assert op.reference_fn, op.name


def _result(name, queries, median, **extra):
    return {"name": name, "title": name.title(), "queries": queries, "min_ms": median,
            "median_ms": median, "queries_by_kind": {"SELECT": queries}, **extra}  # fmt: skip


def test_target_checks():
    form = Target(queries=20, ms=60, same_queries_as="small")
    results = {"small": _result("small", 12, 5)}
    assert form.check(_result("big", 12, 30), results) is True
    assert form.check(_result("big", 13, 30), results) is False
    assert form.check(_result("big", 12, 61), results) is False
    assert form.check(_result("big", 13, 30), {}) is True  # "small" not measured
    ratio = Target(ratio=1.5)
    ref = {"kind": "sql", "queries": 1, "median_ms": 10}
    assert ratio.check(_result("op", 5, 15, reference=ref), {}) is True
    assert ratio.check(_result("op", 5, 16, reference=ref), {}) is False
    assert Target().check(_result("op", 5, 15), {}) is None
    inserts = Target(same_queries_as="small", except_kinds=("INSERT",))
    grown = _result("big", 14, 5, queries_by_kind={"SELECT": 12, "INSERT": 2})
    assert inserts.check(grown, results) is True


def test_report_renders():
    data = {
        "scale": {"guests": 2000, "stays": 20000, "invoices": 4000},
        "machine": {"cpus": 2, "postgresql": "15"},
        "date": "2026-11-24T10:00:00",
        "git_commit": "abcdef1234567",
        "runs": 3,
        "results": [
            {**_result("guest_form_500", 18, 40.5), "target": "≤ 20 q", "met": True},
            {**_result("stays_pivot", 5, 60, reference={"kind": "sql", "queries": 1, "median_ms": 20}),
             "target": "≤ 2x ref time", "met": False},
            {"name": "broken", "title": "Broken", "error": "RuntimeError: no"},
        ],
    }  # fmt: skip
    text = report.render_text(data)
    assert "2,000 guests, 20,000 stays" in text
    assert "Guest_Form_500" in text and "yes" in text and "NO" in text
    assert "ERROR broken: RuntimeError: no" in text
    markdown = report.render_markdown(data).splitlines()
    assert markdown[2].startswith("| operation | queries |")
    assert len(markdown) == 4 + 3
    assert "3.00x t" in markdown[5]


def test_population_has_no_overlapping_stays():
    today = date(2026, 11, 24)
    guests = population.plan_guests(300, 3000, corporate_accounts=3)
    shares = {
        "main": [("SGL", 1), ("DBL", 2)],
        "second": [("DBL", 1)],
        "corporate": [("DBL", 1)],
    }
    stays = population.plan_stays(guests, today, shares)
    assert len(stays) == 3000
    assert sum(1 for s in stays if s.guest == 0) == 500
    assert sum(1 for s in stays if s.guest == 1) == 10
    by_guest = defaultdict(list)
    for stay in stays:
        if stay.kind.startswith(ACTIVE):
            by_guest[stay.guest].append(
                (stay.check_in, stay.check_in + timedelta(days=stay.nights))
            )
        if stay.kind.startswith(("checked_out", "invoiced", "paid")):
            assert stay.check_in + timedelta(days=stay.nights) < today
        if stay.kind == "checked_in":
            assert stay.check_in <= today <= stay.check_in + timedelta(days=stay.nights)
    for periods in by_guest.values():
        periods.sort()
        for (_start, end), (next_start, _end) in pairwise(periods):
            assert next_start >= end
    invoiced = sum(1 for s in stays if s.kind.startswith(("invoiced", "paid")))
    assert 0.15 < invoiced / len(stays) < 0.25


def test_desk_stays_are_those_that_left_within_the_year():
    today = date(2026, 11, 24)
    # left 365 days ago: written by the desk; a day earlier: imported history
    assert population.is_desk_stay(date(2025, 11, 21), 3, today)
    assert not population.is_desk_stay(date(2025, 11, 20), 3, today)
    assert population.is_desk_stay(today, 2, today)
    assert population.DESK_DAYS == 365


def test_random_values_of_odoo_recognised():
    # generate_tracking_message_id's shape, of a note and of an invoice
    note = "<617098536208129.1795608000.000000000000000-openerp-message-notify@vm>"
    invoice = "<951360093841580.1787140800.000000000000000-openerp-7-account.move@vm>"
    assert MessageId.SHAPE.fullmatch(note)[3] == "message-notify"
    assert MessageId.SHAPE.fullmatch(invoice)[3] == "7-account.move"
    assert not MessageId.SHAPE.fullmatch("<abc@vm>")
    # loyalty's _generate_code: '044' and str(uuid4())[7:-18]
    shape, _sql = FRESH_CODES["loyalty_card"]["code"]
    assert re.fullmatch(shape, "044d-eb81-4853")
    assert not re.fullmatch(shape, "044d-eb81-485")


def test_copied_moments_empty_stays_empty_and_only_writing_is_kept_to_today():
    bundle = SimpleNamespace(
        a=SimpleNamespace(check_in=date(2026, 8, 17), nights=2),
        ids={"mail_message": [41, 42]},
    )
    pinned = DateTimeShift(bundle, "mail_message", "pinned_at", [0, 0]).sql({})
    written = DateTimeShift(bundle, "mail_message", "date", [0, 1]).sql({})
    # an empty value is never turned into a moment (LEAST ignores NULLs)
    assert pinned.startswith('(CASE WHEN t."pinned_at" IS NULL THEN NULL ELSE ')
    assert "LEAST" not in pinned
    assert written.startswith('(CASE WHEN t."date" IS NULL THEN NULL ELSE LEAST(')
    assert "(p.check_in - DATE '2026-08-17')" in written
    assert "CASE t.id WHEN 41 THEN 0 WHEN 42 THEN 1 END) * (p.nights - 2)" in written
