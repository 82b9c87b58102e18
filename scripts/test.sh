#!/usr/bin/env bash
# `make test`: the whole suite on real PostgreSQL, Redis and Chromium, then the embedded
# SQLite default (migrate, seed_demo and the tests marked `sqlite`).
#
# Outside CI a missing service makes the suite fall back (SQLite, no browser tests) and
# says so loudly; with CI=true every service must be there or the run fails.
set -euo pipefail
cd "$(dirname "$0")/.."

PY=.venv/bin/python
IN_CI=false
case "${CI:-}" in true|1|yes) IN_CI=true ;; esac

say() { printf '\n\033[1m== %s\033[0m\n' "$*"; }
loud() { printf '\n\033[1;33m!!!!!!!!!! %s\033[0m\n\n' "$*" >&2; }
die() { printf '\n\033[1;31mmake test: %s\033[0m\n\n' "$*" >&2; exit 1; }
fallback_or_die() { if $IN_CI; then die "$1 (CI=true: nothing may be skipped)"; fi; loud "$1 — $2"; }

can_connect_pg() { "$PY" - "$1" <<'PYEOF' >/dev/null 2>&1
import sys, psycopg
psycopg.connect(sys.argv[1], connect_timeout=3).close()
PYEOF
}

say "Lint (ruff: unused names, likely bugs)"
.venv/bin/ruff check .

# --- PostgreSQL ------------------------------------------------------------------------
say "PostgreSQL"
if [ -n "${DATABASE_URL:-}" ]; then
  TEST_DATABASE_URL=$DATABASE_URL
else
  TCP_URL="postgres://postgres@127.0.0.1:5432/cop_platform"
  SOCKET_URL="postgres://postgres@%2Fvar%2Frun%2Fpostgresql/cop_platform"
  if ! can_connect_pg "postgresql://postgres@127.0.0.1:5432/postgres" && command -v pg_ctlcluster >/dev/null \
     && ls /etc/postgresql >/dev/null 2>&1; then
    echo "PostgreSQL is not answering on 127.0.0.1:5432; starting the local cluster."
    pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | sort -V | tail -n 1)" main start || true
    for _ in $(seq 1 20); do can_connect_pg "postgresql://postgres@127.0.0.1:5432/postgres" && break; sleep 0.5; done
  fi
  if can_connect_pg "postgresql://postgres@127.0.0.1:5432/postgres"; then
    TEST_DATABASE_URL=$TCP_URL
  elif can_connect_pg "postgresql://postgres@%2Fvar%2Frun%2Fpostgresql/postgres"; then
    TEST_DATABASE_URL=$SOCKET_URL
  else
    TEST_DATABASE_URL=""
    fallback_or_die "Cannot connect to PostgreSQL as role 'postgres' on 127.0.0.1:5432 or the local socket. Start it, allow that role to connect without a password, or set DATABASE_URL to a role with CREATEDB." \
      "running the suite on SQLite instead"
  fi
fi
[ -n "$TEST_DATABASE_URL" ] && echo "Tests use ${TEST_DATABASE_URL}"

# --- Redis -----------------------------------------------------------------------------
say "Redis"
export COP_TEST_REDIS_URL=${COP_TEST_REDIS_URL:-redis://127.0.0.1:6379/15}
redis_ok() { "$PY" -c "import redis,sys; redis.Redis.from_url(sys.argv[1], socket_timeout=2).ping()" "$COP_TEST_REDIS_URL" >/dev/null 2>&1; }
if ! redis_ok && command -v redis-server >/dev/null && [[ $COP_TEST_REDIS_URL == redis://127.0.0.1:6379/* ]]; then
  echo "Redis is not answering; starting a local redis-server."
  redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save "" --appendonly no >/dev/null || true
  for _ in $(seq 1 20); do redis_ok && break; sleep 0.25; done
fi
if redis_ok; then
  echo "Tests with a real Celery worker use ${COP_TEST_REDIS_URL}"
  export COP_REDIS_AVAILABLE=1
else
  fallback_or_die "Cannot reach Redis at $COP_TEST_REDIS_URL." "skipping the tests that need a real Celery worker"
  export COP_REDIS_AVAILABLE=0
fi

# --- Chromium, axe-core and gettext ------------------------------------------------------
say "Chromium and gettext"
export COP_BROWSER_AVAILABLE=1
MISSING=""
[ -x /usr/bin/chromium ] || MISSING="chromium"
command -v xgettext >/dev/null || MISSING="$MISSING gettext"
if [ -n "$MISSING" ]; then
  echo "Installing Debian's$MISSING (browser tests; the catalogue check)."
  SUDO=""; [ "$(id -u)" -ne 0 ] && command -v sudo >/dev/null && SUDO="sudo"
  # shellcheck disable=SC2086
  { $SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq $MISSING; } >/dev/null 2>&1 || true
fi
if [ ! -f node_modules/axe-core/axe.min.js ] && command -v npm >/dev/null; then
  npm ci --no-audit --no-fund --silent || true
fi
if [ ! -x /usr/bin/chromium ]; then
  fallback_or_die "Chromium is not installed (apt-get install chromium)." "skipping browser tests"
  COP_BROWSER_AVAILABLE=0
elif [ ! -f node_modules/axe-core/axe.min.js ]; then
  fallback_or_die "axe-core is missing (npm ci)." "skipping browser tests"
  COP_BROWSER_AVAILABLE=0
fi
/usr/bin/chromium --version 2>/dev/null || true

# --- The suite ---------------------------------------------------------------------------
WORKERS=${PYTEST_WORKERS:-auto}
if [ -n "$TEST_DATABASE_URL" ]; then
  say "The whole suite on PostgreSQL"
  DATABASE_URL=$TEST_DATABASE_URL "$PY" -m pytest -n "$WORKERS" --dist worksteal "$@"
else
  say "The whole suite on SQLite (PostgreSQL unavailable)"
  DATABASE_URL="sqlite:///$(mktemp -d)/test.sqlite3" "$PY" -m pytest -n "$WORKERS" --dist worksteal "$@"
fi

# --- The embedded default ------------------------------------------------------------------
say "The embedded default: migrate, seed_demo and the tests marked sqlite, on SQLite"
SQLITE_DIR=$(mktemp -d)
trap 'rm -rf "$SQLITE_DIR"' EXIT
export DATABASE_URL="sqlite:///$SQLITE_DIR/db.sqlite3"
DEBUG=1 "$PY" manage.py migrate --noinput -v 0
DEBUG=1 "$PY" manage.py createcachetable  # the cache (rate limits) without Redis is a table
DEBUG=1 "$PY" manage.py seed_demo >/dev/null
DEBUG=1 "$PY" manage.py seed_demo >/dev/null
echo "migrate, createcachetable and seed_demo (twice) succeeded on SQLite"
"$PY" -m pytest -m sqlite -n "$WORKERS"
