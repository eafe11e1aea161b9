// Stripe API calls the background path makes, counted at the Stripe double: per checkout provisioned from its
// webhooks alone (no success page), per renewal (its two bursts, an hour apart, counted together), and per burst of
// 25 invitations accepted. Targets: at most 2 and 1 calls; at most 2 subscription updates and 1 invoice for the
// burst; and the final state right. `npm run bench` runs this file and reads the lines it prints.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { redirectOf, startBillingFixture } from '../support/billing-fixture'
import { startInngestStandIn } from '../support/inngest-stand-in'
import { acceptInvitationMailedTo, inviteAsOwner } from '../support/invitations'
import { personalOrganizationOf } from '../support/organizations'
import { nextHeadersMock, signInAs } from '../support/request-context'
import { startSmtpCapture } from '../support/smtp-capture'
import { createWebhookPipeline } from '../support/webhook-pipeline'

vi.mock('next/headers', () => nextHeadersMock())
vi.mock('next/cache', async (original) => ({ ...(await original<typeof import('next/cache')>()), revalidatePath: () => undefined }))

const double = await startBillingFixture()
const inngest = await startInngestStandIn()
const smtp = await startSmtpCapture()
process.env.INNGEST_DEV = inngest.url
process.env.EMAIL_SERVER = smtp.url
process.env.EMAIL_FROM = 'Tollgate <billing@example.com>'

const { db } = await import('@/lib/db')
const { checkout } = await import('@/lib/billing/actions')
const { PLANS } = await import('@/lib/billing/catalog')
const { syncCatalog } = await import('@/lib/billing/sync-catalog')
const { requireStripe } = await import('@/lib/stripe/client')
const { removeFromOrganization } = await import('@/lib/organizations/actions')
const pipeline = await createWebhookPipeline(double, inngest)

beforeAll(async () => {
  await syncCatalog(requireStripe(), PLANS)
  await pipeline.deliverNew()
  await pipeline.runQueued()
})
afterAll(() => Promise.all([double.close(), inngest.close(), smtp.close()]))

/** Delivers what the double has sent since last time and runs it all; returns the Stripe calls that made. */
async function backgroundCalls(): Promise<string[]> {
  await pipeline.deliverNew()
  const before = double.requests.length
  const runs = await pipeline.runQueued()
  expect(runs.filter((r) => r.error !== undefined)).toEqual([])
  return double.requests.slice(before).map((r) => `${r.method} ${r.path}`)
}

describe('Stripe calls through the background path', () => {
  it('a checkout provisioned from its webhooks alone costs at most 2 Stripe calls (and its usage alerts) and ends in Stripe’s state', async () => {
    const user = await signInAs(db, 'counted@example.com')
    const organization = await personalOrganizationOf(db, user)
    const url = await redirectOf(() => checkout({ lookupKey: 'pro_monthly' }))
    await pipeline.deliverNew() // the customer.created of checkout's own customer
    await pipeline.runQueued()
    await double.completeCheckout(url.split('/').pop()!)
    const calls = await backgroundCalls()
    console.log(`stripe calls per checkout (background): ${calls.length}: ${calls.join(', ')}`)
    // Pro bills API calls: the first sync also makes the period's usage alerts at 80 % and 100 % (decision 0066), one
    // meter lookup and one write each; the provisioning itself stays within 2.
    const alertSetup = ['GET /v1/billing/meters', 'POST /v1/billing/alerts', 'POST /v1/billing/alerts']
    expect(calls.filter((call) => call.includes('/v1/billing/'))).toEqual(alertSetup)
    expect(calls.filter((call) => !call.includes('/v1/billing/')).length).toBeLessThanOrEqual(2)
    const subscription = [...double.subscriptions.values()].find((s) => s.metadata.organizationId === organization.id)!
    expect(await db.subscription.findUniqueOrThrow({ where: { id: subscription.id } })).toMatchObject({ organizationId: organization.id, status: 'trialing' })
  })

  it('a renewal costs at most 1 Stripe call and ends in Stripe’s state', async () => {
    const user = await signInAs(db, 'renewing@example.com')
    const organization = await personalOrganizationOf(db, user)
    await double.completeCheckout((await redirectOf(() => checkout({ lookupKey: 'pro_monthly' }))).split('/').pop()!)
    await backgroundCalls()
    const subscription = [...double.subscriptions.values()].find((s) => s.metadata.organizationId === organization.id)!
    await double.endTrial(subscription.id)
    await backgroundCalls()
    // Stripe renews in two bursts an hour apart, each its own run of the pipeline: the period ends and the invoice is
    // drafted; an hour later the draft is finalized and charged (https://docs.stripe.com/billing/invoices/subscription).
    const draft = await double.startRenewal(subscription.id, { payment: 'succeeds' })
    const atPeriodEnd = await backgroundCalls()
    expect(await db.invoice.findUniqueOrThrow({ where: { id: draft.id! } })).toMatchObject({ status: 'draft' })
    double.advanceClockTo(draft.automatically_finalizes_at!)
    const anHourLater = await backgroundCalls()
    const calls = [...atPeriodEnd, ...anHourLater]
    console.log(`stripe calls per renewal (background): ${calls.length}: ${calls.join(', ')}`)
    expect(calls.length).toBeLessThanOrEqual(1)
    const row = await db.subscription.findUniqueOrThrow({ where: { id: subscription.id } })
    expect(row).toMatchObject({ status: 'active', invoiceId: draft.id, invoiceStatus: 'paid' })
    expect(row.currentPeriodEnd?.getTime()).toBe(subscription.items.data[0]!.current_period_end * 1000)
    expect(await db.invoice.findUniqueOrThrow({ where: { id: draft.id! } })).toMatchObject({ status: 'paid', number: double.invoices.get(draft.id!)!.number })
  })

  it('a burst of 25 invitations accepted costs at most 2 subscription updates and 1 invoice, and ends at the member count', async () => {
    const owner = 'burst-owner@example.com'
    const user = await signInAs(db, owner)
    const organization = await personalOrganizationOf(db, user)
    // A returning customer (no trial), so an added seat is invoiced: the case Stripe's invoice limits bite.
    const checkoutTeam = async () => double.completeCheckout((await redirectOf(() => checkout({ lookupKey: 'team_monthly' }))).split('/').pop()!)
    await checkoutTeam()
    await requireStripe().subscriptions.cancel([...double.subscriptions.values()].find((s) => s.metadata.organizationId === organization.id)!.id)
    await checkoutTeam()
    await backgroundCalls()
    const subscription = [...double.subscriptions.values()].find((s) => s.metadata.organizationId === organization.id && s.status !== 'canceled')!
    expect(subscription).toMatchObject({ status: 'active' })
    const invoicesBefore = [...double.invoices.values()].filter((i) => i.customer === subscription.customer).length
    const requestsBefore = double.requests.length

    // The Team plan allows 20 seats, so 25 acceptances take a turnover: 19 join, 6 leave, 6 more join (25
    // acceptances and 6 removals, 31 membership changes), each change followed by what Inngest runs at once. The
    // seat sync, debounced, waits: the changes come within its quiet period of each other.
    const join = async (email: string) => {
      await inviteAsOwner(db, owner, email)
      await acceptInvitationMailedTo(db, smtp.messages, email)
      await pipeline.runQueued({ quiet: false })
    }
    for (let i = 1; i <= 19; i += 1) await join(`burst-${i}@example.com`)
    await signInAs(db, owner)
    for (let i = 1; i <= 6; i += 1) {
      const member = await db.membership.findFirstOrThrow({ where: { organizationId: organization.id, user: { email: `burst-${i}@example.com` } } })
      expect(await removeFromOrganization({ membershipId: member.id })).toEqual({ ok: true, data: undefined })
      await pipeline.runQueued({ quiet: false })
    }
    for (let i = 20; i <= 25; i += 1) await join(`burst-${i}@example.com`)
    expect(await db.invitation.count({ where: { organizationId: organization.id, acceptedAt: { not: null } } })).toBe(25)
    expect(await db.membership.count({ where: { organizationId: organization.id } })).toBe(20)
    expect(double.requests.length).toBe(requestsBefore) // nothing reached Stripe during the burst

    await backgroundCalls() // the quiet period ends: the seat sync runs once, then its webhooks
    await backgroundCalls()
    const updates = double.requests.slice(requestsBefore).filter((r) => r.method === 'POST' && r.path === `/v1/subscriptions/${subscription.id}` && r.params.items !== undefined)
    const invoices = [...double.invoices.values()].filter((i) => i.customer === subscription.customer).length - invoicesBefore
    console.log(`subscription updates per burst of 25 invitations accepted (background): ${updates.length}`)
    console.log(`invoices per burst of 25 invitations accepted (background): ${invoices}`)
    expect(updates.length).toBeLessThanOrEqual(2)
    expect(invoices).toBeLessThanOrEqual(1)
    expect(double.subscriptions.get(subscription.id)!.items.data[0]!.quantity).toBe(20)
    expect((await db.subscription.findUniqueOrThrow({ where: { id: subscription.id } })).quantity).toBe(20)
  })
})
