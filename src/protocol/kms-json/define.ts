import type { KmsContext } from '../../kms/context.js'
import { decodeStructure, type Structure, type StructureOf } from './schema.js'

/**
 * Everything about one KMS operation, in one place (ADR 0009): its request members as the service
 * model constrains them, CloudTrail's `readOnly`, and the domain function that runs it. The IAM
 * action is `kms:<name>` for every KMS operation. The handler, dispatcher and audit flags are
 * derived from these definitions.
 */
export interface KmsOperationDefinition<N extends string, I, O> {
  /** AWS's operation name: `X-Amz-Target: TrentService.<name>`, CloudTrail's `eventName`. */
  readonly name: N
  readonly members: Structure
  readonly readOnly: boolean
  /** The JSON body, checked against `members`, as the domain's input. */
  readonly decode: (body: unknown) => I
  readonly run: (input: I, ctx: KmsContext) => O | Promise<O>
}

/** Defines one KMS operation; the members must describe the domain function's input. */
export function defineKmsOperation<const N extends string, I, O>(spec: {
  readonly name: N
  readonly members: NoInfer<StructureOf<I>>
  readonly readOnly: boolean
  readonly run: (input: I, ctx: KmsContext) => O | Promise<O>
}): KmsOperationDefinition<N, I, O> {
  return { ...spec, decode: (body) => decodeStructure<I>(body, spec.members) }
}
