import {
  CreateBucketCommand,
  DeleteBucketOwnershipControlsCommand,
  DeletePublicAccessBlockCommand,
  GetBucketAclCommand,
  GetBucketOwnershipControlsCommand,
  GetBucketPolicyStatusCommand,
  GetObjectAclCommand,
  GetPublicAccessBlockCommand,
  PutBucketAclCommand,
  PutBucketOwnershipControlsCommand,
  PutBucketPolicyCommand,
  PutObjectAclCommand,
  PutObjectCommand,
  PutPublicAccessBlockCommand,
} from '@aws-sdk/client-s3'
import { beforeEach, describe, expect, it } from 'vitest'
import { errorOf, useMockAws } from '../../support/kms.js'
import { s3Client } from '../../support/s3.js'
import { expectUnchanged } from '../../support/unchanged.js'

const aws = useMockAws()
const s3 = s3Client()
const Bucket = 'acl-bucket'
const ALL_USERS = 'http://acs.amazonaws.com/groups/global/AllUsers'

const publicRead = JSON.stringify({
  Version: '2012-10-17',
  Statement: [
    {
      Effect: 'Allow',
      Principal: '*',
      Action: 's3:GetObject',
      Resource: `arn:aws:s3:::${Bucket}/*`,
    },
  ],
})

beforeEach(async () => {
  await s3.send(new CreateBucketCommand({ Bucket }))
})

describe('a new bucket', () => {
  it('blocks public access and enforces bucket-owner ownership', async () => {
    const block = await s3.send(new GetPublicAccessBlockCommand({ Bucket }))
    expect(block.PublicAccessBlockConfiguration).toEqual({
      BlockPublicAcls: true,
      IgnorePublicAcls: true,
      BlockPublicPolicy: true,
      RestrictPublicBuckets: true,
    })
    const ownership = await s3.send(new GetBucketOwnershipControlsCommand({ Bucket }))
    expect(ownership.OwnershipControls?.Rules).toEqual([{ ObjectOwnership: 'BucketOwnerEnforced' }])
  })

  it('refuses a public policy with the BlockPublicPolicy AccessDenied, keeping no policy', async () => {
    const error = await expectUnchanged(aws, () =>
      errorOf(s3.send(new PutBucketPolicyCommand({ Bucket, Policy: publicRead }))),
    )
    expect([error.name, error.$metadata.httpStatusCode]).toEqual(['AccessDenied', 403])
    expect(error.message).toBe(
      `User: arn:aws:iam::123456789012:root is not authorized to perform: s3:PutBucketPolicy on resource: "arn:aws:s3:::${Bucket}" because public policies are blocked by the BlockPublicPolicy block public access setting.`,
    )
  })

  it('takes the public policy once the block is removed; GetBucketPolicyStatus says public', async () => {
    const deleted = await s3.send(new DeletePublicAccessBlockCommand({ Bucket }))
    expect(deleted.$metadata.httpStatusCode).toBe(204)
    const missing = await errorOf(s3.send(new GetPublicAccessBlockCommand({ Bucket })))
    expect([missing.name, missing.$metadata.httpStatusCode]).toEqual([
      'NoSuchPublicAccessBlockConfiguration',
      404,
    ])
    await s3.send(new PutBucketPolicyCommand({ Bucket, Policy: publicRead }))
    const status = await s3.send(new GetBucketPolicyStatusCommand({ Bucket }))
    expect(status.PolicyStatus?.IsPublic).toBe(true)
  })

  it('PutPublicAccessBlock stores the four settings (absent ones false)', async () => {
    await s3.send(
      new PutPublicAccessBlockCommand({
        Bucket,
        PublicAccessBlockConfiguration: { BlockPublicAcls: true },
      }),
    )
    const block = await s3.send(new GetPublicAccessBlockCommand({ Bucket }))
    expect(block.PublicAccessBlockConfiguration).toEqual({
      BlockPublicAcls: true,
      IgnorePublicAcls: false,
      BlockPublicPolicy: false,
      RestrictPublicBuckets: false,
    })
    await s3.send(new PutBucketPolicyCommand({ Bucket, Policy: publicRead }))
  })

  it('GetBucketPolicyStatus without a policy is NoSuchBucketPolicy', async () => {
    const error = await errorOf(s3.send(new GetBucketPolicyStatusCommand({ Bucket })))
    expect(error.name).toBe('NoSuchBucketPolicy')
  })
})

describe('ACLs', () => {
  it('reads the owner full control; refuses ACLs under BucketOwnerEnforced', async () => {
    const acl = await s3.send(new GetBucketAclCommand({ Bucket }))
    expect(acl.Grants).toEqual([
      {
        Grantee: { Type: 'CanonicalUser', ID: acl.Owner?.ID },
        Permission: 'FULL_CONTROL',
      },
    ])
    for (const send of [
      () => s3.send(new PutBucketAclCommand({ Bucket, ACL: 'private' })),
      () => s3.send(new PutObjectCommand({ Bucket, Key: 'k', Body: 'x', ACL: 'public-read' })),
    ]) {
      const error = await expectUnchanged(aws, () => errorOf(send()))
      expect([error.name, error.message, error.$metadata.httpStatusCode]).toEqual([
        'AccessControlListNotSupported',
        'The bucket does not allow ACLs',
        400,
      ])
    }
    await s3.send(
      new PutObjectCommand({ Bucket, Key: 'k', Body: 'x', ACL: 'bucket-owner-full-control' }),
    )
  })

  it('stores ACLs once ownership controls allow them; BlockPublicAcls refuses public ones', async () => {
    await s3.send(
      new PutBucketOwnershipControlsCommand({
        Bucket,
        OwnershipControls: { Rules: [{ ObjectOwnership: 'ObjectWriter' }] },
      }),
    )
    const blocked = await errorOf(s3.send(new PutBucketAclCommand({ Bucket, ACL: 'public-read' })))
    expect([blocked.name, blocked.$metadata.httpStatusCode]).toEqual(['AccessDenied', 403])
    await s3.send(new DeletePublicAccessBlockCommand({ Bucket }))
    await s3.send(new PutBucketAclCommand({ Bucket, ACL: 'public-read' }))
    const acl = await s3.send(new GetBucketAclCommand({ Bucket }))
    expect(acl.Grants?.map((g) => [g.Grantee?.URI ?? g.Grantee?.Type, g.Permission])).toEqual([
      ['CanonicalUser', 'FULL_CONTROL'],
      [ALL_USERS, 'READ'],
    ])
    await s3.send(new PutObjectCommand({ Bucket, Key: 'k', Body: 'x' }))
    await s3.send(new PutObjectAclCommand({ Bucket, Key: 'k', GrantRead: `uri="${ALL_USERS}"` }))
    const objectAcl = await s3.send(new GetObjectAclCommand({ Bucket, Key: 'k' }))
    expect(objectAcl.Grants).toEqual([
      { Grantee: { Type: 'Group', URI: ALL_USERS }, Permission: 'READ' },
    ])
    const both = await errorOf(
      s3.send(
        new PutObjectAclCommand({
          Bucket,
          Key: 'k',
          ACL: 'private',
          GrantRead: `uri="${ALL_USERS}"`,
        }),
      ),
    )
    expect(both.name).toBe('InvalidRequest')
  })

  it('ownership controls: put, get, delete (then 404), bad value refused', async () => {
    await s3.send(new DeleteBucketOwnershipControlsCommand({ Bucket }))
    const missing = await errorOf(s3.send(new GetBucketOwnershipControlsCommand({ Bucket })))
    expect([missing.name, missing.$metadata.httpStatusCode]).toEqual([
      'OwnershipControlsNotFoundError',
      404,
    ])
    const bad = await errorOf(
      s3.send(
        new PutBucketOwnershipControlsCommand({
          Bucket,
          OwnershipControls: { Rules: [{ ObjectOwnership: 'Nobody' as never }] },
        }),
      ),
    )
    expect(bad.name).toBe('MalformedXML')
  })
})

describe('RestrictPublicBuckets', () => {
  it('keeps anonymous callers out of a bucket whose public policy it restricts', async () => {
    await s3.send(new PutObjectCommand({ Bucket, Key: 'photo.jpg', Body: 'jpeg' }))
    await s3.send(
      new PutPublicAccessBlockCommand({
        Bucket,
        PublicAccessBlockConfiguration: { RestrictPublicBuckets: true },
      }),
    )
    await s3.send(new PutBucketPolicyCommand({ Bucket, Policy: publicRead }))
    const url = `https://${Bucket}.s3.us-east-1.amazonaws.com/photo.jpg`
    expect((await fetch(url)).status).toBe(403)
    await s3.send(new DeletePublicAccessBlockCommand({ Bucket }))
    expect((await fetch(url)).status).toBe(200)
  })
})
