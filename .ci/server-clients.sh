#!/usr/bin/env bash
# Server mode through real clients in other languages (issue 5): Debian's AWS CLI and boto3
# against the built bin (`node dist/cli.js serve`), one plain-http and one --https server on
# 127.0.0.1. Installs the Debian packages when missing. Fails on the first failed assertion; the
# servers are always stopped, and must stop cleanly (exit 0 on SIGTERM).
set -euo pipefail
cd "$(dirname "$0")/.."
started=$(date +%s)
PYTHON=/usr/bin/python3 # Debian's, where python3-boto3 lives; a pyenv python may shadow it on PATH

# shellcheck source=.ci/serve-lib.sh
source .ci/serve-lib.sh

missing=()
[ -x /usr/bin/aws ] || missing+=(awscli)
"$PYTHON" -c 'import boto3' 2>/dev/null || missing+=(python3-boto3)
"$PYTHON" -c 'import requests' 2>/dev/null || missing+=(python3-requests)
install_missing_packages ${missing[@]+"${missing[@]}"}
echo "$(/usr/bin/aws --version 2>&1), boto3 $("$PYTHON" -c 'import boto3; print(boto3.__version__)')"

build_if_stale
serve_setup "$(mktemp -d)" test/server/clients/ssec-world.json
start_server http
start_server https --https
start_server strict --credentials test/server/clients/strict-credentials.json
HTTP_URL=$(server_banner http endpoint)
HTTPS_URL=$(server_banner https endpoint)
CA_BUNDLE=$(server_banner https certificate)
STRICT_URL=$(server_banner strict endpoint)
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
