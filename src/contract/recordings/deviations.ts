import type { MaskRules } from './normalize/mask.js'
import type { DifferenceInContext } from './replay/difference.js'

/**
 * docs/fidelity.md, machine-readable: one entry per row of its tables, saying how the recordings
 * comparison treats that deviation. An entry either masks a field on both sides (`masks`), or
 * accepts a difference it recognises (`tolerates`: reported as tolerated, not as a difference), or
 * neither — because the deviation never shows on the wire of a client's exchanges, or because it
 * is an open question a recording of AWS must answer (then the difference is the answer, and
 * hiding it would defeat the point). deviations.test.ts keeps this list and the document in step.
 */
export interface Deviation {
  /** Kebab-case; listed in docs/fidelity.md's "Deviation ids" section. */
  readonly id: string
  /** The first cell of its row in docs/fidelity.md, verbatim. */
  readonly row: string
  /** The option that changes the behaviour, when there is one. */
  readonly option?: string
  /** How the comparison treats it, in one sentence (the fidelity.md section shows it). */
  readonly comparison: string
  readonly masks?: MaskRules
  tolerates?(context: DifferenceInContext): boolean
}

const isSuccess = (status: number | undefined): boolean =>
  status !== undefined && status >= 200 && status < 300

/** Every difference inside an exchange the predicate recognises (both sides present). */
const wholeExchange =
  (
    predicate: (
      recorded: NonNullable<DifferenceInContext['recorded']>,
      replayed: NonNullable<DifferenceInContext['replayed']>,
    ) => boolean,
  ) =>
  ({ recorded, replayed }: DifferenceInContext): boolean =>
    recorded !== undefined && replayed !== undefined && predicate(recorded, replayed)

/** `arn:aws:iam::<account>:user/alice` and the like: the identity a denial names. */
const IAM_IDENTITY = /arn:aws[\w-]*:(?:iam|sts)::(?:\d{12}|<account>):[^\s"<]+/g

const NOT_ON_THE_WIRE = 'not compared: it never shows in a client’s exchanges'
const OPEN_QUESTION =
  'not tolerated: an open question; an `aws` recording that differs here answers it'

export const DEVIATIONS: readonly Deviation[] = [
  // KMS
  {
    id: 'kms-ciphertext-blob',
    row: 'Ciphertext blob format',
    comparison: 'masked: ciphertext blobs compare as `<ciphertext>` (neither bytes nor length)',
    masks: {
      fields: {
        CiphertextBlob: '<ciphertext>',
        CiphertextForRecipient: '<ciphertext>',
        PrivateKeyCiphertextBlob: '<ciphertext>',
      },
    },
  },
  {
    id: 'kms-multi-region-transitions',
    row: 'Multi-Region key transitions (`Creating`, `Updating`, `PendingReplicaDeletion`)',
    comparison: 'not compared: no contract scenario replicates a key yet',
  },
  {
    id: 'kms-custom-key-stores',
    row: 'Custom key stores (`AWS_CLOUDHSM`, `EXTERNAL_KEY_STORE`)',
    comparison: 'not compared: a recording needs a CloudHSM cluster or an external key store proxy',
  },
  {
    id: 'kms-ml-kem-node',
    row: 'ML-KEM keys (`ML_KEM_512`, `ML_KEM_768`, `ML_KEM_1024`)',
    comparison:
      'tolerated: AWS creating an ML-KEM key where the mock, on a Node.js without ML-KEM, answers `UnsupportedOperationException`',
    tolerates: wholeExchange(
      (recorded, replayed) =>
        recorded.operation === 'KMS CreateKey' &&
        isSuccess(recorded.status) &&
        replayed.errorCode === 'UnsupportedOperationException',
    ),
  },
  {
    id: 'kms-recipient-attestation',
    row: '`Recipient` (Nitro Enclaves attestation) on DeriveSharedSecret',
    comparison: 'not compared: a recording needs a Nitro enclave',
  },
  {
    id: 'kms-breadth-error-texts',
    row: 'Texts of the custom key store, multi-Region and key agreement errors',
    comparison: OPEN_QUESTION,
  },
  {
    id: 'kms-sm2-key-specs',
    row: '`SM2` key specs (China Regions)',
    comparison: 'not compared: recordings are made outside the China Regions',
  },
  {
    id: 'kms-key-policies-not-enforced',
    option: '`principals`',
    row: 'Key policies and grants',
    comparison:
      'tolerated: AWS refusing a KMS call with `AccessDeniedException` where the mock answers it',
    tolerates: wholeExchange(
      (recorded, replayed) =>
        recorded.service === 'kms' &&
        recorded.errorCode === 'AccessDeniedException' &&
        isSuccess(replayed.status),
    ),
  },
  {
    id: 'kms-managed-key-operations',
    row: 'Operations on AWS managed keys (Disable, ScheduleKeyDeletion, …)',
    comparison: OPEN_QUESTION,
  },
  {
    id: 'kms-data-key-size-text',
    row: '`GenerateDataKey` with both / neither `KeySpec` and `NumberOfBytes`',
    comparison: OPEN_QUESTION,
  },
  {
    id: 'kms-client-error-status',
    row: 'HTTP status of client errors',
    comparison: 'compared: the mock answers as AWS does',
  },
  {
    id: 'kms-key-deletion',
    row: 'Key deletion',
    option: '`ManualClock`',
    comparison: 'not compared: no scenario waits out a deletion window',
  },
  {
    id: 'kms-body-limit',
    row: 'Request body size',
    comparison: 'not compared: scenarios send small bodies',
  },
  // S3
  {
    id: 's3-operations-not-emulated',
    row: 'Operations not emulated (docs/coverage.md lists them)',
    comparison:
      'tolerated: the mock answering its own `501 NotImplemented` (naming s3-kms-mock) where AWS answered',
    tolerates: wholeExchange(
      (_recorded, replayed) =>
        replayed.status === 501 &&
        replayed.errorCode === 'NotImplemented' &&
        (replayed.errorMessage ?? '').includes('(s3-kms-mock:'),
    ),
  },
  {
    id: 's3-express-and-object-lambda-answers',
    row: 'S3 Express One Zone and Object Lambda operations',
    comparison: OPEN_QUESTION,
  },
  {
    id: 's3-torrent',
    row: 'BitTorrent (GetObjectTorrent)',
    comparison: 'not compared: no contract scenario asks for a torrent yet',
  },
  { id: 's3-data-at-rest', row: 'Data at rest', comparison: NOT_ON_THE_WIRE },
  {
    id: 's3-bucket-keys',
    row: 'SSE-KMS bucket keys',
    comparison: 'not compared: the KMS calls S3 makes are not exchanges of the client',
  },
  {
    id: 's3-dsse-kms',
    row: 'DSSE-KMS (`aws:kms:dsse`)',
    comparison: 'compared: the headers match; the second layer never shows',
  },
  {
    id: 's3-head-object-decrypt',
    row: 'HeadObject of an SSE-KMS object',
    comparison: 'not compared: the KMS calls S3 makes are not exchanges of the client',
  },
  {
    id: 's3-anonymous-requests',
    row: 'Anonymous requests',
    comparison:
      'tolerated: an unsigned request AWS answered that the mock refuses with 403 `AccessDenied`',
    tolerates: wholeExchange(
      (recorded, replayed) =>
        recorded.anonymous &&
        isSuccess(recorded.status) &&
        replayed.status === 403 &&
        replayed.errorCode === 'AccessDenied',
    ),
  },
  {
    id: 's3-policy-principals',
    option: '`principals`',
    row: 'Bucket policy principals',
    comparison:
      'not tolerated: scenarios name `*` or the account only; a recording with other principals shows the difference',
  },
  {
    id: 's3-explicit-deny-text',
    option: '`principals`',
    row: 'Explicit-deny `AccessDenied` text',
    comparison:
      'tolerated: an `AccessDenied` message that differs only in the IAM identity it names',
    tolerates: ({ difference, recorded, replayed }) =>
      difference.field === 'error message' &&
      recorded?.errorCode === 'AccessDenied' &&
      replayed?.errorCode === 'AccessDenied' &&
      typeof difference.recorded === 'string' &&
      typeof difference.replayed === 'string' &&
      difference.recorded.replace(IAM_IDENTITY, '<identity>') ===
        difference.replayed.replace(IAM_IDENTITY, '<identity>'),
  },
  {
    id: 's3-acls-not-enforced',
    row: 'ACLs',
    comparison: 'not compared: scenarios never rely on an ACL grant for access',
  },
  {
    id: 's3-lifecycle-timing',
    row: 'Lifecycle actions',
    option: '`ManualClock`',
    comparison: 'not compared: no scenario waits a day for S3 to apply a rule',
  },
  {
    id: 's3-lifecycle-transitions',
    row: 'Lifecycle transitions',
    comparison: 'not compared: no scenario waits for a transition',
  },
  {
    id: 's3-website-endpoint',
    row: 'Website endpoint',
    comparison: 'not compared: scenarios use the REST endpoint only',
  },
  {
    id: 's3-access-logging',
    row: 'Server access logging',
    comparison: 'not compared: no scenario waits for log delivery',
  },
  {
    id: 's3-event-notifications',
    row: 'Event notifications',
    comparison:
      'tolerated: AWS refusing a configuration whose destination it could not reach that the mock accepts',
  },
  {
    id: 's3-event-message-details',
    row: 'Event message details not captured',
    comparison: 'not compared: event messages go to listeners, never over the wire of a client',
  },
  {
    id: 's3-configuration-effects',
    row: 'Replication, analytics, inventory, metrics, Intelligent-Tiering archive, Transfer Acceleration, Requester Pays, ABAC',
    comparison: 'not compared: scenarios read configurations back, never their effects',
  },
  {
    id: 's3-metadata-tables',
    row: 'S3 Metadata tables (journal, live inventory, annotation)',
    comparison: 'not compared: no contract scenario creates a metadata configuration',
  },
  {
    id: 's3-metadata-v1',
    row: 'S3 Metadata V1 operations',
    comparison: 'not compared: no contract scenario calls a V1 metadata operation',
  },
  {
    id: 's3-metadata-uncaptured',
    row: 'S3 Metadata errors not captured',
    comparison: OPEN_QUESTION,
  },
  {
    id: 's3-configuration-member-order',
    row: 'Member order of returned configuration documents',
    comparison: 'not tolerated: an open question; an `aws` recording that differs here answers it',
  },
  {
    id: 's3-object-lock-uncaptured',
    row: 'Object Lock: texts, limits and check order not captured',
    comparison: OPEN_QUESTION,
  },
  {
    id: 's3-object-lock-event-holds',
    row: 'Object Lock event holds (variable retention, 2026-09)',
    comparison: 'not compared: no scenario sets an event hold',
  },
  {
    id: 's3-restore-timing',
    row: 'Restores of archived objects',
    option: '`ManualClock`',
    comparison: 'not compared: no scenario waits hours for a restore',
  },
  {
    id: 's3-object-lock-permissions',
    row: 'Object Lock permissions of writes and reads',
    option: '`principals`',
    comparison: 'not compared: contract scenarios declare no principals',
  },
  {
    id: 's3-annotation-uncaptured',
    row: 'Object annotations: texts and edge cases not captured',
    comparison: OPEN_QUESTION,
  },
  {
    id: 's3-annotation-storage',
    row: 'Object annotations: storage, permissions and events',
    comparison: 'not compared: no contract scenario annotates an object yet',
  },
  {
    id: 's3-request-document-caps',
    row: 'Size caps of S3 request documents',
    comparison: 'not compared: no scenario sends a document over a cap',
  },
  {
    id: 's3-post-pre-data-cap',
    row: 'POST form fields before the file',
    comparison: 'not compared: no scenario sends form fields over 20 KB',
  },
  {
    id: 'authz-control-policies',
    row: 'Service and resource control policies (SCPs, RCPs)',
    option: '`principals`',
    comparison: 'not compared: contract scenarios declare no principals',
  },
  {
    id: 'authz-permission-boundaries',
    row: 'Permission boundaries',
    option: '`principals`',
    comparison: 'not compared: contract scenarios declare no principals',
  },
  {
    id: 'authz-session-policies',
    row: 'Session policies and `sts:AssumeRole`',
    option: '`principals`',
    comparison: 'not compared: contract scenarios declare no principals',
  },
  {
    id: 'authz-policy-sets',
    row: 'IAM groups, managed and inline policies',
    option: '`principals`',
    comparison: 'not compared: contract scenarios declare no principals',
  },
  {
    id: 'authz-policy-variables',
    row: 'Policy variables (`${aws:username}` …)',
    option: '`principals`',
    comparison: 'not compared: contract scenarios declare no principals',
  },
  {
    id: 'authz-grant-propagation',
    row: 'Grant propagation',
    option: '`principals`',
    comparison: 'not compared: contract scenarios declare no principals',
  },
  {
    id: 'authz-kms-through-s3-text',
    row: "KMS refusal of S3's call, as S3 reports it",
    option: '`principals`',
    comparison: 'not compared: contract scenarios declare no principals',
  },
  {
    id: 'authz-decrypt-refusal-text',
    row: 'KMS `Decrypt` refusal text',
    option: '`principals`',
    comparison: 'not compared: contract scenarios declare no principals',
  },
  {
    id: 'authz-lockout-check',
    row: 'Key policy lockout safety check',
    option: '`principals`',
    comparison: 'not compared: contract scenarios declare no principals',
  },
  {
    id: 'authz-audit-reasons',
    row: 'Denial reasons on audit events',
    option: '`principals`',
    comparison: 'not compared: contract scenarios declare no principals',
  },
  {
    id: 's3-anonymous-decode-order',
    row: 'Anonymous request with a bad header or body',
    comparison:
      'tolerated: an unsigned request AWS refused with `AccessDenied` that the mock refuses with a 400 decode error',
    tolerates: wholeExchange(
      (recorded, replayed) =>
        recorded.anonymous && recorded.errorCode === 'AccessDenied' && replayed.status === 400,
    ),
  },
  {
    id: 's3-sse-kms-multipart',
    row: 'SSE-KMS multipart',
    comparison: 'not compared: the KMS calls S3 makes are not exchanges of the client',
  },
  {
    id: 's3-update-object-encryption',
    row: 'UpdateObjectEncryption',
    comparison: 'not compared: the KMS calls S3 makes are not exchanges of the client',
  },
  { id: 's3-sse-c-at-rest', row: 'SSE-C at rest', comparison: NOT_ON_THE_WIRE },
  {
    id: 's3-sse-c-uncaptured-texts',
    row: 'SSE-C texts not captured: copy source with another key, missing key MD5, SSE-C headers on a non-SSE-C object',
    comparison: OPEN_QUESTION,
  },
  {
    id: 's3-sse-c-check-order',
    row: 'Order of SSE-C checks not captured (http vs the 2026 block, bad algorithm vs missing key)',
    comparison: OPEN_QUESTION,
  },
  {
    id: 's3-ended-uploads-kept',
    row: 'How long an ended multipart upload answers AbortMultipartUpload with 204',
    comparison: OPEN_QUESTION,
  },
  {
    id: 's3-method-not-allowed-resource-type',
    row: '`ResourceType` of a 405 `MethodNotAllowed` on a sub-resource',
    comparison: OPEN_QUESTION,
  },
  {
    id: 'uncaptured-texts',
    row: 'Texts marked _uncaptured_ in the code',
    comparison: OPEN_QUESTION,
  },
  {
    id: 'default-mode-clock',
    row: 'Signature dates without `credentials` (default mode)',
    option: '`credentials`',
    comparison: 'not compared: scenarios sign at the current time',
  },
  // Server mode
  {
    id: 'server-control-endpoints',
    row: 'Control endpoints',
    comparison: 'not compared: scenarios never call them',
  },
  {
    id: 'server-hosts',
    row: 'Hosts',
    comparison:
      'masked: hosts and ports compare as `<endpoint>`; virtual-hosted and path-style name the same bucket',
  },
  { id: 'server-tls-certificate', row: 'TLS certificate', comparison: NOT_ON_THE_WIRE },
  {
    id: 'server-signatures',
    row: 'Signatures',
    option: '`--credentials FILE`, `startServer({ credentials })`',
    comparison: 'not compared: scenarios sign with valid credentials',
  },
  { id: 'server-source-ip', row: '`aws:SourceIp`, CloudTrail IP', comparison: NOT_ON_THE_WIRE },
  {
    id: 'server-limits',
    row: 'Limits',
    comparison: 'not compared: scenarios stay within them',
  },
  {
    id: 'server-expect-continue',
    row: '`100 Continue`',
    comparison: 'not compared: interim responses and `Connection` are transport',
  },
]

/**
 * The list under "Deviation ids" in docs/fidelity.md, generated from this list
 * (deviations.test.ts checks the document holds exactly this text).
 */
export function deviationIdsSection(): string {
  return DEVIATIONS.map(
    (d) =>
      `- \`${d.id}\` — ${d.row}${d.option === undefined ? '' : ` (option: ${d.option})`} — ${d.comparison}`,
  ).join('\n')
}
