import { listResourceTags, tagResource, untagResource } from '../../../kms/operations/tags.js'
import { defineKmsOperation } from '../define.js'
import { keyId, limit, marker, tags } from './members.js'

export const tagOperations = {
  TagResource: defineKmsOperation({
    name: 'TagResource',
    readOnly: false,
    run: tagResource,
    members: { KeyId: keyId, Tags: { ...tags, required: true } },
  }),
  UntagResource: defineKmsOperation({
    name: 'UntagResource',
    readOnly: false,
    run: untagResource,
    members: {
      KeyId: keyId,
      TagKeys: { type: 'list', required: true, of: { type: 'string', min: 1, max: 128 } },
    },
  }),
  ListResourceTags: defineKmsOperation({
    name: 'ListResourceTags',
    readOnly: true,
    run: listResourceTags,
    members: { KeyId: keyId, Limit: limit, Marker: marker },
  }),
}
