# Shared settings for the project's scripts (sourced, not run).
# Every path here can be overridden from the environment; see README.md.
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
LOCAL="$ROOT/.local"
VENV=${HOTEL_CRM_VENV:-$ROOT/.venv}
VPY="$VENV/bin/python"
CACHE_DIR="${XDG_CACHE_HOME:-$HOME/.cache}/hotel_crm"
REPORTS="$ROOT/reports"
ENV_FILE="$LOCAL/odoo.env"   # written by setup: where Odoo came from

info() { printf '[hotel_crm] %s\n' "$*"; }
warn() { printf '[hotel_crm] WARNING: %s\n' "$*" >&2; }
die() { printf '[hotel_crm] ERROR: %s\n' "$*" >&2; exit 1; }

# Loads what setup found out about Odoo: ODOO_KIND (importable|source|none),
# ODOO_BIN (how to start the server) and ODOO_WHY (why there is none).
load_odoo_env() {
  ODOO_KIND=none ODOO_BIN="" ODOO_WHY="setup has not run"
  # shellcheck disable=SC1090
  [ -f "$ENV_FILE" ] && . "$ENV_FILE"
  return 0
}
