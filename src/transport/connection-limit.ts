import type { Server } from 'node:net'
import type { Socket } from 'node:net'

/**
 * A cap on open connections that a flood of idle or slow-header sockets cannot use to lock
 * others out: when it is reached, the least recently used connection with no request in flight
 * (idle keep-alive, or still sending its headers) is closed to make room; only when every
 * connection is busy answering is the newcomer refused. Node's own `maxConnections` refuses
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
  const open = new Map<Socket, { inFlight: number }>()
  server.on('connection', (socket: Socket) => {
    if (open.size >= max) {
      for (const [candidate, state] of open) {
        if (state.inFlight === 0) {
          open.delete(candidate)
          candidate.destroy()
          break
        }
      }
      if (open.size >= max) {
        socket.destroy()
        return
      }
    }
    open.set(socket, { inFlight: 0 })
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
      if (state !== undefined && state.inFlight > 0) state.inFlight--
    },
    get open() {
      return open.size
    },
  }
}
