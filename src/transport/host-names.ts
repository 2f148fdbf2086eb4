import { isIP } from 'node:net'

/**
 * Which `Host` headers server mode answers (SPEC §7), so that a web page cannot reach it by DNS
 * rebinding: a rebound name arrives as the attacker's own host name, never as one of these.
 * Accepted: IP literals (a browser sends a literal only when the page itself was loaded from one),
 * `localhost` and `*.localhost` (RFC 6761 keeps them on this machine; `<bucket>.localhost` is
 * virtual-hosted addressing), the bound host, and names the user lists (a docker-compose service
 * name), each with its subdomains (virtual-hosted buckets under it). A request without a Host
 * (HTTP/1.0) is not from a browser and is accepted.
 */
export function hostMatcher(
  boundHost: string,
  extra: readonly string[],
): (host: string | undefined) => boolean {
  const names = new Set(
    [boundHost, ...extra].map((n) => normalise(n)).filter((n) => n !== '' && isIP(n) === 0),
  )
  return (host) => {
    if (host === undefined) return true
    const name = normalise(hostnameOf(host))
    if (name === '') return false
    if (isIP(name) !== 0) return true
    if (name === 'localhost' || name.endsWith('.localhost')) return true
    for (const allowed of names) {
      if (name === allowed || name.endsWith(`.${allowed}`)) return true
    }
    return false
  }
}

/** The host name of a `Host` header value: without port, brackets or a trailing dot. */
function hostnameOf(host: string): string {
  const value = host.trim()
  if (value.startsWith('[')) {
    const end = value.indexOf(']')
    return end === -1 ? '' : value.slice(1, end)
  }
  const colon = value.indexOf(':')
  return colon === -1 || value.indexOf(':', colon + 1) !== -1 ? value : value.slice(0, colon)
}

function normalise(name: string): string {
  return name
    .trim()
    .toLowerCase()
    .replace(/^\[|\]$/g, '')
    .replace(/\.$/, '')
}
