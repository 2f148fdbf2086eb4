import {
  DeletePublicAccessBlockCommand,
  GetBucketOwnershipControlsCommand,
  GetBucketPolicyStatusCommand,
  GetPublicAccessBlockCommand,
  PutBucketAclCommand,
  PutBucketPolicyCommand,
} from '@aws-sdk/client-s3'
import { defineScenario, type Scenario } from '../define.js'

/** Block Public Access and Object Ownership defaults of a new bucket (issue #16 item 3). */

const publicRead = (bucket: string) =>
  JSON.stringify({
    Version: '2012-10-17',
    Statement: [
      {
        Sid: 'PublicRead',
        Effect: 'Allow',
        Principal: '*',
        Action: 's3:GetObject',
        Resource: `arn:aws:s3:::${bucket}/*`,
      },
    ],
  })

const blocksPublicPolicies = defineScenario({
  name: 'public-access-block-default',
  description:
    'A new bucket blocks public access and enforces bucket-owner ownership: a public policy is 403 AccessDenied until the block is removed, and ACLs are AccessControlListNotSupported.',
  requires: ['create-bucket', 'bucket-policy'],
  async run(t) {
    const Bucket = t.bucket
    const block = await t.s3.send(new GetPublicAccessBlockCommand({ Bucket }))
    t.check('all four settings on', block.PublicAccessBlockConfiguration, {
      BlockPublicAcls: true,
      IgnorePublicAcls: true,
      BlockPublicPolicy: true,
      RestrictPublicBuckets: true,
    })
    const ownership = await t.s3.send(new GetBucketOwnershipControlsCommand({ Bucket }))
    t.check('ownership', ownership.OwnershipControls?.Rules, [
      { ObjectOwnership: 'BucketOwnerEnforced' },
    ])
    const refused = await t.expectError(
      'public policy',
      t.s3.send(new PutBucketPolicyCommand({ Bucket, Policy: publicRead(Bucket) })),
      { status: 403, code: 'AccessDenied' },
    )
    if (refused !== undefined) {
      t.check(
        'public policy: message',
        refused.message.replace(/^User: \S+ is not authorized/, 'User: <caller> is not authorized'),
        `User: <caller> is not authorized to perform: s3:PutBucketPolicy on resource: "arn:aws:s3:::${Bucket}" because public policies are blocked by the BlockPublicPolicy block public access setting.`,
      )
    }
    await t.expectError(
      'an ACL',
      t.s3.send(new PutBucketAclCommand({ Bucket, ACL: 'public-read' })),
      {
        status: 400,
        code: 'AccessControlListNotSupported',
        message: 'The bucket does not allow ACLs',
      },
    )
    await t.s3.send(new DeletePublicAccessBlockCommand({ Bucket }))
    await t.expectError(
      'no block any more',
      t.s3.send(new GetPublicAccessBlockCommand({ Bucket })),
      {
        status: 404,
        code: 'NoSuchPublicAccessBlockConfiguration',
        message: 'The public access block configuration was not found',
      },
    )
    await t.s3.send(new PutBucketPolicyCommand({ Bucket, Policy: publicRead(Bucket) }))
    const status = await t.s3.send(new GetBucketPolicyStatusCommand({ Bucket }))
    t.check('policy status', status.PolicyStatus?.IsPublic, true)
  },
})

export const publicAccessScenarios: readonly Scenario[] = [blocksPublicPolicies]
