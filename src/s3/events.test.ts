import { describe, expect, it } from 'vitest'
import type { Bucket } from './bucket.js'
import { eventKey } from './event-messages.js'
import { matchingDestinations, objectEvent, type S3EventName } from './events.js'
import type { NotificationConfiguration } from './notification.js'

const QUEUE = 'arn:aws:sqs:us-east-1:123456789012:q'
const bucket = { name: 'b', region: 'us-east-1', versioning: 'Unversioned' } as Bucket
const event = (name: S3EventName, key: string) => objectEvent(name, bucket, key, new Date(0))
const queue = (
  Events: string[],
  FilterRules: { Name: string; Value: string }[] = [],
): NotificationConfiguration => ({
  QueueConfigurations: [{ Id: 'q', QueueArn: QUEUE, Events, Filter: { Key: { FilterRules } } }],
})
const selects = (config: NotificationConfiguration, name: S3EventName, key: string) =>
  matchingDestinations(config, event(name, key)).length === 1

describe('which configurations select an event', () => {
  it('matches a `*` family only within it', () => {
    const removed = queue(['s3:ObjectRemoved:*'])
    expect(selects(removed, 'ObjectRemoved:Delete', 'k')).toBe(true)
    expect(selects(removed, 'ObjectRemoved:DeleteMarkerCreated', 'k')).toBe(true)
    expect(selects(removed, 'LifecycleExpiration:Delete', 'k')).toBe(false)
    expect(selects(removed, 'ObjectCreated:Put', 'k')).toBe(false)
    expect(selects(queue(['s3:ObjectAcl:Put']), 'ObjectAcl:Put', 'k')).toBe(true)
  })

  it('compares prefix and suffix with the key as stored; rule names in any case', () => {
    const rules = queue(
      ['s3:ObjectCreated:*'],
      [
        { Name: 'Prefix', Value: 'in/' },
        { Name: 'SUFFIX', Value: '.Jpg' },
      ],
    )
    expect(selects(rules, 'ObjectCreated:Put', 'in/a.Jpg')).toBe(true)
    expect(selects(rules, 'ObjectCreated:Put', 'in/a.jpg')).toBe(false)
    expect(selects(rules, 'ObjectCreated:Put', 'In/a.Jpg')).toBe(false)
    expect(matchingDestinations(rules, event('ObjectCreated:Put', 'in/a.Jpg'))).toEqual([
      { destination: 'queue', arn: QUEUE, configurationId: 'q' },
    ])
  })
})

describe('keys in records', () => {
  it('are URL-encoded with + for space and / kept', () => {
    expect(eventKey('a b/c+d=é.txt')).toBe('a+b/c%2Bd%3D%C3%A9.txt')
  })
})
