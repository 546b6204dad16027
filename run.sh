#!/usr/bin/env bash
# Starts Switchboard under its Aspire AppHost with the dashboard. What runs is described once, in AppHost/AppHost.cs;
# this script only checks the machine (installing redis-server with apt when missing) and starts the AppHost.
#
#   ./run.sh [AppHost options]            build, start everything, ingest samples/ on the first start; Ctrl+C stops all
#   ./run.sh --detach [AppHost options]   the same, in the background: returns once the Gateway is healthy
#   ./run.sh --no-build ...               skip the build
#   ./run.sh stop                         stop what ./run.sh --detach started
#   ./run.sh status                       whether it runs, and its URLs
#
# AppHost options are Aspire parameters, e.g. --Parameters:retrieval-replicas=2, --Parameters:fixed-ports=false,
# --Parameters:chat-provider=OpenAI (all of them: docs/architecture.md#the-apphost). Data lives in .data/ (git-ignored).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
DATA="$ROOT/.data"
LOG="$DATA/logs/apphost.log"
PIDFILE="$DATA/apphost.pid"
START_TIMEOUT="${SWITCHBOARD_START_TIMEOUT:-900}"   # seconds, the first build included

say() { printf '%s\n' "$*"; }
die() { printf 'run.sh: %s\n' "$*" >&2; exit 1; }
usage() { awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "$0"; }

require_redis_server() {
  command -v redis-server >/dev/null 2>&1 && return 0
  # A container engine makes the AppHost use the redis image instead.
  docker info >/dev/null 2>&1 && return 0
  if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null 2>&1; then
    say "Installing redis-server with apt-get..."
    export DEBIAN_FRONTEND=noninteractive
    { apt-get update -qq && apt-get install -y -qq --no-install-recommends redis-server >/dev/null; } \
      || die "apt-get could not install redis-server; install it yourself (sudo apt-get install -y redis-server) and run ./run.sh again."
  else
    die "redis-server is not installed: install it with 'sudo apt-get install -y redis-server' and run ./run.sh again."
  fi
}

check_prerequisites() {
  command -v dotnet >/dev/null 2>&1 \
    || die "dotnet is not on PATH: install the .NET 10 SDK (https://learn.microsoft.com/dotnet/core/install/linux) and run ./run.sh again."
  require_redis_server
}

running_pid() { # the process group of a detached AppHost, if it still runs
  local pid
  [ -f "$PIDFILE" ] || return 1
  pid="$(cat "$PIDFILE")"
  [ -n "$pid" ] && pgrep -g "$pid" >/dev/null 2>&1 || return 1
  printf '%s' "$pid"
}

# DCP runs the resources and stops them once the AppHost it watches (--monitor <pid>) has exited, a few seconds later.
wait_for_dcp() {
  local deadline=$((SECONDS + 60)) line watched orphaned
  while :; do
    orphaned=0
    while read -r line; do
      watched="$(printf '%s' "$line" | sed -n -E 's/.*dcp start-apiserver --monitor ([0-9]+).*/\1/p')"
      if [ -n "$watched" ] && ! kill -0 "$watched" 2>/dev/null; then orphaned=1; fi
    done < <(pgrep -af 'dcp start-apiserver' || true)
    [ "$orphaned" -eq 0 ] && return 0
    if [ "$SECONDS" -ge "$deadline" ]; then
      printf 'run.sh: DCP is still stopping resources after 60 s; see: pgrep -af dcp\n' >&2
      return 1
    fi
    sleep 0.5
  done
}

summary() { # the AppHost's own summary of URLs (from its log)
  awk '/^Switchboard is running/ { show = 1; block = "" } show { block = block $0 "\n" } show && /^$/ { show = 0 } END { printf "%s", block }' "$LOG"
}

start_detached() {
  local pid deadline
  running_pid >/dev/null && die "Switchboard is already running (./run.sh status shows it; ./run.sh stop stops it)."
  mkdir -p "$(dirname "$LOG")"
  : >"$LOG"
  setsid dotnet run --project "$ROOT/AppHost" -c Release --launch-profile http "${run_options[@]}" -- "$@" </dev/null >>"$LOG" 2>&1 &
  pid=$!
  printf '%s' "$pid" >"$PIDFILE"
  say "Starting the AppHost in the background (log: ${LOG#"$ROOT"/})..."
  deadline=$((SECONDS + START_TIMEOUT))
  until grep -q '^Switchboard is running' "$LOG"; do
    if ! kill -0 "$pid" 2>/dev/null; then
      grep -E '^AppHost: |error' "$LOG" | sort -u | head -20 >&2 || tail -20 "$LOG" >&2
      rm -f "$PIDFILE"
      die "the AppHost stopped during start-up; full log: $LOG"
    fi
    if [ "$SECONDS" -ge "$deadline" ]; then
      stop
      die "the Gateway was not healthy within $START_TIMEOUT s; see $LOG and the dashboard."
    fi
    sleep 1
  done
  summary
  say "Running in the background. Stop with: ./run.sh stop"
}

stop() {
  local pid waited=0
  if ! pid="$(running_pid)"; then
    rm -f "$PIDFILE"
    say "Switchboard is not running."
    return 0
  fi
  kill -TERM -- "-$pid" 2>/dev/null || true
  while pgrep -g "$pid" >/dev/null 2>&1; do
    if [ "$waited" -ge 600 ]; then
      printf 'run.sh: still running after 60 s; sending SIGKILL\n' >&2
      kill -KILL -- "-$pid" 2>/dev/null || true
      break
    fi
    sleep 0.1
    waited=$((waited + 1))
  done
  wait_for_dcp || true
  rm -f "$PIDFILE"
  say "Switchboard stopped."
}

status() {
  if running_pid >/dev/null; then
    say "Switchboard is running (AppHost process group $(cat "$PIDFILE"))."
    summary
  else
    say "Switchboard is not running (under ./run.sh --detach)."
    return 1
  fi
}

command="start" mode="foreground"
run_options=()
apphost_args=()
for arg in "$@"; do
  case "$arg" in
    --detach|-d) mode="detach" ;;
    --no-build) run_options+=(--no-build) ;;
    stop|status) command="$arg" ;;
    -h|--help|help) usage; exit 0 ;;
    *) apphost_args+=("$arg") ;;
  esac
done

case "$command" in
  stop) stop ;;
  status) status ;;
  start)
    check_prerequisites
    if [ "$mode" = "detach" ]; then
      start_detached "${apphost_args[@]}"
    else
      # In the foreground the AppHost gets Ctrl+C from the terminal itself; this script waits for it, then for DCP to
      # have stopped every resource, so the prompt comes back only when nothing is left running.
      trap ':' INT
      status=0
      dotnet run --project "$ROOT/AppHost" -c Release --launch-profile http "${run_options[@]}" -- "${apphost_args[@]}" || status=$?
      trap - INT
      if [ "$status" -ne 2 ]; then   # 2: the AppHost refused its settings and started nothing
        say "Waiting for every resource to stop..."
        wait_for_dcp || true
        say "Switchboard stopped."
      fi
      exit "$status"
    fi
    ;;
esac
