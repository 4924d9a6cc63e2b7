#!/usr/bin/env bash
# The one test command. From a fresh clone on a fresh Debian machine:
#
#   scripts/test.sh                      # everything
#   scripts/test.sh --filter Outbox      # extra arguments go to every `dotnet test`
#   HUB_TEST_FAKETIME='TZ="Europe/London" 2026-12-07 00:30' scripts/test.sh
#                                        # the tests (and the sites they start) at that instant
#
# It installs what is missing (Debian: postgresql, python3-aiosmtpd, dovecot-imapd, chromium,
# poppler-utils, python3-bibtexparser, python3-feedparser, bibutils; npm: axe-core for the browser
# tests, Redocly CLI for the OpenAPI lint), starts a throwaway PostgreSQL cluster, an SMTP server
# (aiosmtpd writing a Maildir) and an IMAP server (dovecot, any user, one password) on free
# loopback ports, tells the tests where they are through
# HUB_TEST_* environment variables, builds the solution once, runs every test project, prints the
# runners' summaries, stops the servers, and exits non-zero on any failure. With HUB_TEST_FAKETIME
# (anything `date -d` reads, a TZ="Zone" prefix included) the test processes
# run under Debian's libfaketime, offset so that "now" starts at that instant and then runs on:
# how we check that no test depends on the day or hour it runs (the build, PostgreSQL and the SMTP
# server keep the real clock). HUB_TEST_REQUIRE_ALL=1
# makes a test that needs a missing part fail rather than skip; a skipped test also fails the run.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

log() { printf '\n==> %s\n' "$*"; }
die() { printf '\nscripts/test.sh: %s\n' "$*" >&2; exit 1; }

CONFIGURATION="${CONFIGURATION:-Debug}"
PYTHON=/usr/bin/python3   # Debian's (with python3-aiosmtpd), not another Python on PATH
CHROMIUM=/usr/bin/chromium

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo -n "$@"; fi
}

# --- 1. What the tests need from Debian and npm ----------------------------------------------
missing=()
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || missing+=(postgresql)
{ [ -x "$PYTHON" ] && "$PYTHON" -c 'import aiosmtpd' 2>/dev/null; } || missing+=(python3-aiosmtpd)
{ [ -x "$PYTHON" ] && "$PYTHON" -c 'import icalendar' 2>/dev/null; } || missing+=(python3-icalendar)
{ [ -x "$PYTHON" ] && "$PYTHON" -c 'import bibtexparser' 2>/dev/null; } || missing+=(python3-bibtexparser)
{ [ -x "$PYTHON" ] && "$PYTHON" -c 'import feedparser' 2>/dev/null; } || missing+=(python3-feedparser)
command -v bib2xml >/dev/null 2>&1 && command -v ris2xml >/dev/null 2>&1 || missing+=(bibutils)
[ -x /usr/sbin/dovecot ] && [ -f /usr/lib/dovecot/imap ] || missing+=(dovecot-imapd)
[ -x "$CHROMIUM" ] || missing+=(chromium)
command -v pdftotext >/dev/null 2>&1 || missing+=(poppler-utils)
command -v npm >/dev/null 2>&1 || missing+=(npm)
FAKETIME_LIB=/usr/lib/x86_64-linux-gnu/faketime/libfaketimeMT.so.1
if [ -n "${HUB_TEST_FAKETIME:-}" ]; then [ -f "$FAKETIME_LIB" ] || missing+=(libfaketime); fi
if [ "${#missing[@]}" -gt 0 ]; then
  log "Installing ${missing[*]}"
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
command -v dotnet >/dev/null 2>&1 || die "the .NET SDK (dotnet) is not installed; see global.json for the version."

BROWSER_TESTS="$ROOT/tests/ResearchHub.BrowserTests"
AXE="$BROWSER_TESTS/node_modules/axe-core/axe.min.js"
if [ ! -f "$AXE" ]; then
  log "Installing axe-core (npm ci)"
  (cd "$BROWSER_TESTS" && npm ci --no-audit --no-fund --loglevel=error)
fi
[ -f "$AXE" ] || die "axe-core is missing at $AXE after npm ci."

OPENAPI_LINT="$ROOT/tests/openapi-lint"
REDOCLY="$OPENAPI_LINT/node_modules/@redocly/cli/bin/cli.js"
if [ ! -f "$REDOCLY" ]; then
  log "Installing Redocly CLI (npm ci)"
  (cd "$OPENAPI_LINT" && npm ci --no-audit --no-fund --loglevel=error)
fi
[ -f "$REDOCLY" ] || die "Redocly CLI is missing at $REDOCLY after npm ci."

# --- 2. Throwaway servers, stopped on exit ---------------------------------------------------
WORK="$(mktemp -d /tmp/hub-test-run.XXXXXX)"
chmod 755 "$WORK"   # the postgres user must reach its folders inside
PG_BIN="$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)"
PGDATA="$WORK/pgdata"
PGSOCK="$WORK/pgsock"
SMTP_PID=""
PG_STARTED=""
IMAP_CONF=""

if [ "$(id -u)" -eq 0 ]; then
  as_pg() { runuser -u postgres -- "$@"; }   # initdb and postgres refuse to run as root
else
  as_pg() { "$@"; }
fi

cleanup() {
  local status=$?
  set +e
  if [ -n "$SMTP_PID" ]; then kill "$SMTP_PID" 2>/dev/null; wait "$SMTP_PID" 2>/dev/null; fi
  if [ -n "$IMAP_CONF" ]; then /usr/bin/doveadm -c "$IMAP_CONF" stop >/dev/null 2>&1; fi
  if [ -n "$PG_STARTED" ]; then as_pg "$PG_BIN/pg_ctl" -D "$PGDATA" -m immediate -w stop >/dev/null 2>&1; fi
  rm -rf "$WORK"
  exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

free_port() {
  "$PYTHON" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

wait_for_port() { # port, what, pid-or-empty
  for _ in $(seq 1 100); do
    if (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; then return 0; fi
    if [ -n "${3:-}" ] && ! kill -0 "$3" 2>/dev/null; then break; fi
    sleep 0.2
  done
  die "$2 did not start on port $1."
}

log "Starting PostgreSQL ($PG_BIN)"
mkdir -p "$PGDATA" "$PGSOCK"
[ "$(id -u)" -eq 0 ] && chown postgres:postgres "$PGDATA" "$PGSOCK"
as_pg "$PG_BIN/initdb" -D "$PGDATA" -U postgres --auth=trust --encoding=UTF8 --no-locale >"$WORK/initdb.log" 2>&1 \
  || { cat "$WORK/initdb.log" >&2; die "initdb failed."; }
PG_PORT="$(free_port)"
if ! as_pg "$PG_BIN/pg_ctl" -D "$PGDATA" -l "$PGDATA/server.log" -w -t 60 \
    -o "-c listen_addresses=127.0.0.1 -p $PG_PORT -k $PGSOCK -c max_connections=300 -c fsync=off -c synchronous_commit=off -c full_page_writes=off" \
    start >/dev/null; then
  cat "$PGDATA/server.log" >&2 || true
  die "PostgreSQL did not start."
fi
PG_STARTED=1
echo "PostgreSQL on 127.0.0.1:$PG_PORT"

log "Starting the SMTP server (aiosmtpd)"
SMTP_PORT="$(free_port)"
MAILDIR="$WORK/maildir"
"$PYTHON" -m aiosmtpd -n -l "127.0.0.1:$SMTP_PORT" -c aiosmtpd.handlers.Mailbox "$MAILDIR" >"$WORK/smtp.log" 2>&1 &
SMTP_PID=$!
wait_for_port "$SMTP_PORT" "aiosmtpd" "$SMTP_PID"
echo "SMTP on 127.0.0.1:$SMTP_PORT, Maildir $MAILDIR"

log "Starting the IMAP server (dovecot)"
# A throwaway instance: its own config, run and state folders and Maildirs under $WORK; any user
# name logs in with the one password (a test takes a fresh user, so a fresh mailbox).
IMAP_PORT="$(free_port)"
IMAP_DIR="$WORK/dovecot"
IMAP_CONF="$IMAP_DIR/dovecot.conf"
mkdir -p "$IMAP_DIR/run" "$IMAP_DIR/state" "$IMAP_DIR/mail"
if [ "$(id -u)" -eq 0 ]; then
  chown nobody:nogroup "$IMAP_DIR/mail"; IMAP_USER="uid=nobody gid=nogroup"
else
  IMAP_USER="uid=$(id -u) gid=$(id -g)"
fi
cat >"$IMAP_CONF" <<CONF
protocols = imap
listen = 127.0.0.1
base_dir = $IMAP_DIR/run
state_dir = $IMAP_DIR/state
log_path = $IMAP_DIR/dovecot.log
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain login
mail_location = maildir:$IMAP_DIR/mail/%u
first_valid_uid = 1
last_valid_uid = 0
passdb {
  driver = static
  args = password=hub-test
}
userdb {
  driver = static
  args = $IMAP_USER home=$IMAP_DIR/mail/%u
}
service imap-login {
  chroot =
  inet_listener imap {
    address = 127.0.0.1
    port = $IMAP_PORT
  }
  inet_listener imaps {
    port = 0
  }
}
service anvil {
  chroot =
}
CONF
/usr/sbin/dovecot -c "$IMAP_CONF" || { cat "$IMAP_DIR/dovecot.log" >&2 || true; die "dovecot did not start."; }
wait_for_port "$IMAP_PORT" "dovecot" ""
echo "IMAP on 127.0.0.1:$IMAP_PORT"

export HUB_TEST_IMAP_HOST=127.0.0.1
export HUB_TEST_IMAP_PORT="$IMAP_PORT"
export HUB_TEST_IMAP_PASSWORD=hub-test
export HUB_TEST_POSTGRES="Host=127.0.0.1;Port=$PG_PORT;Username=postgres;Database=postgres"
export HUB_TEST_SMTP_HOST=127.0.0.1
export HUB_TEST_SMTP_PORT="$SMTP_PORT"
export HUB_TEST_MAILDIR="$MAILDIR"
export HUB_TEST_PYTHON="$PYTHON"
export HUB_TEST_CHROMIUM="$CHROMIUM"
export HUB_TEST_AXE="$AXE"
export HUB_TEST_REDOCLY="$REDOCLY"   # OpenApiTests lint the served /openapi/v1.json with it
export HUB_TEST_PDFTOTEXT="$(command -v pdftotext)"
export HUB_TEST_REQUIRE_ALL=1
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1   # never: the tests drive Debian's Chromium

# Under HUB_TEST_FAKETIME every test host (and each site or verb it starts: they inherit its
# environment) sees the same offset from the real clock: a relative offset, not libfaketime's
# "start at", which each new process would start again from. Only the test hosts (dotnet test -e),
# not the runner that waits for them; FAKETIME_FORCE_MONOTONIC_FIX=0, or .NET's timed waits hang.
FAKE_ENV=()
TEST_ENV_ARGS=()
if [ -n "${HUB_TEST_FAKETIME:-}" ]; then
  fake_epoch="$(date -d "$HUB_TEST_FAKETIME" +%s)" || die "HUB_TEST_FAKETIME='$HUB_TEST_FAKETIME' is not a date that date -d reads."
  offset=$(( fake_epoch - $(date +%s) ))
  [ "$offset" -ge 0 ] && offset="+$offset"
  FAKE_ENV=(LD_PRELOAD="$FAKETIME_LIB" FAKETIME="${offset}s" NO_FAKE_STAT=1 FAKETIME_DONT_FAKE_MONOTONIC=1 FAKETIME_FORCE_MONOTONIC_FIX=0)
  for pair in "${FAKE_ENV[@]}"; do TEST_ENV_ARGS+=(-e "$pair"); done
  echo "Tests run at $(date -u -d "@$fake_epoch" '+%Y-%m-%d %H:%M:%S UTC') (offset ${offset} s): $HUB_TEST_FAKETIME"
fi

# --- 3. Build once, then every test project --------------------------------------------------
log "Building ResearchHub.sln ($CONFIGURATION)"
dotnet build ResearchHub.sln -c "$CONFIGURATION" -nologo -v q -nodeReuse:false --disable-build-servers

# The integration tests first (fast, most telling), then the rest (browser tests) in name order.
mapfile -t PROJECTS < <(grep -l 'Microsoft.NET.Test.Sdk' tests/*/*.csproj | sort | awk '/ResearchHub\.Tests\.csproj$/ { print; next } { rest[++n] = $0 } END { for (i = 1; i <= n; i++) print rest[i] }')
[ "${#PROJECTS[@]}" -gt 0 ] || die "no test projects under tests/."

failed=0
summaries=()
for project in "${PROJECTS[@]}"; do
  name="$(basename "$project" .csproj)"
  log "Testing $name"
  output="$WORK/$name.out"
  set +e
  dotnet test "$project" -c "$CONFIGURATION" --no-build -nologo "${TEST_ENV_ARGS[@]}" \
    --blame-hang-timeout 10m "$@" 2>&1 | tee "$output"
  status=${PIPESTATUS[0]}
  set -e
  summary="$(grep -aE '^(Passed|Failed)! +- ' "$output" | tail -n 1 || true)"
  if [ -z "$summary" ] && [ "$status" -eq 0 ] && [ "$#" -gt 0 ] && grep -aq 'No test matches the given testcase filter' "$output"; then
    summaries+=("$name: no test matches the filter")   # only with a --filter of the caller's
    continue
  fi
  [ -n "$summary" ] || summary="(no summary: the run did not complete, exit code $status)"
  summaries+=("$name: $summary")
  if [ "$status" -ne 0 ] || ! grep -qE '^Passed! ' <<<"$summary"; then
    failed=1
  fi
  if grep -qE 'Skipped: +[1-9]' <<<"$summary"; then
    echo "scripts/test.sh: $name skipped tests; under test.sh every test must run." >&2
    failed=1
  fi
done

# The benchmark harness is not a test project: a small run proves it still works end to end.
if [ "$#" -eq 0 ]; then
  log "Benchmark harness smoke run (outbox --messages 100)"
  set +e
  bench="$(env "${FAKE_ENV[@]}" dotnet run --project tests/ResearchHub.Benchmarks -c "$CONFIGURATION" --no-build -- outbox --messages 100 2>"$WORK/bench.err")"
  status=$?
  set -e
  result="$(grep -E '^RESULT \{' <<<"$bench" | tail -n 1 || true)"
  if [ "$status" -ne 0 ] || [ -z "$result" ]; then
    cat "$WORK/bench.err" >&2
    summaries+=("ResearchHub.Benchmarks: smoke run FAILED (exit $status)")
    failed=1
  else
    summaries+=("ResearchHub.Benchmarks: smoke run $result")
  fi
fi

log "Summary"
printf '%s\n' "${summaries[@]}"
if [ "$failed" -ne 0 ]; then
  echo "FAILED" >&2
  exit 1
fi
echo "All test projects passed."
