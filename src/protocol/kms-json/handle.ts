import { isAwsError } from '../../core/aws-error.js'
import { SerializationException, UnknownOperationException } from '../../kms/errors.js'
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
import {
  checkKmsSignatureForm,
  type KmsAuthOptions,
  readKmsBody,
  verifyKmsSignature,
} from './auth.js'

export type { KmsAuthOptions } from './auth.js'

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

/**
 * Refusals before any JSON is read, in the order KMS's front end applies them: the signature's
 * form, the body's size, then (strict mode) the signature over the body received.
 */
async function readRequest(
  request: Request,
  meta: RequestMeta,
  name: string,
  auth: KmsAuthOptions,
): Promise<{ body: unknown; name: KmsOperationName }> {
  checkKmsSignatureForm(request, meta.url, auth.credentials.length > 0)
  const bytes = await readKmsBody(request)
  await verifyKmsSignature(request, meta.url, bytes, auth)
  const target = request.headers.get('x-amz-target') ?? ''
  if (request.method !== 'POST' || !target.startsWith(TARGET_PREFIX) || !isKmsOperationName(name)) {
    throw new UnknownOperationException()
  }
  let body: unknown
  try {
    const text = new TextDecoder('utf-8', { fatal: true }).decode(bytes)
    body = text.trim() === '' ? {} : JSON.parse(text)
  } catch {
    throw new SerializationException('Unexpected character in the JSON body.')
  }
  return { body, name }
}
