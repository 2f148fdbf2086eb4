import type { Server } from 'node:net'
import type { Socket } from 'node:net'

/**
 * A cap on open connections that a flood of idle or slow-header sockets cannot use to lock
 * others out: when it is reached, a connection with no request in flight is closed to make room,
 * first the oldest that never completed a request (an idle or slowloris socket), else the least
 * recently used keep-alive one; only when every connection is busy answering is the newcomer
 * refused. Node's own `maxConnections` refuses
 * newcomers only, which lets 1,000 slowloris sockets hold the door shut.
 */
export interface ConnectionLimit {
  /** A request started on this socket (TLS sockets count as their raw socket). */
  busy(socket: Socket): void
  /** A request on this socket finished. */
  idle(socket: Socket): void
  readonly open: number
}

function rawOf(socket: Socket): Socket {
  // Server-side TLS sockets wrap the raw TCP socket that 'connection' saw.
  return (socket as Socket & { _parent?: Socket })._parent ?? socket
}

export function limitConnections(server: Server, max: number): ConnectionLimit {
  /** Insertion order is recency: a socket moves to the end when a request starts on it. */
  const open = new Map<Socket, { inFlight: number; served: number }>()
  /** The oldest idle connection that never completed a request, else the oldest idle one. */
  const victim = (): Socket | undefined => {
    let idle: Socket | undefined
    for (const [candidate, state] of open) {
      if (state.inFlight > 0) continue
      if (state.served === 0) return candidate
      idle ??= candidate
    }
    return idle
  }
  server.on('connection', (socket: Socket) => {
    if (open.size >= max) {
      const evicted = victim()
      if (evicted === undefined) {
        socket.destroy()
        return
      }
      open.delete(evicted)
      evicted.destroy()
    }
    open.set(socket, { inFlight: 0, served: 0 })
    socket.once('close', () => open.delete(socket))
  })
  return {
    busy(socket) {
      const raw = rawOf(socket)
      const state = open.get(raw)
      if (state === undefined) return
      state.inFlight++
      open.delete(raw)
      open.set(raw, state)
    },
    idle(socket) {
      const state = open.get(rawOf(socket))
      if (state === undefined || state.inFlight === 0) return
      state.inFlight--
      state.served++
    },
    get open() {
      return open.size
    },
  }
}
