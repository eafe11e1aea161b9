// Plan changes in the browser: a Pro subscriber upgrades to Team from /pricing after reading Stripe's preview, then
// schedules a downgrade back to Pro on /billing and undoes it. Screenshots of both pages with the preview open, at
// 390 and 1280 px, light and dark, land in test-results/ (never committed).
import { join } from 'node:path'
import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { formatAmount } from '@/lib/billing/format'
import { describeFindings, isBlocking, runAxe } from './support/axe'
import { hydrated, subscribeNewUser, summaryValue, visible } from './support/flows'
import { fileSafe, resultsDir } from './support/paths'
import { setupStack } from './support/stack'

const stack = setupStack('plan-changes')

/** Screenshots at 390 and 1280 px, light and dark, each also checked by axe (serious or critical findings fail). */
async function screenshots(page: Page, name: string) {
  for (const width of [390, 1280]) {
    for (const scheme of ['light', 'dark'] as const) {
      await page.setViewportSize({ width, height: 900 })
      await page.emulateMedia({ colorScheme: scheme })
      await page.screenshot({ path: join(resultsDir(), `${fileSafe(`${name}-${width}-${scheme}`)}.png`), fullPage: true })
      expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth), `${name} scrolls sideways at ${width} px`).toBe(true)
      const blocking = (await runAxe(page)).findings.filter(isBlocking)
      expect(blocking, `axe on ${name} at ${width} px (${scheme}):\n${describeFindings(blocking)}`).toEqual([])
    }
  }
  await page.setViewportSize({ width: 1280, height: 900 })
  await page.emulateMedia({ colorScheme: 'light' })
}

describe('changing plans in the app', () => {
  let page: Page
  let subscriptionId = ''
  let failedStep: string | null = null
  /** Script errors and 4xx/5xx answers from the app while plans change (the double's own pages are not the app's). */
  const appProblems: string[] = []
  const priceOf = () => stack().double.subscriptions.get(subscriptionId)?.items.data[0]?.price.lookup_key

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

  step('1. a Pro subscriber whose trial has ended', async () => {
    page = await stack().newPage({ viewport: { width: 1280, height: 900 } })
    subscriptionId = await subscribeNewUser(page, stack(), 'plan-changer@example.com', 'Pro')
    await stack().double.client().subscriptions.update(subscriptionId, { trial_end: 'now' })
    await stack().worker.settled()
    expect(stack().double.subscriptions.get(subscriptionId)?.status).toBe('active')
  })

  step('2. on /pricing, "Switch to Team" shows Stripe’s preview; confirming charges it and the plan is Team', async () => {
    page.on('pageerror', (error) => appProblems.push(`script error: ${error.message}`))
    page.on('response', (response) => {
      if (response.status() >= 400 && response.url().startsWith(stack().appUrl)) appProblems.push(`HTTP ${response.status()}: ${response.url()}`)
    })
    await page.goto('/pricing')
    const team = page.getByRole('region', { name: 'Team', exact: true })
    await (await hydrated(team.getByRole('button', { name: 'Switch to Team' }))).click()
    const preview = await visible(page.getByRole('region', { name: 'Change to Team' }))
    const row = (term: string) => preview.locator(`dt:text-is("${term}") + dd`).innerText()
    const [due, charge, credit] = [await row('Due today'), await row('Team (monthly) from today'), await row('Credit for unused time')]
    await screenshots(page, 'pricing-preview')
    const invoicesBefore = stack().double.invoices.size
    await preview.getByRole('button', { name: 'Confirm and pay' }).click()
    await visible(page.getByRole('status').filter({ hasText: 'You are now on Team.' }))
    const invoice = [...stack().double.invoices.values()].at(-1)!
    expect(stack().double.invoices.size).toBe(invoicesBefore + 1)
    // The page's rows are the invoice Stripe made: its charge, its credit, and what it charged.
    const lines = invoice.lines.data.map((line) => line.amount)
    expect(formatAmount(invoice.amount_due, invoice.currency)).toBe(due)
    expect(formatAmount(lines.filter((amount) => amount > 0).reduce((sum, amount) => sum + amount, 0), invoice.currency)).toBe(charge)
    expect(`−${formatAmount(-lines.filter((amount) => amount < 0).reduce((sum, amount) => sum + amount, 0), invoice.currency)}`).toBe(credit)
    expect(priceOf()).toBe('team_monthly')
    await stack().worker.settled()
    await page.goto('/billing')
    expect(await summaryValue(page, 'Plan').innerText()).toBe('Team')
  })

  step('3. on /billing, a downgrade to Pro waits for the period’s end and shows "Changes to Pro on <date>"', async () => {
    await (await hydrated(page.getByRole('button', { name: 'Switch to Pro (monthly)' }))).click()
    const preview = await visible(page.getByRole('region', { name: 'Change to Pro' }))
    await visible(preview.getByText('Changes on'))
    await screenshots(page, 'billing-preview')
    await preview.getByRole('button', { name: 'Confirm change' }).click()
    const end = stack().double.subscriptions.get(subscriptionId)!.items.data[0]!.current_period_end
    const date = new Intl.DateTimeFormat('en-US', { dateStyle: 'long', timeZone: 'UTC' }).format(new Date(end * 1000))
    await visible(page.getByText(`Changes to Pro (monthly) on ${date}.`))
    expect(priceOf()).toBe('team_monthly')
    expect(stack().double.subscriptions.get(subscriptionId)?.schedule).toBeTruthy()
    await screenshots(page, 'billing-scheduled')
  })

  step('4. "Keep current plan" undoes it: the schedule is released and the notice is gone', async () => {
    await (await hydrated(page.getByRole('button', { name: 'Keep current plan' }))).click()
    await page.waitForURL((url) => url.pathname === '/billing')
    await expect.poll(() => page.getByText(/^Changes to Pro/).count(), { timeout: 15_000 }).toBe(0)
    expect(stack().double.subscriptions.get(subscriptionId)?.schedule).toBeNull()
    expect(priceOf()).toBe('team_monthly')
    expect(appProblems).toEqual([])
  })
})
