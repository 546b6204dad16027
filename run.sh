#!/usr/bin/env bash
# Starts Switchboard's embedded stack on this machine: a local redis-server and the five services on fixed
# loopback ports, built from this checkout. No container engine and no API keys.
#
#   ./run.sh                 build, start, ingest the samples on first start, stay in the foreground (Ctrl+C stops)
#   ./run.sh --detach        the same, but return once everything is healthy (stop later with ./run.sh stop)
#   ./run.sh --no-build ...  skip the build (use the existing Release output)
#   ./run.sh stop            stop everything started by ./run.sh --detach
#   ./run.sh status          show what is running and healthy
#
# Everything lives under .data/ (git-ignored): redis/ (append-only file), retrieval/retrieval.db, logs/, pids/.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
DATA="$ROOT/.data"
LOGS="$DATA/logs"
PIDS="$DATA/pids"
REDIS_DIR="$DATA/redis"
RETRIEVAL_DIR="$DATA/retrieval"
MARKER="$DATA/samples-ingested"
SAMPLES="$ROOT/samples"
CONFIGURATION="Release"
HOST="127.0.0.1"
REDIS_PORT=6380
HEALTH_TIMEOUT="${SWITCHBOARD_HEALTH_TIMEOUT:-180}"   # seconds per service (the router trains its classifier first)
INGEST_TIMEOUT="${SWITCHBOARD_INGEST_TIMEOUT:-180}"   # seconds per sample document
STOP_TIMEOUT=15                                       # seconds between SIGTERM and SIGKILL

# name:project:port, in start order (the Gateway last, it calls the others). Stopped in reverse order.
SERVICES=(
  "fxrates:SampleApis/FxRates:5105"
  "router:RouterAgent:5101"
  "retrieval:RetrievalAgent:5102"
  "compliance:ComplianceAgent:5103"
  "reporting:ReportingAgent:5104"
  "gateway:Gateway:5100"
)

say() { printf '%s\n' "$*"; }
err() { printf 'run.sh: %s\n' "$*" >&2; }
die() { err "$*"; exit 1; }

usage() {
  awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "$0"
}

field() { # field <entry> <index 1..3>
  printf '%s' "$1" | cut -d: -f"$2"
}

url_of() { # url_of <port>
  printf 'http://%s:%s' "$HOST" "$1"
}

# ---------------------------------------------------------------------------------------------- prerequisites

is_root() { [ "$(id -u)" -eq 0 ]; }

apt_updated=0
require_package() { # require_package <command> <debian package>
  local cmd="$1" pkg="$2"
  command -v "$cmd" >/dev/null 2>&1 && return 0
  if is_root && command -v apt-get >/dev/null 2>&1; then
    say "Installing $pkg (provides $cmd) with apt-get..."
    if [ "$apt_updated" -eq 0 ]; then
      DEBIAN_FRONTEND=noninteractive apt-get update -qq || die "apt-get update failed"
      apt_updated=1
    fi
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$pkg" >/dev/null || die "apt-get install -y $pkg failed"
    command -v "$cmd" >/dev/null 2>&1 || die "$pkg was installed but $cmd is still not on PATH"
  else
    die "$cmd is not installed. Install it with:  sudo apt-get install -y $pkg   (then run ./run.sh again)"
  fi
}

check_prerequisites() {
  command -v dotnet >/dev/null 2>&1 \
    || die "dotnet is not on PATH. Install the .NET 10 SDK (https://learn.microsoft.com/dotnet/core/install/linux) and run ./run.sh again."
  local version
  version="$(cd "$ROOT" && dotnet --version 2>/dev/null)" || die "'dotnet --version' failed: is a .NET 10 SDK installed? (global.json asks for 10.0.100 or later)"
  case "$version" in
    10.*|1[1-9].*) ;;
    *) die "the .NET 10 SDK is required; 'dotnet --version' says $version" ;;
  esac
  require_package redis-server redis-server
  require_package redis-cli redis-server
  require_package curl curl
  command -v setsid >/dev/null 2>&1 || die "setsid is missing: sudo apt-get install -y util-linux"
}

# ---------------------------------------------------------------------------------------------- processes

# alive <pid>: the process exists and is not a zombie.
alive() {
  local pid="$1" state
  [ -n "$pid" ] && [ -r "/proc/$pid/stat" ] || return 1
  state="$(sed -E 's/^.*\) ([A-Za-z]).*$/\1/' "/proc/$pid/stat" 2>/dev/null)" || return 1
  [ "$state" != "Z" ] && [ "$state" != "X" ]
}

# pid_of <name>: the recorded pid, if that process still runs and is still ours (guards against pid reuse).
pid_of() {
  local name="$1" pid expect
  [ -f "$PIDS/$name.pid" ] || return 1
  pid="$(cat "$PIDS/$name.pid" 2>/dev/null)"
  alive "$pid" || return 1
  if [ "$name" = "redis" ]; then expect="redis-server"; else expect="$(basename "$(project_of "$name")").dll"; fi
  tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -q -- "$expect" || return 1
  printf '%s' "$pid"
}

project_of() {
  local entry
  for entry in "${SERVICES[@]}"; do
    if [ "$(field "$entry" 1)" = "$1" ]; then field "$entry" 2; return 0; fi
  done
  return 1
}

anything_running() {
  local entry
  pid_of redis >/dev/null && return 0
  for entry in "${SERVICES[@]}"; do
    pid_of "$(field "$entry" 1)" >/dev/null && return 0
  done
  return 1
}

port_in_use() { # port_in_use <port>: something accepts connections on 127.0.0.1:<port>
  (exec 3<>"/dev/tcp/$HOST/$1") 2>/dev/null
}

port_owner() {
  if command -v ss >/dev/null 2>&1; then
    ss -ltnpH "sport = :$1" 2>/dev/null | sed -E 's/.*users:\(\((.*)\)\).*/\1/' | head -1
  fi
}

check_ports() {
  local entry port name owner busy=0
  for entry in "redis:redis:$REDIS_PORT" "${SERVICES[@]}"; do
    name="$(field "$entry" 1)"; port="$(field "$entry" 3)"
    if port_in_use "$port"; then
      owner="$(port_owner "$port")"
      err "port $port (needed by $name) is already in use${owner:+ by $owner}."
      busy=1
    fi
  done
  [ "$busy" -eq 0 ] || die "free the port(s) above (or stop the other stack with ./run.sh stop) and try again."
}

# stop_pid <name> <pid>: SIGTERM, wait, SIGKILL after STOP_TIMEOUT seconds.
stop_pid() {
  local name="$1" pid="$2" waited=0
  kill -TERM "$pid" 2>/dev/null || true
  while alive "$pid"; do
    if [ "$waited" -ge $((STOP_TIMEOUT * 10)) ]; then
      err "$name (pid $pid) did not stop within ${STOP_TIMEOUT} s; sending SIGKILL"
      kill -KILL "$pid" 2>/dev/null || true
      break
    fi
    sleep 0.1
    waited=$((waited + 1))
  done
}

stop_all() {
  local i entry name pid stopped=0
  for ((i = ${#SERVICES[@]} - 1; i >= 0; i--)); do
    entry="${SERVICES[$i]}"; name="$(field "$entry" 1)"
    if pid="$(pid_of "$name")"; then
      say "Stopping $name (pid $pid)..."
      stop_pid "$name" "$pid"
      stopped=1
    fi
    rm -f "$PIDS/$name.pid"
  done
  if pid="$(pid_of redis)"; then
    say "Stopping redis (pid $pid)..."
    redis-cli -h "$HOST" -p "$REDIS_PORT" shutdown >/dev/null 2>&1 || true
    local waited=0
    while alive "$pid" && [ "$waited" -lt 50 ]; do sleep 0.1; waited=$((waited + 1)); done
    alive "$pid" && stop_pid redis "$pid"
    stopped=1
  fi
  rm -f "$PIDS/redis.pid"
  if [ "$stopped" -eq 1 ]; then say "Switchboard stopped."; else say "Switchboard is not running."; fi
}

# ---------------------------------------------------------------------------------------------- start

build() {
  say "Building Aspire.sln ($CONFIGURATION)..."
  if ! (cd "$ROOT" && dotnet build Aspire.sln -c "$CONFIGURATION" -nologo -v:q -clp:NoSummary) >"$LOGS/build.log" 2>&1; then
    err "the build failed. Errors:"
    grep -E ': error ' "$LOGS/build.log" | sort -u | head -40 >&2 || tail -40 "$LOGS/build.log" >&2
    die "full build output: $LOGS/build.log"
  fi
}

start_redis() {
  say "Starting redis-server on $HOST:$REDIS_PORT (data: ${REDIS_DIR#"$ROOT"/})..."
  setsid redis-server --bind "$HOST" --port "$REDIS_PORT" --appendonly yes --dir "$REDIS_DIR" \
    --daemonize no --protected-mode yes --logfile "" \
    </dev/null >>"$LOGS/redis.log" 2>&1 &
  printf '%s' "$!" >"$PIDS/redis.pid"
  local deadline=$((SECONDS + 20))
  until [ "$(redis-cli -h "$HOST" -p "$REDIS_PORT" ping 2>/dev/null)" = "PONG" ]; do
    alive "$(cat "$PIDS/redis.pid")" || { tail -20 "$LOGS/redis.log" >&2; die "redis-server exited; see $LOGS/redis.log"; }
    [ "$SECONDS" -lt "$deadline" ] || die "redis-server did not answer PING within 20 s; see $LOGS/redis.log"
    sleep 0.2
  done
}

fxrates_key() { # the sample FX API's key, generated on first use into the git-ignored .data/
  local file="$DATA/fxrates.key"
  if [ ! -s "$file" ]; then
    (umask 077 && head -c 24 /dev/urandom | base64 | tr -d '/+=\n' >"$file")
  fi
  cat "$file"
}

start_service() { # start_service <entry>
  local entry="$1" name project port bin dll
  name="$(field "$entry" 1)"; project="$(field "$entry" 2)"; port="$(field "$entry" 3)"
  bin="$ROOT/$project/bin/$CONFIGURATION/net10.0"
  dll="$bin/$(basename "$project").dll"
  [ -f "$dll" ] || die "$dll is missing: run ./run.sh without --no-build."
  say "Starting $name on $(url_of "$port")..."
  (
    cd "$bin"
    export ConnectionStrings__redis="$HOST:$REDIS_PORT"
    local e
    for e in "${SERVICES[@]}"; do
      [ "$(field "$e" 1)" = "gateway" ] && continue
      export "services__$(field "$e" 1)__http__0=$(url_of "$(field "$e" 3)")"
    done
    ASPNETCORE_URLS="$(url_of "$port")"
    export ASPNETCORE_URLS
    export Retrieval__DatabasePath="$RETRIEVAL_DIR/retrieval.db"
    # The sample FX API requires a key and the REST tool sends it: one random secret per machine, never committed.
    FxRates__ApiKey="$(fxrates_key)"
    export FxRates__ApiKey Tools__Apis__fxrates__Auth__Secret="$FxRates__ApiKey"
    export Tools__ConfigurationFile="$ROOT/SampleApis/FxRates/fxrates.tools.json"
    export DOTNET_NOLOGO=1
    exec setsid dotnet "$dll" </dev/null >>"$LOGS/$name.log" 2>&1
  ) &
  printf '%s' "$!" >"$PIDS/$name.pid"
}

wait_healthy() { # wait_healthy <entry>
  local entry="$1" name port pid deadline
  name="$(field "$entry" 1)"; port="$(field "$entry" 3)"
  pid="$(cat "$PIDS/$name.pid")"
  deadline=$((SECONDS + HEALTH_TIMEOUT))
  until curl -fsS -o /dev/null -m 3 "$(url_of "$port")/health" 2>/dev/null; do
    if ! alive "$pid"; then
      err "$name exited during start-up. Last lines of ${LOGS#"$ROOT"/}/$name.log:"
      tail -25 "$LOGS/$name.log" >&2
      die "$name did not start; full log: $LOGS/$name.log"
    fi
    if [ "$SECONDS" -ge "$deadline" ]; then
      err "$name did not become healthy ($(url_of "$port")/health) within $HEALTH_TIMEOUT s. Last lines of ${LOGS#"$ROOT"/}/$name.log:"
      tail -25 "$LOGS/$name.log" >&2
      die "see $LOGS/$name.log"
    fi
    sleep 0.5
  done
  say "  $name is healthy."
}

content_type_of() {
  case "${1##*.}" in
    pdf) printf 'application/pdf' ;;
    csv) printf 'text/csv' ;;
    md) printf 'text/markdown' ;;
    txt) printf 'text/plain' ;;
    *) printf 'application/octet-stream' ;;
  esac
}

json_string() { # json_string <key> <json>: the first "key":"value" (enough for the Gateway's flat answers)
  printf '%s' "$2" | sed -n -E "s/.*\"$1\":\"([^\"]*)\".*/\1/p" | head -1
}

# Uploads each sample not yet listed in the marker file, and waits until it is ready.
ingest_samples() {
  local gateway file name body code id status deadline failed=0 uploaded=0
  gateway="$(url_of 5100)"
  [ -f "$MARKER" ] && return 0
  touch "$MARKER.partial"
  for file in "$SAMPLES"/*; do
    name="$(basename "$file")"
    [ -f "$file" ] || continue
    case "$name" in README.md|questions.json) continue ;; esac
    grep -qxF "$name" "$MARKER.partial" && continue
    body="$(curl -sS -m 60 -w '\n%{http_code}' -F "file=@$file;type=$(content_type_of "$name")" "$gateway/v1/documents")" \
      || { err "uploading $name failed (curl)"; failed=1; continue; }
    code="${body##*$'\n'}"; body="${body%$'\n'*}"
    if [ "$code" != "202" ]; then
      err "uploading $name: the Gateway answered $code: $body"
      failed=1
      continue
    fi
    id="$(json_string id "$body")"
    say "  uploaded $name (document $id), waiting for ingestion..."
    deadline=$((SECONDS + INGEST_TIMEOUT))
    while :; do
      body="$(curl -sS -m 10 "$gateway/v1/documents/$id" 2>/dev/null || true)"
      status="$(json_string status "$body")"
      [ "$status" = "ready" ] && break
      if [ "$status" = "failed" ]; then
        err "$name failed to ingest: $(json_string error "$body")"
        failed=1
        break
      fi
      if [ "$SECONDS" -ge "$deadline" ]; then
        err "$name was still '${status:-unknown}' after $INGEST_TIMEOUT s; see $LOGS/retrieval.log"
        failed=1
        break
      fi
      sleep 0.5
    done
    if [ "$status" = "ready" ]; then
      printf '%s\n' "$name" >>"$MARKER.partial"
      uploaded=$((uploaded + 1))
    fi
  done
  if [ "$failed" -eq 0 ]; then
    mv "$MARKER.partial" "$MARKER"
    say "  $uploaded sample document(s) ingested."
  else
    err "some sample documents were not ingested (see above); the next ./run.sh retries only those."
  fi
}

print_urls() {
  local entry name port
  say ""
  say "Switchboard is running."
  say "  Web UI        $(url_of 5100)/"
  say "  Ask (API)     curl -s -H 'Content-Type: application/json' -d '{\"question\":\"What is the minimum password length?\"}' $(url_of 5100)/v1/ask"
  for entry in "${SERVICES[@]}"; do
    name="$(field "$entry" 1)"; port="$(field "$entry" 3)"
    printf '  %-13s %s   (health %s/health, metrics %s/metrics)\n' "$name" "$(url_of "$port")" "$(url_of "$port")" "$(url_of "$port")"
  done
  say "  Redis         $HOST:$REDIS_PORT (append-only data in ${REDIS_DIR#"$ROOT"/})"
  say "  Logs          ${LOGS#"$ROOT"/}/<service>.log"
}

starting=0
on_start_failure() {
  # Runs on any exit while starting: leave nothing half-started behind.
  if [ "$starting" -eq 1 ]; then
    err "start-up failed; stopping what was started."
    starting=0
    stop_all >/dev/null 2>&1 || true
  fi
}

start() { # start <foreground|detach> <build|no-build>
  local mode="$1" do_build="$2" entry
  if anything_running; then
    die "Switchboard is already running (./run.sh status shows it; ./run.sh stop stops it)."
  fi
  check_prerequisites
  mkdir -p "$LOGS" "$PIDS" "$REDIS_DIR" "$RETRIEVAL_DIR"
  check_ports

  starting=1
  trap on_start_failure EXIT
  trap 'err "interrupted"; exit 130' INT TERM

  [ "$do_build" = "build" ] && build
  start_redis
  # The agents do not depend on each other: start them together, then wait for each.
  for entry in "${SERVICES[@]}"; do
    [ "$(field "$entry" 1)" = "gateway" ] || start_service "$entry"
  done
  for entry in "${SERVICES[@]}"; do
    [ "$(field "$entry" 1)" = "gateway" ] || wait_healthy "$entry"
  done
  start_service "${SERVICES[${#SERVICES[@]} - 1]}"
  wait_healthy "${SERVICES[${#SERVICES[@]} - 1]}"

  if [ ! -f "$MARKER" ]; then
    say "First start: ingesting the sample documents from samples/..."
    ingest_samples
  fi
  starting=0
  trap - EXIT
  print_urls

  if [ "$mode" = "detach" ]; then
    say ""
    say "Running in the background. Stop with: ./run.sh stop"
    return 0
  fi

  say ""
  say "Press Ctrl+C to stop."
  trap 'say ""; stop_all; exit 0' INT TERM
  while :; do
    sleep 2 &
    wait $! || true
    for entry in "redis:redis:$REDIS_PORT" "${SERVICES[@]}"; do
      if ! pid_of "$(field "$entry" 1)" >/dev/null; then
        err "$(field "$entry" 1) has stopped unexpectedly; last lines of ${LOGS#"$ROOT"/}/$(field "$entry" 1).log:"
        tail -20 "$LOGS/$(field "$entry" 1).log" >&2 || true
        stop_all
        exit 1
      fi
    done
  done
}

status() {
  local entry name port pid health code all_ok=0
  if pid="$(pid_of redis)"; then
    if [ "$(redis-cli -h "$HOST" -p "$REDIS_PORT" ping 2>/dev/null)" = "PONG" ]; then health="PONG"; else health="no answer"; all_ok=1; fi
    printf '  %-11s running  pid %-7s %-28s %s\n' redis "$pid" "$HOST:$REDIS_PORT" "$health"
  else
    printf '  %-11s stopped\n' redis
    all_ok=1
  fi
  for entry in "${SERVICES[@]}"; do
    name="$(field "$entry" 1)"; port="$(field "$entry" 3)"
    if pid="$(pid_of "$name")"; then
      if code="$(curl -s -o /dev/null -m 3 -w '%{http_code}' "$(url_of "$port")/health")" && [ "$code" = "200" ]; then
        health="healthy"
      else
        health="unhealthy (/health: ${code:-no answer})"
        all_ok=1
      fi
      printf '  %-11s running  pid %-7s %-28s %s\n' "$name" "$pid" "$(url_of "$port")" "$health"
    else
      printf '  %-11s stopped\n' "$name"
      all_ok=1
    fi
  done
  if [ -f "$MARKER" ]; then say "  samples     ingested ($(wc -l <"$MARKER") documents)"; else say "  samples     not ingested yet"; fi
  return "$all_ok"
}

main() {
  local mode="foreground" do_build="build" command="start" arg
  for arg in "$@"; do
    case "$arg" in
      --detach|-d) mode="detach" ;;
      --no-build) do_build="no-build" ;;
      stop) command="stop" ;;
      status) command="status" ;;
      start) command="start" ;;
      -h|--help|help) usage; exit 0 ;;
      *) usage >&2; die "unknown argument: $arg" ;;
    esac
  done
  case "$command" in
    start) start "$mode" "$do_build" ;;
    stop) mkdir -p "$PIDS"; stop_all ;;
    status) status ;;
  esac
}

main "$@"
