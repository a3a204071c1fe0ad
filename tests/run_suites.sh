#!/usr/bin/env bash
# Runs the suite on SQLite, then again on PostgreSQL when one is reachable, and says what ran.
# REQUIRE_POSTGRES=1 / REQUIRE_BROWSER=1 / REQUIRE_REDIS=1 (set by .ci/run) turn a skip into a failure.
set -uo pipefail
cd "$(dirname "$0")/.."
PY=${PY:-.venv/bin/python}
export SECRET_KEY=${SECRET_KEY:-tests-only-not-secret} TESTING=1

summary=()
status=0

if [ -x "${CHROMIUM:-/usr/bin/chromium}" ]; then
  browser="Chromium ${CHROMIUM:-/usr/bin/chromium}"
else
  browser=""
  if [ "${REQUIRE_BROWSER:-0}" = 1 ]; then
    echo "FEHLER: REQUIRE_BROWSER=1, aber kein Chromium unter ${CHROMIUM:-/usr/bin/chromium}." >&2
    exit 1
  fi
fi

# Redis is only needed by the tests that prove the shared cache (scale-out, Redis cache).
if "$PY" -c "import redis; redis.Redis(host='127.0.0.1', port=6379, socket_timeout=2).ping()" 2>/dev/null; then
  redis_state="Redis: erreichbar (127.0.0.1:6379)"
else
  redis_state="Redis: ÜBERSPRUNGEN (nicht erreichbar auf 127.0.0.1:6379; Scale-out- und Redis-Tests fehlen)"
  if [ "${REQUIRE_REDIS:-0}" = 1 ]; then
    echo "FEHLER: REQUIRE_REDIS=1, aber Redis ist nicht erreichbar (127.0.0.1:6379)." >&2
    exit 1
  fi
fi

echo "=== Testlauf 1: SQLite ==="
env -u DATABASE_URL "$PY" -m pytest "$@"
rc=$?; [ $rc -ne 0 ] && status=$rc
summary+=("SQLite: $([ $rc -eq 0 ] && echo bestanden || echo FEHLGESCHLAGEN)")

pg_url=${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/kochbuch}
if "$PY" - "$pg_url" <<'PYCHECK' 2>/dev/null; then
import sys, dj_database_url, psycopg2
cfg = dj_database_url.parse(sys.argv[1])
psycopg2.connect(dbname="postgres", user=cfg["USER"] or None, password=cfg["PASSWORD"] or None,
                 host=cfg["HOST"] or None, port=cfg["PORT"] or None, connect_timeout=3).close()
PYCHECK
  echo "=== Testlauf 2: PostgreSQL ($pg_url) ==="
  DATABASE_URL=$pg_url "$PY" -m pytest "$@"
  rc=$?; [ $rc -ne 0 ] && status=$rc
  summary+=("PostgreSQL: $([ $rc -eq 0 ] && echo bestanden || echo FEHLGESCHLAGEN)")
else
  summary+=("PostgreSQL: ÜBERSPRUNGEN (nicht erreichbar unter $pg_url)")
  if [ "${REQUIRE_POSTGRES:-0}" = 1 ]; then
    echo "FEHLER: REQUIRE_POSTGRES=1, aber PostgreSQL ist nicht erreichbar ($pg_url)." >&2
    status=1
  fi
fi
summary+=("Browsertests: $([ -n "$browser" ] && echo "mit $browser" || echo 'ÜBERSPRUNGEN (kein Chromium; apt-get install chromium chromium-driver)')")

summary+=("$redis_state")

echo
echo "=== Zusammenfassung ==="
printf '  %s\n' "${summary[@]}"
exit $status
