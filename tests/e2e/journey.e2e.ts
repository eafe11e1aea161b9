// The main path a customer takes, in order, in one browser session: pricing → sign in by email → Pro checkout →
// the gated feature → the billing page → cancel at period end in the portal. Each step is its own test; a step
// after a failed one is skipped with the failed step's name, so the report says where the journey broke.
import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { PLANS } from '@/lib/billing/catalog'
import { choosePlanAndPay, openPortal, openSignInLink, pathOf, requestSignInLink, returnFromPortal, shownDate, subscriptionOf, summaryValue, visible } from './support/flows'
import { setupStack } from './support/stack'

const stack = setupStack('journey')
const EMAIL = 'journey@example.com'

describe('the customer journey', () => {
  let page: Page
  let subscriptionId = ''
  let failedStep: string | null = null

  const step = (name: string, run: () => Promise<void>) =>
    it(name, async ({ skip }) => {
      if (failedStep) skip(`an earlier step failed: ${failedStep}`)
      try {
        await run()
      } catch (error) {
        failedStep = name
        throw error
      }
    })

  step('1. a visitor sees the plans on /pricing and is sent to sign in to choose Pro', async () => {
    page = await stack().newPage()
    await page.goto('/pricing')
    await visible(page.getByRole('heading', { level: 1, name: 'Simple pricing' }))
    for (const plan of PLANS) await visible(page.getByRole('heading', { level: 2, name: plan.name, exact: true }))
    await visible(page.getByRole('region', { name: 'Pro', exact: true }).getByText('$19'))

    await page.getByRole('link', { name: 'Sign in to choose Pro' }).click()
    await page.waitForURL((url) => url.pathname === '/sign-in')
    expect(new URL(page.url()).searchParams.get('callbackUrl')).toBe('/pricing')
    await visible(page.getByRole('heading', { name: 'Sign in to Tollgate' }))
  })

  step('2. the emailed sign-in link signs them in and brings them back to /pricing', async () => {
    await requestSignInLink(page, EMAIL)
    const link = await openSignInLink(page, stack(), EMAIL)
    expect(new URL(link).searchParams.get('email')).toBe(EMAIL)
    await page.waitForURL((url) => url.pathname === '/pricing')
    await visible(page.getByRole('button', { name: 'Sign out' }))
    await visible(page.getByRole('region', { name: 'Pro', exact: true }).getByRole('button', { name: 'Choose Pro' }))

    const user = await stack().db.user.findUniqueOrThrow({ where: { email: EMAIL }, include: { sessions: true } })
    expect(user.emailVerified).not.toBeNull()
    expect(user.sessions).toHaveLength(1)
  })

  step('3. "Choose Pro" → hosted Checkout → "Pay" lands on the success page: "You’re on Pro"', async () => {
    const sessionId = await choosePlanAndPay(page, stack(), 'Pro')
    expect(sessionId).toMatch(/^cs_/)
    subscriptionId = subscriptionOf(stack(), sessionId)
    // The success page synced the subscription itself, before any webhook was processed.
    const row = await stack().db.subscription.findUniqueOrThrow({ where: { id: subscriptionId }, include: { organization: { include: { personalOwner: true } } } })
    expect(row).toMatchObject({ status: 'trialing', priceLookupKey: 'pro_monthly', productId: 'tollgate_pro' })
    expect(row.organization.personalOwner?.email).toBe(EMAIL)
    // A $0 trial start: nothing paid, no receipt promised, the first payment's date and amount said.
    await visible(page.getByText(`Your free trial has started, and nothing was charged today. The first payment is due on ${shownDate(row.trialEnd!.getTime() / 1000)}: $19 / month — 1 seat.`, { exact: false }))
    expect(await page.getByText(/receipt/i).count()).toBe(0)
  })

  step('4. /dashboard shows the gated revenue reports', async () => {
    await page.getByRole('link', { name: 'Open dashboard' }).click()
    await page.waitForURL((url) => url.pathname === '/dashboard')
    await visible(page.locator('[data-feature="reports"]'))
    await visible(page.getByText(`Signed in as ${EMAIL}, on the Pro plan`))
  })

  step('5. /billing shows Pro, $19 / month, the trial and when it ends', async () => {
    // Everything Stripe sent about the checkout has now gone through the webhook route and the functions.
    await stack().worker.settled()
    await page.goto('/billing')
    const stripeSide = stack().double.subscriptions.get(subscriptionId)
    expect(stripeSide?.trial_end).toBeTypeOf('number')
    expect(await summaryValue(page, 'Plan').innerText()).toBe('Pro')
    expect(await summaryValue(page, 'Price').innerText()).toBe('$19 / month — 1 seat')
    expect(await summaryValue(page, 'Status').innerText()).toBe('Free trial')
    expect(await summaryValue(page, 'Trial ends').innerText()).toBe(`${shownDate(stripeSide!.trial_end!)}\nThen $19 / month — 1 seat.`)

    const customerId = String(stripeSide!.customer)
    const ledger = await stack().db.stripeEvent.findMany({ where: { customerId, status: { not: 'ignored' } } })
    expect(ledger.length).toBeGreaterThanOrEqual(3)
    expect(ledger.filter((row) => row.status !== 'processed').map((row) => `${row.type}: ${row.status}`)).toEqual([])
  })

  step('6. cancelling at period end in the portal shows "Cancels on <date>" back on /billing', async () => {
    await openPortal(page, stack())
    await visible(page.getByText('Status: trialing.'))
    await page.getByRole('button', { name: 'Cancel at end of period' }).click()
    await visible(page.getByRole('button', { name: 'Renew (undo cancel)' }))
    await returnFromPortal(page, stack())

    // Flexible billing mode (the default): the portal schedules the end as `cancel_at`, leaving
    // `cancel_at_period_end` false, and /billing reads either.
    const stripeSide = stack().double.subscriptions.get(subscriptionId)!
    const endsAt = stripeSide.items.data[0]!.current_period_end
    expect(stripeSide).toMatchObject({ cancel_at: endsAt, cancel_at_period_end: false })
    expect(await summaryValue(page, 'Cancels on').innerText()).toBe(shownDate(endsAt))
    expect(await summaryValue(page, 'Plan').innerText()).toBe('Pro')
    const row = await stack().db.subscription.findUniqueOrThrow({ where: { id: subscriptionId } })
    expect(row).toMatchObject({ cancelAtPeriodEnd: false, cancelAt: new Date(endsAt * 1000) })
    expect(pathOf(page)).toBe('/billing')
  })
})
