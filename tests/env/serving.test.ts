import { PHASE_PRODUCTION_BUILD, PHASE_PRODUCTION_SERVER } from 'next/constants'
import { describe, expect, it } from 'vitest'

delete process.env.NEXTAUTH_SECRET
const { default: nextConfig } = await import('@/next.config')

describe('a local preview without NEXTAUTH_SECRET', () => {
  it('builds, since next build signs nothing', () => {
    expect(nextConfig(PHASE_PRODUCTION_BUILD).poweredByHeader).toBe(false)
  })

  it('stops at `next start`, naming the variable and how to set it', () => {
    expect(() => nextConfig(PHASE_PRODUCTION_SERVER)).toThrow(/NEXTAUTH_SECRET is required to serve a production build, even on localhost/)
  })
})
