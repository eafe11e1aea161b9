import { isIP } from 'node:net'
import { env, type Env } from '@/lib/env'
import { peerAddressOf } from '@/lib/security/peer-address'

// Who is asking, for per-client rate limits. A client can put anything in X-Forwarded-For or X-Real-IP, and
// `next start` keeps a forwarding header it was sent (it fills X-Forwarded-For with the peer address only when
// the header is missing), so no header is believed unless the deployment says how it is reached:
// - TRUSTED_PROXY_HOPS=n (n ≥ 1): n proxies you run each append the address they saw to X-Forwarded-For; the
//   client is the n-th entry from the right (entries further left were written by the client and are ignored).
// - TRUSTED_CLIENT_IP_HEADER=name: the platform sets that header itself and overwrites a client's copy
//   (cf-connecting-ip on Cloudflare, x-real-ip on Vercel, fly-client-ip on Fly.io).
// Otherwise (nothing configured, TRUSTED_PROXY_HOPS=0, or a request that did not come through the proxy or platform
// configured) the client is the socket's peer address, which the server writes itself (lib/security/peer-address.ts):
// one client's requests never spend another's budget (decision 0052).

/** The key of a request whose socket address this process did not record (its first milliseconds, see peer-address). */
export const UNIDENTIFIED_CLIENT = 'unidentified'

type ClientConfig = Pick<Env, 'TRUSTED_PROXY_HOPS' | 'TRUSTED_CLIENT_IP_HEADER'>

export function clientKeyOf(headers: Headers, config: ClientConfig = env()): string {
  for (const candidate of [trustedAddress(headers, config), peerAddressOf(headers)]) {
    const key = candidate && addressKey(candidate)
    if (key) return key
  }
  return UNIDENTIFIED_CLIENT
}

function trustedAddress(headers: Headers, { TRUSTED_PROXY_HOPS: hops, TRUSTED_CLIENT_IP_HEADER: header }: ClientConfig) {
  if (header) return headers.get(header)?.split(',')[0]?.trim()
  if (!hops) return undefined
  const chain = (headers.get('x-forwarded-for') ?? '').split(',').map((entry) => entry.trim())
  // Fewer entries than proxies: the request did not come through them.
  return chain.length >= hops ? chain[chain.length - hops] : undefined
}

/** One key per IPv4 address, and per /64 for IPv6, since one IPv6 subscriber usually holds a whole /64. */
function addressKey(raw: string): string | undefined {
  const address = raw.replace(/^\[|\]$/g, '').replace(/^::ffff:(?=\d+\.\d+\.\d+\.\d+$)/i, '')
  const version = isIP(address)
  if (version === 4) return address
  if (version === 6) return `${expandIPv6(address).slice(0, 4).join(':')}::/64`
  return undefined // not an address: a misconfigured header, or one the platform did not set
}

function expandIPv6(address: string): string[] {
  const [head = '', tail] = address.toLowerCase().split('::')
  const left = head ? head.split(':') : []
  const right = tail ? tail.split(':') : []
  const zeros = tail === undefined ? [] : Array<string>(8 - left.length - right.length).fill('0')
  return [...left, ...zeros, ...right].map((group) => group.replace(/^0+(?=.)/, ''))
}
