import { isIP } from 'node:net'
import { peerAddressOf } from './peer-address'

// Whether a request comes from a process on this machine, not from the network and not from a web page: the only
// callers an unsigned endpoint may serve (decision 0021, addendum). All three must hold:
// - the socket's peer is a loopback address (the server writes it, lib/security/peer-address.ts; a request whose
//   peer this process did not record is not local);
// - the Host is a loopback name or APP_URL's host: a page on another site that rebinds its own name to 127.0.0.1
//   (DNS rebinding) reaches the socket from loopback, but with its own name in Host;
// - it is not a browser's cross-origin request: a page the developer has open can send a simple POST to localhost,
//   and browsers say so in Sec-Fetch-Site and Origin. A person opening the URL in the address bar (Sec-Fetch-Site:
//   none) still is.

const LOOPBACK_NAMES = new Set(['localhost', '127.0.0.1', '[::1]', '::1'])

export function isLoopbackAddress(address: string | undefined): boolean {
  if (!address) return false
  const plain = address.replace(/^::ffff:(?=\d+\.\d+\.\d+\.\d+$)/i, '')
  if (isIP(plain) === 4) return plain.startsWith('127.')
  return plain === '::1'
}

export function isLocalCaller(request: Request, appUrl: string): boolean {
  if (!isLoopbackAddress(peerAddressOf(request.headers))) return false
  const host = request.headers.get('host')
  const hostname = host ? hostnameOf(host) : null
  if (!hostname || !(LOOPBACK_NAMES.has(hostname) || hostname === new URL(appUrl).hostname)) return false
  const site = request.headers.get('sec-fetch-site')
  if (site === 'cross-site' || site === 'same-site') return false
  const origin = request.headers.get('origin')
  return origin === null || origin === new URL(request.url).origin || origin === new URL(appUrl).origin
}

function hostnameOf(host: string): string | null {
  try {
    return new URL(`http://${host}`).hostname
  } catch {
    return null
  }
}
