import { InngestTestEngine } from '@inngest/test'
import { describe, expect, it } from 'vitest'

const { db } = await import('@/lib/db')
const { deleteExpiredRows } = await import('@/inngest/delete-expired-rows')
const { functions } = await import('@/inngest/functions')

describe('the hourly clean-up', () => {
  it('deletes expired sign-in tokens, closed rate-limit windows and emptied sliding windows, and keeps live ones', async () => {
    const past = new Date(Date.now() - 60_000)
    const future = new Date(Date.now() + 60_000)
    await db.verificationToken.createMany({
      data: [
        { identifier: 'old@example.com', token: 'expired-token', expires: past },
        { identifier: 'new@example.com', token: 'live-token', expires: future },
      ],
    })
    await db.rateLimit.createMany({
      data: [
        { id: 'sign-in-email:client:x:1', count: 3, expiresAt: past },
        { id: 'sign-in-email:client:x:2', count: 1, expiresAt: future },
      ],
    })
    await db.slidingWindow.createMany({
      data: [
        { id: 'sign-in-email:client:203.0.113.1', hits: String(past.getTime() - 900_000), expiresAt: past },
        { id: 'sign-in-email:client:203.0.113.2', hits: String(Date.now()), expiresAt: future },
      ],
    })

    const { result } = await new InngestTestEngine({ function: deleteExpiredRows }).execute()

    expect(result).toEqual({ verificationTokens: 1, rateLimits: 1, slidingWindows: 1 })
    expect((await db.verificationToken.findMany()).map((t) => t.token)).toEqual(['live-token'])
    expect((await db.rateLimit.findMany()).map((r) => r.id)).toEqual(['sign-in-email:client:x:2'])
    expect((await db.slidingWindow.findMany()).map((r) => r.id)).toEqual(['sign-in-email:client:203.0.113.2'])
  })

  it('is served at /api/inngest on a schedule', () => {
    expect(functions).toContain(deleteExpiredRows)
    expect(deleteExpiredRows.opts.triggers).toEqual([{ cron: 'TZ=UTC 43 * * * *' }])
  })
})
