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
import type { Dispatcher, OperationCall } from '../operation.js'
import type { RequestMeta } from '../request-meta.js'
import { jsonResponse } from './encode.js'
import {
  isKmsOperationName,
  type KmsOperationName,
  type KmsShapes,
  kmsOperations,
} from './operations/index.js'
import { renderKmsError } from './render-error.js'

const TARGET_PREFIX = 'TrentService.'

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
  let decoded: { body: unknown; name: KmsOperationName }
  try {
    decoded = await readRequest(request, meta, name, auth)
  } catch (error) {
    if (!isAwsError(error)) throw error
    // Refused before reaching an operation: still one audit event.
    dispatcher.reject(call, error)
    return renderKmsError(error, meta.requestId)
  }
  return runOperation(decoded.name, decoded.body, dispatcher, call)
}

/**
 * Decode → dispatch → encode with one definition, generic in the operation so its input type flows
 * from the definition to the dispatcher. A body the members refuse is still audited as the call.
 */
// eslint-disable-next-line @typescript-eslint/no-unnecessary-type-parameters -- K correlates the lookups (TS #47109)
async function runOperation<K extends KmsOperationName>(
  name: K,
  body: unknown,
  dispatcher: Dispatcher,
  call: OperationCall,
): Promise<Response> {
  let input: KmsShapes[K]['input']
  try {
    input = kmsOperations[name].decode(body)
  } catch (error) {
    if (!isAwsError(error)) throw error
    dispatcher.reject(call, error)
    return renderKmsError(error, call.meta.requestId)
  }
  try {
    return jsonResponse(await dispatcher.kms(name, input, call), call.meta.requestId)
  } catch (error) {
    if (!isAwsError(error)) throw error
    return renderKmsError(error, call.meta.requestId)
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

/** Authenticates the request and reads its JSON body; the operation's members check it next. */
async function readRequest(
  request: Request,
  meta: RequestMeta,
  name: string,
  auth: KmsAuthOptions,
): Promise<{ body: unknown; name: KmsOperationName }> {
  if (meta.caller.signature === 'anonymous') throw new MissingAuthenticationTokenException()
  await authenticate(request, meta, auth)
  const target = request.headers.get('x-amz-target') ?? ''
  if (request.method !== 'POST' || !target.startsWith(TARGET_PREFIX) || !isKmsOperationName(name)) {
    throw new UnknownOperationException()
  }
  const text = await request.text()
  try {
    return { body: text.trim() === '' ? {} : JSON.parse(text), name }
  } catch {
    throw new SerializationException('Unexpected character in the JSON body.')
  }
}
