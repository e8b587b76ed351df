"""The benchmark's report: a table for the terminal and a Markdown table for
the README, from the JSON that ``make bench`` writes under ``reports/``.

    python tools/bench/report.py reports/bench-2000-20000.json   # Markdown

Needs no Odoo.
"""

import json
import sys

COLUMNS = (
    "operation",
    "queries",
    "min ms",
    "median ms",
    "ref ms",
    "ratio",
    "target",
    "met?",
)


def _ms(value):
    if value is None:
        return "-"
    return f"{value:.1f}" if value < 100 else f"{value:.0f}"


def _ratio(result):
    ref = result.get("reference")
    if not ref:
        return "-"
    parts = []
    if ref.get("median_ms"):
        parts.append(f"{result['median_ms'] / ref['median_ms']:.2f}x t")
    if result.get("compare_queries") and ref.get("queries"):
        parts.append(f"{result['queries'] / ref['queries']:.3f}x q")
    return ", ".join(parts) or "-"


def _ref(result):
    ref = result.get("reference")
    if not ref:
        return "-"
    label = "SQL" if ref.get("kind") == "sql" else "Odoo"
    text = f"{_ms(ref['median_ms'])} ({label}"
    if ref.get("kind") != "sql":
        text += f", {ref['queries']} q"
    return text + ")"


def _met(result):
    if result.get("error"):
        return "ERROR"
    return {True: "yes", False: "NO", None: "-"}[result.get("met")]


def rows(report):
    """The table's rows, as strings, in the order of the report."""
    for result in report["results"]:
        queries = str(result.get("queries", "-"))
        if result.get("queries_by_size"):
            queries = " / ".join(
                f"{q} ({size})" for size, q in result["queries_by_size"].items()
            )
        yield (
            result["title"],
            queries,
            _ms(result.get("min_ms")),
            _ms(result.get("median_ms")),
            _ref(result),
            _ratio(result),
            result.get("target", ""),
            _met(result),
        )


def _commit(commit):
    return commit[:10] + (" with changes" if commit.endswith("+changes") else "")


def header(report):
    scale = report["scale"]
    machine = report.get("machine", {})
    return (
        f"{scale['guests']:,} guests, {scale['stays']:,} stays, "
        f"{scale.get('invoices', 0):,} posted invoices; "
        f"{machine.get('cpus', '?')} CPUs, PostgreSQL {machine.get('postgresql', '?')}; "
        f"{report.get('date', '')[:10]}, commit {_commit(report.get('git_commit') or '?')}; "
        f"median of {report.get('runs', '?')} runs"
    )


def render_text(report):
    table = [COLUMNS, *rows(report)]
    widths = [max(len(row[i]) for row in table) for i in range(len(COLUMNS))]
    lines = [header(report), ""]
    for n, row in enumerate(table):
        lines.append(
            "  ".join(
                cell.ljust(width) for cell, width in zip(row, widths, strict=True)
            )
        )
        if n == 0:
            lines.append("  ".join("-" * width for width in widths))
    errors = [r for r in report["results"] if r.get("error")]
    for result in errors:
        lines.append(f"ERROR {result['name']}: {result['error']}")
    return "\n".join(lines)


def render_markdown(report):
    def line(cells):
        return "| " + " | ".join(cell.replace("|", "\\|") for cell in cells) + " |"

    lines = [f"*{header(report)}*", "", line(COLUMNS), line(["---"] * len(COLUMNS))]
    lines.extend(line(row) for row in rows(report))
    return "\n".join(lines)


def main(argv):
    if len(argv) != 2:
        print(__doc__.strip(), file=sys.stderr)
        return 2
    with open(argv[1], encoding="utf-8") as f:
        print(render_markdown(json.load(f)))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
