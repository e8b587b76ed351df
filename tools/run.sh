#!/usr/bin/env bash
# `make run`: serves Odoo with hotel_crm on http://localhost:8069 (admin/admin).
# The first run creates the database ($HOTEL_CRM_DB, default hotel_crm) with
# hotel_crm and its demo data; later runs reuse it and upgrade the module first.
set -euo pipefail
. "$(dirname "$0")/common.sh"
. "$(dirname "$0")/pg.sh"

load_odoo_env
[ "$ODOO_KIND" != none ] || die "Odoo 18.0 is not available: $ODOO_WHY"
DB=${HOTEL_CRM_DB:-hotel_crm}
pg_start
trap pg_stop EXIT
CONF="$LOCAL/odoo-run.conf"
write_odoo_conf "$CONF"
if psql -Atqc 'select 1' "$DB" >/dev/null 2>&1; then
  info "database $DB exists: upgrading hotel_crm, then serving"
  step=(-u hotel_crm)
else
  info "creating database $DB with hotel_crm and its demo data, then serving"
  step=(-i hotel_crm)
fi
info "Odoo on http://localhost:${HOTEL_CRM_HTTP_PORT:-8069} (login admin, password admin); Ctrl-C stops it"
"$VPY" "$ODOO_BIN" -c "$CONF" -d "$DB" --db-filter="^$DB\$" "${step[@]}" "$@"
