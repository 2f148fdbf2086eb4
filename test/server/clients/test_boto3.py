"""boto3 against server mode (issue 5), run by .ci/server-clients.sh with Debian's /usr/bin/python3.

Needs HTTP_URL, HTTPS_URL and CA_BUNDLE (see aws-cli.sh): both servers loaded
test/server/clients/ssec-world.json, whose bucket `ssec-py` accepts SSE-C. Every test starts from
that world: setUp posts to the reset endpoint, which empties the world and loads the fixture again.
"""

import base64
import hashlib
import json
import os
import time
import unittest
import urllib.error
import ssl
import urllib.request
import warnings

import boto3
import botocore.exceptions
import requests
from boto3.s3.transfer import TransferConfig
from botocore.config import Config

HTTP_URL = os.environ["HTTP_URL"]
HTTPS_URL = os.environ["HTTPS_URL"]
CA_BUNDLE = os.environ["CA_BUNDLE"]
CREDENTIALS = {
    "aws_access_key_id": "AKIAIOSFODNN7EXAMPLE",
    "aws_secret_access_key": "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
}
MiB = 1024 * 1024


def client(service, secure=False, **config):
    return boto3.client(
        service,
        endpoint_url=HTTPS_URL if secure else HTTP_URL,
        region_name="us-east-1",
        verify=CA_BUNDLE if secure else None,
        config=Config(
            s3={"addressing_style": "path"},
            retries={"max_attempts": 1, "mode": "standard"},
            **config,
        ),
        **CREDENTIALS,
    )


def error_of(call, *args, **kwargs):
    try:
        call(*args, **kwargs)
    except botocore.exceptions.ClientError as error:
        return error
    raise AssertionError(f"{call.__name__} succeeded, expected an error")


def code_and_status(error):
    return error.response["Error"]["Code"], error.response["ResponseMetadata"]["HTTPStatusCode"]


class ServerTest(unittest.TestCase):
    secure = False

    def setUp(self):
        # boto3 clients keep pooled sockets until collected; that is not what these tests check.
        warnings.simplefilter("ignore", ResourceWarning)
        for url in (HTTP_URL, HTTPS_URL):
            reply = requests.post(
                f"{url}/_s3-kms-mock/reset",
                headers={"x-s3-kms-mock-control": "1"},
                verify=CA_BUNDLE,
                timeout=10,
            )
            self.assertEqual(reply.json(), {"status": "ok"})
        self.s3 = client("s3", self.secure, signature_version="s3v4")
        self.kms = client("kms", self.secure)


class KmsErrors(ServerTest):
    """KMS errors arrive as the modeled botocore exceptions, with AWS's codes and statuses."""

    def test_modeled_exceptions(self):
        kms = self.kms
        with self.assertRaises(kms.exceptions.NotFoundException) as missing:
            kms.describe_key(KeyId="alias/none")
        self.assertEqual(code_and_status(missing.exception), ("NotFoundException", 400))

        key_id = kms.create_key()["KeyMetadata"]["KeyId"]
        blob = kms.encrypt(KeyId=key_id, Plaintext=b"x", EncryptionContext={"a": "1"})["CiphertextBlob"]
        with self.assertRaises(kms.exceptions.InvalidCiphertextException):
            kms.decrypt(CiphertextBlob=blob, EncryptionContext={"a": "2"})
        with self.assertRaises(kms.exceptions.InvalidCiphertextException):
            kms.decrypt(CiphertextBlob=b"\x00" * 64)

        other = kms.create_key()["KeyMetadata"]["KeyId"]
        with self.assertRaises(kms.exceptions.IncorrectKeyException):
            kms.decrypt(CiphertextBlob=blob, EncryptionContext={"a": "1"}, KeyId=other)

        kms.disable_key(KeyId=key_id)
        with self.assertRaises(kms.exceptions.DisabledException) as disabled:
            kms.encrypt(KeyId=key_id, Plaintext=b"x")
        self.assertEqual(code_and_status(disabled.exception), ("DisabledException", 400))

        kms.schedule_key_deletion(KeyId=other, PendingWindowInDays=7)
        with self.assertRaises(kms.exceptions.KMSInvalidStateException):
            kms.encrypt(KeyId=other, Plaintext=b"x")

        with self.assertRaises(kms.exceptions.AlreadyExistsException):
            kms.create_alias(AliasName="alias/twice", TargetKeyId=key_id)
            kms.create_alias(AliasName="alias/twice", TargetKeyId=key_id)

        with self.assertRaises(botocore.exceptions.ParamValidationError):
            kms.encrypt(KeyId=key_id)  # checked by botocore itself, never sent


class SseKms(ServerTest):
    def test_encryption_context_round_trip(self):
        s3, kms = self.s3, self.kms
        key = kms.create_key(Description="py")["KeyMetadata"]
        s3.create_bucket(Bucket="py-kms")
        context = base64.b64encode(json.dumps({"project": "anchor"}).encode()).decode()
        put = s3.put_object(
            Bucket="py-kms",
            Key="doc.txt",
            Body=b"context bound",
            ServerSideEncryption="aws:kms",
            SSEKMSKeyId=key["KeyId"],
            SSEKMSEncryptionContext=context,
        )
        self.assertEqual((put["ServerSideEncryption"], put["SSEKMSKeyId"]), ("aws:kms", key["Arn"]))
        head = s3.head_object(Bucket="py-kms", Key="doc.txt")
        self.assertEqual((head["ServerSideEncryption"], head["SSEKMSKeyId"]), ("aws:kms", key["Arn"]))
        self.assertEqual(s3.get_object(Bucket="py-kms", Key="doc.txt")["Body"].read(), b"context bound")

        bad = error_of(
            s3.put_object,
            Bucket="py-kms",
            Key="bad.txt",
            Body=b"x",
            ServerSideEncryption="aws:kms",
            SSEKMSEncryptionContext='{"not":"base64"}',
        )
        self.assertEqual(code_and_status(bad), ("InvalidArgument", 400))

    def test_s3_errors(self):
        s3 = self.s3
        s3.create_bucket(Bucket="py-errors")
        with self.assertRaises(s3.exceptions.NoSuchKey):
            s3.get_object(Bucket="py-errors", Key="nope")
        self.assertEqual(code_and_status(error_of(s3.head_object, Bucket="py-errors", Key="nope")), ("404", 404))
        with self.assertRaises(s3.exceptions.NoSuchBucket):
            s3.list_objects_v2(Bucket="no-such-bucket")
        denied = error_of(
            s3.put_object, Bucket="py-errors", Key="k", Body=b"x", ServerSideEncryption="aws:kms", SSEKMSKeyId="alias/none"
        )
        self.assertEqual(code_and_status(denied)[1], 400)


class Presigned(ServerTest):
    def test_get_and_put_with_requests_and_urllib(self):
        s3 = self.s3
        s3.create_bucket(Bucket="py-presign")
        s3.put_object(Bucket="py-presign", Key="a b+c.txt", Body=b"presigned body", ServerSideEncryption="AES256")
        url = s3.generate_presigned_url("get_object", Params={"Bucket": "py-presign", "Key": "a b+c.txt"}, ExpiresIn=60)
        self.assertIn("X-Amz-Signature=", url)
        reply = requests.get(url, timeout=10)
        self.assertEqual((reply.status_code, reply.content), (200, b"presigned body"))
        self.assertEqual(reply.headers["x-amz-server-side-encryption"], "AES256")
        with urllib.request.urlopen(url, timeout=10) as response:
            self.assertEqual(response.read(), b"presigned body")

        put_url = s3.generate_presigned_url("put_object", Params={"Bucket": "py-presign", "Key": "up.bin"}, ExpiresIn=60)
        self.assertEqual(requests.put(put_url, data=b"uploaded by url", timeout=10).status_code, 200)
        self.assertEqual(s3.get_object(Bucket="py-presign", Key="up.bin")["Body"].read(), b"uploaded by url")

        # Without --credentials any well-formed signature passes (SPEC §5.5), but a signed header
        # the request lacks is still AWS's 403 SignatureDoesNotMatch.
        kms_url = s3.generate_presigned_url(
            "put_object",
            Params={"Bucket": "py-presign", "Key": "kms.bin", "ServerSideEncryption": "aws:kms"},
            ExpiresIn=60,
        )
        reply = requests.put(kms_url, data=b"x", timeout=10)
        self.assertEqual(reply.status_code, 403)
        self.assertIn("<Code>SignatureDoesNotMatch</Code>", reply.text)
        reply = requests.put(kms_url, data=b"x", headers={"x-amz-server-side-encryption": "aws:kms"}, timeout=10)
        self.assertEqual((reply.status_code, reply.headers["x-amz-server-side-encryption"]), (200, "aws:kms"))

    def test_expired_url(self):
        s3 = self.s3
        s3.create_bucket(Bucket="py-expiry")
        s3.put_object(Bucket="py-expiry", Key="k", Body=b"x")
        url = s3.generate_presigned_url("get_object", Params={"Bucket": "py-expiry", "Key": "k"}, ExpiresIn=1)
        time.sleep(2)
        with self.assertRaises(urllib.error.HTTPError) as expired:
            urllib.request.urlopen(url, timeout=10)
        self.assertEqual(expired.exception.code, 403)
        self.assertIn(b"<Code>AccessDenied</Code>", expired.exception.read())

    def test_over_https_trusting_the_printed_certificate(self):
        s3 = client("s3", True, signature_version="s3v4")
        s3.create_bucket(Bucket="py-tls")
        s3.put_object(Bucket="py-tls", Key="k", Body=b"tls body")
        url = s3.generate_presigned_url("get_object", Params={"Bucket": "py-tls", "Key": "k"}, ExpiresIn=60)
        self.assertEqual(requests.get(url, verify=CA_BUNDLE, timeout=10).content, b"tls body")
        strict = ssl.create_default_context(cafile=CA_BUNDLE)
        strict.verify_flags |= getattr(ssl, "VERIFY_X509_STRICT", 0)
        with urllib.request.urlopen(url, context=strict, timeout=10) as response:
            self.assertEqual(response.read(), b"tls body")


class MultipartCopy(ServerTest):
    def test_upload_part_copy_by_ranges_and_managed_copy(self):
        s3, kms = self.s3, self.kms
        key_arn = kms.create_key()["KeyMetadata"]["Arn"]
        s3.create_bucket(Bucket="py-mpc")
        source = os.urandom(12 * MiB + 17)
        s3.put_object(Bucket="py-mpc", Key="source.bin", Body=source, ServerSideEncryption="aws:kms", SSEKMSKeyId=key_arn)

        upload = s3.create_multipart_upload(Bucket="py-mpc", Key="copy.bin", ServerSideEncryption="aws:kms", SSEKMSKeyId=key_arn)
        parts, size, part_size = [], len(source), 5 * MiB
        for number, start in enumerate(range(0, size, part_size), start=1):
            end = min(start + part_size, size) - 1
            part = s3.upload_part_copy(
                Bucket="py-mpc",
                Key="copy.bin",
                UploadId=upload["UploadId"],
                PartNumber=number,
                CopySource={"Bucket": "py-mpc", "Key": "source.bin"},
                CopySourceRange=f"bytes={start}-{end}",
            )
            parts.append({"PartNumber": number, "ETag": part["CopyPartResult"]["ETag"]})
        done = s3.complete_multipart_upload(
            Bucket="py-mpc", Key="copy.bin", UploadId=upload["UploadId"], MultipartUpload={"Parts": parts}
        )
        self.assertTrue(done["ETag"].endswith('-3"'), done["ETag"])
        copied = s3.get_object(Bucket="py-mpc", Key="copy.bin")
        self.assertEqual((copied["ServerSideEncryption"], copied["SSEKMSKeyId"]), ("aws:kms", key_arn))
        self.assertEqual(hashlib.sha256(copied["Body"].read()).digest(), hashlib.sha256(source).digest())

        # boto3's managed copy switches to multipart copy above its threshold.
        s3.copy(
            {"Bucket": "py-mpc", "Key": "source.bin"},
            "py-mpc",
            "managed.bin",
            ExtraArgs={"ServerSideEncryption": "aws:kms", "SSEKMSKeyId": key_arn},
            Config=TransferConfig(multipart_threshold=5 * MiB, multipart_chunksize=5 * MiB),
        )
        head = s3.head_object(Bucket="py-mpc", Key="managed.bin")
        self.assertTrue(head["ETag"].endswith('-3"'), head["ETag"])
        self.assertEqual(s3.get_object(Bucket="py-mpc", Key="managed.bin")["Body"].read(), source)


class SseCJavaFlow(ServerTest):
    """The SSE-C user guide's Java example, step by step, in Python, over https."""

    secure = True

    def test_the_guide_flow(self):
        s3 = self.s3
        bucket, key = "ssec-py", "customer-keyed.bin"
        secret = os.urandom(32)
        sse = {"SSECustomerAlgorithm": "AES256", "SSECustomerKey": secret}
        data = os.urandom(300_000)

        # 1. Upload with the customer key.
        put = s3.put_object(Bucket=bucket, Key=key, Body=data, **sse)
        md5 = base64.b64encode(hashlib.md5(secret).digest()).decode()
        self.assertEqual((put["SSECustomerAlgorithm"], put["SSECustomerKeyMD5"]), ("AES256", md5))
        # 2. Download it with the same key.
        self.assertEqual(s3.get_object(Bucket=bucket, Key=key, **sse)["Body"].read(), data)
        # 3. Metadata needs the key too.
        head = s3.head_object(Bucket=bucket, Key=key, **sse)
        self.assertEqual((head["ContentLength"], head["SSECustomerKeyMD5"]), (len(data), md5))
        self.assertEqual(code_and_status(error_of(s3.head_object, Bucket=bucket, Key=key))[1], 400)
        wrong = {"SSECustomerAlgorithm": "AES256", "SSECustomerKey": os.urandom(32)}
        self.assertEqual(code_and_status(error_of(s3.get_object, Bucket=bucket, Key=key, **wrong)), ("AccessDenied", 403))
        self.assertEqual(code_and_status(error_of(s3.get_object, Bucket=bucket, Key=key)), ("InvalidRequest", 400))
        # 4. Copy under a new key: the source key to read, the target key to write.
        new_secret = os.urandom(32)
        s3.copy_object(
            Bucket=bucket,
            Key="copied.bin",
            CopySource={"Bucket": bucket, "Key": key},
            CopySourceSSECustomerAlgorithm="AES256",
            CopySourceSSECustomerKey=secret,
            SSECustomerAlgorithm="AES256",
            SSECustomerKey=new_secret,
        )
        new_sse = {"SSECustomerAlgorithm": "AES256", "SSECustomerKey": new_secret}
        self.assertEqual(s3.get_object(Bucket=bucket, Key="copied.bin", **new_sse)["Body"].read(), data)
        # 5. Multipart upload: every part with the key of the create; Complete needs none.
        big = os.urandom(11 * MiB)
        upload = s3.create_multipart_upload(Bucket=bucket, Key="parts.bin", **sse)
        parts = []
        for number, start in enumerate(range(0, len(big), 5 * MiB), start=1):
            part = s3.upload_part(
                Bucket=bucket, Key="parts.bin", UploadId=upload["UploadId"], PartNumber=number, Body=big[start : start + 5 * MiB], **sse
            )
            parts.append({"PartNumber": number, "ETag": part["ETag"]})
        mismatch = error_of(
            s3.upload_part, Bucket=bucket, Key="parts.bin", UploadId=upload["UploadId"], PartNumber=9, Body=b"x", **new_sse
        )
        self.assertEqual(code_and_status(mismatch), ("InvalidRequest", 400))
        s3.complete_multipart_upload(Bucket=bucket, Key="parts.bin", UploadId=upload["UploadId"], MultipartUpload={"Parts": parts})
        self.assertEqual(s3.get_object(Bucket=bucket, Key="parts.bin", **sse)["Body"].read(), big)
        # 6. Presigned GET: the SSE-C headers are signed and must come with the request.
        url = s3.generate_presigned_url("get_object", Params={"Bucket": bucket, "Key": key, **sse}, ExpiresIn=60)
        headers = {
            "x-amz-server-side-encryption-customer-algorithm": "AES256",
            "x-amz-server-side-encryption-customer-key": base64.b64encode(secret).decode(),
            "x-amz-server-side-encryption-customer-key-MD5": md5,
        }
        self.assertEqual(requests.get(url, headers=headers, verify=CA_BUNDLE, timeout=10).content, data)
        self.assertEqual(requests.get(url, verify=CA_BUNDLE, timeout=10).status_code, 403)

    def test_refused_over_plain_http(self):
        s3 = client("s3", False, signature_version="s3v4")
        refused = error_of(
            s3.put_object, Bucket="ssec-py", Key="k", Body=b"x", SSECustomerAlgorithm="AES256", SSECustomerKey=os.urandom(32)
        )
        self.assertEqual(code_and_status(refused), ("InvalidRequest", 400))
        self.assertEqual(
            refused.response["Error"]["Message"],
            "Requests specifying Server Side Encryption with Customer provided keys must be made over a secure connection.",
        )


if __name__ == "__main__":
    unittest.main(verbosity=2)
