// A plan switch in the portal during a trial, through the real webhook route and Inngest functions: the customer
// is never told "your trial ends on <today>" for a trial that is already over.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { redirectOf, startBillingFixture } from '../support/billing-fixture'
import { startInngestStandIn } from '../support/inngest-stand-in'
import { personalOrganizationOf } from '../support/organizations'
import { nextHeadersMock, signInAs } from '../support/request-context'
import { startSmtpCapture } from '../support/smtp-capture'
import { createWebhookPipeline } from '../support/webhook-pipeline'

vi.mock('next/headers', () => nextHeadersMock())

const double = await startBillingFixture()
const inngest = await startInngestStandIn()
const smtp = await startSmtpCapture()
process.env.INNGEST_DEV = inngest.url
process.env.EMAIL_SERVER = smtp.url
process.env.EMAIL_FROM = 'Tollgate <billing@example.com>'

const { db } = await import('@/lib/db')
const { checkout, manageBilling } = await import('@/lib/billing/actions')
const { PLANS } = await import('@/lib/billing/catalog')
// The customer portal updates only a subscription with one item (sandbox/stripe/flows/portal-changes.ts, after Stripe's
// portal limitations): in this file the plans sell their flat or per-seat price alone, no metered price beside it.
PLANS.forEach((plan) => Object.assign(plan, { meters: undefined }))
const { syncCatalog } = await import('@/lib/billing/sync-catalog')
const { requireStripe } = await import('@/lib/stripe/client')
const pipeline = await createWebhookPipeline(double, inngest)
const stripe = requireStripe()

beforeAll(async () => {
  await syncCatalog(stripe, PLANS)
})
afterAll(async () => {
  await Promise.all([double.close(), inngest.close(), smtp.close()])
})

/** A user on a Pro trial, every resulting event processed. */
async function trialing(email: string) {
  const user = await signInAs(db, email)
  const organization = await personalOrganizationOf(db, user)
  const url = await redirectOf(() => checkout({ lookupKey: 'pro_monthly' }))
  await double.completeCheckout(url.split('/').pop()!)
  await processEvents()
  const subscription = [...double.subscriptions.values()].find((s) => s.metadata.organizationId === organization.id)!
  expect(subscription.status).toBe('trialing')
  return { user, subscription }
}

async function processEvents() {
  expect((await pipeline.deliverNew()).every((status) => status === 200)).toBe(true)
  const runs = await pipeline.runQueued()
  expect(runs.map((run) => run.error)).toEqual(runs.map(() => undefined))
  return runs
}

/** "Manage billing", then "Switch to Team (monthly)" on the portal page. */
async function switchToTeamInPortal(subscriptionId: string) {
  const url = await redirectOf(() => manageBilling({}))
  const portalId = url.split('/').pop()!
  const team = (await stripe.prices.list({ lookup_keys: ['team_monthly'], active: true })).data[0]!
  expect(await (await fetch(url)).text()).toContain('>Switch to Team (monthly)</button>')
  const response = await fetch(`${double.url}/portal/${portalId}/subscriptions/${subscriptionId}/switch`, {
    method: 'POST',
    body: new URLSearchParams({ price: team.id }),
    redirect: 'manual',
  })
  expect(response.status).toBe(303)
}

const mailTo = (email: string) => smtp.messages.filter((message) => message.to.includes(email))
const eventsOf = (subscriptionId: string, type: string) =>
  double.events.filter((event) => event.type === type && (event.data.object as { id?: string }).id === subscriptionId)

describe('a plan switch during a trial', () => {
  it('with the app’s configuration (continue_trial): the trial goes on, no trial_will_end, no email', async () => {
    const { user, subscription } = await trialing('keeps-trial@example.com')
    await switchToTeamInPortal(subscription.id)
    await processEvents()

    expect(eventsOf(subscription.id, 'customer.subscription.trial_will_end')).toEqual([])
    expect(mailTo(user.email!)).toEqual([])
    expect(await db.subscription.findUniqueOrThrow({ where: { id: subscription.id } })).toMatchObject({ status: 'trialing', priceLookupKey: 'team_monthly' })
  })

  it('with end_trial (Stripe’s default): trial_will_end fires as the trial ends and is charged, and no wrong email goes out', async () => {
    const configuration = [...double.portalConfigurations.values()].find((c) => c.metadata?.tollgate_portal)!
    await stripe.billingPortal.configurations.update(configuration.id, { features: { subscription_update: { enabled: true, trial_update_behavior: 'end_trial' } } })
    try {
      const { user, subscription } = await trialing('ends-trial@example.com')
      await switchToTeamInPortal(subscription.id)
      const [warning] = eventsOf(subscription.id, 'customer.subscription.trial_will_end')
      expect(warning).toBeDefined()
      const runs = await processEvents()
      expect(runs.filter((run) => run.event === 'stripe/customer.subscription.trial_will_end')).toHaveLength(1)

      expect(mailTo(user.email!)).toEqual([])
      expect(await db.stripeEvent.findUniqueOrThrow({ where: { id: warning!.id } })).toMatchObject({ status: 'processed' })
      expect(await db.subscription.findUniqueOrThrow({ where: { id: subscription.id } })).toMatchObject({ status: 'active', priceLookupKey: 'team_monthly' })
    } finally {
      expect((await syncCatalog(stripe, PLANS)).map((c) => `${c.action} ${c.kind}`)).toEqual(['updated portal'])
    }
  })

  it('a trial that really ends in three days still gets its email, with its end date', async () => {
    const { user, subscription } = await trialing('warned@example.com')
    await double.trialWillEnd(subscription.id)
    await processEvents()
    const endsOn = new Intl.DateTimeFormat('en-US', { dateStyle: 'long', timeZone: 'UTC' }).format(new Date(subscription.trial_end! * 1000))
    expect(mailTo(user.email!).map((message) => message.text)).toEqual([expect.stringContaining(`Your Pro trial ends on ${endsOn}`)])
  })
})
