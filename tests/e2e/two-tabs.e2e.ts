// One subscription per user, whatever the tabs do: a Team Checkout opened in one tab, Pro paid in another, then
// the Team tab's "Pay" clicked. The Team session was expired when the Pro one opened, so the user ends with one
// live subscription and one trial.
import { describe, expect, it } from 'vitest'
import { choosePlanAndPay, hydrated, signIn, subscriptionOf, summaryValue, visible } from './support/flows'
import { setupStack } from './support/stack'

const stack = setupStack('two-tabs')

describe('two tabs', () => {
  it('Team opened in one tab, Pro paid in another, then the Team tab paid: one live subscription, one trial', async () => {
    const email = 'two-tabs@example.com'
    const teamTab = await stack().newPage()
    await signIn(teamTab, stack(), email, '/pricing')
    await (await hydrated(teamTab.getByRole('region', { name: 'Team', exact: true }).getByRole('button', { name: 'Choose Team' }))).click()
    await teamTab.waitForURL((url) => url.href.startsWith(`${stack().double.url}/checkout/`))
    await visible(teamTab.getByText(/^Team: \$/)) // the plan's line; its metered line reads "Team: billed by use…"

    const proTab = await teamTab.context().newPage()
    await proTab.goto('/pricing')
    const proSession = await choosePlanAndPay(proTab, stack(), 'Pro')

    await teamTab.getByRole('button', { name: 'Pay', exact: true }).click()
    await visible(teamTab.getByRole('alert').filter({ hasText: 'This Checkout Session has expired.' }))
    await stack().worker.settled()

    const user = await stack().db.user.findUniqueOrThrow({ where: { email } })
    const rows = await stack().db.subscription.findMany({ where: { organization: { personalOwnerId: user.id } } })
    expect(rows.map((row) => row.id)).toEqual([subscriptionOf(stack(), proSession)])
    expect(rows[0]).toMatchObject({ status: 'trialing', priceLookupKey: 'pro_monthly' })
    const organization = await stack().db.organization.findUniqueOrThrow({ where: { personalOwnerId: user.id } })
    const live = [...stack().double.subscriptions.values()].filter((s) => s.customer === organization.stripeCustomerId && s.status !== 'canceled')
    expect(live).toHaveLength(1)

    await proTab.goto('/billing')
    expect(await summaryValue(proTab, 'Plan').innerText()).toBe('Pro')
    expect(await summaryValue(proTab, 'Status').innerText()).toBe('Free trial')

    // Choosing Team now changes the Pro subscription in the app (Stripe's preview first) instead of opening a
    // second Checkout.
    await proTab.goto('/pricing')
    await (await hydrated(proTab.getByRole('region', { name: 'Team', exact: true }).getByRole('button', { name: 'Switch to Team' }))).click()
    await visible(proTab.getByRole('region', { name: 'Change to Team' }))
    expect(proTab.url()).toBe(`${stack().appUrl}/pricing`)
    expect([...stack().double.checkoutSessions.values()].filter((session) => session.status === 'open')).toHaveLength(0)
  })
})
