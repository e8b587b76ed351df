#!/usr/bin/env bash
# Screenshots of the main screens for the README, in English and in Chinese.
#
#   tools/screenshots.sh [OUTPUT_FOLDER]      (default: docs/screenshots)
#
# Uses the demo database $HOTEL_CRM_SHOTS_DB (default hotel_crm_screenshots):
# created with hotel_crm and its demo data the first time, upgraded later, with
# the Chinese (zh_CN) terms loaded. Two users see the screens: screens_en
# (English) and screens_zh (Chinese), Hotel Managers who may also invoice and
# change the settings (Odoo's Settings need its Administration rights).
# Odoo is served on 127.0.0.1:$HOTEL_CRM_SHOTS_PORT (default 8079) while the
# screenshots are taken, then stopped. Files: OUTPUT_FOLDER/en_*.png and
# OUTPUT_FOLDER/zh_CN_*.png, 1280x800 ($HOTEL_CRM_SHOTS_SIZE).
set -euo pipefail
. "$(dirname "$0")/common.sh"
. "$(dirname "$0")/pg.sh"

load_odoo_env
[ "$ODOO_KIND" != none ] || die "Odoo 18.0 is not available: $ODOO_WHY"
DB=${HOTEL_CRM_SHOTS_DB:-hotel_crm_screenshots}
PORT=${HOTEL_CRM_SHOTS_PORT:-8079}
OUT=${1:-$ROOT/docs/screenshots}
PASSWORD=screens-demo
mkdir -p "$LOCAL/logs"
LOG="$LOCAL/logs/screenshots-server.log"

server_pid=""
cleanup() {
  if [ -n "$server_pid" ]; then
    kill "$server_pid" 2>/dev/null || true
    wait "$server_pid" 2>/dev/null || true
  fi
  pg_stop
}
pg_start
trap cleanup EXIT
CONF="$LOCAL/odoo-screenshots.conf"
HOTEL_CRM_HTTP_PORT=$PORT write_odoo_conf "$CONF"

odoo() { # [SUBCOMMAND] OPTIONS...
  local sub=()
  [[ ${1:-} != -* ]] && { sub=("$1"); shift; }
  "$VPY" "$ODOO_BIN" "${sub[@]}" -c "$CONF" -d "$DB" --logfile="$LOG" "$@"
}

# Chinese text needs a Chinese font, or it shows as empty boxes
if ! fc-list :lang=zh 2>/dev/null | grep -q .; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    info "installing a Chinese font (Debian's fonts-wqy-microhei)"
    { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
      --no-install-recommends fonts-wqy-microhei; } >"$LOCAL/logs/fonts-install.log" 2>&1 \
      || warn "no Chinese font could be installed: the Chinese screenshots will show boxes"
  else
    warn "no Chinese font (fc-list :lang=zh): the Chinese screenshots will show boxes"
  fi
fi

if psql -Atqc 'select 1' "$DB" >/dev/null 2>&1; then
  info "upgrading hotel_crm in $DB"
  odoo -u hotel_crm --stop-after-init
else
  info "creating $DB with hotel_crm and its demo data"
  odoo -i hotel_crm --stop-after-init
fi
if [ "$(psql -Atqc "select active from res_lang where code = 'zh_CN'" "$DB")" != t ]; then
  info "loading the Chinese (zh_CN) terms"
  odoo --load-language=zh_CN --stop-after-init
fi
info "preparing the users"
odoo shell --no-http >/dev/null <<PY
groups = [
    env.ref("base.group_user").id,
    env.ref("hotel_crm.group_hotel_manager").id,
    env.ref("account.group_account_invoice").id,
    env.ref("base.group_system").id,
]
for login, name, lang in (
    ("screens_en", "Frida Front Desk", "en_US"),
    ("screens_zh", "Zhang Qiantai", "zh_CN"),
):
    user = env["res.users"].with_context(active_test=False).search([("login", "=", login)])
    vals = {"name": name, "lang": lang, "tz": "UTC", "active": True,
            "password": "$PASSWORD", "groups_id": [(6, 0, groups)]}
    if user:
        user.write(vals)
    else:
        env["res.users"].with_context(no_reset_password=True).create({"login": login, **vals})
env.cr.commit()
PY

if curl -fsS -o /dev/null "http://127.0.0.1:$PORT/web/login" 2>/dev/null; then
  die "port $PORT is taken: stop what serves it or set HOTEL_CRM_SHOTS_PORT"
fi
info "serving $DB on http://127.0.0.1:$PORT"
"$VPY" "$ODOO_BIN" -c "$CONF" -d "$DB" --logfile="$LOG" --db-filter="^$DB\$" \
  --http-interface=127.0.0.1 --http-port="$PORT" --workers=0 --max-cron-threads=0 &
server_pid=$!
for _ in $(seq 120); do
  curl -fsS -o /dev/null "http://127.0.0.1:$PORT/web/login" 2>/dev/null && break
  kill -0 "$server_pid" 2>/dev/null || die "the server stopped (log: $LOG)"
  sleep 1
done

status=0
for who in "screens_en en_" "screens_zh zh_CN_"; do
  set -- $who
  info "screenshots as $1"
  "$VPY" "$ROOT/tools/screenshots.py" --url "http://127.0.0.1:$PORT" --db "$DB" \
    --login "$1" --password "$PASSWORD" --out "$OUT" --prefix "$2" \
    --size "${HOTEL_CRM_SHOTS_SIZE:-1280x800}" || status=1
done
exit $status
