#!/usr/bin/env bash
# AWS CLI scenarios against server mode (issue 5). Every step asserts what came back: bytes equal,
# headers present, errors with the right codes, not just exit codes.
#
# Needs: HTTP_URL (a plain-http server) and HTTPS_URL + CA_BUNDLE (an --https one), both started
# with --fixture test/server/clients/ssec-world.json, whose buckets accept SSE-C: new buckets block
# SSE-C since April 2026 and the Debian CLI is too old to send BlockedEncryptionTypes. AWS_BIN
# defaults to Debian's /usr/bin/aws, since a pyenv shim may shadow it on PATH.
set -euo pipefail
: "${HTTP_URL:?}" "${HTTPS_URL:?}" "${CA_BUNDLE:?}"
AWS_BIN=${AWS_BIN:-/usr/bin/aws}
export AWS_ACCESS_KEY_ID=AKIAIOSFODNN7EXAMPLE
export AWS_SECRET_ACCESS_KEY=wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY
export AWS_DEFAULT_REGION=us-east-1 AWS_PAGER='' AWS_MAX_ATTEMPTS=1
# Nothing from the machine's own AWS configuration may leak in.
export AWS_CONFIG_FILE=/dev/null AWS_SHARED_CREDENTIALS_FILE=/dev/null
unset AWS_PROFILE AWS_SESSION_TOKEN AWS_CA_BUNDLE

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work"

passed=0
fail() {
  echo "FAIL: $*" >&2
  exit 1
}
ok() {
  passed=$((passed + 1))
  echo "ok - $*"
}
# The CLI against the plain-http server, and against the https one trusting its certificate.
awsh() { "$AWS_BIN" --endpoint-url "$HTTP_URL" "$@"; }
awss() { AWS_CA_BUNDLE="$CA_BUNDLE" "$AWS_BIN" --endpoint-url "$HTTPS_URL" "$@"; }
expect_eq() { [ "$1" == "$2" ] || fail "$3: expected '$2', got '$1'"; }
same_file() { cmp -s "$1" "$2" || fail "$3: $1 and $2 differ"; }
# Runs a command that must fail with this error code (as the CLI prints it: "(Code)"), and, when
# EXPECT_MESSAGE is set, with that text.
expect_error() {
  local code=$1 what=$2 out
  shift 2
  if out=$("$@" 2>&1); then fail "$what: succeeded, expected $code"; fi
  grep -q "($code)" <<<"$out" || fail "$what: expected ($code), got: $out"
  [ -z "${EXPECT_MESSAGE:-}" ] || grep -qF "$EXPECT_MESSAGE" <<<"$out" ||
    fail "$what: expected the message '$EXPECT_MESSAGE', got: $out"
}

head -c 100000 /dev/urandom >small.bin
printf 'attack at dawn' >plain.txt

# --- KMS on the same endpoint as S3 ----------------------------------------------------------
key_id=$(awsh kms create-key --description cli-key --query KeyMetadata.KeyId --output text)
key_arn=$(awsh kms describe-key --key-id "$key_id" --query KeyMetadata.Arn --output text)
expect_eq "$key_arn" "arn:aws:kms:us-east-1:123456789012:key/$key_id" 'create-key ARN'
awsh kms create-alias --alias-name alias/cli --target-key-id "$key_id"
expect_eq "$(awsh kms list-aliases --query 'Aliases[?AliasName==`alias/cli`].TargetKeyId' --output text)" \
  "$key_id" 'create-alias target'
awsh kms encrypt --key-id alias/cli --plaintext fileb://plain.txt --encryption-context tenant=acme \
  --query CiphertextBlob --output text | base64 -d >blob.bin
awsh kms decrypt --ciphertext-blob fileb://blob.bin --encryption-context tenant=acme \
  --query Plaintext --output text | base64 -d >decrypted.txt
same_file decrypted.txt plain.txt 'encrypt/decrypt round trip'
expect_eq "$(awsh kms decrypt --ciphertext-blob fileb://blob.bin --encryption-context tenant=acme \
  --query KeyId --output text)" "$key_arn" 'decrypt names the key ARN'
expect_error InvalidCiphertextException 'decrypt with another context' \
  awsh kms decrypt --ciphertext-blob fileb://blob.bin --encryption-context tenant=globex
expect_error NotFoundException 'encrypt under an unknown alias' \
  awsh kms encrypt --key-id alias/none --plaintext fileb://plain.txt
ok 'kms create-key, create-alias, encrypt/decrypt with context, errors'

awsh kms generate-data-key --key-id alias/cli --key-spec AES_256 --output json >dk.json
/usr/bin/python3 - <<'PY'
import base64, json
dk = json.load(open('dk.json'))
assert len(base64.b64decode(dk['Plaintext'])) == 32, dk
open('dk.plain', 'wb').write(base64.b64decode(dk['Plaintext']))
open('dk.blob', 'wb').write(base64.b64decode(dk['CiphertextBlob']))
PY
awsh kms decrypt --ciphertext-blob fileb://dk.blob --query Plaintext --output text | base64 -d >dk.back
same_file dk.back dk.plain 'generate-data-key blob decrypts to its plaintext'
ok 'kms generate-data-key: 32 bytes, blob decrypts back'

# --- S3 with SSE-KMS -------------------------------------------------------------------------
awsh s3 mb s3://cli-bucket >/dev/null
awsh s3 cp small.bin s3://cli-bucket/up/small.bin --sse aws:kms --sse-kms-key-id "$key_id" >/dev/null
expect_eq "$(awsh s3api head-object --bucket cli-bucket --key up/small.bin \
  --query '[ServerSideEncryption,SSEKMSKeyId,ContentLength]' --output text)" \
  "aws:kms	$key_arn	100000" 's3 cp --sse aws:kms: head-object'
awsh s3 cp s3://cli-bucket/up/small.bin down.bin >/dev/null
same_file down.bin small.bin 's3 cp down'
ok 's3 cp up and down with --sse aws:kms --sse-kms-key-id'

context=$(printf '{"department":"finance"}' | base64 -w0)
awsh s3api put-object --bucket cli-bucket --key api/ctx.txt --body plain.txt \
  --server-side-encryption aws:kms --ssekms-key-id alias/cli --ssekms-encryption-context "$context" >put.json
expect_eq "$(/usr/bin/python3 -c 'import json;print(json.load(open("put.json"))["SSEKMSKeyId"])')" \
  "$key_arn" 'put-object names the key ARN'
awsh s3api get-object --bucket cli-bucket --key api/ctx.txt got.txt >get.json
same_file got.txt plain.txt 'get-object bytes'
expect_eq "$(/usr/bin/python3 -c 'import json;d=json.load(open("get.json"));print(d["ServerSideEncryption"], d["ContentLength"])')" \
  'aws:kms 14' 'get-object headers'
other_key=$(awsh kms create-key --query KeyMetadata.KeyId --output text)
awsh s3api copy-object --bucket cli-bucket --key api/copy.txt --copy-source cli-bucket/api/ctx.txt \
  --server-side-encryption aws:kms --ssekms-key-id "$other_key" >/dev/null
expect_eq "$(awsh s3api head-object --bucket cli-bucket --key api/copy.txt --query SSEKMSKeyId --output text)" \
  "arn:aws:kms:us-east-1:123456789012:key/$other_key" 'copy-object re-encrypts under the new key'
awsh s3api get-object --bucket cli-bucket --key api/copy.txt copy.txt >/dev/null
same_file copy.txt plain.txt 'copy-object bytes'
expect_error NoSuchKey 'get-object of a missing key' awsh s3api get-object --bucket cli-bucket --key nope out.bin
expect_error NoSuchBucket 'put-object into a missing bucket' awsh s3api put-object --bucket no-such-bucket --key k --body plain.txt
ok 's3api put-object/get-object/head-object/copy-object with SSE-KMS context'

# --- Multipart: 64 MiB through s3 cp (8 MiB parts) ------------------------------------------
head -c $((64 * 1024 * 1024)) /dev/urandom >big.bin
awsh s3 cp big.bin s3://cli-bucket/big.bin --sse aws:kms --sse-kms-key-id alias/cli >/dev/null
etag=$(awsh s3api head-object --bucket cli-bucket --key big.bin --query ETag --output text)
[[ "$etag" == *-8\" ]] || fail "64 MiB upload: expected a multipart ETag ending in -8, got $etag"
awsh s3 cp s3://cli-bucket/big.bin big.down >/dev/null
same_file big.down big.bin '64 MiB multipart round trip'
ok "multipart upload of 64 MiB (ETag $etag), downloaded identical"

# --- Bucket default encryption and policy -----------------------------------------------------
awsh s3 mb s3://cli-defaults >/dev/null
awsh s3api put-bucket-encryption --bucket cli-defaults --server-side-encryption-configuration \
  "{\"Rules\":[{\"ApplyServerSideEncryptionByDefault\":{\"SSEAlgorithm\":\"aws:kms\",\"KMSMasterKeyID\":\"$key_arn\"}}]}"
expect_eq "$(awsh s3api get-bucket-encryption --bucket cli-defaults \
  --query 'ServerSideEncryptionConfiguration.Rules[0].ApplyServerSideEncryptionByDefault.KMSMasterKeyID' --output text)" \
  "$key_arn" 'get-bucket-encryption'
awsh s3 cp plain.txt s3://cli-defaults/default.txt >/dev/null
expect_eq "$(awsh s3api head-object --bucket cli-defaults --key default.txt \
  --query '[ServerSideEncryption,SSEKMSKeyId]' --output text)" "aws:kms	$key_arn" 'bucket default applies'
ok 'put-bucket-encryption: the default key encrypts uploads without --sse'

cat >policy.json <<'JSON'
{"Version":"2012-10-17","Statement":[{"Sid":"KmsOnly","Effect":"Deny","Principal":"*",
 "Action":"s3:PutObject","Resource":"arn:aws:s3:::cli-defaults/*",
 "Condition":{"StringNotEquals":{"s3:x-amz-server-side-encryption":"aws:kms"}}}]}
JSON
awsh s3api put-bucket-policy --bucket cli-defaults --policy file://policy.json
expect_eq "$(awsh s3api get-bucket-policy --bucket cli-defaults --query Policy --output text |
  /usr/bin/python3 -c 'import json,sys;print(json.load(sys.stdin)["Statement"][0]["Sid"])')" KmsOnly 'get-bucket-policy'
expect_error AccessDenied 'policy denies an upload without SSE-KMS' \
  awsh s3api put-object --bucket cli-defaults --key denied.txt --body plain.txt --server-side-encryption AES256
awsh s3api put-object --bucket cli-defaults --key allowed.txt --body plain.txt --server-side-encryption aws:kms >/dev/null
ok 'put-bucket-policy: Deny without aws:kms refuses AES256, lets aws:kms through'

# --- HTTPS (certificate trusted through AWS_CA_BUNDLE) and SSE-C -----------------------------
awss s3 mb s3://tls-bucket >/dev/null
awss s3 cp small.bin s3://tls-bucket/small.bin --sse aws:kms >/dev/null
awss s3 cp s3://tls-bucket/small.bin tls.bin >/dev/null
same_file tls.bin small.bin 'https round trip'
ok 'https with AWS_CA_BUNDLE: SSE-KMS under the default aws/s3 key'

head -c 32 /dev/urandom >ssec.key
head -c 32 /dev/urandom >ssec2.key
head -c 32 /dev/urandom >wrong.key
awss s3 cp small.bin s3://ssec-cli/c.bin --sse-c AES256 --sse-c-key fileb://ssec.key >/dev/null
awss s3 cp s3://ssec-cli/c.bin c.down --sse-c AES256 --sse-c-key fileb://ssec.key >/dev/null
same_file c.down small.bin 'SSE-C s3 cp round trip'
expect_eq "$(awss s3api head-object --bucket ssec-cli --key c.bin --sse-customer-algorithm AES256 \
  --sse-customer-key fileb://ssec.key --query SSECustomerAlgorithm --output text)" AES256 'SSE-C head-object'
expect_error 403 's3 cp down with a wrong SSE-C key (HeadObject has no body)' \
  awss s3 cp s3://ssec-cli/c.bin wrong.down --sse-c AES256 --sse-c-key fileb://wrong.key
EXPECT_MESSAGE='must provide the correct secret key.' expect_error AccessDenied 'get-object with a wrong SSE-C key' \
  awss s3api get-object --bucket ssec-cli --key c.bin --sse-customer-algorithm AES256 \
  --sse-customer-key fileb://wrong.key wrong.out
expect_error InvalidRequest 'get-object of an SSE-C object without its key' \
  awss s3api get-object --bucket ssec-cli --key c.bin noKey.out
ok 's3 cp with --sse-c AES256 --sse-c-key fileb://…; wrong and missing keys refused'

awss s3api copy-object --bucket ssec-cli --key c-copy.bin --copy-source ssec-cli/c.bin \
  --copy-source-sse-customer-algorithm AES256 --copy-source-sse-customer-key fileb://ssec.key \
  --sse-customer-algorithm AES256 --sse-customer-key fileb://ssec2.key >/dev/null
awss s3api get-object --bucket ssec-cli --key c-copy.bin --sse-customer-algorithm AES256 \
  --sse-customer-key fileb://ssec2.key c-copy.out >/dev/null
same_file c-copy.out small.bin 'SSE-C copy under a new key'
expect_error InvalidRequest 'copy-object of an SSE-C source without its key' \
  awss s3api copy-object --bucket ssec-cli --key c-copy2.bin --copy-source ssec-cli/c.bin
ok 's3api copy-object with SSE-C copy-source keys to a new SSE-C key'

head -c $((20 * 1024 * 1024)) /dev/urandom >mid.bin
awss s3 cp mid.bin s3://ssec-cli/mid.bin --sse-c AES256 --sse-c-key fileb://ssec.key >/dev/null
awss s3 cp s3://ssec-cli/mid.bin mid.down --sse-c AES256 --sse-c-key fileb://ssec.key >/dev/null
same_file mid.down mid.bin 'SSE-C multipart round trip'
ok 'SSE-C multipart upload (20 MiB, 3 parts) and download'

# The http server loaded the same fixture, so only the scheme differs from the https case.
EXPECT_MESSAGE='must be made over a secure connection.' expect_error InvalidRequest 'SSE-C over plain http' \
  awsh s3api put-object --bucket ssec-cli --key c --body plain.txt \
  --sse-customer-algorithm AES256 --sse-customer-key fileb://ssec.key
ok 'SSE-C over plain http refused (InvalidRequest)'

echo "aws-cli: $passed scenarios passed"
