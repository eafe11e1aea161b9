import { beforeAll, describe, expect, it } from 'vitest'

// The operator console's ledger reads: every filter, search by id, keyset pages that never skip or repeat a row,
// capped counts per status, and filters that do not parse answered in words.
const { db } = await import('@/lib/db')
const { parseLedgerQuery, encodeCursor } = await import('@/lib/webhooks/ledger-query')
const { listLedgerEvents, countLedgerStatuses } = await import('@/lib/webhooks/ledger-search')

const STATUSES = ['processed', 'processed', 'processed', 'failed', 'queued', 'ignored'] as const
const TYPES = ['invoice.paid', 'customer.subscription.updated', 'charge.refunded'] as const
const DAY = 86_400_000
const START = Date.UTC(2026, 10, 1)

// 120 events over 12 days, three customers, many sharing one receivedAt (a batch recorded in one statement).
const rows = Array.from({ length: 120 }, (_, i) => ({
  id: `evt_seed_${String(i).padStart(3, '0')}`,
  type: TYPES[i % TYPES.length]!,
  status: STATUSES[i % STATUSES.length]!,
  customerId: i % 4 === 3 ? null : `cus_seed${i % 4}`,
  livemode: false,
  payload: '{}',
  stripeCreatedAt: new Date(START + Math.floor(i / 10) * DAY),
  receivedAt: new Date(START + Math.floor(i / 10) * DAY + (i % 2) * 1000),
  // Every 15th arrived in another API version than the pinned one.
  apiVersion: i % 15 === 9 ? '2025-03-31.basil' : '2026-10-28.endive',
  versionMismatch: i % 15 === 9,
}))

beforeAll(async () => {
  await db.stripeEvent.createMany({ data: rows })
  await db.organization.create({ data: { id: 'org_seed_1', name: 'Seed One', stripeCustomerId: 'cus_seed1' } })
  await db.organization.create({ data: { id: 'org_seed_none', name: 'No customer yet' } })
})

const newestFirst = (list: typeof rows) => [...list].sort((a, b) => b.receivedAt.getTime() - a.receivedAt.getTime() || (a.id < b.id ? 1 : -1)).map((row) => row.id)
const query = (params: Record<string, string>) => parseLedgerQuery(params)

/** Every id the filters match, walking the pages by their cursors. */
async function walk(params: Record<string, string>, take: number) {
  const { filters } = query(params)
  const ids: string[] = []
  let cursor = null as Awaited<ReturnType<typeof listLedgerEvents>>['next']
  do {
    const page = await listLedgerEvents(filters, cursor, take)
    expect(page.events.length).toBeLessThanOrEqual(take)
    ids.push(...page.events.map((event) => event.id))
    cursor = page.next
  } while (cursor)
  return ids
}

describe('the ledger list', () => {
  it('pages through every event newest first, by keyset cursor, skipping and repeating none (ties on receivedAt included)', async () => {
    expect(await walk({}, 7)).toEqual(newestFirst(rows))
  })

  it.each([
    ['status', { status: 'failed' }, (row: (typeof rows)[number]) => row.status === 'failed'],
    ['type', { type: 'invoice.paid' }, (row: (typeof rows)[number]) => row.type === 'invoice.paid'],
    ['customer', { customer: 'cus_seed2' }, (row: (typeof rows)[number]) => row.customerId === 'cus_seed2'],
    ['organization (its Stripe customer)', { organization: 'org_seed_1' }, (row: (typeof rows)[number]) => row.customerId === 'cus_seed1'],
    ['date range, both days included', { from: '2026-11-03', to: '2026-11-05' }, (row: (typeof rows)[number]) => row.receivedAt >= new Date('2026-11-03') && row.receivedAt < new Date('2026-11-06')],
    ['another API version', { version: 'other' }, (row: (typeof rows)[number]) => row.versionMismatch === true],
    ['another API version and a status', { version: 'other', status: 'failed' }, (row: (typeof rows)[number]) => row.versionMismatch === true && row.status === 'failed'],
    ['combined filters', { status: 'processed', type: 'charge.refunded', customer: 'cus_seed2', from: '2026-11-02' }, (row: (typeof rows)[number]) => row.status === 'processed' && row.type === 'charge.refunded' && row.customerId === 'cus_seed2' && row.receivedAt >= new Date('2026-11-02')],
  ])('filters by %s', async (_name, params, keep) => {
    const expected = newestFirst(rows.filter(keep))
    expect(expected.length).toBeGreaterThan(0)
    expect(await walk(params, 4)).toEqual(expected)
  })

  it('finds one event by its id', async () => {
    expect(await walk({ q: 'evt_seed_042' }, 50)).toEqual(['evt_seed_042'])
    expect(await walk({ q: 'evt_seed_999' }, 50)).toEqual([])
  })

  it('shows nothing for an organization with no Stripe customer, or one whose customer is not the one asked for', async () => {
    expect(await walk({ organization: 'org_seed_none' }, 50)).toEqual([])
    expect(await walk({ organization: 'org_seed_1', customer: 'cus_seed2' }, 50)).toEqual([])
    expect(await walk({ organization: 'org_nobody' }, 50)).toEqual([])
  })

  it('continues from a cursor that travelled through the URL', async () => {
    const first = await listLedgerEvents(query({ status: 'processed' }).filters, null, 5)
    const second = await listLedgerEvents(query({ status: 'processed', after: encodeCursor(first.next!) }).filters, query({ after: encodeCursor(first.next!) }).cursor, 5)
    expect([...first.events, ...second.events].map((event) => event.id)).toEqual(newestFirst(rows.filter((row) => row.status === 'processed')).slice(0, 10))
  })
})

describe('counts per status', () => {
  it('count every status under the other filters, ignoring the status filter itself', async () => {
    const ranged = await countLedgerStatuses(query({ from: '2026-11-03', to: '2026-11-05', customer: 'cus_seed2' }).filters)
    expect(ranged.processed).toBe(rows.filter((row) => row.status === 'processed' && row.customerId === 'cus_seed2' && row.receivedAt >= new Date('2026-11-03') && row.receivedAt < new Date('2026-11-06')).length)
    expect(ranged.processed).toBeGreaterThan(0)
    const counts = await countLedgerStatuses(query({ type: 'invoice.paid', status: 'failed' }).filters)
    const expected = (status: string) => rows.filter((row) => row.type === 'invoice.paid' && row.status === status).length
    expect(counts).toEqual({ received: 0, queued: expected('queued'), processed: expected('processed'), failed: expected('failed'), ignored: expected('ignored'), refused: 0 })
    expect(counts.processed).toBeGreaterThan(0)
    const otherVersion = await countLedgerStatuses(query({ version: 'other' }).filters)
    expect(otherVersion.failed).toBe(rows.filter((row) => row.versionMismatch && row.status === 'failed').length)
    expect(otherVersion.failed).toBeGreaterThan(0)
    expect(otherVersion.processed).toBe(rows.filter((row) => row.versionMismatch && row.status === 'processed').length)
  })
})

describe('capped counts', () => {
  it('stop just past the cap, so a large status reads as "10,000+" and never costs more than that many rows', async () => {
    const { STATUS_COUNT_CAP } = await import('@/lib/webhooks/ledger-search')
    const { formatCount } = await import('@/components/admin/format')
    const many = Array.from({ length: STATUS_COUNT_CAP + 5 }, (_, i) => ({ id: `evt_many_${i}`, type: 'customer.updated', status: 'received', livemode: false, payload: '{}', stripeCreatedAt: new Date(START), receivedAt: new Date(START) }))
    await db.stripeEvent.createMany({ data: many })
    const counts = await countLedgerStatuses(query({ type: 'customer.updated' }).filters)
    expect(counts.received).toBe(STATUS_COUNT_CAP + 1)
    expect(formatCount(counts.received, STATUS_COUNT_CAP)).toBe('10,000+')
    expect(formatCount(STATUS_COUNT_CAP, STATUS_COUNT_CAP)).toBe('10,000')
  })
})

describe('filters that do not parse', () => {
  it('are left out and named, so a typo never reaches a query', () => {
    const parsed = query({ status: 'done', customer: 'bob', from: '2026-13-45x', q: "evt_1' OR 1=1", after: '!!', type: 'invoice.paid', version: '2025-03-31.basil' })
    expect(parsed.filters).toMatchObject({ status: undefined, customerId: undefined, from: undefined, eventId: undefined, versionMismatch: undefined, type: 'invoice.paid' })
    expect(parsed.cursor).toBeNull()
    expect(parsed.problems).toHaveLength(6)
    expect(parsed.problems.join(' ')).toMatch(/Status must be one of/)
  })

  it('a “to” before “from” is named', () => {
    expect(query({ from: '2026-11-05', to: '2026-11-01' }).problems).toEqual(['The “to” date is before the “from” date.'])
  })

  it('a page link whose cursor does not decode is named', () => {
    expect(query({ after: Buffer.from('yesterday|evt_1').toString('base64url') }).problems).toEqual(['That page link is not valid; start again from the first page.'])
  })
})
