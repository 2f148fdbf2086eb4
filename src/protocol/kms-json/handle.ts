import { isAwsError } from '../../core/aws-error.js'
import { SerializationException, UnknownOperationException } from '../../kms/errors.js'
import type { KmsOperationName } from '../../kms/operations/index.js'
import type { Dispatcher, OperationCall } from '../operation.js'
import type { RequestMeta } from '../request-meta.js'
import { jsonResponse } from './encode.js'
import { kmsMembers } from './members/index.js'
import { renderKmsError } from './render-error.js'
import { decodeStructure } from './schema.js'
import {
  checkKmsSignatureForm,
  type KmsAuthOptions,
  readKmsBody,
  verifyKmsSignature,
} from './auth.js'

export type { KmsAuthOptions } from './auth.js'

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

/**
 * Refusals before any JSON is read, in the order KMS's front end applies them: the signature's
 * form, the body's size, then (strict mode) the signature over the body received.
 */
async function decodeRequest(
  request: Request,
  meta: RequestMeta,
  name: string,
  auth: KmsAuthOptions,
): Promise<Record<string, unknown>> {
  checkKmsSignatureForm(request, meta.url, auth.credentials.length > 0)
  const bytes = await readKmsBody(request)
  await verifyKmsSignature(request, meta.url, bytes, auth)
  const target = request.headers.get('x-amz-target') ?? ''
  if (request.method !== 'POST' || !target.startsWith(TARGET_PREFIX) || !isKmsOperation(name)) {
    throw new UnknownOperationException()
  }
  let body: unknown
  try {
    const text = new TextDecoder('utf-8', { fatal: true }).decode(bytes)
    body = text.trim() === '' ? {} : JSON.parse(text)
  } catch {
    throw new SerializationException('Unexpected character in the JSON body.')
  }
  return decodeStructure(body, kmsMembers[name])
}
