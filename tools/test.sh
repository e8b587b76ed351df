#!/usr/bin/env bash
# The project's test command (`make test`): the static tier, then the Odoo tier.
#
#   tools/test.sh [static|odoo|all] [-- PYTEST_ARGS...]
#
# Static tier: checks that need no Odoo (tests/ at the root), report in
#   reports/static.xml.
# Odoo tier: a fresh database with hotel_crm and its demo data installed, the
#   module's tests through pytest-odoo (report in reports/odoo.xml), then an
#   upgrade and an uninstall of the module; the install, upgrade and uninstall
#   must log no WARNING or ERROR line.
# Environment: HOTEL_CRM_REQUIRE_ODOO=1 fails the run when the Odoo tier cannot
#   run; HOTEL_CRM_TEST_DB names the database (default hotel_crm_test);
#   HOTEL_CRM_REUSE_DB=1 upgrades an existing test database instead of
#   creating it anew and skips the uninstall (quicker, for development).
set -uo pipefail
. "$(dirname "$0")/common.sh"
. "$(dirname "$0")/pg.sh"

tiers=${1:-all}
[ $# -gt 0 ] && shift
[ "${1:-}" = "--" ] && shift
PYTEST_ARGS=("$@")
DB=${HOTEL_CRM_TEST_DB:-hotel_crm_test}
mkdir -p "$REPORTS" "$LOCAL/logs"
cd "$ROOT" || exit 1
status=0
summary=()

run_static() {
  info "static tier: checks that need no Odoo"
  rm -f "$REPORTS/static.xml"
  "$VPY" -m pytest -p no:odoo tests --junitxml="$REPORTS/static.xml" -q
  local line
  if [ -f "$REPORTS/static.xml" ]; then
    line=$("$VPY" tools/junit_summary.py static "$REPORTS/static.xml") || status=1
  else
    line="static: the tier did not produce a report"; status=1
  fi
  summary+=("$line")
}

odoo_step() { # $1 = step name, rest = odoo-bin arguments; log checked
  local step=$1; shift
  local log="$LOCAL/logs/$step.log"
  rm -f "$log"
  info "Odoo tier: $step"
  "$VPY" "$ODOO_BIN" -c "$CONF" -d "$DB" --logfile="$log" --log-level=info "$@"
  local rc=$?
  "$VPY" tools/check_log.py "$step" "$log" || rc=1
  [ $rc = 0 ] || { tail -n 40 "$log"; summary+=("odoo: the $step step failed (log: $log)"); }
  return $rc
}

run_odoo() {
  load_odoo_env
  if [ "$ODOO_KIND" = none ]; then
    local msg="THE ODOO TIER DID NOT RUN: $ODOO_WHY. Only the static tier ran; nothing was tested in real Odoo."
    summary+=("!!!!!!!! $msg")
    if [ "${HOTEL_CRM_REQUIRE_ODOO:-}" = 1 ]; then
      summary+=("HOTEL_CRM_REQUIRE_ODOO=1: failing the run."); status=1
    fi
    return
  fi
  pg_start
  trap pg_stop EXIT
  CONF="$LOCAL/odoo-test.conf"
  write_odoo_conf "$CONF"
  rm -f "$REPORTS/odoo.xml"
  local state=""
  [ "${HOTEL_CRM_REUSE_DB:-}" = 1 ] \
    && state=$(psql -Atqc "select state from ir_module_module where name = 'hotel_crm'" "$DB" 2>/dev/null)
  if [ "$state" = installed ]; then
    odoo_step upgrade -u hotel_crm --stop-after-init || { status=1; return; }
  else
    dropdb --if-exists "$DB" >/dev/null 2>&1
    rm -rf "$LOCAL/filestore/filestore/$DB"
    odoo_step install -i hotel_crm --stop-after-init || { status=1; return; }
    odoo_step upgrade -u hotel_crm --stop-after-init || { status=1; return; }
  fi
  info "Odoo tier: the module's tests (pytest-odoo)"
  # the module's tests, unless the arguments name test files themselves
  local paths=(hotel_crm/tests) arg
  for arg in "${PYTEST_ARGS[@]}"; do
    [[ $arg == hotel_crm/* ]] && paths=()
  done
  # --odoo-http: the HTTP server the browser tests (tours) talk to, in the
  # test process as with odoo-bin --test-enable (see tools/pytest_odoo_browser.py)
  "$VPY" -m pytest -p no:cacheprovider --odoo-config="$CONF" --odoo-database="$DB" --odoo-http \
    -p tools.pytest_odoo_browser \
    --junitxml="$REPORTS/odoo.xml" -q "${paths[@]}" "${PYTEST_ARGS[@]}"
  local line
  if [ -f "$REPORTS/odoo.xml" ]; then
    line=$("$VPY" tools/junit_summary.py odoo "$REPORTS/odoo.xml") || status=1
  else
    line="odoo: the tier did not produce a report"; status=1
  fi
  summary+=("$line")
  if [ "${HOTEL_CRM_REUSE_DB:-}" != 1 ]; then
    local log="$LOCAL/logs/uninstall.log"
    rm -f "$log"
    info "Odoo tier: uninstall"
    "$VPY" "$ODOO_BIN" shell -c "$CONF" -d "$DB" --logfile="$log" --log-level=info --no-http <<'PY' >/dev/null
env["ir.module.module"].search([("name", "=", "hotel_crm")]).button_immediate_uninstall()
env.cr.commit()
assert env["ir.module.module"].search([("name", "=", "hotel_crm")]).state == "uninstalled"
PY
    local rc=$?
    "$VPY" tools/check_log.py uninstall "$log" || rc=1
    [ $rc = 0 ] || { status=1; summary+=("odoo: the uninstall step failed (log: $log)"); }
  fi
}

case $tiers in
  static) run_static ;;
  odoo) run_odoo ;;
  all) run_static; run_odoo ;;
  *) die "unknown tier '$tiers' (static, odoo or all)" ;;
esac

echo
for line in "${summary[@]}"; do echo "$line"; done
exit $status
