// The customer portal against an account as strict as Stripe's: "Manage billing" says what to do when the portal
// configuration is missing, and after a price change (catalog edited, `npm run stripe:sync` run again) the portal
// offers the new price and a customer switches to it.
import { describe, expect, it } from 'vitest'
import type { Plan } from '@/lib/billing/catalog'
import { absent, hydrated, openPortal, returnFromPortal, subscribeNewUser, summaryValue, visible } from './support/flows'
import { retryOnSqliteBusy } from './support/sqlite-busy'
import { setupStack } from './support/stack'

const stack = setupStack('portal')

/** `npm run stripe:sync` with the given plans, as the stack ran it at start-up. */
async function syncCatalogAs(plans: readonly Plan[]) {
  const { syncCatalog } = await import('@/lib/billing/sync-catalog')
  const { requireStripe } = await import('@/lib/stripe/client')
  const changes = await retryOnSqliteBusy('the catalog sync', () => stack().double.idle(), () => syncCatalog(requireStripe(), plans))
  await stack().worker.settled()
  return changes
}

describe('the customer portal', () => {
  it('without its configuration, "Manage billing" says in words to run npm run stripe:sync', async () => {
    const { PLANS } = await import('@/lib/billing/catalog')
    const page = await stack().newPage()
    await subscribeNewUser(page, stack(), 'unconfigured@example.com', 'Pro')
    const configuration = [...stack().double.portalConfigurations.values()][0]!
    await stack().double.client().billingPortal.configurations.update(configuration.id, { active: false })
    try {
      await page.goto('/billing')
      await (await hydrated(page.getByRole('button', { name: 'Manage billing' }))).click()
      const alert = await visible(page.getByRole('alert').filter({ hasText: 'stripe:sync' }))
      expect((await alert.innerText()).trim()).toBe('The billing portal is not set up in Stripe yet: run npm run stripe:sync, then try again.')
      expect(new URL(page.url()).pathname).toBe('/billing')
    } finally {
      await syncCatalogAs(PLANS)
    }
    await page.reload()
    await openPortal(page, stack())
  })

  it('after a price change, stripe:sync archives the old price and updates the portal; a metered plan still changes in the app', async () => {
    const { PLANS } = await import('@/lib/billing/catalog')
    const page = await stack().newPage()
    await subscribeNewUser(page, stack(), 'repriced@example.com', 'Pro')
    const raised = PLANS.map((plan) =>
      plan.key === 'team' ? { ...plan, prices: plan.prices.map((p) => (p.lookupKey === 'team_monthly' ? { ...p, amount: 5900 } : p)) } : plan,
    )
    try {
      const changes = await syncCatalogAs(raised)
      expect(changes.map((c) => `${c.action} ${c.kind}`)).toEqual(['created price', 'archived price', 'updated portal'])

      // Stripe's portal only cancels a subscription with several items (decisions 0061, 0062): no switch is offered.
      await page.goto('/billing')
      await openPortal(page, stack())
      await absent(page.getByRole('button', { name: 'Switch to Team (monthly)' }))
      await returnFromPortal(page, stack())
      expect(await summaryValue(page, 'Plan').innerText()).toBe('Pro')
    } finally {
      await syncCatalogAs(PLANS)
    }
  })
})
