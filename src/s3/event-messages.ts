import { partitionOf } from '../core/arn.js'
import type { Caller } from '../core/context.js'
import { digestOf } from '../crypto/checksums.js'
import { bucketArn } from './bucket.js'
import { matchingDestinations, type S3EventName, type S3ObjectEvent } from './events.js'

/**
 * One record of an S3 event notification, as S3 sends it to a queue, topic or function (user
 * guide, "Event message structure"). `object.key` is URL-encoded as S3 encodes it.
 * @public
 */
export interface S3EventRecord {
  eventVersion: string
  eventSource: 'aws:s3'
  awsRegion: string
  /** ISO 8601 with milliseconds, from the world's clock. */
  eventTime: string
  /** The event type without `s3:`, such as `ObjectCreated:Put`. */
  eventName: string
  userIdentity: { principalId: string }
  requestParameters: { sourceIPAddress: string }
  responseElements: { 'x-amz-request-id': string; 'x-amz-id-2': string }
  s3: {
    s3SchemaVersion: '1.0'
    configurationId: string
    bucket: { name: string; ownerIdentity: { principalId: string }; arn: string }
    object: {
      key: string
      size?: number
      eTag?: string
      versionId?: string
      sequencer?: string
    }
  }
  glacierEventData?: {
    restoreEventData: {
      lifecycleRestorationExpiryTime: string
      lifecycleRestoreStorageClass: string
    }
  }
}

/** The JSON message S3 sends to a queue, topic or function. @public */
export interface S3EventMessage {
  Records: S3EventRecord[]
}

/**
 * An event as S3 sends it to EventBridge's default bus (user guide, "EventBridge event message
 * structure"). The key is not URL-encoded here.
 * @public
 */
export interface S3EventBridgeEvent {
  version: '0'
  id: string
  'detail-type': string
  source: 'aws.s3'
  account: string
  /** ISO 8601 without milliseconds. */
  time: string
  region: string
  resources: string[]
  detail: {
    version: '0'
    bucket: { name: string }
    object: { key: string; size?: number; etag?: string; 'version-id'?: string; sequencer?: string }
    'request-id': string
    requester: string
    'source-ip-address': string
    reason?: string
    'deletion-type'?: string
    'restore-expiry-time'?: string
    'source-storage-class'?: string
  }
}

/**
 * What `aws.s3.onEvent` listeners receive: one message and where the bucket's notification
 * configuration would have sent it (the configuration's queue, topic or function ARN, or the
 * region's default EventBridge bus).
 * @public
 */
export type S3EventDelivery =
  | {
      readonly destination: 'queue' | 'topic' | 'lambda'
      readonly arn: string
      readonly message: S3EventMessage
    }
  | {
      readonly destination: 'eventbridge'
      readonly arn: string
      readonly message: S3EventBridgeEvent
    }

/** A listener of `aws.s3.onEvent`. @public */
export type S3EventListener = (delivery: S3EventDelivery) => void

/** Who caused an event and which request did: what the record's identity members say. */
export interface EventOrigin {
  readonly principalId: string
  readonly sourceIp: string
  /** EventBridge's `requester`: the caller's account, or `s3.amazonaws.com` for lifecycle. */
  readonly requester: string
  readonly requestId: string
  readonly hostId: string
}

/** Lifecycle actions are S3's own: records name `s3.amazonaws.com` (user guide, lifecycle events). */
export function lifecycleOrigin(requestId: string, hostId: string): EventOrigin {
  const s3 = 's3.amazonaws.com'
  return { principalId: s3, sourceIp: s3, requester: s3, requestId, hostId }
}

const ID_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567'

/** A stable id of `length` characters derived from `seed` (the mock has no AWS unique ids). */
function derivedId(seed: string, length: number): string {
  const digest = digestOf('SHA256', new TextEncoder().encode(`s3-kms-mock-id:${seed}`))
  return Array.from(digest.subarray(0, length), (b) => ID_ALPHABET.charAt(b & 31)).join('')
}

/**
 * `principalId` of the caller: `AWS:AIDA…` for an IAM user, `AWS:AROA…:session` for a role
 * session, the account's customer id for the root (as sample records show them). The ids are
 * derived from the ARN, stable across runs; AWS's own unique ids are _uncaptured_.
 */
export function principalIdOf(caller: Caller): string {
  const p = caller.principal
  if (p?.type === 'IAMUser') return `AWS:AIDA${derivedId(p.arn, 17)}`
  if (p?.type === 'AssumedRole') {
    return `AWS:AROA${derivedId(p.arn, 17)}:${p.sessionName ?? p.name}`
  }
  return customerIdOf(caller.accountId)
}

/** The account's "Amazon customer ID" records show for the bucket owner (`A` and 13 more). */
export function customerIdOf(accountId: string): string {
  return `A${derivedId(accountId, 13)}`
}

/**
 * Keys are URL-encoded in records ("red flower.jpg" becomes "red+flower.jpg", user guide); `/`
 * stays as sample records show it. Which other characters S3 leaves bare is _uncaptured_: this
 * follows `encodeURIComponent`.
 */
export function eventKey(key: string): string {
  return encodeURIComponent(key).replace(/%20/g, '+').replace(/%2F/g, '/')
}

/**
 * Records of lifecycle, tagging and ACL events are version 2.3, the others 2.1 (user guide,
 * message structure). The guide now describes one version for all types (2.4 and later); which
 * one S3 sends today is _uncaptured_.
 */
function eventVersionOf(name: S3EventName): string {
  return name.startsWith('LifecycleExpiration') ||
    name.startsWith('ObjectTagging') ||
    name.startsWith('ObjectAcl')
    ? '2.3'
    : '2.1'
}

/** "sequencer … only used with PUTs and DELETEs" (user guide, message structure). */
const sequenced = (name: S3EventName): boolean =>
  name.startsWith('ObjectCreated') ||
  name.startsWith('ObjectRemoved') ||
  name.startsWith('LifecycleExpiration')

/** EventBridge's detail-type and detail members per event (user guide, "Using EventBridge"). */
function eventBridgeKind(name: S3EventName): { type: string; extra: Record<string, string> } {
  const created = (reason: string) => ({ type: 'Object Created', extra: { reason } })
  const deleted = (reason: string, marker: boolean) => ({
    type: 'Object Deleted',
    extra: { reason, 'deletion-type': marker ? 'Delete Marker Created' : 'Permanently Deleted' },
  })
  switch (name) {
    case 'ObjectCreated:Put':
      return created('PutObject')
    case 'ObjectCreated:Post':
      return created('POST Object')
    case 'ObjectCreated:Copy':
      return created('CopyObject')
    case 'ObjectCreated:CompleteMultipartUpload':
      return created('CompleteMultipartUpload')
    case 'ObjectRemoved:Delete':
      return deleted('DeleteObject', false)
    case 'ObjectRemoved:DeleteMarkerCreated':
      return deleted('DeleteObject', true)
    case 'LifecycleExpiration:Delete':
      return deleted('Lifecycle Expiration', false)
    case 'LifecycleExpiration:DeleteMarkerCreated':
      return deleted('Lifecycle Expiration', true)
    case 'ObjectRestore:Post':
      return { type: 'Object Restore Initiated', extra: {} }
    case 'ObjectRestore:Completed':
      return { type: 'Object Restore Completed', extra: {} }
    case 'ObjectTagging:Put':
      return { type: 'Object Tags Added', extra: {} }
    case 'ObjectTagging:Delete':
      return { type: 'Object Tags Deleted', extra: {} }
    case 'ObjectAcl:Put':
      return { type: 'Object ACL Updated', extra: {} }
  }
}

export interface DeliveryIds {
  /** The next sequencer: fixed-width hex, increasing across the world. */
  sequencer(): string
  uuid(): string
}

/**
 * The messages one event produces: a record for each queue, topic and function configuration
 * that selects it, and an EventBridge event when the bucket sends to EventBridge (every event
 * type goes there; rules filter on EventBridge's side).
 */
export function deliveriesFor(
  event: S3ObjectEvent,
  origin: EventOrigin,
  accountId: string,
  ids: DeliveryIds,
): S3EventDelivery[] {
  const config = event.bucket.notification
  if (config === undefined) return []
  const matched = matchingDestinations(config, event)
  const eventBridge = config.EventBridgeConfiguration !== undefined
  if (matched.length === 0 && !eventBridge) return []
  const sequencer = sequenced(event.name) ? ids.sequencer() : undefined
  const bucket = event.bucket
  const object = {
    ...(event.size === undefined ? {} : { size: event.size }),
    ...(event.versionId === undefined ? {} : { versionId: event.versionId }),
  }
  const deliveries: S3EventDelivery[] = matched.map((m) => ({
    destination: m.destination,
    arn: m.arn,
    message: {
      Records: [
        {
          eventVersion: eventVersionOf(event.name),
          eventSource: 'aws:s3',
          awsRegion: bucket.region,
          eventTime: event.time.toISOString(),
          eventName: event.name,
          userIdentity: { principalId: origin.principalId },
          requestParameters: { sourceIPAddress: origin.sourceIp },
          responseElements: {
            'x-amz-request-id': origin.requestId,
            'x-amz-id-2': origin.hostId,
          },
          s3: {
            s3SchemaVersion: '1.0',
            configurationId: m.configurationId,
            bucket: {
              name: bucket.name,
              ownerIdentity: { principalId: customerIdOf(accountId) },
              arn: bucketArn(bucket.name, bucket.region),
            },
            object: {
              key: eventKey(event.key),
              ...(event.size === undefined ? {} : { size: event.size }),
              ...(event.eTag === undefined ? {} : { eTag: event.eTag }),
              ...(event.versionId === undefined ? {} : { versionId: event.versionId }),
              ...(sequencer === undefined ? {} : { sequencer }),
            },
          },
          ...(event.restore === undefined
            ? {}
            : {
                glacierEventData: {
                  restoreEventData: {
                    lifecycleRestorationExpiryTime: event.restore.expiresAt.toISOString(),
                    lifecycleRestoreStorageClass: event.restore.storageClass,
                  },
                },
              }),
        },
      ],
    },
  }))
  if (eventBridge) {
    const kind = eventBridgeKind(event.name)
    deliveries.push({
      destination: 'eventbridge',
      arn: `arn:${partitionOf(bucket.region)}:events:${bucket.region}:${accountId}:event-bus/default`,
      message: {
        version: '0',
        id: ids.uuid(),
        'detail-type': kind.type,
        source: 'aws.s3',
        account: accountId,
        time: event.time.toISOString().replace(/\.\d{3}Z$/, 'Z'),
        region: bucket.region,
        resources: [bucketArn(bucket.name, bucket.region)],
        detail: {
          version: '0',
          bucket: { name: bucket.name },
          object: {
            key: event.key,
            ...(object.size === undefined ? {} : { size: object.size }),
            ...(event.eTag === undefined ? {} : { etag: event.eTag }),
            ...(object.versionId === undefined ? {} : { 'version-id': object.versionId }),
            ...(sequencer === undefined ? {} : { sequencer }),
          },
          'request-id': origin.requestId,
          requester: origin.requester,
          'source-ip-address': origin.sourceIp,
          ...kind.extra,
          ...(event.restore === undefined
            ? {}
            : {
                'restore-expiry-time': event.restore.expiresAt.toISOString(),
                'source-storage-class': event.restore.storageClass,
              }),
        },
      },
    })
  }
  return deliveries
}
