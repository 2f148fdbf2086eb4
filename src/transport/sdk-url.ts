/**
 * The URL of an AWS SDK v3 `HttpRequest` as the SDK's own handlers put it on the wire. Portable
 * (no `node:*`): the Node fast lane and the browser lane's `requestHandler` share it.
 */

/** The members of the SDK's `HttpRequest` its URL is made of. */
interface SdkRequestAddress {
  readonly protocol: string
  readonly hostname: string
  readonly port?: number | undefined
  readonly path: string
  readonly query?: Record<string, string | string[] | null> | undefined
}

/** RFC 3986 escaping as the SDK's query-string builder does it (`!'()*` too). */
function escapeUri(text: string): string {
  return encodeURIComponent(text).replace(
    /[!'()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  )
}

/** The query as the SDK's `NodeHttpHandler` puts it on the wire (`key` alone for a null value). */
function queryString(query: SdkRequestAddress['query']): string {
  if (query === undefined) return ''
  const parts: string[] = []
  for (const name of Object.keys(query)) {
    const value = query[name]
    const key = escapeUri(name)
    if (Array.isArray(value)) {
      for (const item of value) parts.push(`${key}=${escapeUri(item)}`)
    } else if (typeof value === 'string') {
      parts.push(`${key}=${escapeUri(value)}`)
    } else {
      parts.push(key)
    }
  }
  return parts.join('&')
}

export function urlOf(request: SdkRequestAddress): string {
  let host = request.hostname
  if (host.includes(':') && !host.startsWith('[')) host = `[${host}]`
  const port = request.port === undefined ? '' : `:${String(request.port)}`
  const query = queryString(request.query)
  return `${request.protocol}//${host}${port}${request.path}${query === '' ? '' : `?${query}`}`
}
