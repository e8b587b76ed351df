# PostgreSQL for the project's scripts (sourced after common.sh).
#
# pg_start: when a server answers at the libpq defaults (PGHOST, PGPORT,
# PGUSER, ...), it is used as it is. Otherwise a private cluster is created
# once in .local/pg (git-ignored) from the server binaries on the machine and
# started on a unix socket only; when invoked as root, the server runs as the
# unprivileged user $HOTEL_CRM_PG_OS_USER (default: nobody). Odoo connects as
# the role "odoo", never as "postgres".
# pg_stop: stops the private cluster again if pg_start started it.
# Both set DB_HOST, DB_PORT, DB_USER for Odoo's configuration.

PG_STARTED_HERE=""

pg_bindir() {
  local d
  for d in ${HOTEL_CRM_PG_BINDIR:-} $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V -r); do
    [ -x "$d/initdb" ] && { echo "$d"; return 0; }
  done
  command -v initdb >/dev/null && { dirname "$(command -v initdb)"; return 0; }
  return 1
}

pg_as_server_user() { # runs a command as the user who owns the cluster
  if [ "$(id -u)" = 0 ]; then
    runuser -u "${HOTEL_CRM_PG_OS_USER:-nobody}" -- "$@"
  else
    "$@"
  fi
}

pg_start() {
  if [ -z "${HOTEL_CRM_PRIVATE_PG:-}" ] && psql -Atqc 'select 1' postgres >/dev/null 2>&1; then
    DB_HOST=${PGHOST:-} DB_PORT=${PGPORT:-} DB_USER=${PGUSER:-$(id -un)}
    [ "$DB_USER" = postgres ] && die "Odoo refuses to connect as 'postgres': set PGUSER to another role"
    info "PostgreSQL: using the server that answers at the libpq defaults (role $DB_USER)"
    return 0
  fi
  local bindir data sock
  bindir=$(pg_bindir) || die "no PostgreSQL server binaries found (initdb); install postgresql or set HOTEL_CRM_PG_BINDIR"
  data="$LOCAL/pg/data"
  # A short socket folder: unix socket paths are limited to ~100 characters.
  sock="/tmp/hotel_crm-pg-$(printf '%s' "$ROOT" | sha256sum | cut -c1-10)"
  mkdir -p "$LOCAL/pg"
  # The socket folder is private to the server's user: nobody else on the
  # machine may connect to the (password-less) cluster or plant a socket.
  if [ -e "$sock" ] && [ "$(stat -c %U "$sock")" != "$(id -un)" ] \
    && [ "$(stat -c %U "$sock")" != "${HOTEL_CRM_PG_OS_USER:-nobody}" ]; then
    die "$sock belongs to $(stat -c %U "$sock"), not to this project: remove it and run again"
  fi
  mkdir -p -m 700 "$sock" && chmod 700 "$sock"
  if [ "$(id -u)" = 0 ]; then
    chown "${HOTEL_CRM_PG_OS_USER:-nobody}" "$LOCAL/pg" "$sock"
    if ! pg_as_server_user test -x "$LOCAL/pg"; then
      # The repository is not reachable by the unprivileged user (for
      # example below /root): keep the cluster in a private temporary folder.
      data="/tmp/hotel_crm-pgdata-$(printf '%s' "$ROOT" | sha256sum | cut -c1-10)"
      mkdir -p "$data" && chown "${HOTEL_CRM_PG_OS_USER:-nobody}" "$data" && chmod 700 "$data"
    fi
  fi
  if [ ! -f "$data/PG_VERSION" ]; then
    info "PostgreSQL: creating a private cluster in $data"
    pg_as_server_user "$bindir/initdb" -D "$data" -U odoo --auth=trust -E UTF8 \
      --locale=C.UTF-8 >"$LOCAL/pg/initdb.log" 2>&1 \
      || { cat "$LOCAL/pg/initdb.log" >&2; die "initdb failed"; }
  fi
  if ! pg_as_server_user "$bindir/pg_ctl" -D "$data" status >/dev/null 2>&1; then
    pg_as_server_user "$bindir/pg_ctl" -D "$data" -w -t 60 -l "$sock/server.log" \
      -o "-c listen_addresses='' -c unix_socket_directories='$sock' -c unix_socket_permissions=0700 -c fsync=off -c full_page_writes=off" \
      start >/dev/null || { cat "$sock/server.log" >&2; die "PostgreSQL did not start"; }
    PG_STARTED_HERE="$bindir/pg_ctl -D $data"
    info "PostgreSQL: private cluster started (socket in $sock)"
  fi
  DB_HOST=$sock DB_PORT=5432 DB_USER=odoo
  export PGHOST=$sock PGPORT=5432 PGUSER=odoo
}

pg_stop() {
  if [ -n "$PG_STARTED_HERE" ]; then
    # shellcheck disable=SC2086
    pg_as_server_user $PG_STARTED_HERE -m fast stop >/dev/null 2>&1 || true
    PG_STARTED_HERE=""
    info "PostgreSQL: private cluster stopped"
  fi
}

write_odoo_conf() { # $1 = file; Odoo's configuration for the scripts
  local addons
  addons=$("$VPY" - "$ROOT" <<'PY'
import os, sys
import odoo.addons.base as base
core = os.path.dirname(os.path.dirname(base.__file__))   # odoo/addons
tree = os.path.join(os.path.dirname(os.path.dirname(core)), "addons")
print(",".join(p for p in (core, tree, sys.argv[1]) if os.path.isdir(p)))
PY
)
  cat > "$1" <<CONF
[options]
addons_path = $addons
data_dir = $LOCAL/filestore
db_host = ${DB_HOST:-False}
db_port = ${DB_PORT:-False}
db_user = $DB_USER
db_password = False
admin_passwd = admin
http_interface = 127.0.0.1
http_port = ${HOTEL_CRM_HTTP_PORT:-8069}
without_demo = False
CONF
}
