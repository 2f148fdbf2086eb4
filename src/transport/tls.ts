import { readFileSync } from 'node:fs'
import { isIP } from 'node:net'
import { generate } from 'selfsigned'

/** What an HTTPS listener needs, and what its clients must trust. */
export interface TlsMaterial {
  readonly key: string
  readonly cert: string
  /** PEM for clients to trust (`AWS_CA_BUNDLE`, `REQUESTS_CA_BUNDLE`, an `https.Agent`'s `ca`). */
  readonly ca: string
  /**
   * A certificate for a name the main one does not cover (`bucket.localhost`), issued when a
   * client asks for it by SNI; undefined for names we do not serve (the main certificate answers).
   */
  readonly issue?: ((servername: string) => Promise<PemPair> | undefined) | undefined
}

export interface PemPair {
  readonly key: string
  readonly cert: string
}

const WILDCARD_BIND = new Set(['0.0.0.0', '::', '[::]'])
const DNS_NAME = /^(?=.{1,253}$)([a-z0-9-]{1,63}\.)+[a-z0-9-]{1,63}$/

/**
 * Certificates for HTTPS server mode. The main certificate is self-signed for the loopback names
 * and the bound host, and is also the issuer of per-bucket certificates: `*.localhost` would not
 * do, because node and OpenSSL refuse a wildcard over a single label, so `bucket.localhost` gets
 * its own certificate, signed at the TLS handshake (SNI). Clients trust the one main certificate.
 *
 * The main certificate is itself a CA (it must sign) yet is served directly, self-signed: that
 * passes strict X.509 checks (Python ≥ 3.13's VERIFY_X509_STRICT), whereas a separate CA from
 * selfsigned would lack the key identifiers strict mode demands. Per-bucket certificates lack
 * them too, which only strict clients that also use virtual-hosted https would notice.
 */
export async function generateCertificate(host: string): Promise<TlsMaterial> {
  const dns = new Set(['localhost'])
  const ips = new Set(['127.0.0.1', '::1'])
  const bare = host.replace(/^\[|\]$/g, '').toLowerCase()
  if (!WILDCARD_BIND.has(host)) {
    if (isIP(bare) === 0) dns.add(bare)
    else ips.add(bare)
  }
  const main = await generate([{ name: 'commonName', value: 's3-kms-mock' }], {
    keyType: 'ec',
    curve: 'P-256',
    algorithm: 'sha256',
    extensions: [
      { name: 'basicConstraints', cA: true, pathLenConstraint: 0, critical: true },
      { name: 'keyUsage', digitalSignature: true, keyCertSign: true, critical: true },
      { name: 'extKeyUsage', serverAuth: true },
      {
        name: 'subjectAltName',
        altNames: [
          ...[...dns].map((value) => ({ type: 2 as const, value })),
          ...[...ips].map((ip) => ({ type: 7 as const, ip })),
        ],
      },
    ],
  })
  const issue = (servername: string): Promise<PemPair> | undefined => {
    const name = servername.toLowerCase()
    if (!DNS_NAME.test(name) || dns.has(name)) return undefined
    if (![...dns].some((parent) => name.endsWith(`.${parent}`))) return undefined
    return generate([{ name: 'commonName', value: name }], {
      keyType: 'ec',
      curve: 'P-256',
      algorithm: 'sha256',
      ca: { key: main.private, cert: main.cert },
      extensions: [
        { name: 'basicConstraints', cA: false, critical: true },
        { name: 'keyUsage', digitalSignature: true, critical: true },
        { name: 'extKeyUsage', serverAuth: true },
        { name: 'subjectAltName', altNames: [{ type: 2, value: name }] },
      ],
    }).then((leaf) => ({ key: leaf.private, cert: `${leaf.cert.trimEnd()}\n${main.cert}` }))
  }
  return { key: main.private, cert: main.cert, ca: main.cert, issue }
}

/** A certificate and key given as files (`--cert`, `--key`); clients trust the certificate. */
export function readCertificate(certFile: string, keyFile: string): TlsMaterial {
  const cert = readFileSync(certFile, 'utf8')
  const key = readFileSync(keyFile, 'utf8')
  return { key, cert, ca: cert }
}
