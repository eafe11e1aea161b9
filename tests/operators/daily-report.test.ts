import { InngestTestEngine } from '@inngest/test'
import { afterAll, beforeEach, describe, expect, it } from 'vitest'
import { startSmtpCapture } from '../support/smtp-capture'
import { daysAgo, insertLedgerRows, minutesAgo } from './ledger-rows'

const smtp = await startSmtpCapture()
process.env.EMAIL_SERVER = smtp.url
process.env.EMAIL_FROM = 'Tollgate <billing@example.com>'
process.env.ADMIN_EMAILS = 'ops@example.com, Lead@Example.com'
process.env.APP_URL = 'http://localhost:3000'

const { db } = await import('@/lib/db')
const { setProcessEnv } = await import('@/lib/env')
const { operatorDailyReport } = await import('@/inngest/operator-daily-report')
const { functions } = await import('@/inngest/functions')
const { AUTO_RETRY_LIMIT } = await import('@/lib/webhooks/ledger')

afterAll(() => smtp.close())
beforeEach(async () => {
  smtp.messages.length = 0
  await Promise.all([db.stripeEvent.deleteMany(), db.billingDrift.deleteMany(), db.sentEmail.deleteMany()])
  setProcessEnv({ ADMIN_EMAILS: 'ops@example.com, Lead@Example.com' })
})

const runReport = () => new InngestTestEngine({ function: operatorDailyReport }).execute()
const recipients = () => smtp.messages.flatMap((m) => m.to).sort()

describe('the operators’ daily email', () => {
  it('sends nothing on a clean day', async () => {
    await insertLedgerRows(db, [{ id: 'evt_ok', status: 'processed', receivedAt: minutesAgo(30) }])
    await db.billingDrift.create({ data: { subscriptionId: 'sub_1', customerId: 'cus_1', field: 'status', was: 'active', now: 'past_due', repaired: true, source: 'events' } })

    const { result } = await runReport()

    expect(result).toEqual({ skipped: 'clean day' })
    expect(smtp.messages).toEqual([])
  })

  it('sends every operator one summary when events failed, with the counts and a link to /admin', async () => {
    await insertLedgerRows(db, [
      { id: 'evt_failed_1', type: 'invoice.paid', status: 'failed', receivedAt: daysAgo(2), autoRetries: AUTO_RETRY_LIMIT },
      { id: 'evt_failed_2', type: 'invoice.paid', status: 'failed', receivedAt: minutesAgo(90), autoRetries: 1, nextRetryAt: new Date(Date.now() + 3_600_000) },
      { id: 'evt_failed_3', type: 'customer.subscription.updated', status: 'failed', receivedAt: minutesAgo(20) },
    ])

    const { result } = await runReport()

    expect(result).toEqual({ sent: ['lead@example.com', 'ops@example.com'], alreadySent: [] })
    expect(recipients()).toEqual(['lead@example.com', 'ops@example.com'])
    const [email] = smtp.messages
    expect(email!.raw).toMatch(/Subject: Tollgate: 3 failed events \(\d{4}-\d{2}-\d{2}\)/)
    expect(email!.text).toContain('3 webhook events failed and not yet processed (1 past the automatic retries, 2 still to be retried automatically).')
    expect(email!.text).toContain('invoice.paid: 2')
    expect(email!.text).toContain('customer.subscription.updated: 1')
    expect(email!.text).toContain('http://localhost:3000/admin')
  })

  it('sends when reconciliation left drift unrepaired in the last day, and not for older drift', async () => {
    await db.billingDrift.create({ data: { subscriptionId: 'sub_old', customerId: 'cus_1', field: 'quantity', was: '2', now: '3', repaired: false, source: 'events', foundAt: daysAgo(2) } })
    expect((await runReport()).result).toEqual({ skipped: 'clean day' })

    await db.billingDrift.create({ data: { subscriptionId: 'sub_new', customerId: 'cus_1', field: 'quantity', was: '2', now: '3', repaired: false, source: 'events' } })
    expect((await runReport()).result).toMatchObject({ sent: ['lead@example.com', 'ops@example.com'] })
    expect(smtp.messages[0]!.text).toContain('1 difference between Stripe and the database that reconciliation found and could not repair in the last 24 hours.')
  })

  it('goes out once per day and operator across a second run and concurrent runs', async () => {
    await insertLedgerRows(db, [{ id: 'evt_failed', status: 'failed', receivedAt: minutesAgo(20) }])

    const first = await runReport()
    const [second, third] = await Promise.all([runReport(), runReport()])

    expect(first.result).toMatchObject({ sent: ['lead@example.com', 'ops@example.com'] })
    expect(second.result).toEqual({ sent: [], alreadySent: ['lead@example.com', 'ops@example.com'] })
    expect(third.result).toEqual({ sent: [], alreadySent: ['lead@example.com', 'ops@example.com'] })
    expect(recipients()).toEqual(['lead@example.com', 'ops@example.com'])
    expect(await db.sentEmail.count({ where: { id: { startsWith: 'operator-daily-report:' } } })).toBe(2)
  })

  it('sends nothing at all when ADMIN_EMAILS is empty', async () => {
    setProcessEnv({ ADMIN_EMAILS: '' })
    await insertLedgerRows(db, [{ id: 'evt_failed', status: 'failed', receivedAt: minutesAgo(20) }])

    const { result } = await runReport()

    expect(result).toEqual({ skipped: 'no operators' })
    expect(smtp.messages).toEqual([])
    expect(await db.sentEmail.count()).toBe(0)
  })

  it('runs every morning and is served at /api/inngest', () => {
    expect(functions).toContain(operatorDailyReport)
    expect(operatorDailyReport.opts.triggers).toEqual([{ cron: 'TZ=UTC 0 8 * * *' }])
  })
})
