import { describe, expect, it } from 'vitest'
import { clientKeyOf, UNIDENTIFIED_CLIENT } from '@/lib/auth/client-key'
import { mailboxOf } from '@/lib/auth/mailbox'

const headers = (init: Record<string, string>) => new Headers(init)
const none = { TRUSTED_PROXY_HOPS: undefined, TRUSTED_CLIENT_IP_HEADER: undefined }

describe('client identity for rate limits', () => {
  it('by default believes no header: every client shares one key', () => {
    const forgeries: Record<string, string>[] = [{ 'x-forwarded-for': '203.0.113.1' }, { 'x-real-ip': '203.0.113.2' }, { 'cf-connecting-ip': '203.0.113.3' }, {}]
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
