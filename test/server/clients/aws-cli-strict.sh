#!/usr/bin/env bash
# The AWS CLI against `serve --credentials` (strict mode, issue #14): the right secret gets in
# (the CLI, like boto3, sends no x-amz-content-sha256 for KMS, so the server hashes the body);
# a wrong secret gets InvalidSignatureException / SignatureDoesNotMatch. Needs STRICT_URL.
set -euo pipefail
: "${STRICT_URL:?}"
AWS_BIN=${AWS_BIN:-/usr/bin/aws}
export AWS_ACCESS_KEY_ID=AKIAIOSFODNN7EXAMPLE
export AWS_DEFAULT_REGION=us-east-1 AWS_PAGER='' AWS_MAX_ATTEMPTS=1
export AWS_CONFIG_FILE=/dev/null AWS_SHARED_CREDENTIALS_FILE=/dev/null
unset AWS_PROFILE AWS_SESSION_TOKEN AWS_CA_BUNDLE
right=wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY

key=$(AWS_SECRET_ACCESS_KEY=$right "$AWS_BIN" --endpoint-url "$STRICT_URL" kms create-key \
  --description strict --query KeyMetadata.KeyId --output text)
[ -n "$key" ] || { echo "FAIL: create-key with the right secret" >&2; exit 1; }
echo "ok - kms create-key with the right secret: $key"
AWS_SECRET_ACCESS_KEY=$right "$AWS_BIN" --endpoint-url "$STRICT_URL" kms describe-key \
  --key-id "$key" --query KeyMetadata.Description --output text | grep -qx strict
echo "ok - kms describe-key with the right secret"

for service in kms s3api; do
  if [ $service = kms ]; then args=(kms list-keys); want=InvalidSignatureException; else
    args=(s3api list-buckets); want=SignatureDoesNotMatch; fi
  if out=$(AWS_SECRET_ACCESS_KEY=wrong "$AWS_BIN" --endpoint-url "$STRICT_URL" "${args[@]}" 2>&1); then
    echo "FAIL: ${args[*]} with a wrong secret succeeded" >&2; exit 1
  fi
  grep -q "$want" <<<"$out" || { echo "FAIL: expected $want, got: $out" >&2; exit 1; }
  echo "ok - ${args[*]} with a wrong secret: $want"
done
