#!/usr/bin/env bash
# The oldest supported AWS SDK v3 beside the packed package, as a user installs it (issue 13 item 9):
# a temp project gets the tarball, @aws-sdk/client-s3 and s3-request-presigner 3.300.0 (2023) and
# client-kms 3.303.0 (the first client-kms release at or after 3.300), in one plain `npm install`
# (no --legacy-peer-deps: the peer ranges must accept them), then runs the seed scenarios
# (.ci/oldest-sdk/seed.mjs: SSE-KMS and SSE-C put/get, KMS encrypt/decrypt, presigned GET).
set -euo pipefail
cd "$(dirname "$0")/.."
repo="$PWD"

S3_VERSION=3.300.0
PRESIGNER_VERSION=3.300.0
KMS_VERSION=3.303.0
msw_version=$(node -p "require('./package-lock.json').packages['node_modules/msw'].version")

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

tarball=$(npm pack --silent --pack-destination "$work" | tail -n 1)
cd "$work"
npm init -y >/dev/null
npm install --no-audit --no-fund \
  "./$tarball" \
  "@aws-sdk/client-s3@$S3_VERSION" \
  "@aws-sdk/client-kms@$KMS_VERSION" \
  "@aws-sdk/s3-request-presigner@$PRESIGNER_VERSION" \
  "msw@$msw_version"

# npm must have kept the requested versions (a peer range it could not meet would upgrade them).
for pair in "client-s3:$S3_VERSION" "client-kms:$KMS_VERSION" "s3-request-presigner:$PRESIGNER_VERSION"; do
  name=${pair%%:*}
  want=${pair#*:}
  got=$(node -p "require('@aws-sdk/$name/package.json').version")
  if [ "$got" != "$want" ]; then
    echo "oldest-sdk: @aws-sdk/$name is $got, not $want" >&2
    exit 1
  fi
done

cp "$repo/.ci/oldest-sdk/seed.mjs" .
node seed.mjs
