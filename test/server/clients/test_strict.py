"""boto3 against `serve --credentials` (strict mode, issue #14), run by .ci/server-clients.sh.

Needs STRICT_URL: a plain-http server started with --credentials strict-credentials.json. boto3
sends no x-amz-content-sha256 for KMS, so these prove the server hashes the body it received: the
right secret gets in, and a body swapped after signing is InvalidSignatureException.
"""

import json
import os
import unittest
import warnings

import boto3
import botocore.exceptions
from botocore.config import Config

STRICT_URL = os.environ["STRICT_URL"]
RIGHT = {
    "aws_access_key_id": "AKIAIOSFODNN7EXAMPLE",
    "aws_secret_access_key": "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
}
WRONG = {**RIGHT, "aws_secret_access_key": "not-the-secret"}


def client(service, credentials=RIGHT):
    return boto3.client(
        service,
        endpoint_url=STRICT_URL,
        region_name="us-east-1",
        config=Config(s3={"addressing_style": "path"}, retries={"max_attempts": 1}),
        **credentials,
    )


def code_of(call, *args, **kwargs):
    try:
        call(*args, **kwargs)
    except botocore.exceptions.ClientError as error:
        return error.response["Error"]["Code"]
    raise AssertionError(f"{call.__name__} succeeded, expected an error")


class Strict(unittest.TestCase):
    def setUp(self):
        warnings.simplefilter("ignore", ResourceWarning)

    def test_right_secret_gets_in(self):
        kms = client("kms")
        key = kms.create_key()["KeyMetadata"]["KeyId"]
        blob = kms.encrypt(KeyId=key, Plaintext=b"strict")["CiphertextBlob"]
        self.assertEqual(kms.decrypt(CiphertextBlob=blob)["Plaintext"], b"strict")
        s3 = client("s3")
        s3.create_bucket(Bucket="strict-py")
        s3.put_object(Bucket="strict-py", Key="k", Body=b"v")
        self.assertEqual(s3.get_object(Bucket="strict-py", Key="k")["Body"].read(), b"v")

    def test_wrong_secret_is_refused(self):
        self.assertEqual(code_of(client("kms", WRONG).list_keys), "InvalidSignatureException")
        self.assertEqual(code_of(client("s3", WRONG).list_buckets), "SignatureDoesNotMatch")

    def test_body_swapped_after_signing_is_refused(self):
        kms = client("kms")
        target = kms.create_key()["KeyMetadata"]["KeyId"]
        victim = kms.create_key()["KeyMetadata"]["KeyId"]

        def swap(request, **_):
            # After signing, before sending: point the signed call at another key.
            request.body = json.dumps({"KeyId": victim, "PendingWindowInDays": 7}).encode()
            request.headers["Content-Length"] = str(len(request.body))

        kms.meta.events.register("before-send.kms.ScheduleKeyDeletion", swap)
        code = code_of(kms.schedule_key_deletion, KeyId=target, PendingWindowInDays=7)
        self.assertEqual(code, "InvalidSignatureException")
        state = client("kms").describe_key(KeyId=victim)["KeyMetadata"]["KeyState"]
        self.assertEqual(state, "Enabled")


if __name__ == "__main__":
    unittest.main(verbosity=2)
