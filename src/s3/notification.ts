import type { Random } from '../core/random.js'
import { InvalidArgument } from './errors.js'

/**
 * A bucket's event notification configuration (PutBucketNotificationConfiguration), model names.
 * Stored, validated and returned; destinations are not probed, and the events a configuration
 * selects go to the world's `aws.s3.onEvent` listeners (events.ts), never to SNS, SQS, Lambda or
 * EventBridge (docs/fidelity.md).
 */
export interface NotificationConfiguration {
  readonly TopicConfigurations?: readonly Destination[]
  readonly QueueConfigurations?: readonly Destination[]
  readonly LambdaFunctionConfigurations?: readonly Destination[]
  readonly EventBridgeConfiguration?: Record<string, never>
}

interface Destination {
  readonly Id?: string
  readonly TopicArn?: string
  readonly QueueArn?: string
  readonly LambdaFunctionArn?: string
  readonly Events: readonly string[]
  readonly Filter?: { readonly Key?: { readonly FilterRules?: readonly FilterRule[] } }
}

interface FilterRule {
  readonly Name?: string
  readonly Value?: string
}

/** Event types S3 publishes ("Event notification types and destinations", user guide). */
const EVENTS: ReadonlySet<string> = new Set([
  's3:TestEvent',
  's3:ObjectCreated:*',
  's3:ObjectCreated:Put',
  's3:ObjectCreated:Post',
  's3:ObjectCreated:Copy',
  's3:ObjectCreated:CompleteMultipartUpload',
  's3:ObjectRemoved:*',
  's3:ObjectRemoved:Delete',
  's3:ObjectRemoved:DeleteMarkerCreated',
  's3:ObjectRestore:*',
  's3:ObjectRestore:Post',
  's3:ObjectRestore:Completed',
  's3:ObjectRestore:Delete',
  's3:ReducedRedundancyLostObject',
  's3:Replication:*',
  's3:Replication:OperationFailedReplication',
  's3:Replication:OperationMissedThreshold',
  's3:Replication:OperationReplicatedAfterThreshold',
  's3:Replication:OperationNotTracked',
  's3:LifecycleExpiration:*',
  's3:LifecycleExpiration:Delete',
  's3:LifecycleExpiration:DeleteMarkerCreated',
  's3:LifecycleTransition',
  's3:IntelligentTiering',
  's3:ObjectTagging:*',
  's3:ObjectTagging:Put',
  's3:ObjectTagging:Delete',
  's3:ObjectAcl:Put',
])

type ArnMember = 'TopicArn' | 'QueueArn' | 'LambdaFunctionArn'

/** `arn:partition:service:region:account:resource` with the destination's service. */
const ARN = /^arn:aws[a-z-]*:([a-z]+):[a-z0-9-]+:\d{12}:.+$/

const invalid = (message: string): InvalidArgument => new InvalidArgument(message)

/** Two event names can fire for one event: equal, or one is the other's `*` family. */
function eventsMeet(a: string, b: string): boolean {
  const family = (e: string) => (e.endsWith(':*') ? e.slice(0, -1) : undefined)
  const fa = family(a)
  const fb = family(b)
  return a === b || (fa !== undefined && b.startsWith(fa)) || (fb !== undefined && a.startsWith(fb))
}

function rulesOf(destination: Destination): { prefix: string; suffix: string } {
  const rules = destination.Filter?.Key?.FilterRules ?? []
  const value = (name: string) => rules.find((r) => r.Name?.toLowerCase() === name)?.Value ?? ''
  return { prefix: value('prefix'), suffix: value('suffix') }
}

const overlap = (a: string, b: string, ends: boolean) =>
  ends ? a.endsWith(b) || b.endsWith(a) : a.startsWith(b) || b.startsWith(a)

/**
 * Validates as S3 does without reaching the destinations (texts as recorded by moto's and
 * LocalStack's tests against S3): supported events, ARNs of the destination's service,
 * `prefix`/`suffix` filter rules at most once each, and no two configurations that can fire for
 * the same object event. Configurations without an `Id` get one, as S3 assigns them.
 */
export function validNotification(
  config: NotificationConfiguration,
  random: Random,
): NotificationConfiguration {
  const seen: { destination: Destination; rules: { prefix: string; suffix: string } }[] = []
  const check = (
    list: readonly Destination[] | undefined,
    arnMember: ArnMember,
    service: string,
  ): Destination[] | undefined =>
    list?.map((destination) => {
      const arn = destination[arnMember]
      if (arn === undefined || ARN.exec(arn)?.[1] !== service) {
        throw invalid('The ARN is not well formed')
      }
      if (destination.Events.some((e) => !EVENTS.has(e))) {
        throw invalid('The event is not supported for notifications')
      }
      const names = new Set<string>()
      for (const rule of destination.Filter?.Key?.FilterRules ?? []) {
        const name = (rule.Name ?? '').toLowerCase()
        if (name !== 'prefix' && name !== 'suffix') {
          throw invalid('filter rule name must be either prefix or suffix')
        }
        if (names.has(name)) throw invalid(`Cannot specify more than one ${name} rule in a filter.`)
        names.add(name)
      }
      const rules = rulesOf(destination)
      const clash = seen.some(
        (other) =>
          destination.Events.some((e) => other.destination.Events.some((o) => eventsMeet(e, o))) &&
          overlap(rules.prefix, other.rules.prefix, false) &&
          overlap(rules.suffix, other.rules.suffix, true),
      )
      if (clash) {
        throw invalid(
          'Configurations overlap. Configurations on the same bucket cannot share a common event type.',
        )
      }
      seen.push({ destination, rules })
      return { ...structuredClone(destination), Id: destination.Id ?? newId(random) }
    })
  const topics = check(config.TopicConfigurations, 'TopicArn', 'sns')
  const queues = check(config.QueueConfigurations, 'QueueArn', 'sqs')
  const lambdas = check(config.LambdaFunctionConfigurations, 'LambdaFunctionArn', 'lambda')
  return {
    ...(topics === undefined ? {} : { TopicConfigurations: topics }),
    ...(queues === undefined ? {} : { QueueConfigurations: queues }),
    ...(lambdas === undefined ? {} : { LambdaFunctionConfigurations: lambdas }),
    ...(config.EventBridgeConfiguration === undefined ? {} : { EventBridgeConfiguration: {} }),
  }
}

/** S3 names an unnamed configuration with a base64 id (recorded answers look like this). */
const newId = (random: Random): string => Buffer.from(random.uuid()).toString('base64')
