import { describe, expect, it } from 'vitest'

// recordUsage and canUse against the real database: limits hold under concurrency, identifiers count once, and the
// period is the subscription item's (on the customer's clock) or the calendar month.
const { db } = await import('@/lib/db')
const { recordUsage } = await import('@/lib/usage/record-usage')
const { canUse } = await import('@/lib/usage/can-use')
const { calendarMonth } = await import('@/lib/usage/period')

const newOrganization = (name: string) => db.organization.create({ data: { name }, select: { id: true } })

async function subscribe(organizationId: string, lookupKey: string, start: Date, end: Date) {
  await db.subscription.create({
    data: {
      id: `sub_${organizationId}`,
      organizationId,
      customerId: `cus_${organizationId}`,
      status: 'active',
      priceId: `price_${lookupKey}`,
      priceLookupKey: lookupKey,
      productId: `tollgate_${lookupKey.split('_')[0]}`,
      currentPeriodStart: start,
      currentPeriodEnd: end,
      stripeStateAt: new Date(),
    },
  })
}

describe('recordUsage', () => {
  it('a hard cap under 50 concurrent uses lets exactly the units that fit through, and no more', async () => {
    const { id } = await newOrganization('Capped')
    // Free: 1,000 API calls a month, hard cap. 980 used, then 50 callers race for the last 20.
    expect((await recordUsage(id, 'api_calls', 980, { identifier: 'bulk' })).outcome).toBe('recorded')
    const results = await Promise.all(Array.from({ length: 50 }, (_, i) => recordUsage(id, 'api_calls', 1, { identifier: `race-${i}` })))
    expect(results.filter((r) => r.outcome === 'recorded')).toHaveLength(20)
    expect(results.filter((r) => r.outcome === 'refused' && r.reason === 'limit_reached')).toHaveLength(30)
    const period = calendarMonth(new Date())
    const total = await db.usageTotal.findUniqueOrThrow({ where: { organizationId_meterKey_periodStart: { organizationId: id, meterKey: 'api_calls', periodStart: period.start } } })
    expect(total.used).toBe(1000)
    // A refused use leaves no event behind; the recorded ones add up to the total.
    const events = await db.usageEvent.aggregate({ where: { organizationId: id }, _sum: { value: true }, _count: true })
    expect(events).toMatchObject({ _count: 21, _sum: { value: 1000 } })
    expect(await canUse(id, 'api_calls', 1)).toMatchObject({ allowed: false, used: 1000, remaining: 0 })
    // The Free plan bills nothing: its events are kept in the app, never sent to Stripe.
    expect(await db.usageEvent.count({ where: { organizationId: id, status: { not: 'local' } } })).toBe(0)
  })

  it('concurrent uses of two organizations, with repeats and refusals, share batches yet each gets its own outcome', async () => {
    const [a, b] = await Promise.all([newOrganization('Batch A'), newOrganization('Batch B')])
    // Both on Free (1,000 a month, hard cap): A has 5 units left, B has 10.
    await Promise.all([recordUsage(a.id, 'api_calls', 995, { identifier: 'bulk' }), recordUsage(b.id, 'api_calls', 990, { identifier: 'bulk' })])
    // 12 identifiers each, every one sent twice, all at once: 48 calls that land in a few group-committed batches.
    const calls = [a.id, b.id].flatMap((organizationId) =>
      Array.from({ length: 24 }, (_, i) => ({ organizationId, identifier: `use-${i % 12}` })),
    )
    const results = await Promise.all(calls.map((call) => recordUsage(call.organizationId, 'api_calls', 1, { identifier: call.identifier })))
    for (const [organizationId, fits] of [[a.id, 5], [b.id, 10]] as const) {
      const mine = results.filter((_, i) => calls[i]!.organizationId === organizationId)
      const recorded = mine.filter((r) => r.outcome === 'recorded')
      // Exactly the units that fit, each identifier at most once; every other call is a duplicate or refused.
      expect(recorded).toHaveLength(fits)
      expect(new Set(recorded.map((r) => r.identifier)).size).toBe(fits)
      expect(mine.filter((r) => r.outcome === 'duplicate').every((r) => recorded.some((x) => x.identifier === r.identifier))).toBe(true)
      expect(mine.filter((r) => r.outcome === 'refused' && r.reason === 'limit_reached').length).toBe(24 - fits - mine.filter((r) => r.outcome === 'duplicate').length)
      expect(mine.every((r) => r.used <= 1000)).toBe(true)
      // The database agrees: the total is the limit, and only the recorded uses left rows.
      expect((await canUse(organizationId, 'api_calls')).used).toBe(1000)
      const events = await db.usageEvent.findMany({ where: { organizationId, identifier: { not: 'bulk' } }, select: { identifier: true } })
      expect(events.map((e) => e.identifier).sort()).toEqual(recorded.map((r) => r.identifier).sort())
    }
  })

  it('the same identifier recorded twice, even at once, counts once', async () => {
    const { id } = await newOrganization('Twice')
    const [a, b] = await Promise.all([recordUsage(id, 'api_calls', 7, { identifier: 'req-1' }), recordUsage(id, 'api_calls', 7, { identifier: 'req-1' })])
    expect([a.outcome, b.outcome].sort()).toEqual(['duplicate', 'recorded'])
    expect((await recordUsage(id, 'api_calls', 7, { identifier: 'req-1' })).outcome).toBe('duplicate')
    expect((await canUse(id, 'api_calls')).used).toBe(7)
  })

  it('a soft cap records past the allowance and reports the overage', async () => {
    const { id } = await newOrganization('Pro')
    const start = new Date(Date.now() - 86_400_000)
    const end = new Date(Date.now() + 29 * 86_400_000)
    await subscribe(id, 'pro_monthly', start, end)
    const first = await recordUsage(id, 'api_calls', 50_000)
    expect(first).toMatchObject({ outcome: 'recorded', used: 50_000, allowance: { included: 50_000, cap: 'soft', limit: null } })
    expect(first.period).toMatchObject({ start, end, source: 'subscription' })
    expect((await recordUsage(id, 'api_calls', 1_234)).outcome).toBe('recorded')
    expect(await canUse(id, 'api_calls', 10)).toMatchObject({ allowed: true, used: 51_234, overage: 1_234, remaining: 0 })
    // A paid plan's uses wait for the sender.
    expect(await db.usageEvent.count({ where: { organizationId: id, status: 'pending' } })).toBe(2)
  })

  it('on a test clock ahead of the server, a use is stamped inside the clock’s period, not at the server’s time', async () => {
    const { id } = await newOrganization('On a clock')
    const start = new Date(Date.now() + 90 * 86_400_000)
    const end = new Date(start.getTime() + 31 * 86_400_000)
    await subscribe(id, 'pro_monthly', start, end)
    const recorded = await recordUsage(id, 'api_calls', 3, { identifier: 'clocked' })
    expect(recorded.period.start).toEqual(start)
    const event = await db.usageEvent.findFirstOrThrow({ where: { organizationId: id } })
    expect(event.occurredAt).toEqual(start)
    expect(event.periodStart).toEqual(start)
  })

  it('past the stored period’s end (the renewal not yet in), recordUsage and canUse agree on the next period', async () => {
    const { id } = await newOrganization('Rolled over')
    const start = new Date(Date.now() - 40 * 86_400_000)
    const end = new Date(Date.now() - 10 * 86_400_000)
    await subscribe(id, 'pro_monthly', start, end)
    await db.usageTotal.create({ data: { organizationId: id, meterKey: 'api_calls', periodStart: start, periodEnd: end, used: 777 } })
    const recorded = await recordUsage(id, 'api_calls', 5)
    expect(recorded.period).toMatchObject({ start: end, source: 'subscription' })
    // The joined total (the stored period's 777) is not this period's: canUse reads the rolled period's own.
    expect(await canUse(id, 'api_calls', 1)).toMatchObject({ allowed: true, used: 5, period: { start: end } })
  })

  it('a yearly plan includes twelve months of the allowance', async () => {
    const { id } = await newOrganization('Yearly')
    await subscribe(id, 'pro_yearly', new Date(Date.now() - 86_400_000), new Date(Date.now() + 364 * 86_400_000))
    expect((await canUse(id, 'api_calls')).allowance).toEqual({ included: 600_000, cap: 'soft', limit: null })
  })

  it('refuses what is not a whole number, and a meter no plan declares', async () => {
    const { id } = await newOrganization('Careless')
    await expect(recordUsage(id, 'api_calls', 1.5)).rejects.toThrow(/whole number/)
    await expect(recordUsage(id, 'api_calls', 0)).rejects.toThrow(/whole number/)
    await expect(recordUsage(id, 'api_cals', 1)).rejects.toThrow(/No plan .* has a meter "api_cals"/)
  })
})
