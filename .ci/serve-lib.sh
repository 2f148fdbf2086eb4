# Shared by .ci/server-clients.sh and .ci/server-languages.sh (sourced, not run): Debian packages
# installed when missing, the bin rebuilt when stale, and `serve` instances started on free ports
# and always stopped, cleanly (exit 0 on SIGTERM).

# Installs the Debian packages named (none: nothing to do).
install_missing_packages() {
  [ $# -gt 0 ] || return 0
  echo "installing $*"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "$@" >/dev/null
}

# The bin as shipped; rebuild when a source is newer than the build.
build_if_stale() {
  if [ ! -f dist/cli.js ] || [ -n "$(find src -name '*.ts' -newer dist/cli.js -print -quit)" ]; then
    npm run build
  fi
}

# serve_setup DIR FIXTURE: servers log to DIR (removed on exit) and load FIXTURE; on exit every
# server is stopped.
serve_setup() {
  SERVE_DIR=$1
  SERVE_FIXTURE=$2
  SERVE_PIDS=()
  trap serve_cleanup EXIT
}

stop_servers() {
  local status=0
  for pid in ${SERVE_PIDS[@]+"${SERVE_PIDS[@]}"}; do
    kill -TERM "$pid" 2>/dev/null || continue
    if ! wait "$pid"; then
      echo "server $pid did not stop cleanly" >&2
      status=1
    fi
  done
  SERVE_PIDS=()
  return $status
}

serve_cleanup() {
  stop_servers || true
  rm -rf "$SERVE_DIR"
}

# start_server NAME [ARGS…]: starts `serve --port 0 …` and waits for its banner; the endpoint
# line tells the port it got.
start_server() {
  local name=$1
  shift
  node dist/cli.js serve --port 0 --fixture "$SERVE_FIXTURE" "$@" >"$SERVE_DIR/$name.log" 2>&1 &
  SERVE_PIDS+=($!)
  for _ in $(seq 1 100); do
    grep -q '^Ctrl-C stops.' "$SERVE_DIR/$name.log" && return 0
    sleep 0.1
  done
  cat "$SERVE_DIR/$name.log" >&2
  return 1
}

# server_banner NAME FIELD: a value of server NAME's banner (`endpoint`, `certificate`).
server_banner() {
  sed -n "s/^  $2 *//p" "$SERVE_DIR/$1.log"
}
