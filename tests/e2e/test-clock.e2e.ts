// A year of billing in minutes, as a developer rehearses it with STRIPE_TEST_CLOCKS=true (decision 0053): one
// organization's customer on its own Stripe test clock, moved only from the app's /billing/test-clock page, each
// button a Stripe request; and what the customer sees on /billing, /pricing and in their inbox, on the clock's time.
// The trial's warning and end, a renewal, an upgrade charged as previewed, a failed renewal and its recovery by Smart
// Retries after a good card, and a cancellation the clock carries out. Screenshots of /billing/test-clock, /billing and
// the sandbox's /sandbox at 390 and 1280 px, light and dark, land in test-results/ (never committed).
import { join } from 'node:path'
import type { Page } from 'playwright-core'
import type Stripe from 'stripe'
import { describe, expect, it } from 'vitest'
import { formatAmount } from '@/lib/billing/format'
import { emailsTo, waitForEmail } from './support/mail'
import { hydrated, shownDate, subscribeNewUser, summaryValue, until, visible } from './support/flows'
import { fileSafe, resultsDir } from './support/paths'
import { setupStack } from './support/stack'

const stack = setupStack('test-clock', { env: { STRIPE_TEST_CLOCKS: 'true' } })
const EMAIL = 'time-traveller@example.com'
const medium = (seconds: number) => new Intl.DateTimeFormat('en-US', { dateStyle: 'medium', timeZone: 'UTC' }).format(new Date(seconds * 1000))

describe('billing on a test clock, moved from /billing/test-clock', () => {
  let page: Page
  let subscriptionId = ''
  let failedStep: string | null = null
  const subscription = () => stack().double.subscriptions.get(subscriptionId)!
  const clock = () => stack().double.testClocks.get(String(subscription().test_clock))!
  const invoicesOf = (reason: string) => [...stack().double.invoices.values()].filter((i) => i.parent?.subscription_details?.subscription === subscriptionId && i.billing_reason === reason)
  const row = () => stack().db.subscription.findUniqueOrThrow({ where: { id: subscriptionId } })

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

  /** Presses a control on /billing/test-clock, reads its answer, and waits for the clock and every webhook. */
  async function press(label: string, answer: RegExp | string = /[Tt]he clock is (at|advancing to) /) {
    await page.goto('/billing/test-clock')
    await (await hydrated(page.getByRole('button', { name: label, exact: true }))).click()
    await visible(page.getByRole('status').filter({ hasText: answer }))
    await stack().worker.settled()
  }

  step('1. a new Pro subscriber is on a test clock of its own; /billing links to its page, which shows the clock', async () => {
    page = await stack().newPage({ viewport: { width: 1280, height: 900 } })
    subscriptionId = await subscribeNewUser(page, stack(), EMAIL, 'Pro')
    expect(subscription()).toMatchObject({ status: 'trialing', test_clock: expect.stringMatching(/^clock_/) })
    await page.goto('/billing')
    await (await hydrated(page.getByRole('link', { name: 'move time' }))).click()
    await page.waitForURL((url) => url.pathname === '/billing/test-clock')
    const time = new Date(clock().frozen_time * 1000)
    expect(await summaryValue(page, 'Clock').innerText()).toBe(`${shownDate(clock().frozen_time)}, ${time.toISOString().slice(11, 16)} UTC`)
    expect(await summaryValue(page, 'Plan').innerText()).toBe('Pro · trialing')
    expect(await summaryValue(page, 'Trial ends').innerText()).toBe(shownDate(subscription().trial_end!))
  })

  step('2. to the trial’s end: the warning email three days before, then Active, its first invoice dated on the clock', async () => {
    const trialEnd = subscription().trial_end!
    await press('Advance to the trial’s warning')
    const warning = await waitForEmail(stack().smtp, EMAIL, /trial ends on/)
    expect(warning.text).toContain(`Your Pro trial ends on ${shownDate(trialEnd)}`)
    await press('Advance to the trial’s end')
    expect(emailsTo(stack().smtp, EMAIL, /trial ends on/)).toHaveLength(1)
    await page.goto('/billing')
    expect(await summaryValue(page, 'Status').innerText()).toBe('Active')
    expect(await summaryValue(page, 'Renews on').innerText()).toBe(shownDate(subscription().items.data[0]!.current_period_end))
    const first = invoicesOf('subscription_cycle')[0]!
    expect(first).toMatchObject({ status: 'paid', amount_paid: 1900 })
    await visible(page.locator('time').filter({ hasText: medium(trialEnd) }).first())
  })

  step('3. to the renewal: the renewal invoice is dated on the clock, a month later, and "Renews on" moves with it', async () => {
    const periodEnd = subscription().items.data[0]!.current_period_end
    await press('Advance to the renewal')
    const renewals = invoicesOf('subscription_cycle')
    expect(renewals).toHaveLength(2)
    expect(renewals[1]!).toMatchObject({ status: 'paid', amount_paid: 1900 })
    expect(renewals[1]!.created).toBeGreaterThanOrEqual(periodEnd)
    await page.goto('/billing')
    await visible(page.locator('time').filter({ hasText: medium(periodEnd) }).first())
    expect(await summaryValue(page, 'Renews on').innerText()).toBe(shownDate(subscription().items.data[0]!.current_period_end))
  })

  step('4. an upgrade to Team on the clock: the preview’s "Due today" is what Stripe charges, to the cent', async () => {
    await page.goto('/pricing')
    await (await hydrated(page.getByRole('region', { name: 'Team', exact: true }).getByRole('button', { name: 'Switch to Team' }))).click()
    const preview = await visible(page.getByRole('region', { name: 'Change to Team' }))
    const due = await preview.locator('dt:text-is("Due today") + dd').innerText()
    await preview.getByRole('button', { name: 'Confirm and pay' }).click()
    await visible(page.getByRole('status').filter({ hasText: 'You are now on Team.' }))
    const upgrade = invoicesOf('subscription_update').at(-1)!
    expect(formatAmount(upgrade.amount_paid, upgrade.currency)).toBe(due)
    expect(upgrade.created).toBe(clock().frozen_time)
    await stack().worker.settled()
    expect(await row()).toMatchObject({ priceLookupKey: 'team_monthly', status: 'active' })
  })

  step('5. "Renewal fails": past due on /billing and one email; a card that pays, and Smart Retries recover it', async () => {
    await press('Renewal fails')
    await page.goto('/billing')
    await visible(page.getByRole('alert').filter({ hasText: 'Your last payment failed.' }))
    expect(await summaryValue(page, 'Status').innerText()).toBe('Payment failed')
    expect(emailsTo(stack().smtp, EMAIL, /payment failed/i)).toHaveLength(1)
    await screenshots(page, 'billing-past-due')

    await press('A card that pays', 'A card that pays (Visa 4242) is now the payment method.')
    await page.reload()
    await screenshots(page, 'test-clock-after-a-card-switch')
    for (let day = 0; day < 10 && (await row()).status !== 'active'; day++) await press('Advance a day')
    expect(await row()).toMatchObject({ status: 'active' })
    const recovered = invoicesOf('subscription_cycle').at(-1)! as Stripe.Invoice
    expect(recovered).toMatchObject({ status: 'paid', amount_paid: 4900 })
    expect(recovered.attempt_count).toBeGreaterThan(1)
    await page.goto('/billing')
    expect(await summaryValue(page, 'Status').innerText()).toBe('Active')
    expect(await page.getByRole('alert').filter({ hasText: 'Your last payment failed.' }).count()).toBe(0)
  })

  step('6. a cancellation at the period’s end is carried out when the clock reaches it', async () => {
    await page.goto('/billing')
    await (await hydrated(page.getByText('Cancel subscription', { exact: true }))).click()
    const confirm = await visible(page.getByRole('button', { name: 'Confirm cancellation' }))
    await page.getByRole('radio', { name: 'I’m switching to another service' }).check()
    await confirm.click()
    await visible(page.getByText('Keep my plan', { exact: true }))
    const endsAt = subscription().items.data[0]!.current_period_end
    expect(await summaryValue(page, 'Cancels on').innerText()).toBe(shownDate(endsAt))
    await stack().worker.settled()
    await screenshots(page, 'billing-cancelling')
    await page.goto('/billing/test-clock')
    await screenshots(page, 'test-clock-page')

    await press('Advance to the renewal')
    await until(async () => (await row()).status === 'canceled', 'the subscription should be canceled by the clock')
    expect(subscription()).toMatchObject({ status: 'canceled', ended_at: endsAt })
    await page.goto('/billing')
    expect(await summaryValue(page, 'Plan').innerText()).toBe('Free')
  })

  step('7. the sandbox’s /sandbox shows the organization, its plan and period on its clock', async () => {
    await page.goto(`${stack().double.url}/sandbox`)
    const card = page.getByRole('region', { name: /Team subscription of / })
    await visible(card.getByText(`On test clock ${clock().id}`, { exact: false }))
    await screenshots(page, 'sandbox-controls')
  })
})

/** Screenshots at 390 and 1280 px, light and dark; none may scroll sideways. */
async function screenshots(page: Page, name: string) {
  for (const width of [390, 1280]) {
    for (const scheme of ['light', 'dark'] as const) {
      await page.setViewportSize({ width, height: 900 })
      await page.emulateMedia({ colorScheme: scheme })
      // Buttons fade between colour schemes (transition-colors): the picture is taken once the fades are over.
      await page.evaluate(() => Promise.all(document.getAnimations().map((animation) => animation.finished)))
      await page.screenshot({ path: join(resultsDir(), `${fileSafe(`clock-${name}-${width}-${scheme}`)}.png`), fullPage: true })
      expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth), `${name} scrolls sideways at ${width} px`).toBe(true)
    }
  }
  await page.setViewportSize({ width: 1280, height: 900 })
  await page.emulateMedia({ colorScheme: 'light' })
}
