#!/usr/bin/env bash
# Server mode through real clients in other languages (issue 5): Debian's AWS CLI and boto3
# against the built bin (`node dist/cli.js serve`), one plain-http and one --https server on
# 127.0.0.1. Installs the Debian packages when missing. Fails on the first failed assertion; the
# servers are always stopped, and must stop cleanly (exit 0 on SIGTERM).
set -euo pipefail
cd "$(dirname "$0")/.."
started=$(date +%s)
PYTHON=/usr/bin/python3 # Debian's, where python3-boto3 lives; a pyenv python may shadow it on PATH

missing=()
[ -x /usr/bin/aws ] || missing+=(awscli)
"$PYTHON" -c 'import boto3' 2>/dev/null || missing+=(python3-boto3)
"$PYTHON" -c 'import requests' 2>/dev/null || missing+=(python3-requests)
if [ ${#missing[@]} -gt 0 ]; then
  echo "installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
echo "$(/usr/bin/aws --version 2>&1), boto3 $("$PYTHON" -c 'import boto3; print(boto3.__version__)')"

# The bin as shipped; rebuild when a source is newer than the build.
if [ ! -f dist/cli.js ] || [ -n "$(find src -name '*.ts' -newer dist/cli.js -print -quit)" ]; then
  npm run build
fi

logs=$(mktemp -d)
pids=()
stop_servers() {
  local status=0
  for pid in "${pids[@]}"; do
    kill -TERM "$pid" 2>/dev/null || continue
    if ! wait "$pid"; then
      echo "server $pid did not stop cleanly" >&2
      status=1
    fi
  done
  pids=()
  return $status
}
cleanup() {
  stop_servers || true
  rm -rf "$logs"
}
trap cleanup EXIT

# Starts `serve --port 0 …` and waits for its banner; the endpoint line tells the port it got.
start_server() {
  local name=$1
  shift
  node dist/cli.js serve --port 0 --fixture test/server/clients/ssec-world.json "$@" \
    >"$logs/$name.log" 2>&1 &
  pids+=($!)
  for _ in $(seq 1 100); do
    grep -q '^Ctrl-C stops.' "$logs/$name.log" && return 0
    sleep 0.1
  done
  cat "$logs/$name.log" >&2
  return 1
}
start_server http
start_server https --https
start_server strict --credentials test/server/clients/strict-credentials.json
HTTP_URL=$(sed -n 's/^  endpoint *//p' "$logs/http.log")
HTTPS_URL=$(sed -n 's/^  endpoint *//p' "$logs/https.log")
CA_BUNDLE=$(sed -n 's/^  certificate *//p' "$logs/https.log")
STRICT_URL=$(sed -n 's/^  endpoint *//p' "$logs/strict.log")
export HTTP_URL HTTPS_URL CA_BUNDLE STRICT_URL
echo "servers: $HTTP_URL and $HTTPS_URL (certificate $CA_BUNDLE)"

echo '--- AWS CLI'
bash test/server/clients/aws-cli.sh
echo '--- boto3'
"$PYTHON" test/server/clients/test_boto3.py
echo '--- strict mode (--credentials): AWS CLI and boto3'
bash test/server/clients/aws-cli-strict.sh
"$PYTHON" test/server/clients/test_strict.py

stop_servers
echo "server clients passed (AWS CLI + boto3) in $(($(date +%s) - started))s"
