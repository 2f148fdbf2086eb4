import { isAwsError } from '../../core/aws-error.js'
import type { Clock } from '../../core/clock.js'
import { InvalidAccessKeyId } from '../../s3/errors.js'
import { type SigV4Credentials, verifySigV4 } from '../auth/sigv4.js'
import {
  InvalidSignatureException,
  UnrecognizedClientException,
  MissingAuthenticationTokenException,
  SerializationException,
  UnknownOperationException,
} from '../../kms/errors.js'
import type { KmsOperationName } from '../../kms/operations/index.js'
import type { Dispatcher, OperationCall } from '../operation.js'
import type { RequestMeta } from '../request-meta.js'
import { jsonResponse } from './encode.js'
import { kmsMembers } from './members/index.js'
import { renderKmsError } from './render-error.js'
import { decodeStructure } from './schema.js'

const TARGET_PREFIX = 'TrentService.'

const isKmsOperation = (name: string): name is KmsOperationName => Object.hasOwn(kmsMembers, name)

/**
 * The KMS JSON 1.1 protocol: `POST /` with `X-Amz-Target: TrentService.<Operation>` and a JSON
 * body. Decodes, dispatches, encodes; every failure is rendered as KMS renders it.
 */
export async function handleKmsRequest(
  request: Request,
  meta: RequestMeta,
  region: string,
  dispatcher: Dispatcher,
  auth: KmsAuthOptions,
): Promise<Response> {
  const target = request.headers.get('x-amz-target') ?? ''
  const name = target.startsWith(TARGET_PREFIX)
    ? target.slice(TARGET_PREFIX.length)
    : target || 'Unknown'
  const call: OperationCall = { service: 'kms', name, input: undefined, region, meta }
  let input: Record<string, unknown>
  try {
    input = await decodeRequest(request, meta, name, auth)
  } catch (error) {
    if (!isAwsError(error)) throw error
    // Refused before reaching an operation: still one audit event.
    dispatcher.reject(call, error)
    return renderKmsError(error, meta.requestId)
  }
  try {
    return jsonResponse(await dispatcher.run({ ...call, input }), meta.requestId)
  } catch (error) {
    if (!isAwsError(error)) throw error
    return renderKmsError(error, meta.requestId)
  }
}

export interface KmsAuthOptions {
  readonly clock: Clock
  /** When set, signatures are verified in full (SPEC §5.5). */
  readonly credentials: readonly SigV4Credentials[]
}

/** Full SigV4 verification when credentials are configured, with KMS's own error codes. */
async function authenticate(
  request: Request,
  meta: RequestMeta,
  auth: KmsAuthOptions,
): Promise<void> {
  if (auth.credentials.length === 0) return
  try {
    await verifySigV4(
      request,
      { clock: auth.clock, credentials: auth.credentials, service: 'kms' },
      meta.url,
    )
  } catch (error) {
    if (error instanceof InvalidAccessKeyId) throw new UnrecognizedClientException()
    if (isAwsError(error)) throw new InvalidSignatureException()
    throw error
  }
}

async function decodeRequest(
  request: Request,
  meta: RequestMeta,
  name: string,
  auth: KmsAuthOptions,
): Promise<Record<string, unknown>> {
  if (meta.caller.signature === 'anonymous') throw new MissingAuthenticationTokenException()
  await authenticate(request, meta, auth)
  const target = request.headers.get('x-amz-target') ?? ''
  if (request.method !== 'POST' || !target.startsWith(TARGET_PREFIX) || !isKmsOperation(name)) {
    throw new UnknownOperationException()
  }
  const text = await request.text()
  let body: unknown
  try {
    body = text.trim() === '' ? {} : JSON.parse(text)
  } catch {
    throw new SerializationException('Unexpected character in the JSON body.')
  }
  return decodeStructure(body, kmsMembers[name])
}
