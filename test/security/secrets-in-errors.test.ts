import { randomBytes } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { createMockAws, type WorldFile } from '../../src/index.js'

/** A 32-byte key in base64url: 43 characters, which the old 57-character preview showed whole. */
const KEY = randomBytes(32).toString('base64url')

async function loadError(file: WorldFile): Promise<Error> {
  return createMockAws()
    .load(file)
    .then(
      () => {
        throw new Error('the file was accepted')
      },
      (e: unknown) => e as Error,
    )
}

describe('world-file errors never echo key material (issue #14 item 6)', () => {
  it('a key material that is not base64 is described, not printed', async () => {
    const error = await loadError({ keys: [{ ref: 'k', material: KEY }] })
    expect(error.name).toBe('UsageError')
    expect(error.message).toContain('$.keys[0].material is not base64 (a string of 43 characters')
    expect(error.message).not.toContain(KEY)
    expect(error.message).not.toContain(KEY.slice(0, 16))
  })

  it('an SSE-C customer key is described, not printed', async () => {
    const file = {
      buckets: [
        {
          name: 'b-secret',
          objects: [{ key: 'o', body: 'x', encryption: { type: 'SSE-C', customerKey: KEY } }],
        },
      ],
    } as WorldFile
    const error = await loadError(file)
    expect(error.message).toContain('encryption.customerKey is not base64')
    expect(error.message).not.toContain(KEY.slice(0, 16))
  })

  it('a material of the wrong type or length says so without its value', async () => {
    const short = randomBytes(16).toString('base64')
    const error = await loadError({ keys: [{ ref: 'k', material: short }] })
    expect(error.message).toContain('must be 32 bytes (found 16)')
    expect(error.message).not.toContain(short)
  })
})
