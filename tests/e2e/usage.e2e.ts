// The usage journey in a browser: a Free organization spends API calls in the playground until its hard cap refuses
// one and the page says what to do; a Pro subscriber (through Checkout) sees use, overage and the daily chart on
// /billing, and Stripe's preview of the next invoice on /billing/usage. Every page axe clean, light and dark, at 390 and 1280 px; with
// E2E_SCREENSHOTS=<dir>, each is saved there.
import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { describeFindings, isBlocking, runAxe } from './support/axe'
import { hydrated, signIn, subscribeNewUser, visible } from './support/flows'
import { setupStack } from './support/stack'

const stack = setupStack('usage')

async function checkEveryLook(page: Page, paths: readonly string[], name: string) {
  const shots = process.env.E2E_SCREENSHOTS
  if (shots) mkdirSync(shots, { recursive: true })
  const state = await page.context().storageState()
  for (const colorScheme of ['light', 'dark'] as const) {
    for (const width of [390, 1280]) {
      const view = await stack().newPage({ viewport: { width, height: 900 }, colorScheme, storageState: state })
      for (const path of paths) {
        await view.goto(path)
        await visible(view.getByRole('meter').first())
        expect(await view.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth), `${path} at ${width} px`).toBe(0)
        const blocking = (await runAxe(view)).findings.filter(isBlocking)
        expect(blocking, `axe on ${path} (${colorScheme}, ${width} px):\n${describeFindings(blocking)}`).toEqual([])
        if (shots) await view.screenshot({ path: join(shots, `${name}${path.replace(/[^a-z0-9]+/gi, '-')}-${width}-${colorScheme}.png`), fullPage: true })
      }
      await view.context().close()
    }
  }
}

describe('usage in the browser', () => {
  it('Free: the playground spends API calls up to the hard cap, then refuses with the way out', async () => {
    const page = await stack().newPage()
    await signIn(page, stack(), 'free-usage@example.com', '/dashboard/usage')
    await (await hydrated(page.getByRole('button', { name: 'Make 1,000 calls' }))).click()
    await visible(page.getByText('You have used every API call this period includes.'))
    await expect.poll(() => page.getByRole('meter', { name: 'API calls' }).getAttribute('aria-valuetext')).toBe('1,000 of 1,000 API calls, limit reached')
    await page.getByRole('button', { name: 'Make 1 call' }).click()
    await visible(page.getByRole('alert').filter({ hasText: /Refused: 1 more would pass your plan's limit \(0 left this period\)/ }))
    await checkEveryLook(page, ['/dashboard/usage', '/dashboard', '/billing'], 'free')
  })

  it('Pro: /billing shows the use, the overage so far and the chart; /billing/usage Stripe’s preview of the next invoice', async () => {
    const page = await stack().newPage()
    await subscribeNewUser(page, stack(), 'pro-usage@example.com', 'Pro')
    await page.goto('/dashboard/usage')
    for (let n = 0; n < 3; n++) {
      await (await hydrated(page.getByRole('button', { name: 'Make 1,000 calls' }))).click()
      await expect.poll(() => page.getByRole('meter', { name: 'API calls' }).getAttribute('aria-valuenow')).toBe(String((n + 1) * 1000))
    }
    await stack().worker.settled()
    await page.goto('/billing')
    await visible(page.getByRole('heading', { name: 'Usage this period' }))
    await visible(page.getByText('Overage so far:'))
    await visible(page.getByRole('img', { name: /^Daily API calls/ }))
    await page.getByRole('link', { name: 'Next invoice estimate and credits' }).click()
    await visible(page.getByText('Next invoice, as Stripe previews it now'))
    await checkEveryLook(page, ['/billing', '/billing/usage', '/dashboard/usage'], 'pro')
  })
})
