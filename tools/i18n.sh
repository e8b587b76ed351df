#!/usr/bin/env bash
# `make i18n`: exports the translatable terms of hotel_crm to
# hotel_crm/i18n/hotel_crm.pot, from a scratch database with the module.
set -euo pipefail
. "$(dirname "$0")/common.sh"
. "$(dirname "$0")/pg.sh"

load_odoo_env
[ "$ODOO_KIND" != none ] || die "Odoo 18.0 is not available: $ODOO_WHY"
DB=hotel_crm_i18n
pg_start
trap 'dropdb --if-exists "$DB" >/dev/null 2>&1; pg_stop' EXIT
CONF="$LOCAL/odoo-i18n.conf"
write_odoo_conf "$CONF"
dropdb --if-exists "$DB" >/dev/null 2>&1
mkdir -p "$LOCAL/logs"
"$VPY" "$ODOO_BIN" -c "$CONF" -d "$DB" -i hotel_crm --without-demo=all \
  --stop-after-init --logfile="$LOCAL/logs/i18n-install.log"
"$VPY" "$ODOO_BIN" -c "$CONF" -d "$DB" --modules=hotel_crm --language=en_US \
  --i18n-export="$ROOT/hotel_crm/i18n/hotel_crm.pot" --logfile="$LOCAL/logs/i18n-export.log"
info "exported hotel_crm/i18n/hotel_crm.pot"
