// double.emit: any event of the pinned API version, from a complete object of its type, recorded, signed and
// delivered like the events the sandbox makes itself.
import type Stripe from 'stripe'
import { afterAll, describe, expect, it } from 'vitest'
import { startBillingFixture } from '../support/billing-fixture'
import { startInngestStandIn } from '../support/inngest-stand-in'
import { createWebhookPipeline } from '../support/webhook-pipeline'

const double = await startBillingFixture()
const inngest = await startInngestStandIn()
process.env.INNGEST_DEV = inngest.url
const { db } = await import('@/lib/db')
const pipeline = await createWebhookPipeline(double, inngest)
afterAll(() => Promise.all([double.close(), inngest.close()]))

/** The top-level fields Stripe.Dispute requires, read from the SDK's declaration file. */
const requiredDisputeFields = async () => {
  const { readFileSync } = await import('node:fs')
  const text = readFileSync('node_modules/stripe/cjs/resources/Disputes.d.ts', 'utf8')
  const body = text.slice(text.indexOf('export interface Dispute {'), text.indexOf('\n}', text.indexOf('export interface Dispute {')))
  return [...body.matchAll(/^ {4}(\w+):/gm)].map(([, name]) => name!)
}

describe('double.emit', () => {
  it('sends a dispute with every field Stripe.Dispute requires, the overrides merged at any depth', async () => {
    const event = await double.emit('charge.dispute.created', { amount: 1900, payment_intent: 'pi_disputed', evidence_details: { has_evidence: true } })
    const dispute: Stripe.Dispute = event.data.object
    expect(Object.keys(dispute).sort()).toEqual((await requiredDisputeFields()).sort())
    expect(dispute).toMatchObject({ object: 'dispute', amount: 1900, payment_intent: 'pi_disputed', currency: 'usd', livemode: false })
    expect(dispute.evidence_details).toMatchObject({ has_evidence: true, past_due: false, submission_count: 0 })
    expect(event).toMatchObject({ type: 'charge.dispute.created', api_version: '2026-10-28.endive', request: { id: null } })
    expect(double.events.at(-1)).toEqual(event)
  })

  it('is delivered signed through the real webhook route, like the sandbox’s own events', async () => {
    const event = await double.emit('radar.early_fraud_warning.created', { charge: 'ch_warned' })
    expect(await pipeline.deliverNew()).toEqual([200, 200])
    // Tollgate handles neither type: each is recorded as ignored, with the event exactly as the sandbox signed it.
    const row = await db.stripeEvent.findUniqueOrThrow({ where: { id: event.id } })
    expect(row).toMatchObject({ type: 'radar.early_fraud_warning.created', status: 'ignored' })
    expect(JSON.parse(row.payload)).toEqual(JSON.parse(JSON.stringify(event)))
  })

  it('refuses a type the pinned API version does not have', async () => {
    await expect(double.emit('charge.disputed.invented' as Stripe.Event.Type)).rejects.toThrow(/not an event type of Stripe API 2026-10-28\.endive/)
  })
})
