#!/usr/bin/env bash
# The whole check (`make test`): guard rails first (ruff, makemigrations --check), then the suite on
# SQLite and, when one is reachable, on PostgreSQL – both runs side by side, each spread over
# pytest-xdist workers – with coverage; at the end a summary of what ran and what was skipped.
#
# REQUIRE_POSTGRES=1 / REQUIRE_BROWSER=1 / REQUIRE_REDIS=1 (set by .ci/run) turn a skip into a failure.
# TEST_WORKERS (default 3): xdist workers per database run. TEST_SEQUENTIAL=1: one database after
# the other, with the output as it comes. Extra arguments go to pytest: tests/run_suites.sh -k rendering
# (a run with arguments skips the coverage floor, which only means something for the whole suite).
set -uo pipefail
cd "$(dirname "$0")/.."
PY=${PY:-.venv/bin/python}
BIN=$(dirname "$PY")
WORKERS=${TEST_WORKERS:-3}
unset DJANGO_SETTINGS_MODULE  # pytest takes tests.settings from pyproject.toml
export SECRET_KEY=${SECRET_KEY:-tests-only-not-secret}

# Compiled modules and pytest's rewritten test modules are kept in one folder beside the
# virtualenv, even where the environment says not to write them (PYTHONDONTWRITEBYTECODE), and
# one collection fills it while the guard rails run: otherwise each of the seven pytest processes
# below compiles and rewrites every module again (about 5 s of CPU each).
export PYTHONPYCACHEPREFIX=${PYTHONPYCACHEPREFIX:-$(cd "$BIN/.." && pwd)/pycache}
unset PYTHONDONTWRITEBYTECODE

summary=()
status=0
started=$(date +%s)
work=$(mktemp -d "${TMPDIR:-/tmp}/kochbuch-tests.XXXXXX")
trap 'rm -rf "$work"' EXIT
rm -rf test-artifacts && mkdir -p test-artifacts

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
if "$PY" -c "import valkey; valkey.Valkey(host='127.0.0.1', port=6379, socket_timeout=2).ping()" 2>/dev/null; then
  redis_state="Redis: erreichbar (127.0.0.1:6379)"
else
  redis_state="Redis: ÜBERSPRUNGEN (nicht erreichbar auf 127.0.0.1:6379; Scale-out- und Redis-Tests fehlen)"
  if [ "${REQUIRE_REDIS:-0}" = 1 ]; then
    echo "FEHLER: REQUIRE_REDIS=1, aber Redis ist nicht erreichbar (127.0.0.1:6379)." >&2
    exit 1
  fi
fi

# --- Guard rails ------------------------------------------------------------------------------
"$PY" -m pytest --collect-only -q -p no:cacheprovider > "$work/collect.log" 2>&1 &
collect_pid=$!
echo "=== Lint: ruff check ==="
if "$BIN/ruff" check . > "$work/ruff.log" 2>&1; then
  summary+=("Lint (ruff): bestanden")
else
  status=1
  cat "$work/ruff.log"
  fixable=$(grep -oE '[0-9]+ fixable' "$work/ruff.log" | grep -oE '[0-9]+' || echo 0)
  summary+=("Lint (ruff): FEHLGESCHLAGEN ($(grep -oE 'Found [0-9]+ error' "$work/ruff.log" | grep -oE '[0-9]+' || echo ?) Befunde, davon ${fixable:-0} mit '$BIN/ruff check --fix .' behebbar)")
fi

echo "=== Migrationen: makemigrations --check ==="
if env -u DATABASE_URL DJANGO_SETTINGS_MODULE=tests.settings "$PY" manage.py makemigrations --check --dry-run \
    > "$work/migrations.log" 2>&1; then
  summary+=("Migrationen: vollständig (makemigrations --check)")
else
  status=1
  cat "$work/migrations.log"
  summary+=("Migrationen: FEHLEN (makemigrations --check meldet Modelländerungen ohne Migration)")
fi

wait $collect_pid  # the modules compiled (a collection error shows up again in the runs below)

# --- The suite ---------------------------------------------------------------------------------
# One run: pytest over xdist workers, its output in a log. Coverage's line tracer makes a test
# about 60 % slower (Python 3.11), so only the runs that reach lines no other run reaches measure
# it: the SQLite run (every test but the browser's when PostgreSQL is there) and the PostgreSQL
# run of the browser tests and of what only PostgreSQL has. The rest of the PostgreSQL run
# repeats the SQLite run's tests on the production database, where the engine is what is tested.
run_suite() {  # name, workers, measure (1: with coverage), then env assignments; options: $options
  local name=$1 workers=$2 measure=$3; shift 3
  local coverage=()
  [ "$measure" = 1 ] && coverage=(--cov --cov-report= --cov-fail-under=0)
  env "$@" COVERAGE_FILE="$work/coverage.$name" TEST_ARTIFACTS="test-artifacts/$name" \
    "$PY" -m pytest -n "$workers" --dist worksteal --basetemp="$work/tmp-$name" -rfEs --durations=30 \
    "${coverage[@]}" "${options[@]}" "${pytest_args[@]}"
}

# What a run's log tells: its verdict for the summary (pytest's exit 5, "no tests ran", fails too).
judge() {  # name, label, exit code
  local name=$1 label=$2 rc=$3 log="$work/$1.log" closing skipped
  closing=$(grep -E '^=* ?[0-9]+ (passed|failed|skipped|errors?|deselected)' "$log" | tail -n1 | sed -E 's/^=+ //; s/ =+$//')
  if [ "$rc" -eq 0 ]; then
    summary+=("$label: bestanden ($closing)")
  elif [ "$rc" -eq 5 ] && [ ${#pytest_args[@]} -gt 0 ]; then
    summary+=("$label: keine der gewählten Tests")  # a choice (-k …) may leave a part empty
  elif [ "$rc" -eq 5 ]; then
    summary+=("$label: FEHLGESCHLAGEN (keine Tests gelaufen)")
    status=1
  else
    summary+=("$label: FEHLGESCHLAGEN (${closing:-pytest endete mit $rc})")
    status=1
  fi
  # What pytest skipped, and why (-rs), once per reason.
  skipped=$(grep -E '^SKIPPED \[' "$log" | sed -E 's/^SKIPPED \[([0-9]+)\] [^ ]+: (.*)$/\1× \2/' | sort | uniq)
  while IFS= read -r line; do
    [ -n "$line" ] && summary+=("  übersprungen: $line")
  done <<< "$skipped"
  for word in passed failed skipped; do
    count=$(grep -oE "[0-9]+ $word" <<< "$closing" | grep -oE '[0-9]+' || true)
    eval "total_$word=\$(( total_$word + ${count:-0} ))"
  done
  if grep -qE '[0-9]+ errors?' <<< "$closing"; then
    total_failed=$(( total_failed + $(grep -oE '[0-9]+ errors?' <<< "$closing" | grep -oE '[0-9]+') ))
  fi
}
total_passed=0 total_failed=0 total_skipped=0
pytest_args=("$@")

pg_url=${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/kochbuch}
if "$PY" - "$pg_url" <<'PYCHECK' 2>/dev/null; then
import sys, dj_database_url, psycopg2
cfg = dj_database_url.parse(sys.argv[1])
psycopg2.connect(dbname="postgres", user=cfg["USER"] or None, password=cfg["PASSWORD"] or None,
                 host=cfg["HOST"] or None, port=cfg["PORT"] or None, connect_timeout=3).close()
PYCHECK
  postgres=1
else
  postgres=0
fi

suites_started=$(date +%s)
# With PostgreSQL: the browser tests run against it (production's database; SQLite's shared
# in-memory database would make the live server's thread and the test's thread wait for each
# other's locks), and the PostgreSQL run is split in two, the measured part on a database of its
# own (TEST_DB_NAME). Without PostgreSQL the SQLite run takes everything.
pg_env=(DATABASE_URL="$pg_url" TEST_DATABASE_TESTS_ONLY=1)
pg_measured_workers=$(( WORKERS > 2 ? 2 : WORKERS ))
pg_rest_workers=$(( WORKERS > 2 ? WORKERS - 1 : WORKERS ))
if [ $postgres = 1 ]; then sqlite_options=(-m "not browser"); else sqlite_options=(); fi
if [ "${TEST_SEQUENTIAL:-0}" = 1 ] || [ $postgres = 0 ]; then
  echo "=== Testlauf 1: SQLite ($WORKERS Worker) ==="
  options=("${sqlite_options[@]}")
  run_suite sqlite "$WORKERS" 1 -u DATABASE_URL 2>&1 | tee "$work/sqlite.log"
  sqlite_rc=${PIPESTATUS[0]}
  if [ $postgres = 1 ]; then
    echo "=== Testlauf 2: PostgreSQL, Browser und PostgreSQL-eigene Tests ($pg_url) ==="
    options=(-m "browser or postgresql")
    run_suite pg-measured "$pg_measured_workers" 1 "${pg_env[@]}" TEST_DB_NAME=test_kochbuch_measured 2>&1 \
      | tee "$work/pg-measured.log"
    pg_measured_rc=${PIPESTATUS[0]}
    echo "=== Testlauf 3: PostgreSQL, alle übrigen Tests ($pg_url) ==="
    options=(-m "not browser and not postgresql")
    run_suite pg-rest "$WORKERS" 0 "${pg_env[@]}" 2>&1 | tee "$work/pg-rest.log"
    pg_rest_rc=${PIPESTATUS[0]}
  fi
else
  echo "=== Testläufe SQLite und PostgreSQL ($pg_url) nebeneinander ==="
  options=("${sqlite_options[@]}")
  run_suite sqlite "$WORKERS" 1 -u DATABASE_URL > "$work/sqlite.log" 2>&1 &
  sqlite_pid=$!
  options=(-m "browser or postgresql")
  run_suite pg-measured "$pg_measured_workers" 1 "${pg_env[@]}" TEST_DB_NAME=test_kochbuch_measured \
    > "$work/pg-measured.log" 2>&1 &
  pg_measured_pid=$!
  options=(-m "not browser and not postgresql")
  run_suite pg-rest "$pg_rest_workers" 0 "${pg_env[@]}" > "$work/pg-rest.log" 2>&1 &
  pg_rest_pid=$!
  wait $sqlite_pid; sqlite_rc=$?
  wait $pg_measured_pid; pg_measured_rc=$?
  wait $pg_rest_pid; pg_rest_rc=$?
  for name in sqlite pg-measured pg-rest; do
    echo "=== Testlauf: $name ==="
    cat "$work/$name.log"
  done
fi
suites_seconds=$(( $(date +%s) - suites_started ))

if [ $postgres = 1 ]; then
  judge sqlite "SQLite (mit Abdeckung; ohne Browsertests, die laufen auf PostgreSQL)" "$sqlite_rc"
  judge pg-measured "PostgreSQL, Browser- und PostgreSQL-eigene Tests (mit Abdeckung)" "$pg_measured_rc"
  judge pg-rest "PostgreSQL, alle übrigen Tests (ohne Abdeckung: dieselben Tests misst der SQLite-Lauf)" "$pg_rest_rc"
  summary+=("  (ohne die Tests, die keine Datenbank berühren: sie laufen einmal, im SQLite-Lauf; tests/conftest.py)")
else
  judge sqlite "SQLite (mit Abdeckung)" "$sqlite_rc"
  summary+=("PostgreSQL: ÜBERSPRUNGEN (nicht erreichbar unter $pg_url)")
  if [ "${REQUIRE_POSTGRES:-0}" = 1 ]; then
    echo "FEHLER: REQUIRE_POSTGRES=1, aber PostgreSQL ist nicht erreichbar ($pg_url)." >&2
    status=1
  fi
fi
summary+=("Browsertests: $([ -n "$browser" ] && echo "mit $browser" || echo 'ÜBERSPRUNGEN (kein Chromium; apt-get install chromium chromium-driver)')")
summary+=("$redis_state")

# --- Coverage of both runs together -------------------------------------------------------------
# The floor (pyproject.toml, fail_under) is today's figure for the whole suite on both databases
# with the browser tests; a run that left a part out or chose tests reports the figure only.
if ls "$work"/coverage.* >/dev/null 2>&1; then
  "$BIN/coverage" combine --quiet --data-file="$work/coverage" "$work"/coverage.* >/dev/null 2>&1
  "$BIN/coverage" report --data-file="$work/coverage" --skip-covered --sort=cover --fail-under=0 \
    > test-artifacts/coverage.txt 2>&1
  figure=$("$BIN/coverage" report --data-file="$work/coverage" --format=total --precision=1 --fail-under=0 2>/dev/null)
  floor=$(grep -E '^fail_under' pyproject.toml | grep -oE '[0-9.]+' || true)
  if [ -z "$floor" ]; then
    summary+=("Abdeckung: ${figure} % der Zeilen (KEINE Untergrenze gesetzt: fail_under in pyproject.toml)")
  elif [ ${#pytest_args[@]} -eq 0 ] && [ $postgres = 1 ] && [ -n "$browser" ]; then
    if "$BIN/coverage" report --data-file="$work/coverage" --format=total >/dev/null 2>&1; then
      summary+=("Abdeckung: ${figure} % der Zeilen (Untergrenze ${floor} % eingehalten; Einzelheiten: test-artifacts/coverage.txt)")
    else
      summary+=("Abdeckung: ${figure} % – UNTER DER UNTERGRENZE von ${floor} % (test-artifacts/coverage.txt)")
      status=1
    fi
  else
    summary+=("Abdeckung: ${figure} % der Zeilen (Untergrenze nicht geprüft: nicht die ganze Suite auf beiden Datenbanken mit Browser)")
  fi
fi

if [ "$total_passed" -eq 0 ]; then
  summary+=("FEHLER: kein einziger Test bestanden – ein Lauf ohne Tests ist kein grüner Lauf")
  status=1
fi

echo
echo "=== Zusammenfassung ==="
printf '  %s\n' "${summary[@]}"
echo "  Dauer: $(( $(date +%s) - started )) s insgesamt, davon $suites_seconds s für die Testläufe"
echo "Tests: $total_passed passed, $total_failed failed, $total_skipped skipped"
exit $status
