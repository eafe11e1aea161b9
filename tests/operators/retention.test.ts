import { execFile } from 'node:child_process'
import { promisify } from 'node:util'
import { InngestTestEngine } from '@inngest/test'
import { afterAll, beforeEach, describe, expect, it } from 'vitest'
import { startInngestStandIn } from '../support/inngest-stand-in'
import { daysAgo, insertLedgerRows, type LedgerRow } from './ledger-rows'

const inngest = await startInngestStandIn()
process.env.INNGEST_DEV = inngest.url

const { db } = await import('@/lib/db')
const { parseEnv } = await import('@/lib/env')
const { pruneLedgerBatch, retentionCutoff, PRUNE_BATCH_SIZE } = await import('@/lib/webhooks/retention')
const { createPruneLedgerPayloads, pruneLedgerPayloads, PRUNE_LEDGER_PAYLOADS } = await import('@/inngest/prune-ledger-payloads')
const { functions } = await import('@/inngest/functions')

beforeEach(async () => {
  await db.stripeEvent.deleteMany()
})
afterAll(() => inngest.close())

const pruned = async () => (await db.stripeEvent.findMany({ where: { payloadPrunedAt: { not: null } }, orderBy: { id: 'asc' }, select: { id: true } })).map((r) => r.id)

describe('the retention age', () => {
  it('defaults to 90 days and refuses less than Stripe’s own 30', () => {
    expect(parseEnv({}).LEDGER_PAYLOAD_RETENTION_DAYS).toBe(90)
    expect(parseEnv({ LEDGER_PAYLOAD_RETENTION_DAYS: '45' }).LEDGER_PAYLOAD_RETENTION_DAYS).toBe(45)
    expect(() => parseEnv({ LEDGER_PAYLOAD_RETENTION_DAYS: '7' })).toThrow(/LEDGER_PAYLOAD_RETENTION_DAYS must be at least 30 days/)
  })
})

describe('the retention job', () => {
  it('empties the payload of old processed and ignored events and keeps failed, received, queued and recent ones', async () => {
    await insertLedgerRows(db, [
      { id: 'evt_old_processed', status: 'processed', receivedAt: daysAgo(120) },
      { id: 'evt_old_ignored', status: 'ignored', type: 'charge.succeeded', receivedAt: daysAgo(100) },
      { id: 'evt_old_failed', status: 'failed', receivedAt: daysAgo(200) },
      { id: 'evt_old_received', status: 'received', receivedAt: daysAgo(150) },
      { id: 'evt_old_queued', status: 'queued', receivedAt: daysAgo(95) },
      { id: 'evt_recent_processed', status: 'processed', receivedAt: daysAgo(89) },
    ])

    const { result } = await new InngestTestEngine({ function: pruneLedgerPayloads }).execute()

    expect(result).toMatchObject({ pruned: 2, continues: false })
    expect(await pruned()).toEqual(['evt_old_ignored', 'evt_old_processed'])
    const old = await db.stripeEvent.findUniqueOrThrow({ where: { id: 'evt_old_processed' } })
    // What the event was stays: its type, object, customer, status and timestamps.
    expect(old).toMatchObject({ payload: '', type: 'customer.subscription.updated', status: 'processed', payloadPrunedAt: expect.any(Date) })
    for (const id of ['evt_old_failed', 'evt_old_received', 'evt_old_queued', 'evt_recent_processed']) {
      expect(JSON.parse((await db.stripeEvent.findUniqueOrThrow({ where: { id } })).payload)).toMatchObject({ id })
    }
  })

  it('prunes in batches of bounded size, one step each, and a second run changes nothing', async () => {
    const rows: LedgerRow[] = Array.from({ length: PRUNE_BATCH_SIZE * 2 + 117 }, (_, i) => ({ id: `evt_bulk_${String(i).padStart(5, '0')}`, receivedAt: daysAgo(91 + (i % 30)) }))
    await insertLedgerRows(db, rows)

    expect(await pruneLedgerBatch(retentionCutoff(90), 100)).toBe(100)
    const { result, ctx } = await new InngestTestEngine({ function: pruneLedgerPayloads }).execute()

    expect(result).toMatchObject({ pruned: rows.length - 100, continues: false })
    const batchSteps = ctx.step.run.mock.calls.map(([id]) => id).filter((id) => String(id).startsWith('prune-batch-'))
    expect(batchSteps).toEqual(['prune-batch-0', 'prune-batch-1', 'prune-batch-2'])
    expect(await db.stripeEvent.count({ where: { payloadPrunedAt: null } })).toBe(0)

    const again = await new InngestTestEngine({ function: pruneLedgerPayloads }).execute()
    expect(again.result).toMatchObject({ pruned: 0, continues: false })
  })

  it('hands a backlog bigger than one run to a new run with the same cutoff, which finishes it', async () => {
    // The served function does 40 batches of 500 a run; the same function with 3 batches of 10 shows the hand-over.
    const small = createPruneLedgerPayloads({ batchSize: 10, batchesPerRun: 3 })
    await insertLedgerRows(db, Array.from({ length: 35 }, (_, i) => ({ id: `evt_backlog_${String(i).padStart(3, '0')}`, receivedAt: daysAgo(200) })))

    const first = await new InngestTestEngine({ function: small }).execute()
    const { cutoff } = first.result as { cutoff: string }
    expect(first.result).toEqual({ cutoff, pruned: 30, continues: true })
    expect(inngest.accepted.map(({ name, data }) => ({ name, data }))).toEqual([{ name: PRUNE_LEDGER_PAYLOADS, data: { cutoff } }])

    const second = await new InngestTestEngine({ function: small, events: [{ name: PRUNE_LEDGER_PAYLOADS, data: inngest.accepted[0]!.data }] }).execute()
    expect(second.result).toEqual({ cutoff, pruned: 5, continues: false })
    expect(await db.stripeEvent.count({ where: { payloadPrunedAt: null } })).toBe(0)
  })

  it('never prunes younger than the retention age, whatever cutoff an event carries', async () => {
    await insertLedgerRows(db, [{ id: 'evt_last_week', receivedAt: daysAgo(7) }])

    const { result } = await new InngestTestEngine({ function: pruneLedgerPayloads, events: [{ name: PRUNE_LEDGER_PAYLOADS, data: { cutoff: new Date().toISOString() } }] }).execute()

    expect(result).toMatchObject({ pruned: 0 })
    expect(await pruned()).toEqual([])
  })

  it('runs every night and is served at /api/inngest', () => {
    expect(functions).toContain(pruneLedgerPayloads)
    expect(pruneLedgerPayloads.opts.triggers).toEqual([{ cron: 'TZ=UTC 25 3 * * *' }, { event: PRUNE_LEDGER_PAYLOADS }])
  })
})

describe('replaying a pruned event', () => {
  it('npm run stripe:replay answers in words and exits 1 instead of crashing', async () => {
    await insertLedgerRows(db, [{ id: 'evt_pruned_replay', type: 'invoice.paid', receivedAt: daysAgo(120) }])
    await pruneLedgerBatch(retentionCutoff(90))

    const run = promisify(execFile)('npx', ['tsx', '--conditions=react-server', 'scripts/stripe-replay.ts', 'evt_pruned_replay'], { env: { ...process.env, INNGEST_DEV: 'http://127.0.0.1:9' } })
    const failure = await run.then(() => null, (error: { code: number; stderr: string; stdout: string }) => error)

    expect(failure?.code).toBe(1)
    expect(failure?.stderr).toContain('evt_pruned_replay (invoice.paid) cannot be replayed: its payload was pruned on')
    expect(failure?.stderr).not.toMatch(/SyntaxError|Unexpected end of JSON/)
    expect(failure?.stdout).toContain('0 of 0 event(s) re-sent')
  })
})
