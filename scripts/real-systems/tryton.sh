#!/usr/bin/env bash
# Tryton 6.0 (Debian packages, SQLite) for Ledgerline's real-system tests and CI.
#
#   tryton.sh install             apt-get the server and modules (skipped when installed)
#   tryton.sh init [--force]      build the template database "$TRYTON_TEMPLATE" (modules + bootstrap);
#                                 skipped when it exists unless --force
#   tryton.sh start               start trytond in the background (nothing to do when already ready)
#   tryton.sh ready               exit 0 when the server answers common.server.version
#   tryton.sh stop                stop the server started by `start` (PID file) and wait for it
#   tryton.sh status              one line: running/stopped, databases
#   tryton.sh new-db NAME         copy the template to NAME (no restart needed)
#   tryton.sh drop-db NAME        delete database NAME
#
# Environment (defaults): TRYTON_DATABASE_PATH=/var/lib/tryton, TRYTON_LISTEN=127.0.0.1:8000,
# TRYTON_TEMPLATE=ledgerline_tmpl, TRYTON_ADMIN_PASSWORD_FILE=$TRYTON_DATABASE_PATH/.ledgerline-admin
# (created with a random password when absent), TRYTON_LOG_DIR=/var/log/tryton (or /tmp when not writable),
# TRYTON_PID_FILE=/run/ledgerline-trytond.pid.
set -euo pipefail

DB_PATH="${TRYTON_DATABASE_PATH:-/var/lib/tryton}"
LISTEN="${TRYTON_LISTEN:-127.0.0.1:8000}"
TEMPLATE="${TRYTON_TEMPLATE:-ledgerline_tmpl}"
PASS_FILE="${TRYTON_ADMIN_PASSWORD_FILE:-$DB_PATH/.ledgerline-admin}"
LOG_DIR="${TRYTON_LOG_DIR:-/var/log/tryton}"
PID_FILE="${TRYTON_PID_FILE:-/run/ledgerline-trytond.pid}"
MODULES=(party company currency account account_invoice analytic_account product sale timesheet project
  project_invoice timesheet_cost)
PACKAGES=(tryton-server tryton-modules-{party,company,currency,account,account-invoice,analytic-account,product}
  tryton-modules-{sale,timesheet,project,project-invoice,timesheet-cost})
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"

if ! { mkdir -p "$LOG_DIR" && [ -w "$LOG_DIR" ]; } 2>/dev/null; then LOG_DIR=/tmp; fi
LOG="$LOG_DIR/ledgerline-trytond.log"
ADMIN_LOG="$LOG_DIR/ledgerline-trytond-admin.log"

# trytond reads its whole configuration from TRYTOND_* variables; no file to keep in sync.
export TRYTOND_DATABASE__URI=sqlite:// TRYTOND_DATABASE__PATH="$DB_PATH" TRYTOND_WEB__LISTEN="$LISTEN"
# The default 300 s idle timeout would log a long test run out; 5 failed logins would lock admin (429).
export TRYTOND_SESSION__TIMEOUT=3600 TRYTOND_SESSION__MAX_ATTEMPT=1000
export TRYTOND_SESSION__MAX_ATTEMPT_IP_NETWORK=10000

say() { echo "tryton: $*"; }
die() {
  echo "tryton: FAILED: $1" >&2
  if [ -n "${2:-}" ] && [ -f "$2" ]; then
    echo "--- last lines of $2" >&2
    tail -n 30 "$2" >&2
  fi
  exit 1
}
valid_name() { [[ "$1" =~ ^[A-Za-z0-9_]{1,63}$ ]] || die "database name must match [A-Za-z0-9_]{1,63}: '$1'"; }

installed() { command -v trytond >/dev/null && dpkg -s "${PACKAGES[@]}" >/dev/null 2>&1; }

cmd_install() {
  if installed; then say "installed already ($(trytond --version 2>/dev/null || echo trytond))"; return; fi
  say "installing ${PACKAGES[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends curl "${PACKAGES[@]}"
  installed || die "packages missing after apt-get install"
  say "installed"
}

is_ready() {
  curl -sf -m 2 -H 'Content-Type: application/json' \
    -d '{"id":0,"method":"common.server.version","params":[]}' "http://$LISTEN/" >/dev/null
}
running_pid() {
  [ -f "$PID_FILE" ] || return 1
  local pid
  pid="$(cat "$PID_FILE")"
  kill -0 "$pid" 2>/dev/null && echo "$pid"
}

cmd_ready() { is_ready; }

cmd_start() {
  if is_ready; then say "ready at http://$LISTEN/ already"; return; fi
  if running_pid >/dev/null; then die "process $(cat "$PID_FILE") is running but not answering" "$LOG"; fi
  installed || die "not installed: run '$0 install' first"
  say "starting trytond on $LISTEN (log $LOG)"
  nohup trytond >>"$LOG" 2>&1 &
  echo $! >"$PID_FILE"
  for _ in $(seq 1 150); do
    if is_ready; then say "ready at http://$LISTEN/ (pid $(cat "$PID_FILE"))"; return; fi
    kill -0 "$(cat "$PID_FILE")" 2>/dev/null || die "trytond exited during start" "$LOG"
    sleep 0.2
  done
  die "trytond not ready after 30 s" "$LOG"
}

cmd_stop() {
  local pid
  if ! pid="$(running_pid)"; then
    rm -f "$PID_FILE"
    say "not running (no live process in $PID_FILE)"
    return
  fi
  kill "$pid"
  for _ in $(seq 1 100); do
    if ! kill -0 "$pid" 2>/dev/null; then rm -f "$PID_FILE"; say "stopped (pid $pid)"; return; fi
    sleep 0.1
  done
  kill -9 "$pid" 2>/dev/null || true
  rm -f "$PID_FILE"
  say "killed (pid $pid) after 10 s"
}

cmd_status() {
  local dbs
  dbs="$(cd "$DB_PATH" 2>/dev/null && ls -- *.sqlite 2>/dev/null | sed 's/\.sqlite$//' | tr '\n' ' ' || true)"
  if is_ready; then echo "running at http://$LISTEN/ (pid $(cat "$PID_FILE" 2>/dev/null || echo '?')); databases: $dbs"
  else echo "stopped; databases: $dbs"; fi
}

admin_password() {
  if [ ! -s "$PASS_FILE" ]; then
    umask 077
    head -c 18 /dev/urandom | base64 | tr -d '/+=' >"$PASS_FILE"
  fi
  cat "$PASS_FILE"
}

cmd_init() {
  local force="${1:-}"
  if [ -f "$DB_PATH/$TEMPLATE.sqlite" ] && [ "$force" != "--force" ]; then
    say "template $TEMPLATE exists (use --force to rebuild)"
    return
  fi
  installed || die "not installed: run '$0 install' first"
  mkdir -p "$DB_PATH"
  admin_password >/dev/null
  # Built under a fresh name, then moved over the template: a running server never sees a half-built
  # template, and its cache of an older template file is not confused by an overwrite in place.
  local build="ledgerline_build_$$"
  : >"$DB_PATH/$build.sqlite" # trytond-admin needs the SQLite file to exist
  say "creating database with modules: ${MODULES[*]} (log $ADMIN_LOG)"
  TRYTONPASSFILE="$PASS_FILE" trytond-admin -d "$build" --all --email admin@ledgerline.invalid \
    --activate-dependencies -u "${MODULES[@]}" >"$ADMIN_LOG" 2>&1 ||
    { rm -f "$DB_PATH/$build.sqlite"; die "trytond-admin failed" "$ADMIN_LOG"; }
  local started_here=""
  if ! is_ready; then cmd_start; started_here=1; fi
  say "bootstrapping company, chart of accounts, fiscal years, product, employees"
  if ! TRYTON_URL="http://$LISTEN" TRYTON_DATABASE="$build" TRYTON_ADMIN_PASSWORD_FILE="$PASS_FILE" \
    node --import tsx "$ROOT/scripts/real-systems/tryton-bootstrap.ts"; then
    rm -f "$DB_PATH/$build.sqlite"
    [ -z "$started_here" ] || cmd_stop
    die "bootstrap failed" "$LOG"
  fi
  [ -z "$started_here" ] || cmd_stop
  mv -f "$DB_PATH/$build.sqlite" "$DB_PATH/$TEMPLATE.sqlite"
  say "template $TEMPLATE ready at $DB_PATH/$TEMPLATE.sqlite"
}

cmd_new_db() {
  local name="${1:-}"
  valid_name "$name"
  [ "$name" != "$TEMPLATE" ] || die "refusing to overwrite the template"
  [ -f "$DB_PATH/$TEMPLATE.sqlite" ] || die "no template: run '$0 init' first"
  cp "$DB_PATH/$TEMPLATE.sqlite" "$DB_PATH/.$name.sqlite.tmp"
  mv -f "$DB_PATH/.$name.sqlite.tmp" "$DB_PATH/$name.sqlite"
  say "database $name copied from $TEMPLATE"
}

cmd_drop_db() {
  local name="${1:-}"
  valid_name "$name"
  [ "$name" != "$TEMPLATE" ] || die "refusing to drop the template (use init --force)"
  rm -f "$DB_PATH/$name.sqlite" "$DB_PATH/$name.sqlite-journal"
  say "database $name dropped"
}

case "${1:-}" in
  install) cmd_install ;;
  init) cmd_init "${2:-}" ;;
  start) cmd_start ;;
  ready) cmd_ready ;;
  stop) cmd_stop ;;
  status) cmd_status ;;
  new-db) cmd_new_db "${2:-}" ;;
  drop-db) cmd_drop_db "${2:-}" ;;
  *)
    echo "usage: $0 install | init [--force] | start | ready | stop | status | new-db NAME | drop-db NAME" >&2
    exit 2
    ;;
esac
