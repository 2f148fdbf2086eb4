// Command seedflows runs the flows of the AWS pages on SSE-KMS and SSE-C with the AWS SDK for Go
// v2 against s3-kms-mock's server mode, checks the bytes and headers that come back and then
// what the mock stored and logged, and exits non-zero on the first difference.
//
//	npx s3-kms-mock serve --https --port 0 --fixture examples/server-world.json
//	go mod tidy  # once, with the module proxy; CI builds offline from Debian's SDK instead
//	AWS_CA_BUNDLE=<printed certificate> S3_KMS_MOCK_ENDPOINT=<printed endpoint> go run .
package main

import (
	"bytes"
	"context"
	"crypto/md5"
	"crypto/rand"
	"encoding/base64"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/feature/s3/manager"
	"github.com/aws/aws-sdk-go-v2/service/kms"
	kmstypes "github.com/aws/aws-sdk-go-v2/service/kms/types"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/aws-sdk-go-v2/service/s3/types"
	"github.com/aws/smithy-go"
)

// The bucket comes from examples/server-world.json, which also lifts the 2026 SSE-C block
// (this SDK release predates the BlockedEncryptionTypes member of PutBucketEncryption).
const bucket = "seed-flows"

var ctx = context.Background()

// customerKey is an SSE-C key as the SDK sends it: base64 key and base64 MD5 (SDK v2 does not
// compute either).
type customerKey struct{ key, md5 string }

func newCustomerKey() customerKey {
	raw := make([]byte, 32)
	must(rand.Read(raw))
	sum := md5.Sum(raw)
	return customerKey{base64.StdEncoding.EncodeToString(raw), base64.StdEncoding.EncodeToString(sum[:])}
}

func main() {
	endpoint := os.Getenv("S3_KMS_MOCK_ENDPOINT") // https: SSE-C needs it, as on AWS
	if endpoint == "" {
		fail("set S3_KMS_MOCK_ENDPOINT (and AWS_CA_BUNDLE for --https)")
	}
	cfg := must(config.LoadDefaultConfig(ctx,
		config.WithRegion("us-east-1"),
		config.WithCredentialsProvider(credentials.NewStaticCredentialsProvider("AKIAIOSFODNN7EXAMPLE", "test-secret", "")),
		config.WithEndpointResolverWithOptions(aws.EndpointResolverWithOptionsFunc(
			func(service, region string, _ ...any) (aws.Endpoint, error) {
				// One endpoint serves S3 and KMS. A custom endpoint must name its signing region.
				return aws.Endpoint{URL: endpoint, HostnameImmutable: true, SigningRegion: region}, nil
			})),
	))
	client := s3.NewFromConfig(cfg, func(o *s3.Options) { o.UsePathStyle = true })
	keys := kms.NewFromConfig(cfg)
	mock := mockControl{endpoint, cfg.HTTPClient}
	mock.reset()

	managedKeyArn := sseKmsManagedKey(client, keys, mock)
	customerKeyArn := sseKmsCustomerKey(client, keys, mock)
	copyUnderAnotherKey(client, keys, mock, customerKeyArn)
	sseC(client, mock)
	multipartSseC(client, mock)
	presignedGet(client, cfg.HTTPClient, customerKeyArn)
	kmsEnvelope(keys, mock, customerKeyArn)
	if plain := os.Getenv("S3_KMS_MOCK_HTTP_ENDPOINT"); plain != "" {
		sseCRefusedOverHTTP(cfg, plain)
	}
	fmt.Printf("Go seed flows passed (S3 managed key %s, customer key %s)\n", managedKeyArn, customerKeyArn)
}

// get reads an object whole; the SSE-C members are set when key is not nil.
func get(client *s3.Client, key string, sse *customerKey) (*s3.GetObjectOutput, []byte) {
	in := &s3.GetObjectInput{Bucket: aws.String(bucket), Key: aws.String(key)}
	if sse != nil {
		in.SSECustomerAlgorithm, in.SSECustomerKey, in.SSECustomerKeyMD5 = aws.String("AES256"), aws.String(sse.key), aws.String(sse.md5)
	}
	out := must(client.GetObject(ctx, in))
	defer out.Body.Close()
	return out, must(io.ReadAll(out.Body))
}

// PutObject with SSE-KMS and no key id: S3 uses the AWS managed key alias/aws/s3.
func sseKmsManagedKey(client *s3.Client, keys *kms.Client, mock mockControl) string {
	body := []byte("encrypted under aws/s3")
	put := must(client.PutObject(ctx, &s3.PutObjectInput{
		Bucket: aws.String(bucket), Key: aws.String("managed.txt"), Body: bytes.NewReader(body),
		ServerSideEncryption: types.ServerSideEncryptionAwsKms,
	}))
	managed := must(keys.DescribeKey(ctx, &kms.DescribeKeyInput{KeyId: aws.String("alias/aws/s3")}))
	arn := aws.ToString(managed.KeyMetadata.Arn)
	equal("PutObject managed: encryption", put.ServerSideEncryption, types.ServerSideEncryptionAwsKms)
	equal("PutObject managed: key", aws.ToString(put.SSEKMSKeyId), arn)
	equal("aws/s3 is AWS managed", managed.KeyMetadata.KeyManager, kmstypes.KeyManagerTypeAws)

	got, read := get(client, "managed.txt", nil)
	equal("GetObject managed: bytes", string(read), string(body))
	equal("GetObject managed: key", aws.ToString(got.SSEKMSKeyId), arn)
	stored := mock.object(bucket, "managed.txt")
	equal("mock: managed.txt encryption", stored.Encryption.Type, "SSE-KMS")
	equal("mock: managed.txt key", stored.Encryption.KeyArn, arn)
	return arn
}

// PutObject under a customer managed key with an encryption context; GetObject and HeadObject
// show the key ARN; S3 called KMS with the context plus aws:s3:arn.
func sseKmsCustomerKey(client *s3.Client, keys *kms.Client, mock mockControl) string {
	created := must(keys.CreateKey(ctx, &kms.CreateKeyInput{Description: aws.String("invoices")}))
	arn := aws.ToString(created.KeyMetadata.Arn)
	encryptionContext := base64.StdEncoding.EncodeToString([]byte(`{"department":"finance"}`))
	body := []byte("invoice 2026-001: 1200 EUR")
	put := must(client.PutObject(ctx, &s3.PutObjectInput{
		Bucket: aws.String(bucket), Key: aws.String("invoice.txt"), Body: bytes.NewReader(body),
		ServerSideEncryption:    types.ServerSideEncryptionAwsKms,
		SSEKMSKeyId:             created.KeyMetadata.KeyId,
		SSEKMSEncryptionContext: aws.String(encryptionContext),
	}))
	equal("PutObject customer key: key", aws.ToString(put.SSEKMSKeyId), arn)

	got, read := get(client, "invoice.txt", nil)
	equal("GetObject customer key: bytes", string(read), string(body))
	equal("GetObject customer key: encryption", got.ServerSideEncryption, types.ServerSideEncryptionAwsKms)
	equal("GetObject customer key: key", aws.ToString(got.SSEKMSKeyId), arn)
	head := must(client.HeadObject(ctx, &s3.HeadObjectInput{Bucket: aws.String(bucket), Key: aws.String("invoice.txt")}))
	equal("HeadObject customer key: key", aws.ToString(head.SSEKMSKeyId), arn)
	equal("HeadObject customer key: length", head.ContentLength, int64(len(body)))

	stored := mock.object(bucket, "invoice.txt")
	equal("mock: invoice.txt key", stored.Encryption.KeyArn, arn)
	equal("mock: invoice.txt context", stored.Encryption.EncryptionContext["department"], "finance")
	byS3 := url.Values{"userIdentity.invokedBy": {"s3.amazonaws.com"}, "resources.ARN": {arn}}
	byS3.Set("eventName", "GenerateDataKey")
	generated := mock.audit(byS3)
	equal("mock: S3's GenerateDataKey calls", len(generated), 1)
	equal("mock: S3's context", generated[0].RequestParameters.EncryptionContext["aws:s3:arn"], "arn:aws:s3:::"+bucket+"/invoice.txt")
	byS3.Set("eventName", "Decrypt") // GetObject decrypts; HeadObject does not
	equal("mock: S3's Decrypt calls", len(mock.audit(byS3)), 1)
	return arn
}

// CopyObject re-encrypts under another key.
func copyUnderAnotherKey(client *s3.Client, keys *kms.Client, mock mockControl, from string) {
	other := must(keys.CreateKey(ctx, &kms.CreateKeyInput{Description: aws.String("archive")}))
	arn := aws.ToString(other.KeyMetadata.Arn)
	copied := must(client.CopyObject(ctx, &s3.CopyObjectInput{
		Bucket: aws.String(bucket), Key: aws.String("invoice-archive.txt"),
		CopySource:           aws.String(bucket + "/invoice.txt"),
		ServerSideEncryption: types.ServerSideEncryptionAwsKms,
		SSEKMSKeyId:          aws.String(arn),
	}))
	equal("CopyObject: key", aws.ToString(copied.SSEKMSKeyId), arn)
	got, read := get(client, "invoice-archive.txt", nil)
	equal("GetObject copy: bytes", string(read), "invoice 2026-001: 1200 EUR")
	equal("GetObject copy: key", aws.ToString(got.SSEKMSKeyId), arn)
	equal("mock: copy key", mock.object(bucket, "invoice-archive.txt").Encryption.KeyArn, arn)
	equal("mock: source key unchanged", mock.object(bucket, "invoice.txt").Encryption.KeyArn, from)
}

// SSE-C put, get and head over https, a read without the key refused, and a copy that reads
// with the copy-source key and writes under a new key.
func sseC(client *s3.Client, mock mockControl) {
	first, second := newCustomerKey(), newCustomerKey()
	body := []byte("customer-keyed payroll")
	put := must(client.PutObject(ctx, &s3.PutObjectInput{
		Bucket: aws.String(bucket), Key: aws.String("payroll.txt"), Body: bytes.NewReader(body),
		SSECustomerAlgorithm: aws.String("AES256"), SSECustomerKey: aws.String(first.key), SSECustomerKeyMD5: aws.String(first.md5),
	}))
	equal("PutObject SSE-C: algorithm", aws.ToString(put.SSECustomerAlgorithm), "AES256")
	equal("PutObject SSE-C: key MD5", aws.ToString(put.SSECustomerKeyMD5), first.md5)
	got, read := get(client, "payroll.txt", &first)
	equal("GetObject SSE-C: bytes", string(read), string(body))
	equal("GetObject SSE-C: key MD5", aws.ToString(got.SSECustomerKeyMD5), first.md5)
	head := must(client.HeadObject(ctx, &s3.HeadObjectInput{
		Bucket: aws.String(bucket), Key: aws.String("payroll.txt"),
		SSECustomerAlgorithm: aws.String("AES256"), SSECustomerKey: aws.String(first.key), SSECustomerKeyMD5: aws.String(first.md5),
	}))
	equal("HeadObject SSE-C: key MD5", aws.ToString(head.SSECustomerKeyMD5), first.md5)

	_, err := client.GetObject(ctx, &s3.GetObjectInput{Bucket: aws.String(bucket), Key: aws.String("payroll.txt")})
	expectAPIError("GetObject SSE-C without the key", err, "InvalidRequest", http.StatusBadRequest)

	copied := must(client.CopyObject(ctx, &s3.CopyObjectInput{
		Bucket: aws.String(bucket), Key: aws.String("payroll-rekeyed.txt"), CopySource: aws.String(bucket + "/payroll.txt"),
		CopySourceSSECustomerAlgorithm: aws.String("AES256"), CopySourceSSECustomerKey: aws.String(first.key), CopySourceSSECustomerKeyMD5: aws.String(first.md5),
		SSECustomerAlgorithm: aws.String("AES256"), SSECustomerKey: aws.String(second.key), SSECustomerKeyMD5: aws.String(second.md5),
	}))
	equal("CopyObject SSE-C: key MD5", aws.ToString(copied.SSECustomerKeyMD5), second.md5)
	_, read = get(client, "payroll-rekeyed.txt", &second)
	equal("GetObject SSE-C copy: bytes", string(read), string(body))

	equal("mock: payroll.txt encryption", mock.object(bucket, "payroll.txt").Encryption.Type, "SSE-C")
	equal("mock: payroll.txt key MD5", mock.object(bucket, "payroll.txt").Encryption.KeyMd5, first.md5)
	equal("mock: copy key MD5", mock.object(bucket, "payroll-rekeyed.txt").Encryption.KeyMd5, second.md5)
}

// A multipart upload with the SSE-C key on every part: the SDK's upload manager splits the body.
func multipartSseC(client *s3.Client, mock mockControl) {
	key := newCustomerKey()
	body := bytes.Repeat([]byte("0123456789abcdef"), 6*1024*1024/16) // 6 MiB: parts of 5 + 1 MiB
	uploader := manager.NewUploader(client, func(u *manager.Uploader) { u.PartSize = 5 * 1024 * 1024 })
	must(uploader.Upload(ctx, &s3.PutObjectInput{
		Bucket: aws.String(bucket), Key: aws.String("ledger.bin"), Body: bytes.NewReader(body),
		SSECustomerAlgorithm: aws.String("AES256"), SSECustomerKey: aws.String(key.key), SSECustomerKeyMD5: aws.String(key.md5),
	}))
	got, read := get(client, "ledger.bin", &key)
	equal("GetObject multipart SSE-C: bytes", bytes.Equal(read, body), true)
	equal("GetObject multipart SSE-C: ETag", strings.HasSuffix(aws.ToString(got.ETag), `-2"`), true)

	stored := mock.object(bucket, "ledger.bin")
	equal("mock: ledger.bin parts", stored.Parts != nil && *stored.Parts == 2, true)
	equal("mock: ledger.bin key MD5", stored.Encryption.KeyMd5, key.md5)
	parts := mock.audit(url.Values{"eventName": {"UploadPart"}, "resources.ARN": {"arn:aws:s3:::" + bucket + "/ledger.bin"}})
	equal("mock: UploadPart calls", len(parts), 2)
}

// A presigned GET: any HTTP client can fetch it, without AWS credentials.
func presignedGet(client *s3.Client, httpClient aws.HTTPClient, keyArn string) {
	presigned := must(s3.NewPresignClient(client).PresignGetObject(ctx,
		&s3.GetObjectInput{Bucket: aws.String(bucket), Key: aws.String("invoice.txt")},
		s3.WithPresignExpires(5*time.Minute)))
	equal("presigned: method", presigned.Method, http.MethodGet)
	res := must(httpClient.Do(must(http.NewRequest(presigned.Method, presigned.URL, nil))))
	defer res.Body.Close()
	equal("presigned GET: status", res.StatusCode, http.StatusOK)
	equal("presigned GET: bytes", string(must(io.ReadAll(res.Body))), "invoice 2026-001: 1200 EUR")
	equal("presigned GET: key", res.Header.Get("x-amz-server-side-encryption-aws-kms-key-id"), keyArn)
}

// KMS directly: Encrypt and Decrypt with an encryption context, then envelope encryption with
// GenerateDataKey.
func kmsEnvelope(keys *kms.Client, mock mockControl, keyArn string) {
	encryptionContext := map[string]string{"purpose": "example"}
	encrypted := must(keys.Encrypt(ctx, &kms.EncryptInput{KeyId: aws.String(keyArn), Plaintext: []byte("4111 1111 1111 1111"), EncryptionContext: encryptionContext}))
	decrypted := must(keys.Decrypt(ctx, &kms.DecryptInput{CiphertextBlob: encrypted.CiphertextBlob, EncryptionContext: encryptionContext}))
	equal("Decrypt: plaintext", string(decrypted.Plaintext), "4111 1111 1111 1111")
	equal("Decrypt: key", aws.ToString(decrypted.KeyId), keyArn)
	_, err := keys.Decrypt(ctx, &kms.DecryptInput{CiphertextBlob: encrypted.CiphertextBlob, EncryptionContext: map[string]string{"purpose": "other"}})
	var invalid *kmstypes.InvalidCiphertextException
	equal("Decrypt with another context: InvalidCiphertextException", errors.As(err, &invalid), true)

	dataKey := must(keys.GenerateDataKey(ctx, &kms.GenerateDataKeyInput{KeyId: aws.String(keyArn), KeySpec: kmstypes.DataKeySpecAes256, EncryptionContext: encryptionContext}))
	equal("GenerateDataKey: plaintext length", len(dataKey.Plaintext), 32)
	unwrapped := must(keys.Decrypt(ctx, &kms.DecryptInput{CiphertextBlob: dataKey.CiphertextBlob, EncryptionContext: encryptionContext}))
	equal("Decrypt data key: same key", bytes.Equal(unwrapped.Plaintext, dataKey.Plaintext), true)

	decrypts := mock.audit(url.Values{"eventName": {"Decrypt"}, "requestParameters.encryptionContext.purpose": {"example"}})
	equal("mock: Decrypt calls with purpose=example", len(decrypts), 2)
	refused := mock.audit(url.Values{"eventName": {"Decrypt"}, "errorCode": {"InvalidCiphertextException"}})
	equal("mock: refused Decrypt calls", len(refused), 1)
}

// Over plain http S3 refuses SSE-C (AWS does too; this SDK does not check it first).
func sseCRefusedOverHTTP(cfg aws.Config, plain string) {
	client := s3.NewFromConfig(cfg, func(o *s3.Options) {
		o.UsePathStyle = true
		o.EndpointResolver = s3.EndpointResolverFromURL(plain, func(e *aws.Endpoint) { e.HostnameImmutable = true })
	})
	key := newCustomerKey()
	_, err := client.PutObject(ctx, &s3.PutObjectInput{
		Bucket: aws.String(bucket), Key: aws.String("over-http.txt"), Body: strings.NewReader("x"),
		SSECustomerAlgorithm: aws.String("AES256"), SSECustomerKey: aws.String(key.key), SSECustomerKeyMD5: aws.String(key.md5),
	})
	expectAPIError("PutObject SSE-C over http", err, "InvalidRequest", http.StatusBadRequest)
}

func expectAPIError(what string, err error, code string, status int) {
	var apiErr smithy.APIError
	if !errors.As(err, &apiErr) {
		fail("%s: got %v, want the error %s", what, err, code)
	}
	equal(what+": error code", apiErr.ErrorCode(), code)
	var httpErr interface{ HTTPStatusCode() int }
	if errors.As(err, &httpErr) {
		equal(what+": HTTP status", httpErr.HTTPStatusCode(), status)
	}
}
