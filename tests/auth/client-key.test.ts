import { request as httpRequest, createServer, type IncomingHttpHeaders } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, describe, expect, it } from 'vitest'
import { clientKeyOf, UNIDENTIFIED_CLIENT } from '@/lib/auth/client-key'
import { mailboxOf } from '@/lib/auth/mailbox'
import { PEER_ADDRESS_HEADER, recordPeerAddresses } from '@/lib/security/peer-address'

const headers = (init: Record<string, string>) => new Headers(init)
const none = { TRUSTED_PROXY_HOPS: undefined, TRUSTED_CLIENT_IP_HEADER: undefined }

// A real HTTP server, as `next start` runs one: the key is computed from the headers the route would see.
recordPeerAddresses()
type ClientConfig = Parameters<typeof clientKeyOf>[1]
let config: ClientConfig
const server = createServer((req, res) => res.end(clientKeyOf(headersOf(req.headers), config)))
await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())))

function headersOf(incoming: IncomingHttpHeaders): Headers {
  const headers = new Headers()
  for (const [name, value] of Object.entries(incoming)) if (typeof value === 'string') headers.set(name, value)
  return headers
}

/** The key the server gives a request sent from `from` (any 127.x.y.z is this machine) with `sent` headers. */
function keyOverSocket(from: string, sent: Record<string, string>, withConfig: ClientConfig): Promise<string> {
  config = withConfig
  return new Promise((resolve, reject) => {
    const request = httpRequest({ host: '127.0.0.1', port: (server.address() as AddressInfo).port, localAddress: from, headers: sent }, (response) => {
      let body = ''
      response.on('data', (chunk: Buffer) => (body += chunk.toString()))
      response.on('end', () => resolve(body))
    })
    request.on('error', reject)
    request.end()
  })
}

describe('client identity for rate limits', () => {
  it('without a proxy setting (or with TRUSTED_PROXY_HOPS=0), the client is the socket: forged headers change nothing, two sockets are two clients', async () => {
    const forged = { 'x-forwarded-for': '203.0.113.1', 'x-real-ip': '203.0.113.2', 'cf-connecting-ip': '203.0.113.3', [PEER_ADDRESS_HEADER]: '203.0.113.4' }
    for (const setting of [none, { ...none, TRUSTED_PROXY_HOPS: 0 }]) {
      expect(await keyOverSocket('127.0.0.1', forged, setting)).toBe('127.0.0.1')
      expect(await keyOverSocket('127.0.0.2', forged, setting)).toBe('127.0.0.2')
      expect(await keyOverSocket('127.0.0.3', {}, setting)).toBe('127.0.0.3')
    }
  })

  it('a request that did not come through the configured proxy or platform is counted by its socket', async () => {
    expect(await keyOverSocket('127.0.0.5', { 'x-forwarded-for': '203.0.113.1' }, { ...none, TRUSTED_CLIENT_IP_HEADER: 'cf-connecting-ip' })).toBe('127.0.0.5')
    expect(await keyOverSocket('127.0.0.6', { 'x-forwarded-for': '203.0.113.1' }, { ...none, TRUSTED_PROXY_HOPS: 2 })).toBe('127.0.0.6')
    expect(await keyOverSocket('127.0.0.7', { 'cf-connecting-ip': '198.51.100.8' }, { ...none, TRUSTED_CLIENT_IP_HEADER: 'cf-connecting-ip' })).toBe('198.51.100.8')
  })

  it('believes no header a client can write: without a socket this process recorded, the key is unidentified', () => {
    const forgeries: Record<string, string>[] = [{ 'x-forwarded-for': '203.0.113.1' }, { 'x-real-ip': '203.0.113.2' }, { 'cf-connecting-ip': '203.0.113.3' }, { [PEER_ADDRESS_HEADER]: '203.0.113.4' }, { [PEER_ADDRESS_HEADER]: 'guess 203.0.113.5' }, {}]
    for (const forged of forgeries) {
      expect(clientKeyOf(headers(forged), none)).toBe(UNIDENTIFIED_CLIENT)
    }
  })

  it('behind n trusted proxies, takes the n-th address from the right and ignores what the client wrote before it', () => {
    const oneHop = { ...none, TRUSTED_PROXY_HOPS: 1 }
    expect(clientKeyOf(headers({ 'x-forwarded-for': '198.51.100.7' }), oneHop)).toBe('198.51.100.7')
    expect(clientKeyOf(headers({ 'x-forwarded-for': '203.0.113.9, 10.0.0.1, 198.51.100.7' }), oneHop)).toBe('198.51.100.7')
    const twoHops = { ...none, TRUSTED_PROXY_HOPS: 2 }
    expect(clientKeyOf(headers({ 'x-forwarded-for': 'forged, 198.51.100.7, 10.0.0.2' }), twoHops)).toBe('198.51.100.7')
    // Fewer entries than proxies: it did not come through them.
    expect(clientKeyOf(headers({ 'x-forwarded-for': '198.51.100.7' }), twoHops)).toBe(UNIDENTIFIED_CLIENT)
    expect(clientKeyOf(headers({ 'x-real-ip': '198.51.100.7' }), oneHop)).toBe(UNIDENTIFIED_CLIENT)
  })

  it('on a platform, believes only the header it names', () => {
    const cloudflare = { ...none, TRUSTED_CLIENT_IP_HEADER: 'cf-connecting-ip' }
    expect(clientKeyOf(headers({ 'cf-connecting-ip': '198.51.100.8', 'x-forwarded-for': '203.0.113.1' }), cloudflare)).toBe('198.51.100.8')
    expect(clientKeyOf(headers({ 'x-forwarded-for': '203.0.113.1' }), cloudflare)).toBe(UNIDENTIFIED_CLIENT)
    expect(clientKeyOf(headers({ 'cf-connecting-ip': 'not-an-address' }), cloudflare)).toBe(UNIDENTIFIED_CLIENT)
  })

  it('counts an IPv6 client per /64, however it writes its address', () => {
    const oneHop = { ...none, TRUSTED_PROXY_HOPS: 1 }
    const a = clientKeyOf(headers({ 'x-forwarded-for': '2001:db8:1:2::1' }), oneHop)
    const b = clientKeyOf(headers({ 'x-forwarded-for': '2001:0db8:0001:0002:ffff:ffff:ffff:fffe' }), oneHop)
    expect(a).toBe('2001:db8:1:2::/64')
    expect(b).toBe(a)
    expect(clientKeyOf(headers({ 'x-forwarded-for': '2001:db8:1:3::1' }), oneHop)).not.toBe(a)
    expect(clientKeyOf(headers({ 'x-forwarded-for': '::ffff:198.51.100.7' }), oneHop)).toBe('198.51.100.7')
  })
})

describe('the mailbox an address delivers to', () => {
  it('ignores case, a +tag and trailing dots on the domain', () => {
    for (const address of ['ada+billing@example.com', 'ADA@Example.COM', 'ada@example.com.', 'ada+x+y@example.com..']) {
      expect(mailboxOf(address)).toBe('ada@example.com')
    }
  })

  it('ignores dots on Gmail, which documents that it does, and nowhere else', () => {
    expect(mailboxOf('a.d.a+x@googlemail.com')).toBe('ada@gmail.com')
    expect(mailboxOf('A.da@gmail.com')).toBe('ada@gmail.com')
    expect(mailboxOf('a.da@example.com')).toBe('a.da@example.com')
  })
})
