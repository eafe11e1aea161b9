// What happens after checkout, driven by Stripe's clock (the double's simulations) or by the customer in the
// portal, each seen the way the customer sees it: on /billing, /pricing, /dashboard and in their inbox.
// Every scenario is its own user in its own browser context.
import { describe, expect, it } from 'vitest'
import { emailsTo, waitForEmail } from './support/mail'
import { absent, openPortal, returnFromPortal, shownDate, subscribeNewUser, summaryValue, visible } from './support/flows'
import { setupStack } from './support/stack'

const stack = setupStack('scenarios')

describe('billing scenarios', () => {
  it('failed renewal: the past-due banner on /billing, and one payment-failed email', async () => {
    const email = 'declined@example.com'
    const page = await stack().newPage()
    const subscriptionId = await subscribeNewUser(page, stack(), email, 'Pro')

    await stack().double.endTrial(subscriptionId)
    await stack().double.failRenewal(subscriptionId)
    await stack().worker.settled()

    await page.goto('/billing')
    const banner = page.getByRole('alert').filter({ hasText: 'Your last payment failed.' })
    await visible(banner)
    await visible(banner.getByRole('button', { name: 'Update payment method' }))
    expect(await summaryValue(page, 'Status').innerText()).toBe('Payment failed')
    expect(await stack().db.subscription.findUniqueOrThrow({ where: { id: subscriptionId } })).toMatchObject({ status: 'past_due' })

    const sent = emailsTo(stack().smtp, email, /payment failed/i)
    expect(sent, `payment-failed emails to ${email}`).toHaveLength(1)
    expect(sent[0]!.text).toContain('We could not charge $19 for your Pro plan')
    expect(sent[0]!.text).toContain(`${stack().appUrl}/billing`)
  })

  it('trial ends: the trial-ending email, then "Active" and "Renews on" once the trial is over', async () => {
    const email = 'trialist@example.com'
    const page = await stack().newPage()
    const subscriptionId = await subscribeNewUser(page, stack(), email, 'Pro')
    const trialEnd = stack().double.subscriptions.get(subscriptionId)!.trial_end!

    await stack().double.trialWillEnd(subscriptionId)
    await stack().worker.settled()
    const notice = await waitForEmail(stack().smtp, email, /trial ends on/)
    expect(notice.text).toContain(`Your Pro trial ends on ${shownDate(trialEnd)}`)
    expect(emailsTo(stack().smtp, email, /trial ends on/)).toHaveLength(1)

    await stack().double.endTrial(subscriptionId)
    await stack().worker.settled()
    await page.goto('/billing')
    expect(await summaryValue(page, 'Status').innerText()).toBe('Active')
    const periodEnd = stack().double.subscriptions.get(subscriptionId)!.items.data[0]!.current_period_end
    expect(await summaryValue(page, 'Renews on').innerText()).toBe(shownDate(periodEnd))
    await absent(summaryValue(page, 'Trial ends'))
  })

  it('a metered plan changes in the app, not the portal: the portal offers no switch, /billing offers Team', async () => {
    // Pro and Team carry a metered API-calls item, and Stripe's portal only cancels a subscription with several items
    // (decisions 0061, 0062); the in-app change covers switching (tests/billing/metered-items.test.ts moves both items).
    const page = await stack().newPage()
    await subscribeNewUser(page, stack(), 'switcher@example.com', 'Pro')

    await page.goto('/billing')
    expect(await summaryValue(page, 'Plan').innerText()).toBe('Pro')
    await visible(page.getByRole('button', { name: 'Switch to Team (monthly)' }))
    await openPortal(page, stack())
    await absent(page.getByRole('button', { name: 'Switch to Team (monthly)' }))
    await returnFromPortal(page, stack())
    expect(await summaryValue(page, 'Plan').innerText()).toBe('Pro')
  })

  it('cancellation takes effect at period end: reports locked on /dashboard, Free on /billing', async () => {
    const page = await stack().newPage()
    const subscriptionId = await subscribeNewUser(page, stack(), 'leaver@example.com', 'Pro')

    await page.goto('/billing')
    await openPortal(page, stack())
    await page.getByRole('button', { name: 'Cancel at end of period' }).click()
    await visible(page.getByRole('button', { name: 'Renew (undo cancel)' }))
    await returnFromPortal(page, stack())
    await visible(summaryValue(page, 'Cancels on'))

    // Still Pro until the period ends.
    await page.goto('/dashboard')
    await visible(page.locator('[data-feature="reports"]'))

    await stack().double.endPeriod(subscriptionId)
    await stack().worker.settled()
    await page.reload()
    await absent(page.locator('[data-feature="reports"]'))
    await visible(page.getByText('Revenue reports are part of the Pro and Team plans.'))
    await visible(page.getByRole('link', { name: 'Upgrade to unlock' }))

    await page.goto('/billing')
    expect(await summaryValue(page, 'Plan').innerText()).toBe('Free')
    expect(await summaryValue(page, 'Price').innerText()).toBe('Free')
    expect(await stack().db.subscription.findUniqueOrThrow({ where: { id: subscriptionId } })).toMatchObject({ status: 'canceled' })
  })
})
