// Buying credit in a browser: a Pro subscriber on /billing/usage sees what a pack costs and credits, pays it on the
// sandbox's Checkout page, comes back, and finds the purchase in the credit history with the balance up by the
// pack. The section axe clean, light and dark, at 390 and 1280 px; with E2E_SCREENSHOTS=<dir>, saved there.
import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { describeFindings, isBlocking, runAxe } from './support/axe'
import { hydrated, subscribeNewUser, visible } from './support/flows'
import { setupStack } from './support/stack'

const stack = setupStack('buy-credits')

describe('buying credits in the browser', () => {
  it('Pro: pays a $10 pack on Checkout and sees it in the credit history', async () => {
    const page = await stack().newPage()
    await subscribeNewUser(page, stack(), 'credit-buyer@example.com', 'Pro')
    await page.goto('/billing/usage')
    await visible(page.getByRole('heading', { name: 'Buy credits' }))
    await visible(page.getByText(/Pay \$10 once, receive\s+\$10 of credit\./))
    await (await hydrated(page.getByRole('button', { name: 'Buy $10 of credit' }))).click()
    await page.waitForURL((url) => url.href.startsWith(`${stack().double.url}/checkout/`))
    await visible(page.getByText(/^\$10 of usage credit: /))
    await page.getByRole('button', { name: 'Pay', exact: true }).click()
    await page.waitForURL((url) => url.origin === stack().appUrl && url.pathname === '/billing/usage')
    await visible(page.getByRole('status').filter({ hasText: 'Thank you: $10 of usage credit is on its way' }))
    await stack().worker.settled()
    await page.reload()
    await visible(page.getByText(/Bought: \$10 of usage credit/))
    await visible(page.getByText(/\$10\s*available; usage is paid from it/))

    const shots = process.env.E2E_SCREENSHOTS
    if (shots) mkdirSync(shots, { recursive: true })
    const state = await page.context().storageState()
    for (const colorScheme of ['light', 'dark'] as const) {
      for (const width of [390, 1280]) {
        const view = await stack().newPage({ viewport: { width, height: 900 }, colorScheme, storageState: state })
        await view.goto('/billing/usage')
        await visible(view.getByRole('heading', { name: 'Buy credits' }))
        expect(await view.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth), `at ${width} px`).toBe(0)
        const blocking = (await runAxe(view)).findings.filter(isBlocking)
        expect(blocking, `axe (${colorScheme}, ${width} px):\n${describeFindings(blocking)}`).toEqual([])
        if (shots) await view.screenshot({ path: join(shots, `billing-usage-${width}-${colorScheme}.png`), fullPage: true })
        await view.context().close()
      }
    }
  })
})
