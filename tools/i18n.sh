#!/usr/bin/env bash
# `make i18n`: exports the translatable terms of hotel_crm to
# hotel_crm/i18n/hotel_crm.pot, from a scratch database with the module and
# its demo data (as Odoo's own templates: demo records such as room types are
# translated too), then merges the new template into every translation
# (hotel_crm/i18n/*.po) with tools/i18n_merge.py: existing translations are
# kept, new terms come out empty (or fuzzy when a sentence was reworded) for a
# translator to fill in. HOTEL_CRM_I18N_DB names the scratch database
# (default hotel_crm_i18n); it is dropped at the end.
set -euo pipefail
. "$(dirname "$0")/common.sh"
. "$(dirname "$0")/pg.sh"

load_odoo_env
[ "$ODOO_KIND" != none ] || die "Odoo 18.0 is not available: $ODOO_WHY"
DB=${HOTEL_CRM_I18N_DB:-hotel_crm_i18n}
pg_start
trap 'dropdb --if-exists "$DB" >/dev/null 2>&1; pg_stop' EXIT
CONF="$LOCAL/odoo-i18n.conf"
write_odoo_conf "$CONF"
dropdb --if-exists "$DB" >/dev/null 2>&1
mkdir -p "$LOCAL/logs"
"$VPY" "$ODOO_BIN" -c "$CONF" -d "$DB" -i hotel_crm \
  --stop-after-init --logfile="$LOCAL/logs/i18n-install.log"
"$VPY" "$ODOO_BIN" -c "$CONF" -d "$DB" --modules=hotel_crm --language=en_US \
  --i18n-export="$ROOT/hotel_crm/i18n/hotel_crm.pot" --logfile="$LOCAL/logs/i18n-export.log"
info "exported hotel_crm/i18n/hotel_crm.pot"
"$VPY" "$ROOT/tools/i18n_merge.py"
info "merged into hotel_crm/i18n/*.po: translate the new and fuzzy entries, then run make test-static"
