#!/usr/bin/env bash
# A throw-away single-node Ceph with the RADOS Gateway, for the contract suite (issue 18):
# 1 monitor, 1 OSD on memstore (RAM only), radosgw on loopback with https (a generated
# self-signed certificate) and plain http, the `testing` KMS backend with two named keys, and a
# user made by radosgw-admin. Everything lives under one temp dir; every port is picked free.
#
#   scripts/ceph-rgw.sh start DIR   installs what is missing (apt-get), starts, writes DIR/env
#   scripts/ceph-rgw.sh stop DIR    stops every daemon it started and deletes DIR
#
# `start` is time-boxed (CEPH_RGW_START_TIMEOUT seconds, default 120). When Ceph cannot start
# here it prints one line `SKIP: <reason>`, stops what it started and exits 3: the caller
# reports the skip; it never hangs. DIR/env holds the contract suite's endpoint variables.
set -euo pipefail

usage() {
  echo "usage: $0 start|stop DIR" >&2
  exit 2
}
[ $# -eq 2 ] || usage
action=$1
dir=$2
START_TIMEOUT=${CEPH_RGW_START_TIMEOUT:-120}

# The two named keys of the `testing` KMS backend (AES-256, base64). Test keys, not secrets.
KMS_KEY_1=contract-key-1
KMS_KEY_2=contract-key-2
KMS_KEY_1_B64=MTIzNDU2Nzg5MDEyMzQ1Njc4OTAxMjM0NTY3ODkwMTI=
KMS_KEY_2_B64=YWJjZGVmZ2hpamtsbW5vcHFyc3R1dnd4eXphYmNkZWY=

stop_all() {
  [ -d "$dir" ] || return 0
  # Only the daemons this script started, by the pids it wrote; the newest first.
  for name in rgw osd mon; do
    local pidfile="$dir/$name.pid"
    [ -f "$pidfile" ] || continue
    local pid
    pid=$(cat "$pidfile")
    if kill -TERM "$pid" 2>/dev/null; then
      for _ in $(seq 1 50); do
        kill -0 "$pid" 2>/dev/null || break
        sleep 0.1
      done
      kill -KILL "$pid" 2>/dev/null || true
    fi
    rm -f "$pidfile"
  done
  [ -n "${CEPH_RGW_KEEP:-}" ] || rm -rf "$dir"
}

if [ "$action" = stop ]; then
  stop_all
  exit 0
fi
[ "$action" = start ] || usage

skip() {
  echo "SKIP: $*"
  # What the daemons said last, for whoever reads the CI log (no key material is logged).
  for log in "$dir/log/last.log" "$dir"/log/*.out; do
    [ -s "$log" ] || continue
    echo "  --- ${log##*/}" >&2
    tail -n 8 "$log" | sed 's/^/  /' >&2
  done
  stop_all
  exit 3
}

# Runs "$@" until it succeeds or the start deadline passes.
wait_for() {
  local what=$1
  shift
  until "$@" >/dev/null 2>&1; do
    [ "$(date +%s)" -lt "$deadline" ] || skip "Ceph did not start within ${START_TIMEOUT}s: $what"
    sleep 0.5
  done
}
remaining() { echo $((deadline - $(date +%s) > 1 ? deadline - $(date +%s) : 1)); }

# --- install (only what is missing) ---------------------------------------------------------
install_started=$(date +%s)
missing=()
command -v ceph-mon >/dev/null || missing+=(ceph-mon)
command -v ceph-osd >/dev/null || missing+=(ceph-osd)
command -v radosgw >/dev/null || missing+=(radosgw)
command -v openssl >/dev/null || missing+=(openssl)
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" != 0 ] || ! command -v apt-get >/dev/null; then
    echo "SKIP: ${missing[*]} not installed and apt-get is not available to root here"
    exit 3
  fi
  echo "installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq || true
  if ! apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null; then
    echo "SKIP: apt-get install ${missing[*]} failed"
    exit 3
  fi
  echo "installed ${missing[*]} in $(($(date +%s) - install_started))s"
fi
# The start's time box begins once the packages are there.
deadline=$(($(date +%s) + START_TIMEOUT))

# --- layout and configuration ---------------------------------------------------------------
mkdir -p "$dir"
dir=$(cd "$dir" && pwd)
mkdir -p "$dir/mon" "$dir/osd" "$dir/rgw" "$dir/run" "$dir/log"

free_port() {
  node -e 'const s=require("net").createServer().listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})'
}
mon_port=$(free_port)
https_port=$(free_port)
http_port=$(free_port)
while [ "$http_port" = "$https_port" ] || [ "$http_port" = "$mon_port" ]; do http_port=$(free_port); done
while [ "$https_port" = "$mon_port" ]; do https_port=$(free_port); done

fsid=$(cat /proc/sys/kernel/random/uuid)
conf="$dir/ceph.conf"
cat >"$conf" <<EOF
[global]
fsid = $fsid
mon host = v1:127.0.0.1:$mon_port
public addr = 127.0.0.1
ms bind ipv6 = false
auth cluster required = none
auth service required = none
auth client required = none
run dir = $dir/run
admin socket = $dir/run/\$name.asok
log file = $dir/log/\$name.log
pid file = $dir/\$name.ceph.pid
keyring = /dev/null
osd pool default size = 1
osd pool default min size = 1
osd pool default pg num = 8
osd pool default pgp num = 8
osd pool default pg autoscale mode = off
mon allow pool size one = true
mon allow pool delete = true
mon max pg per osd = 1000
mon warn on pool no redundancy = false
osd crush chooseleaf type = 0
osd objectstore = memstore
memstore device bytes = 536870912
[mon.a]
mon data = $dir/mon
[osd.0]
osd data = $dir/osd
osd journal size = 0
[client.rgw]
rgw data = $dir/rgw
rgw frontends = beast endpoint=127.0.0.1:$http_port ssl_endpoint=127.0.0.1:$https_port ssl_certificate=$dir/rgw.crt ssl_private_key=$dir/rgw.key
rgw dns name = 127.0.0.1
rgw crypt s3 kms backend = testing
rgw crypt s3 kms encryption keys = $KMS_KEY_1=$KMS_KEY_1_B64 $KMS_KEY_2=$KMS_KEY_2_B64
rgw crypt require ssl = true
EOF

# A self-signed certificate for 127.0.0.1 and localhost (the CA the suite trusts).
if ! openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj "/CN=127.0.0.1" \
  -addext "subjectAltName=IP:127.0.0.1,DNS:localhost" \
  -keyout "$dir/rgw.key" -out "$dir/rgw.crt" >"$dir/log/last.log" 2>&1; then
  skip "openssl could not generate the certificate"
fi

# Starts a daemon in the foreground of its own process, its pid in DIR/NAME.pid.
daemon() {
  local name=$1
  shift
  "$@" -f >"$dir/log/$name.out" 2>&1 &
  echo $! >"$dir/$name.pid"
}
ceph_cli() { timeout "$(remaining)" ceph -c "$conf" --connect-timeout 5 "$@"; }

# --- monitor ----------------------------------------------------------------------------------
timeout "$(remaining)" monmaptool --create --fsid "$fsid" --addv a "[v1:127.0.0.1:$mon_port]" "$dir/monmap" >"$dir/log/last.log" 2>&1 ||
  skip "monmaptool failed"
timeout "$(remaining)" ceph-mon -c "$conf" --mkfs -i a --monmap "$dir/monmap" >"$dir/log/last.log" 2>&1 || skip "ceph-mon --mkfs failed"
daemon mon ceph-mon -c "$conf" -i a
wait_for "the monitor answering" ceph_cli mon stat

# --- OSD on memstore --------------------------------------------------------------------------
osd_id=$(ceph_cli osd create 2>"$dir/log/last.log") || skip "ceph osd create failed"
[ "$osd_id" = 0 ] || skip "ceph osd create gave id $osd_id, expected 0"
timeout "$(remaining)" ceph-osd -c "$conf" -i 0 --mkfs >"$dir/log/last.log" 2>&1 || skip "ceph-osd --mkfs failed"
daemon osd ceph-osd -c "$conf" -i 0
wait_for "the OSD up" bash -c "ceph -c '$conf' --connect-timeout 5 osd dump 2>/dev/null | grep -q '^osd.0 up'"

# --- radosgw ----------------------------------------------------------------------------------
daemon rgw radosgw -c "$conf" -n client.rgw
wait_for "radosgw answering on https://127.0.0.1:$https_port" \
  curl -s --max-time 5 -o /dev/null --cacert "$dir/rgw.crt" "https://127.0.0.1:$https_port/"

user_json=$(timeout "$(remaining)" radosgw-admin -c "$conf" -n client.rgw user create \
  --uid=contract --display-name="s3-kms-mock contract suite" 2>"$dir/log/last.log") ||
  skip "radosgw-admin user create failed"
access_key=$(printf '%s' "$user_json" | node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>console.log(JSON.parse(s).keys[0].access_key))')
secret_key=$(printf '%s' "$user_json" | node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>console.log(JSON.parse(s).keys[0].secret_key))')

version=$(radosgw --version | sed -n 's/^ceph version \([^ ]*\).*/\1/p')
cat >"$dir/env" <<EOF
export S3_KMS_MOCK_CONTRACT_ENDPOINT=https://127.0.0.1:$https_port
export S3_KMS_MOCK_CONTRACT_HTTP_ENDPOINT=http://127.0.0.1:$http_port
export S3_KMS_MOCK_CONTRACT_CA_FILE=$dir/rgw.crt
export S3_KMS_MOCK_CONTRACT_ACCESS_KEY_ID=$access_key
export S3_KMS_MOCK_CONTRACT_SECRET_ACCESS_KEY=$secret_key
export S3_KMS_MOCK_CONTRACT_REGION=us-east-1
export S3_KMS_MOCK_CONTRACT_CREATE_BUCKETS=1
export S3_KMS_MOCK_CONTRACT_KMS_KEY_ID=$KMS_KEY_1
export S3_KMS_MOCK_CONTRACT_ENGINE="ceph-rgw $version"
EOF
echo "Ceph RGW $version: https://127.0.0.1:$https_port, http://127.0.0.1:$http_port (env in $dir/env)"
