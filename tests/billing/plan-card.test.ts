import { createElement } from 'react'
import { describe, expect, it } from 'vitest'
import { PlanCard } from '@/components/billing/plan-card'
import { PLANS } from '@/lib/billing/catalog'
import type { PricedPlan } from '@/lib/billing/pricing'
import { renderPageFully } from '../support/render-page'

const pro = PLANS.find((plan) => plan.key === 'pro')!
const priced: PricedPlan = { ...pro, offers: pro.prices.map((price) => ({ ...price, inStripe: true })) }
const card = (props: Partial<Parameters<typeof PlanCard>[0]>) =>
  renderPageFully(createElement(PlanCard, { plan: priced, interval: 'month', current: false, signedIn: false, ...props }))

describe('a plan card', () => {
  it('offers a visitor a way to sign in, with no checkout button (whose code is loaded only where rendered)', async () => {
    const html = await card({})
    expect(html).toContain('Sign in to choose Pro')
    expect(html).not.toContain('Choose Pro</button>')
  })

  it('offers a signed-in user the checkout button, rendered by the server before any script loads', async () => {
    const html = await card({ signedIn: true })
    expect(html).toMatch(/<button[^>]*>Choose Pro<\/button>/)
    expect(html).toContain('name="lookupKey" value="pro_monthly"')
  })

  it('offers a subscriber on another price the plan change in the app', async () => {
    const html = await card({ signedIn: true, changeFrom: 'team_monthly' })
    expect(html).toMatch(/<button[^>]*>Switch to Pro<\/button>/)
  })
})
