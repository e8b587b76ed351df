"""The benchmark's entry point, run by ``tools/bench.sh`` (``make bench``)
with Odoo as a library:

    python -m tools.bench generate -c CONF -d DB --guests N --stays M
    python -m tools.bench measure  -c CONF -d DB --runs 3 --out FILE [--only NAME ...]

``generate`` fills a database that has hotel_crm installed without demo data
and verifies what it wrote; ``measure`` runs the operations of
``operations.py`` and writes the report (JSON) and prints its table.
"""

import argparse
import json
import logging
import sys
import time

_logger = logging.getLogger("bench")


def _registry(conf, database):
    import odoo  # noqa: PLC0415 (Odoo is configured first)
    from odoo.modules.registry import Registry  # noqa: PLC0415

    odoo.tools.config.parse_config(["-c", conf, "-d", database, "--log-level=warn"])
    logging.getLogger("bench").setLevel(logging.INFO)
    return Registry(database)


def _environment(cr):
    from odoo import SUPERUSER_ID, api  # noqa: PLC0415

    return api.Environment(cr, SUPERUSER_ID, {})


def cmd_generate(args):
    from . import generate, verify  # noqa: PLC0415

    registry = _registry(args.config, args.database)
    started = time.perf_counter()
    with registry.cursor() as cr:
        env = _environment(cr)
        # written as the administrator would import them
        env = env(user=env.ref("base.user_admin").id, su=True)
        info = generate.generate(env, args.guests, args.stays, log=print)
        clock = time.perf_counter()
        checked = verify.verify(env, info, sample=args.sample)
        info["timings"]["verification (ORM recompute of a sample)"] = round(
            time.perf_counter() - clock, 1
        )
        print(f"verified: {checked}")
        info["verified"] = checked
        info["guests"], info["stays"] = args.guests, args.stays
        info["seconds"] = round(time.perf_counter() - started, 1)
        set_param = env["ir.config_parameter"].set_param
        set_param("bench.scale", f"{args.guests}/{args.stays}")
        set_param("bench.info", json.dumps(info, default=str))
        cr.commit()
    print(f"generated in {info['seconds']} s")
    return 0


def cmd_measure(args):
    from . import measure, report  # noqa: PLC0415

    registry = _registry(args.config, args.database)
    with registry.cursor() as cr:
        env = _environment(cr)
        result = measure.measure(env, runs=args.runs, only=args.only, log=print)
        cr.rollback()
    result["database"] = args.database
    with open(args.out, "w", encoding="utf-8") as f:
        json.dump(result, f, indent=2, default=str)
    print()
    print(report.render_text(result))
    print(f"\nreport: {args.out}")
    return 1 if any(r.get("error") for r in result["results"]) else 0


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python -m tools.bench")
    sub = parser.add_subparsers(dest="command", required=True)
    for name in ("generate", "measure"):
        p = sub.add_parser(name)
        p.add_argument("-c", "--config", required=True)
        p.add_argument("-d", "--database", required=True)
        if name == "generate":
            p.add_argument("--guests", type=int, required=True)
            p.add_argument("--stays", type=int, required=True)
            p.add_argument("--sample", type=int, default=200)
        else:
            p.add_argument("--runs", type=int, default=3)
            p.add_argument("--out", required=True)
            p.add_argument("--only", nargs="*")
    args = parser.parse_args(argv)
    return {"generate": cmd_generate, "measure": cmd_measure}[args.command](args)


if __name__ == "__main__":
    sys.exit(main())
