# frozen_string_literal: true

# The flows of the AWS pages on SSE-KMS and SSE-C with the AWS SDK for Ruby, against
# s3-kms-mock's server mode: checks the bytes and headers that come back, then what the mock
# stored and logged, and exits non-zero on the first difference.
#
#   npx s3-kms-mock serve --https --port 0 --fixture examples/server-world.json
#   AWS_CA_BUNDLE=<printed certificate> S3_KMS_MOCK_ENDPOINT=<printed endpoint> ruby seed_flows.rb

require 'aws-sdk-kms'
require 'aws-sdk-s3'
require 'digest'
require 'net/http'
require 'securerandom'
require_relative 'mock_control'

# From examples/server-world.json, which also lifts the 2026 SSE-C block (this SDK release
# predates the BlockedEncryptionTypes member of PutBucketEncryption).
BUCKET = 'seed-flows'

def check(what, got, want)
  abort "FAIL #{what}: got #{got.inspect}, want #{want.inspect}" unless got == want
end

def check_error(what, error_class, status)
  yield
  abort "FAIL #{what}: succeeded, want #{error_class}"
rescue error_class => e
  check("#{what}: HTTP status", e.context.http_response.status_code, status)
end

endpoint = ENV.fetch('S3_KMS_MOCK_ENDPOINT') { abort 'set S3_KMS_MOCK_ENDPOINT (and AWS_CA_BUNDLE for --https)' }
# AWS_CA_BUNDLE makes the SDK trust the mock's certificate.
options = {
  endpoint: endpoint,
  region: 'us-east-1',
  credentials: Aws::Credentials.new('AKIAIOSFODNN7EXAMPLE', 'test-secret')
}
s3 = Aws::S3::Client.new(**options, force_path_style: true)
kms = Aws::KMS::Client.new(**options)
mock = MockControl.new(endpoint)
mock.reset

# PutObject with SSE-KMS and no key id: S3 uses the AWS managed key alias/aws/s3.
put = s3.put_object(bucket: BUCKET, key: 'managed.txt', body: 'encrypted under aws/s3',
                    server_side_encryption: 'aws:kms')
managed = kms.describe_key(key_id: 'alias/aws/s3').key_metadata
check('PutObject managed: encryption', put.server_side_encryption, 'aws:kms')
check('PutObject managed: key', put.ssekms_key_id, managed.arn)
check('aws/s3 is AWS managed', managed.key_manager, 'AWS')
got = s3.get_object(bucket: BUCKET, key: 'managed.txt')
check('GetObject managed: bytes', got.body.read, 'encrypted under aws/s3')
check('GetObject managed: key', got.ssekms_key_id, managed.arn)
check('mock: managed.txt key', mock.object(BUCKET, 'managed.txt').dig('encryption', 'keyArn'), managed.arn)

# PutObject under a customer managed key with an encryption context; GetObject and HeadObject
# show the key ARN; S3 called KMS with the context plus aws:s3:arn.
invoices = kms.create_key(description: 'invoices').key_metadata
invoice = 'invoice 2026-001: 1200 EUR'
put = s3.put_object(bucket: BUCKET, key: 'invoice.txt', body: invoice,
                    server_side_encryption: 'aws:kms', ssekms_key_id: invoices.key_id,
                    ssekms_encryption_context: Base64.strict_encode64({ department: 'finance' }.to_json))
check('PutObject customer key: key', put.ssekms_key_id, invoices.arn)
got = s3.get_object(bucket: BUCKET, key: 'invoice.txt')
check('GetObject customer key: bytes', got.body.read, invoice)
check('GetObject customer key: encryption', got.server_side_encryption, 'aws:kms')
check('GetObject customer key: key', got.ssekms_key_id, invoices.arn)
head = s3.head_object(bucket: BUCKET, key: 'invoice.txt')
check('HeadObject customer key: key', head.ssekms_key_id, invoices.arn)
check('HeadObject customer key: length', head.content_length, invoice.bytesize)
stored = mock.object(BUCKET, 'invoice.txt')
check('mock: invoice.txt key', stored.dig('encryption', 'keyArn'), invoices.arn)
check('mock: invoice.txt context', stored.dig('encryption', 'encryptionContext', 'department'), 'finance')
by_s3 = { 'userIdentity.invokedBy' => 's3.amazonaws.com', 'resources.ARN' => invoices.arn }
generated = mock.audit(**by_s3, eventName: 'GenerateDataKey')
check("mock: S3's GenerateDataKey calls", generated.size, 1)
check("mock: S3's context", generated[0].dig('requestParameters', 'encryptionContext'),
      { 'department' => 'finance', 'aws:s3:arn' => "arn:aws:s3:::#{BUCKET}/invoice.txt" })
# GetObject decrypts; HeadObject does not.
check("mock: S3's Decrypt calls", mock.audit(**by_s3, eventName: 'Decrypt').size, 1)

# CopyObject re-encrypts under another key.
archive = kms.create_key(description: 'archive').key_metadata
copied = s3.copy_object(bucket: BUCKET, key: 'invoice-archive.txt', copy_source: "#{BUCKET}/invoice.txt",
                        server_side_encryption: 'aws:kms', ssekms_key_id: archive.arn)
check('CopyObject: key', copied.ssekms_key_id, archive.arn)
got = s3.get_object(bucket: BUCKET, key: 'invoice-archive.txt')
check('GetObject copy: bytes', got.body.read, invoice)
check('GetObject copy: key', got.ssekms_key_id, archive.arn)
check('mock: copy key', mock.object(BUCKET, 'invoice-archive.txt').dig('encryption', 'keyArn'), archive.arn)
check('mock: source key unchanged', mock.object(BUCKET, 'invoice.txt').dig('encryption', 'keyArn'), invoices.arn)

# SSE-C put, get and head over https. The SDK base64-encodes the raw key and adds its MD5.
first = SecureRandom.bytes(32)
second = SecureRandom.bytes(32)
md5 = ->(key) { Digest::MD5.base64digest(key) }
sse_c = ->(key) { { sse_customer_algorithm: 'AES256', sse_customer_key: key } }
payroll = 'customer-keyed payroll'
put = s3.put_object(bucket: BUCKET, key: 'payroll.txt', body: payroll, **sse_c[first])
check('PutObject SSE-C: algorithm', put.sse_customer_algorithm, 'AES256')
check('PutObject SSE-C: key MD5', put.sse_customer_key_md5, md5[first])
got = s3.get_object(bucket: BUCKET, key: 'payroll.txt', **sse_c[first])
check('GetObject SSE-C: bytes', got.body.read, payroll)
check('GetObject SSE-C: key MD5', got.sse_customer_key_md5, md5[first])
head = s3.head_object(bucket: BUCKET, key: 'payroll.txt', **sse_c[first])
check('HeadObject SSE-C: key MD5', head.sse_customer_key_md5, md5[first])
check_error('GetObject SSE-C without the key', Aws::S3::Errors::InvalidRequest, 400) do
  s3.get_object(bucket: BUCKET, key: 'payroll.txt')
end

# A copy that reads with the copy-source key and writes under a new key.
copied = s3.copy_object(bucket: BUCKET, key: 'payroll-rekeyed.txt', copy_source: "#{BUCKET}/payroll.txt",
                        copy_source_sse_customer_algorithm: 'AES256', copy_source_sse_customer_key: first,
                        **sse_c[second])
check('CopyObject SSE-C: key MD5', copied.sse_customer_key_md5, md5[second])
check('GetObject SSE-C copy: bytes',
      s3.get_object(bucket: BUCKET, key: 'payroll-rekeyed.txt', **sse_c[second]).body.read, payroll)
check('mock: payroll.txt encryption', mock.object(BUCKET, 'payroll.txt')['encryption'],
      { 'type' => 'SSE-C', 'algorithm' => 'AES256', 'keyMd5' => md5[first] })
check('mock: copy key MD5', mock.object(BUCKET, 'payroll-rekeyed.txt').dig('encryption', 'keyMd5'), md5[second])

# A multipart upload with the SSE-C key on every part (5 MiB + 1 MiB).
ledger_key = SecureRandom.bytes(32)
chunks = ['a' * (5 * 1024 * 1024), 'b' * (1024 * 1024)]
upload = s3.create_multipart_upload(bucket: BUCKET, key: 'ledger.bin', **sse_c[ledger_key])
parts = chunks.each_with_index.map do |chunk, index|
  part = s3.upload_part(bucket: BUCKET, key: 'ledger.bin', upload_id: upload.upload_id,
                        part_number: index + 1, body: chunk, **sse_c[ledger_key])
  check("UploadPart #{index + 1}: key MD5", part.sse_customer_key_md5, md5[ledger_key])
  { etag: part.etag, part_number: index + 1 }
end
# CompleteMultipartUpload takes no key: S3 checked it on every part.
s3.complete_multipart_upload(bucket: BUCKET, key: 'ledger.bin', upload_id: upload.upload_id,
                             multipart_upload: { parts: parts })
got = s3.get_object(bucket: BUCKET, key: 'ledger.bin', **sse_c[ledger_key])
check('GetObject multipart SSE-C: bytes', Digest::SHA256.hexdigest(got.body.read), Digest::SHA256.hexdigest(chunks.join))
check('GetObject multipart SSE-C: ETag', got.etag.end_with?('-2"'), true)
stored = mock.object(BUCKET, 'ledger.bin')
check('mock: ledger.bin parts', stored['parts'], 2)
check('mock: ledger.bin key MD5', stored.dig('encryption', 'keyMd5'), md5[ledger_key])
check('mock: UploadPart calls',
      mock.audit(eventName: 'UploadPart', 'resources.ARN' => "arn:aws:s3:::#{BUCKET}/ledger.bin").size, 2)

# A presigned GET: any HTTP client can fetch it, without AWS credentials.
url = URI(Aws::S3::Presigner.new(client: s3).presigned_url(:get_object, bucket: BUCKET, key: 'invoice.txt',
                                                             expires_in: 300))
response = Net::HTTP.start(url.host, url.port, use_ssl: url.scheme == 'https',
                                               ca_file: ENV.fetch('AWS_CA_BUNDLE', nil)) do |http|
  http.get(url.request_uri)
end
check('presigned GET: status', response.code, '200')
check('presigned GET: bytes', response.body, invoice)
check('presigned GET: key', response['x-amz-server-side-encryption-aws-kms-key-id'], invoices.arn)

# KMS directly: Encrypt and Decrypt with an encryption context, then envelope encryption with
# GenerateDataKey.
context = { 'purpose' => 'example' }
encrypted = kms.encrypt(key_id: invoices.arn, plaintext: '4111 1111 1111 1111', encryption_context: context)
decrypted = kms.decrypt(ciphertext_blob: encrypted.ciphertext_blob, encryption_context: context)
check('Decrypt: plaintext', decrypted.plaintext, '4111 1111 1111 1111')
check('Decrypt: key', decrypted.key_id, invoices.arn)
check_error('Decrypt with another context', Aws::KMS::Errors::InvalidCiphertextException, 400) do
  kms.decrypt(ciphertext_blob: encrypted.ciphertext_blob, encryption_context: { 'purpose' => 'other' })
end
data_key = kms.generate_data_key(key_id: invoices.arn, key_spec: 'AES_256', encryption_context: context)
check('GenerateDataKey: plaintext length', data_key.plaintext.bytesize, 32)
unwrapped = kms.decrypt(ciphertext_blob: data_key.ciphertext_blob, encryption_context: context)
check('Decrypt data key: same key', unwrapped.plaintext, data_key.plaintext)
check('mock: Decrypt calls with purpose=example',
      mock.audit(eventName: 'Decrypt', 'requestParameters.encryptionContext.purpose' => 'example').size, 2)
check('mock: refused Decrypt calls', mock.audit(eventName: 'Decrypt', errorCode: 'InvalidCiphertextException').size, 1)

# Over plain http S3 refuses SSE-C, as AWS does; this SDK refuses before sending (its
# require_https_for_sse_cpk: false is not honoured in aws-sdk-s3 1.117).
if (plain = ENV.fetch('S3_KMS_MOCK_HTTP_ENDPOINT', nil))
  over_http = Aws::S3::Client.new(**options, endpoint: plain, force_path_style: true)
  begin
    over_http.put_object(bucket: BUCKET, key: 'over-http.txt', body: 'x', **sse_c[SecureRandom.bytes(32)])
    abort 'FAIL PutObject SSE-C over http: succeeded'
  rescue ArgumentError => e
    check('PutObject SSE-C over http: refused', e.message.include?('over HTTP'), true)
  end
end

puts "Ruby seed flows passed (S3 managed key #{managed.arn}, customer key #{invoices.arn})"
