import { describe, expect, it } from 'vitest'
import { InvalidArgument, InvalidURI } from '../../s3/errors.js'
import { parseCopySource, resolveS3Address } from './addressing.js'

const at = (url: string, custom: readonly (string | URL)[] = []) =>
  resolveS3Address(new URL(url), custom)

describe('resolveS3Address on AWS hosts', () => {
  it.each([
    ['https://bucket1.s3.us-east-1.amazonaws.com/k.txt', 'bucket1', 'k.txt', 'virtual'],
    ['https://bucket1.s3.amazonaws.com/k.txt', 'bucket1', 'k.txt', 'virtual'],
    ['https://bucket1.s3-external-1.amazonaws.com/k', 'bucket1', 'k', 'virtual'],
    ['https://bucket1.s3-us-west-2.amazonaws.com/k', 'bucket1', 'k', 'virtual'],
    ['https://bucket1.s3.dualstack.eu-west-1.amazonaws.com/k', 'bucket1', 'k', 'virtual'],
    ['https://bucket1.s3-fips.us-gov-west-1.amazonaws.com/k', 'bucket1', 'k', 'virtual'],
    ['https://bucket1.s3-fips.dualstack.us-east-1.amazonaws.com/k', 'bucket1', 'k', 'virtual'],
    ['https://bucket1.s3.cn-north-1.amazonaws.com.cn/k', 'bucket1', 'k', 'virtual'],
    ['https://s3.us-east-1.amazonaws.com/bucket1/k.txt', 'bucket1', 'k.txt', 'path'],
    ['https://s3.amazonaws.com/bucket1/k', 'bucket1', 'k', 'path'],
    ['https://s3-external-1.amazonaws.com/bucket1/k', 'bucket1', 'k', 'path'],
    ['https://s3-eu-west-1.amazonaws.com/bucket1/k', 'bucket1', 'k', 'path'],
    ['https://s3.dualstack.us-east-1.amazonaws.com/bucket1/k', 'bucket1', 'k', 'path'],
    ['https://s3-fips.us-east-1.amazonaws.com/bucket1/k', 'bucket1', 'k', 'path'],
    ['https://s3.cn-northwest-1.amazonaws.com.cn/bucket1/k', 'bucket1', 'k', 'path'],
    ['https://s3.us-east-1.amazonaws.com/my.dotted.bucket/k', 'my.dotted.bucket', 'k', 'path'],
    // A dotted bucket virtual-hosted (other clients, http) still resolves.
    ['http://my.dotted.bucket.s3.us-east-1.amazonaws.com/k', 'my.dotted.bucket', 'k', 'virtual'],
  ] as const)('%s', (url, bucket, key, style) => {
    expect(at(url)).toEqual({ bucket, key, style })
  })

  it('service, bucket and object levels', () => {
    expect(at('https://s3.us-east-1.amazonaws.com/')).toEqual({
      bucket: undefined,
      key: undefined,
      style: 'path',
    })
    expect(at('https://s3.us-east-1.amazonaws.com/b1')).toMatchObject({
      bucket: 'b1',
      key: undefined,
    })
    expect(at('https://s3.us-east-1.amazonaws.com/b1/')).toMatchObject({
      bucket: 'b1',
      key: undefined,
    })
    expect(at('https://b1.s3.us-east-1.amazonaws.com/')).toMatchObject({
      bucket: 'b1',
      key: undefined,
    })
    expect(at('https://b1.s3.us-east-1.amazonaws.com')).toMatchObject({
      bucket: 'b1',
      key: undefined,
    })
  })

  it('decodes keys exactly once and keeps + literal', () => {
    expect(at('https://s3.us-east-1.amazonaws.com/bucket1/dir/a%20b%2Bc.txt').key).toBe(
      'dir/a b+c.txt',
    )
    expect(at('https://b.s3.us-east-1.amazonaws.com/a+b').key).toBe('a+b')
    expect(at('https://b.s3.us-east-1.amazonaws.com/100%2525').key).toBe('100%25')
    expect(at('https://b.s3.us-east-1.amazonaws.com/%E4%B8%AD/%C3%BC').key).toBe('中/ü')
    expect(at('https://b.s3.us-east-1.amazonaws.com/a%2Fb').key).toBe('a/b')
  })

  it('keeps leading and doubled slashes in keys', () => {
    expect(at('https://b.s3.us-east-1.amazonaws.com//a//b/').key).toBe('/a//b/')
    expect(at('https://s3.us-east-1.amazonaws.com/b//a').key).toBe('/a')
  })

  it('a broken escape is InvalidURI', () => {
    expect(() => at('https://b.s3.us-east-1.amazonaws.com/100%')).toThrow(InvalidURI)
    expect(() => at('https://b.s3.us-east-1.amazonaws.com/%E4%B8')).toThrow(InvalidURI)
  })
})

describe('resolveS3Address on custom endpoints', () => {
  const custom = ['http://127.0.0.1:4566', 'localhost:4566']
  it('path-style on the endpoint itself', () => {
    expect(at('http://127.0.0.1:4566/b1/dir/k', custom)).toEqual({
      bucket: 'b1',
      key: 'dir/k',
      style: 'path',
    })
    expect(at('http://localhost:4566/b1', custom)).toEqual({
      bucket: 'b1',
      key: undefined,
      style: 'path',
    })
  })

  it('virtual-hosted under the endpoint host', () => {
    expect(at('http://bucket1.localhost:4566/k%20x', custom)).toEqual({
      bucket: 'bucket1',
      key: 'k x',
      style: 'virtual',
    })
    expect(at('http://bucket1.localhost:4566/', [new URL('http://localhost:4566')])).toEqual({
      bucket: 'bucket1',
      key: undefined,
      style: 'virtual',
    })
  })

  it('the port is part of the endpoint', () => {
    expect(at('http://bucket1.localhost:9999/k', custom).style).toBe('path')
  })

  it('unknown hosts are path-style', () => {
    expect(at('http://10.0.0.1:9000/b/k')).toEqual({ bucket: 'b', key: 'k', style: 'path' })
  })
})

describe('parseCopySource', () => {
  it.each([
    ['bucket1/dir/a b+c.txt', 'bucket1', 'dir/a b+c.txt', undefined],
    ['bucket1/dir/a%20b%2Bc.txt', 'bucket1', 'dir/a b+c.txt', undefined],
    ['/bucket1/dir/a%20b%2Bc.txt', 'bucket1', 'dir/a b+c.txt', undefined],
    [
      '/bucket1/k?versionId=3HL4kqtJlcpXroDTDmJ%2BrmSpXd3dIbrHY',
      'bucket1',
      'k',
      '3HL4kqtJlcpXroDTDmJ+rmSpXd3dIbrHY',
    ],
    ['bucket1/a+b.txt', 'bucket1', 'a+b.txt', undefined],
    ['bucket1/100%.txt', 'bucket1', '100%.txt', undefined],
    ['bucket1/ü/中 x', 'bucket1', 'ü/中 x', undefined],
    ['bucket1/%C3%BC', 'bucket1', 'ü', undefined],
    ['bucket1/dir/', 'bucket1', 'dir/', undefined],
    ['bucket1//lead', 'bucket1', '/lead', undefined],
  ] as const)('%s', (header, bucket, key, versionId) => {
    expect(parseCopySource(header)).toEqual(
      versionId === undefined ? { bucket, key } : { bucket, key, versionId },
    )
  })

  it.each(['bucket1', 'bucket1/', '/bucket1', '', '/', '/k?versionId=1'])(
    '%j is InvalidArgument',
    (header) => {
      const error = (() => {
        try {
          parseCopySource(header)
        } catch (e) {
          return e
        }
        return undefined
      })()
      expect(error).toBeInstanceOf(InvalidArgument)
      expect(error).toMatchObject({
        message: 'Copy Source must mention the source bucket and key: sourcebucket/sourcekey',
        fields: { ArgumentName: 'x-amz-copy-source', ArgumentValue: header },
      })
    },
  )
})
