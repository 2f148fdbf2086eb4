import type { WorldFile } from '../../src/index.js'

/** The failure message of an assertion, with key ids and version ids masked for snapshots. */
export function failureOf(assertion: () => unknown): string {
  try {
    assertion()
  } catch (error) {
    return (error as Error).message
      .replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g, '<key-id>')
      .replace(/version [A-Za-z0-9._]{32}/g, 'version <version-id>')
  }
  throw new Error('expected the assertion to fail, but it passed')
}

/** Two keys with aliases and a bucket holding an SSE-KMS object and an SSE-S3 object. */
export const twoKeysWorld: WorldFile = {
  keys: [
    { ref: 'invoices', aliases: ['alias/invoices'] },
    { ref: 'other', aliases: ['alias/other'] },
  ],
  buckets: [
    {
      name: 'docs',
      objects: [
        {
          key: 'kms.txt',
          body: 'under KMS',
          encryption: { type: 'SSE-KMS', key: 'invoices', context: { tenant: 'acme' } },
        },
        { key: 's3.txt', body: 'under S3' },
      ],
    },
  ],
}
