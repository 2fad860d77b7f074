#!/usr/bin/env bash
# Redmine 5.0 (Debian packages) on loopback, as the PSA Ledgerline's Redmine connector and its tests talk to.
#
#   redmine.sh install          apt packages (skipped when installed and the database config exists)
#   redmine.sh init [--force]   REST API, the known admin API key, default activity, Ledgerline's custom
#                               fields; keeps a pristine copy of the database (skipped when done; --force
#                               starts again from the database as the package created it; server stopped)
#   redmine.sh start            rackup as www-data on $REDMINE_HOST:$REDMINE_PORT, waits until the API answers
#   redmine.sh ready            exit 0 when the API answers with the key, 1 otherwise
#   redmine.sh stop             by PID file, waits for the process to end
#   redmine.sh status           installed / initialised / running / ready
#   redmine.sh reset            restores the pristine database (stops and restarts a running server)
#
# Environment: REDMINE_API_KEY (40 hex chars), REDMINE_HOST (127.0.0.1), REDMINE_PORT (3000).
# Runs as root (apt, setpriv); SQLite only, no database server.
set -euo pipefail

API_KEY=${REDMINE_API_KEY:-0123456789abcdef0123456789abcdef01234567}
HOST=${REDMINE_HOST:-127.0.0.1}
PORT=${REDMINE_PORT:-3000}
APP_DIR=/usr/share/redmine
DB_CONFIG=/etc/redmine/default/database.yml
DB=/var/lib/dbconfig-common/sqlite3/redmine/instances/default/redmine_default
DB_DEBIAN=$DB.debian       # as the package created it, taken before the first init
DB_PRISTINE=$DB.pristine   # after init: what `reset` restores
INIT_MARK=$DB.ledgerline-init
PID_FILE=/run/ledgerline-redmine.pid
LOG_DIR=/var/log/redmine/default
RACKUP_LOG=$LOG_DIR/ledgerline-rackup.log
INIT_LOG=$LOG_DIR/ledgerline-init.log
INSTALL_LOG=/tmp/ledgerline-redmine-install.log

say() { printf 'redmine: %s\n' "$*"; }
fail() {
  printf 'redmine: FAILED: %s\n' "$1" >&2
  if [ -n "${2:-}" ] && [ -f "$2" ]; then
    printf -- '--- last lines of %s ---\n' "$2" >&2
    tail -n 30 "$2" >&2
  fi
  exit 1
}

installed() {
  for pkg in redmine redmine-sqlite thin; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed' || return 1
  done
  test -s "$DB_CONFIG"
}

pid_alive() {
  [ -f "$PID_FILE" ] && kill -0 "$(cat "$PID_FILE")" 2>/dev/null
}

api_ready() {
  curl -sf -o /dev/null --max-time 2 -H "X-Redmine-API-Key: $API_KEY" "http://$HOST:$PORT/users/current.json"
}

cmd_install() {
  if installed; then
    say "install: already installed ($DB_CONFIG exists), skipped"
    return
  fi
  say "install: apt-get install redmine redmine-sqlite thin (about 30 s, log $INSTALL_LOG)"
  export DEBIAN_FRONTEND=noninteractive
  echo 'redmine redmine/instances/default/database-type select sqlite3' | debconf-set-selections
  { apt-get update -qq && apt-get install -y -qq --no-install-recommends curl redmine redmine-sqlite thin; } \
    >"$INSTALL_LOG" 2>&1 || fail "apt-get install" "$INSTALL_LOG"
  # dbconfig-common can fail to create the database while apt still exits 0.
  test -s "$DB_CONFIG" || fail "$DB_CONFIG missing after install (database setup failed)" "$INSTALL_LOG"
  say "install: done"
}

# The Rails side of init. Idempotent: every record is found or created, settings are absolute values.
INIT_RUBY='
Redmine::DefaultData::Loader.load("en") if Redmine::DefaultData::Loader.no_data?
Setting.rest_api_enabled = "1"
Setting.login_required = "1"
TimeEntryActivity.find_by!(name: "Development").update!(is_default: true)
def field(klass, name, format)
  klass.find_or_create_by!(name: name) { |f| f.field_format = format }.tap do |f|
    f.update!(field_format: format, is_filter: true, visible: true)
    f.update!(editable: true) if f.respond_to?(:editable=)
    puts "custom field #{klass.name} #{name.inspect} id=#{f.id} #{format}"
  end
end
field(TimeEntryCustomField, "Approved", "bool").update!(default_value: "0")
field(TimeEntryCustomField, "Invoice number", "string")
field(TimeEntryCustomField, "Invoice status", "string")
field(TimeEntryCustomField, "Payment status", "string")
field(ProjectCustomField, "Customer", "string")
field(ProjectCustomField, "Legal entity", "string")
field(ProjectCustomField, "Bill rate", "float")
field(ProjectCustomField, "Currency", "string")
field(UserCustomField, "Cost rate", "float")
admin = User.find_by_login!("admin")
admin.update!(must_change_passwd: false)
Token.where(user: admin, action: "api").delete_all
Token.create!(user: admin, action: "api").update_column(:value, ENV.fetch("REDMINE_API_KEY"))
puts "admin api key set: #{admin.reload.api_key == ENV.fetch("REDMINE_API_KEY")}"
'

cmd_init() {
  local force=${1:-}
  [ -z "$force" ] || [ "$force" = --force ] || fail "init takes only --force, got $force"
  installed || fail "not installed: run $0 install first"
  [[ $API_KEY =~ ^[0-9a-f]{40}$ ]] || fail "REDMINE_API_KEY must be 40 lower-case hex characters"
  if [ -f "$INIT_MARK" ] && [ -f "$DB_PRISTINE" ] && [ -z "$force" ]; then
    say "init: already initialised ($INIT_MARK), skipped (use --force to start again)"
    return
  fi
  # Rewriting the SQLite file under a running server confuses its caches.
  ! pid_alive || fail "init: the server is running (pid $(cat "$PID_FILE")): run $0 stop first"
  [ -f "$DB_DEBIAN" ] || cp -p "$DB" "$DB_DEBIAN"
  if [ -n "$force" ]; then
    say "init --force: restoring the database as the package created it"
    cp -p "$DB_DEBIAN" "$DB"
  fi
  rm -f "$INIT_MARK"
  say "init: rails runner (REST API, admin API key, default activity, custom fields; about 5 s)"
  (cd "$APP_DIR" && runuser -u www-data -- env RAILS_ENV=production REDMINE_API_KEY="$API_KEY" \
    bin/rails runner "$INIT_RUBY") >"$INIT_LOG" 2>&1 || fail "rails runner" "$INIT_LOG"
  grep -q 'admin api key set: true' "$INIT_LOG" || fail "the admin API key was not set" "$INIT_LOG"
  sed 's/^/redmine:   /' "$INIT_LOG"
  cp -p "$DB" "$DB_PRISTINE"
  date -u +%FT%TZ >"$INIT_MARK"
  say "init: done (pristine copy $DB_PRISTINE)"
}

cmd_start() {
  if pid_alive && api_ready; then
    say "start: already up (pid $(cat "$PID_FILE"), http://$HOST:$PORT)"
    return
  fi
  pid_alive && fail "start: pid $(cat "$PID_FILE") is running but the API does not answer; run $0 stop"
  [ -f "$INIT_MARK" ] || fail "start: not initialised: run $0 init first"
  if curl -s -o /dev/null --max-time 2 "http://$HOST:$PORT/"; then
    fail "start: something else already answers on $HOST:$PORT"
  fi
  say "start: rackup as www-data on http://$HOST:$PORT (log $RACKUP_LOG)"
  # A simple command in the background, and nohup, setpriv and env all exec: $! is the server's own pid.
  cd "$APP_DIR"
  nohup setpriv --reuid=www-data --regid=www-data --init-groups \
    env RAILS_ENV=production rackup -E production -o "$HOST" -p "$PORT" >"$RACKUP_LOG" 2>&1 &
  echo $! >"$PID_FILE"
  cd - >/dev/null
  local started=$SECONDS
  until api_ready; do
    pid_alive || fail "start: the server exited" "$RACKUP_LOG"
    [ $((SECONDS - started)) -lt 60 ] || fail "start: the API did not answer within 60 s" "$RACKUP_LOG"
    sleep 0.2
  done
  say "start: ready in $((SECONDS - started)) s (pid $(cat "$PID_FILE"))"
}

cmd_ready() {
  if api_ready; then
    say "ready: http://$HOST:$PORT answers"
  else
    say "ready: http://$HOST:$PORT does not answer"
    exit 1
  fi
}

cmd_stop() {
  if ! pid_alive; then
    rm -f "$PID_FILE"
    say "stop: not running"
    return
  fi
  local pid
  pid=$(cat "$PID_FILE")
  say "stop: TERM pid $pid"
  kill -TERM "$pid"
  for _ in $(seq 1 100); do
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.2
  done
  if kill -0 "$pid" 2>/dev/null; then
    say "stop: still running after 20 s, KILL pid $pid"
    kill -KILL "$pid"
    sleep 0.5
  fi
  rm -f "$PID_FILE"
  if curl -s -o /dev/null --max-time 2 "http://$HOST:$PORT/"; then
    fail "stop: pid $pid ended but something still answers on $HOST:$PORT (started outside this script?)"
  fi
  say "stop: stopped"
}

cmd_status() {
  if installed; then say "installed: yes"; else say "installed: no"; fi
  if [ -f "$INIT_MARK" ]; then say "initialised: yes ($(cat "$INIT_MARK"))"; else say "initialised: no"; fi
  if pid_alive; then say "running: yes (pid $(cat "$PID_FILE"))"; else say "running: no"; fi
  if api_ready; then say "ready: yes (http://$HOST:$PORT)"; else say "ready: no"; fi
}

cmd_reset() {
  [ -f "$DB_PRISTINE" ] || fail "reset: no pristine copy: run $0 init first"
  local was_running=
  if pid_alive; then
    was_running=1
    cmd_stop
  fi
  cp -p "$DB_PRISTINE" "$DB"
  say "reset: pristine database restored"
  [ -z "$was_running" ] || cmd_start
}

case "${1:-}" in
  install) cmd_install ;;
  init) cmd_init "${2:-}" ;;
  start) cmd_start ;;
  ready) cmd_ready ;;
  stop) cmd_stop ;;
  status) cmd_status ;;
  reset) cmd_reset ;;
  *)
    echo "usage: $0 install | init [--force] | start | ready | stop | status | reset" >&2
    exit 2
    ;;
esac
