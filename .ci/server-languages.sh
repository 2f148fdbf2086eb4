#!/usr/bin/env bash
# The seed flows (the AWS pages on SSE-KMS and SSE-C) in Go and Ruby against the built bin
# (`node dist/cli.js serve`), issue 18: examples/go with the AWS SDK for Go v2 and examples/ruby
# with the AWS SDK for Ruby, both from Debian packages. One --https server (everything) and one
# plain-http server (SSE-C refused) on 127.0.0.1, free ports, loaded with
# examples/server-world.json. Installs the Debian packages when missing; the Go program is built
# offline from the packaged SDK sources (GOPATH mode: no module proxy). Fails on the first failed
# check; the servers are always stopped, and must stop cleanly (exit 0 on SIGTERM).
set -euo pipefail
cd "$(dirname "$0")/.."
started=$(date +%s)
GOPATH_SDK=/usr/share/gocode

# shellcheck source=.ci/serve-lib.sh
source .ci/serve-lib.sh

missing=()
[ -x /usr/bin/go ] || missing+=(golang-go)
[ -d "$GOPATH_SDK/src/github.com/aws/aws-sdk-go-v2/service/s3" ] ||
  missing+=(golang-github-aws-aws-sdk-go-v2-dev)
[ -x /usr/bin/ruby ] || missing+=(ruby)
/usr/bin/ruby -e 'require "aws-sdk-s3"' 2>/dev/null || missing+=(ruby-aws-sdk-s3)
/usr/bin/ruby -e 'require "aws-sdk-kms"' 2>/dev/null || missing+=(ruby-aws-sdk-kms)
install_missing_packages ${missing[@]+"${missing[@]}"}
echo "$(/usr/bin/go version), AWS SDK for Go v2 $(sed -n 's/.*goModuleVersion = "\(.*\)"/\1/p' \
  "$GOPATH_SDK/src/github.com/aws/aws-sdk-go-v2/aws/go_module_metadata.go"); $(/usr/bin/ruby --version | cut -d' ' -f1-2), aws-sdk-s3 $(/usr/bin/ruby -e 'require "aws-sdk-s3"; print Aws::S3::GEM_VERSION')"

build_if_stale
serve_setup "$(mktemp -d)" examples/server-world.json
work=$SERVE_DIR

go_started=$(date +%s)
# GOPATH mode resolves imports from the Debian tree; GOFLAGS/GOPROXY are cleared so nothing in
# the environment can send it to the network. The build cache lives in .tmp/ (a clean clone
# compiles the SDK once: ~30 s of CPU, most of it service/s3; a rerun takes a second or two).
(cd examples/go && GO111MODULE=off GOPATH="$GOPATH_SDK" GOFLAGS= GOPROXY=off \
  GOCACHE="$PWD/../../.tmp/go-cache" /usr/bin/go build -o "$work/seedflows" .)
go_build=$(($(date +%s) - go_started))
echo "Go program built offline in ${go_build}s"

start_server https --https
start_server http
S3_KMS_MOCK_ENDPOINT=$(server_banner https endpoint)
S3_KMS_MOCK_HTTP_ENDPOINT=$(server_banner http endpoint)
AWS_CA_BUNDLE=$(server_banner https certificate)
export S3_KMS_MOCK_ENDPOINT S3_KMS_MOCK_HTTP_ENDPOINT AWS_CA_BUNDLE
echo "servers: $S3_KMS_MOCK_ENDPOINT and $S3_KMS_MOCK_HTTP_ENDPOINT (certificate $AWS_CA_BUNDLE)"

echo '--- Go (examples/go)'
go_run_started=$(date +%s)
"$work/seedflows"
go_run=$(($(date +%s) - go_run_started))
echo '--- Ruby (examples/ruby)'
ruby_started=$(date +%s)
/usr/bin/ruby examples/ruby/seed_flows.rb
ruby_run=$(($(date +%s) - ruby_started))

stop_servers
echo "seed flows passed in Go and Ruby in $(($(date +%s) - started))s" \
  "(Go build ${go_build}s, Go run ${go_run}s, Ruby run ${ruby_run}s)"
