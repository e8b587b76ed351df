#!/usr/bin/env bash
# Creates the project's Python environment and makes Odoo 18.0 available in it.
#
# Odoo is looked for, in this order:
#   a. an importable odoo 18.0 in the interpreter setup runs with ($PYTHON);
#   b. an Odoo 18.0 source tree at $ODOO_SRC, or, when that is unset, at
#      $XDG_CACHE_HOME/hotel_crm/odoo-18.0 (default ~/.cache/hotel_crm/odoo-18.0);
#   c. outside CI only: the official 18.0 source archive, downloaded into that
#      cache folder.
# When none works, the environment still gets the tools of the static tier and
# .local/odoo.env records why Odoo is missing.
set -euo pipefail
. "$(dirname "$0")/common.sh"

PYTHON=${PYTHON:-python3.11}
command -v "$PYTHON" >/dev/null || PYTHON=python3
ODOO_ARCHIVE_URL=${ODOO_ARCHIVE_URL:-https://github.com/odoo/odoo/archive/refs/heads/18.0.tar.gz}
mkdir -p "$LOCAL"

is_odoo18() { # $1 = interpreter; true when it imports odoo 18.0
  "$1" -c 'import sys, odoo.release as r; sys.exit(r.version_info[0] != 18)' 2>/dev/null
}
is_odoo18_tree() { # $1 = folder; true when it holds an Odoo 18.0 source tree
  [ -f "$1/odoo/release.py" ] && [ -f "$1/odoo-bin" ] \
    && grep -Eq '^version_info = \(18, 0,' "$1/odoo/release.py"
}

kind="" src=""
if is_odoo18 "$PYTHON"; then
  kind=importable
  info "Odoo: using the odoo 18.0 importable by $PYTHON"
else
  src=${ODOO_SRC:-$CACHE_DIR/odoo-18.0}
  if is_odoo18_tree "$src"; then
    kind=source
    info "Odoo: using the 18.0 source tree at $src"
  elif [ -n "${ODOO_SRC:-}" ]; then
    why="ODOO_SRC=$ODOO_SRC is not an Odoo 18.0 source tree"
  elif [ -n "${CI:-}" ]; then
    why="no Odoo 18.0 importable or at $src, and CI never downloads it"
  else
    info "Odoo: downloading the 18.0 source archive into $src"
    tmp=$(mktemp -d)
    if curl -fsSL --retry 2 --connect-timeout 20 "$ODOO_ARCHIVE_URL" -o "$tmp/odoo.tar.gz" 2>/dev/null \
      && mkdir -p "$tmp/x" && tar -xzf "$tmp/odoo.tar.gz" -C "$tmp/x" --strip-components=1 \
      && is_odoo18_tree "$tmp/x"; then
      mkdir -p "$(dirname "$src")" && rm -rf "$src" && mv "$tmp/x" "$src"
      kind=source
    else
      why="no Odoo 18.0 importable or at $src, and the download of $ODOO_ARCHIVE_URL failed"
      info "Odoo: $why"
    fi
    rm -rf "$tmp"
  fi
fi

# The virtual environment: sees the system's packages only when Odoo is there.
if [ ! -x "$VPY" ]; then
  info "creating the virtual environment $VENV"
  if [ "$kind" = importable ]; then
    "$PYTHON" -m venv --system-site-packages "$VENV"
  else
    "$PYTHON" -m venv "$VENV"
  fi
fi

# Some of Odoo's pinned dependencies build with setup scripts that still import
# pkg_resources, which setuptools 70 and later no longer ship.
constraints="$LOCAL/build-constraints.txt"
echo 'setuptools<70' > "$constraints"
export PIP_CONSTRAINT="$constraints" PIP_DISABLE_PIP_VERSION_CHECK=1
pip_install() { "$VPY" -m pip install --quiet "$@"; }

stamp_of() { cat "$@" 2>/dev/null | sha256sum | cut -c1-16; }

# Development tools from pyproject.toml ([project.optional-dependencies] dev).
dev_stamp="$VENV/.hotel_crm-dev-$(stamp_of "$ROOT/pyproject.toml")"
if [ ! -f "$dev_stamp" ]; then
  info "installing the development tools (pyproject.toml)"
  "$VPY" - "$ROOT/pyproject.toml" > "$LOCAL/dev-requirements.txt" <<'PY'
import sys, tomllib
with open(sys.argv[1], "rb") as f:
    print("\n".join(tomllib.load(f)["project"]["optional-dependencies"]["dev"]))
PY
  pip_install -r "$LOCAL/dev-requirements.txt"
  rm -f "$VENV"/.hotel_crm-dev-* && touch "$dev_stamp"
fi

if [ "$kind" = source ]; then
  req_stamp="$VENV/.hotel_crm-odoo-$(stamp_of "$src/requirements.txt" <(echo "$src"))"
  if [ ! -f "$req_stamp" ]; then
    info "installing Odoo's requirements into $VENV"
    # python-ldap only serves the auth_ldap addon and needs system headers;
    # psycopg2 comes as psycopg2-binary from the development tools.
    grep -Eiv '^(python-ldap|psycopg2)\b' "$src/requirements.txt" > "$LOCAL/odoo-requirements.txt"
    pip_install -r "$LOCAL/odoo-requirements.txt"
    # The tree itself: linked into the environment, so that `import odoo`
    # works without copying or modifying the source tree.
    site=$("$VPY" -c 'import sysconfig; print(sysconfig.get_paths()["purelib"])')
    echo "$src" > "$site/hotel_crm_odoo.pth"
    rm -f "$VENV"/.hotel_crm-odoo-* && touch "$req_stamp"
  fi
  is_odoo18 "$VPY" || die "Odoo's source tree at $src does not import in $VENV"
fi

# Chrome or Chromium for the browser tests (tours): Odoo's test browser looks
# for google-chrome, chromium, chromium-browser or google-chrome-stable on the
# PATH. Debian's chromium is installed when none is there and apt can run.
have_chrome() {
  local bin
  for bin in google-chrome chromium chromium-browser google-chrome-stable; do
    command -v "$bin" >/dev/null && return 0
  done
  return 1
}
if [ -n "$kind" ] && ! have_chrome; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    info "installing Debian's chromium for the browser tests"
    { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
      --no-install-recommends chromium; } >"$LOCAL/chromium-install.log" 2>&1 \
      || warn "chromium could not be installed (see $LOCAL/chromium-install.log): the browser tests will fail"
  else
    warn "no Chrome or Chromium on the PATH: the browser tests (tours) will fail; install chromium"
  fi
fi

{
  if [ "$kind" = source ]; then
    printf 'ODOO_KIND=source\nODOO_BIN=%q\nODOO_WHY=""\n' "$src/odoo-bin"
  elif [ "$kind" = importable ]; then
    bin=$("$VPY" -c 'import odoo, os; d = os.path.dirname(os.path.dirname(odoo.__file__)); print(os.path.join(d, "odoo-bin") if os.path.exists(os.path.join(d, "odoo-bin")) else "")')
    [ -n "$bin" ] || bin=$(command -v odoo || true)
    printf 'ODOO_KIND=importable\nODOO_BIN=%q\nODOO_WHY=""\n' "$bin"
  else
    printf 'ODOO_KIND=none\nODOO_BIN=""\nODOO_WHY=%q\n' "$why"
  fi
} > "$ENV_FILE"
load_odoo_env
if [ "$ODOO_KIND" = none ]; then
  warn "Odoo 18.0 is not available: $ODOO_WHY. Only the static tier can run."
else
  info "environment ready: $VENV (Odoo: $ODOO_KIND)"
fi
