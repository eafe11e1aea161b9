import { randomBytes, timingSafeEqual } from 'node:crypto'
import { subscribe } from 'node:diagnostics_channel'
import { IncomingMessage } from 'node:http'
import { isIP } from 'node:net'

// Who is at the other end of the TCP connection. Next 16 gives a route handler, a server action or the proxy no way
// to the socket (`NextRequest.ip` is gone), and `next start` keeps any X-Forwarded-For a client sends (it fills the
// header with the socket's address only when it is absent), so without this the app cannot tell one client without
// a proxy from another (decision 0052). Node publishes every incoming request on the `http.server.request.start`
// diagnostics channel just before the server's 'request' event (https://nodejs.org/api/diagnostics_channel.html,
// "Built-in Channels", HTTP): this writes the socket's address into a header of ours, replacing whatever a client
// sent under that name.
//
// The value carries a secret made when this process started recording: `next start` accepts connections before it
// runs instrumentation.ts, so the first requests of a fresh server are parsed before anything listens on the
// channel, and a client could have sent the header itself. Without the secret the header is not believed.

/** The request header that carries the socket's peer address, as "<process secret> <address>". */
export const PEER_ADDRESS_HEADER = 'x-tollgate-peer-address'

// Shared through globalThis: Next bundles instrumentation.ts and the routes separately, each with its own copy of
// this module, and both must see the one secret of the process.
const SECRET = Symbol.for('tollgate.peer-address-secret')
type WithSecret = typeof globalThis & { [SECRET]?: string }
const processSecret = () => (globalThis as WithSecret)[SECRET]

const isIncomingRequest = (message: unknown): message is { request: IncomingMessage } =>
  typeof message === 'object' && message !== null && 'request' in message && message.request instanceof IncomingMessage

function writePeerAddress(message: unknown) {
  if (!isIncomingRequest(message)) return
  const { request } = message
  const address = request.socket.remoteAddress
  if (address) request.headers[PEER_ADDRESS_HEADER] = `${processSecret()} ${address}`
  else delete request.headers[PEER_ADDRESS_HEADER]
}

/** Starts writing PEER_ADDRESS_HEADER on every request this process serves; instrumentation.ts calls it once. */
export function recordPeerAddresses(): void {
  const global = globalThis as WithSecret
  if (global[SECRET]) return
  global[SECRET] = randomBytes(18).toString('base64url')
  subscribe('http.server.request.start', writePeerAddress)
}

/** The socket's peer address of the request with these headers, when this process wrote it; otherwise undefined. */
export function peerAddressOf(headers: Headers): string | undefined {
  const secret = processSecret()
  const [given = '', address = ''] = (headers.get(PEER_ADDRESS_HEADER) ?? '').split(' ')
  if (!secret || given.length !== secret.length || !timingSafeEqual(Buffer.from(given), Buffer.from(secret))) return undefined
  return isIP(address) ? address : undefined
}
