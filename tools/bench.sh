#!/usr/bin/env bash
# The benchmark (`make bench`): generates a data set at a chosen scale into its
# own database, then measures the operations of tools/bench/operations.py
# (query count and time, beside a raw-SQL reference) and writes the report.
#
#   BENCH_GUESTS=100000 BENCH_STAYS=1000000 make bench
#
# Environment: BENCH_GUESTS (default 2000), BENCH_STAYS (default 20000),
#   BENCH_DB (default hotel_crm_bench), BENCH_RUNS (measured runs per
#   operation, default 3), BENCH_REUSE=1 (keep a database generated at the
#   same scale: upgrade hotel_crm in it and measure again), BENCH_ONLY (names
#   of the operations to measure, separated by spaces).
# Report: reports/bench-<guests>-<stays>.json (-partial.json with BENCH_ONLY),
#   rendered as Markdown for the README by `python tools/bench/report.py FILE`;
#   logs in .local/logs/.
set -euo pipefail
. "$(dirname "$0")/common.sh"
. "$(dirname "$0")/pg.sh"

load_odoo_env
[ "$ODOO_KIND" != none ] || die "Odoo 18.0 is not available: $ODOO_WHY"
GUESTS=${BENCH_GUESTS:-2000}
STAYS=${BENCH_STAYS:-20000}
DB=${BENCH_DB:-hotel_crm_bench}
RUNS=${BENCH_RUNS:-3}
OUT="$REPORTS/bench-$GUESTS-$STAYS${BENCH_ONLY:+-partial}.json"
mkdir -p "$REPORTS" "$LOCAL/logs"
cd "$ROOT" || exit 1
pg_start
trap pg_stop EXIT
CONF="$LOCAL/odoo-bench.conf"
write_odoo_conf "$CONF"
LOG="$LOCAL/logs/bench-odoo.log"

odoo_step() { # $1 = what, rest = odoo-bin arguments
  local what=$1; shift
  info "$what"
  "$VPY" "$ODOO_BIN" -c "$CONF" -d "$DB" --logfile="$LOG" --log-level=warn --stop-after-init "$@" \
    || { tail -n 40 "$LOG"; die "$what failed (log: $LOG)"; }
}

scale=""
if [ "${BENCH_REUSE:-}" = 1 ]; then
  scale=$(psql -Atqc "select value from ir_config_parameter where key = 'bench.scale'" "$DB" 2>/dev/null || true)
fi
if [ "$scale" = "$GUESTS/$STAYS" ]; then
  odoo_step "reusing $DB ($GUESTS guests, $STAYS stays): upgrading hotel_crm" -u hotel_crm
else
  [ "${BENCH_REUSE:-}" = 1 ] && info "no database $DB of $GUESTS guests and $STAYS stays to reuse"
  dropdb --if-exists "$DB" >/dev/null
  rm -rf "$LOCAL/filestore/filestore/$DB"
  started=$(date +%s)
  odoo_step "creating $DB with hotel_crm, without demo data" -i hotel_crm --without-demo=all
  info "generating $GUESTS guests and $STAYS stays"
  "$VPY" -m tools.bench generate -c "$CONF" -d "$DB" --guests "$GUESTS" --stays "$STAYS"
  info "database ready in $(( $(date +%s) - started )) s"
fi
# a bulk load (or an upgrade: a new stored column) writes many rows: vacuumed
# and analyzed now, as autovacuum would do soon after, so that the measures do
# not depend on whether autovacuum has run yet (or runs during them)
info "vacuuming and analyzing $DB"
psql -qc "VACUUM (ANALYZE)" "$DB"
info "measuring ($RUNS runs per operation)"
# shellcheck disable=SC2086
"$VPY" -m tools.bench measure -c "$CONF" -d "$DB" --runs "$RUNS" --out "$OUT" \
  ${BENCH_ONLY:+--only $BENCH_ONLY}
