// Cancel and keep a plan on /billing, each through its confirmation step, then open an invoice from the list: the
// hosted page and the PDF. Last, /billing at 390 and 1280 px, light and dark, with the invoice list and the cancel
// confirmation open, must fit the screen (the screenshots land in test-results/, which git ignores).
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { hydrated, subscribeNewUser, summaryValue, visible, until } from './support/flows'
import { resultsDir } from './support/paths'
import { setupStack } from './support/stack'

const stack = setupStack('cancel-and-invoices')

describe('cancel, keep and invoices on /billing', () => {
  it('cancels with a reason after confirming, keeps the plan after confirming, and opens an invoice and its PDF', async () => {
    const page = await stack().newPage()
    const subscriptionId = await subscribeNewUser(page, stack(), 'cancel-journey@example.com', 'Pro')
    await page.goto('/billing')

    // Nothing happens on the first click: it opens the confirmation step.
    await (await hydrated(page.getByText('Cancel subscription', { exact: true }))).click()
    const confirm = await visible(page.getByRole('button', { name: 'Confirm cancellation' }))
    expect(stack().double.subscriptions.get(subscriptionId)!.cancel_at_period_end).toBe(false)
    await page.getByRole('radio', { name: 'I’m switching to another service' }).check()
    await page.getByLabel('Anything else you’d like to tell us? (optional)').fill('Moving to a bigger tool.')
    await confirm.click()

    await visible(page.getByText('Keep my plan', { exact: true }))
    expect(await summaryValue(page, 'Cancels on').innerText()).toMatch(/^[A-Z][a-z]+ \d{1,2}, \d{4}$/)
    expect(stack().double.subscriptions.get(subscriptionId)).toMatchObject({
      cancel_at_period_end: true,
      cancellation_details: { feedback: 'switched_service', comment: 'Moving to a bigger tool.' },
    })
    await stack().worker.settled()
    await page.reload()
    await visible(summaryValue(page, 'Cancels on'))

    await (await hydrated(page.getByText('Keep my plan', { exact: true }))).click()
    await (await visible(page.getByRole('button', { name: 'Confirm: keep my plan' }))).click()
    await visible(page.getByText('Cancel subscription', { exact: true }))
    expect(await page.locator('dl > div').filter({ hasText: 'Cancels on' }).count()).toBe(0)
    expect(stack().double.subscriptions.get(subscriptionId)).toMatchObject({ cancel_at_period_end: false, cancel_at: null })
    await stack().worker.settled()

    // The invoice Checkout made (a trial's $0) is listed, with links to Stripe's hosted page and PDF.
    await page.reload()
    const invoice = [...stack().double.invoices.values()].find((i) => i.parent?.subscription_details?.subscription === subscriptionId)!
    const pdfLink = page.getByRole('link', { name: `Download invoice ${invoice.number} as PDF` })
    expect(await pdfLink.getAttribute('href')).toBe(invoice.invoice_pdf)
    const pdf = await page.request.get(invoice.invoice_pdf!)
    expect(pdf.status()).toBe(200)
    expect(pdf.headers()['content-type']).toBe('application/pdf')
    expect((await pdf.body()).subarray(0, 5).toString('latin1')).toBe('%PDF-')
    await page.getByRole('link', { name: `View invoice ${invoice.number}` }).click()
    await page.waitForURL((url) => url.href === invoice.hosted_invoice_url)
    await visible(page.getByRole('heading', { name: 'Invoice — local Stripe sandbox' }))
    await visible(page.getByText(`Invoice ${invoice.number}`, { exact: false }))
    // Navigations abort Next's prefetches, which the watcher lists too; a script error would be ours.
    expect(stack().browserProblems(page).filter((line) => line.startsWith('script error'))).toEqual([])
  })

  it('at 390 and 1280 px, light and dark, the cancel confirmation and the invoice list fit the screen', async () => {
    const setup = await stack().newPage()
    const subscriptionId = await subscribeNewUser(setup, stack(), 'cancel-screens@example.com', 'Team')
    // Two renewals at their period ends (the trial's end, then a month on): three invoices in the list.
    for (let renewal = 0; renewal < 2; renewal++) {
      stack().double.advanceClockTo(stack().double.subscriptions.get(subscriptionId)!.items.data[0]!.current_period_end)
      await stack().double.payRenewal(subscriptionId)
      await stack().worker.settled()
    }
    const cookies = await setup.context().cookies()
    for (const width of [390, 1280]) {
      for (const colorScheme of ['light', 'dark'] as const) {
        const page = await stack().newPage({ viewport: { width, height: 900 }, colorScheme })
        await page.context().addCookies(cookies)
        await page.goto('/billing')
        await (await hydrated(page.getByText('Cancel subscription', { exact: true }))).click()
        await visible(page.getByRole('button', { name: 'Confirm cancellation' }))
        await visible(page.getByRole('heading', { name: 'Invoices' }))
        expect(await page.getByRole('link', { name: /^Download invoice .+ as PDF$/ }).count()).toBe(3)
        await until(async () => (await page.evaluate(() => document.fonts.status)) === 'loaded', 'fonts loaded')
        const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)
        expect(overflow, `horizontal overflow at ${width} px, ${colorScheme}`).toBeLessThanOrEqual(0)
        await page.screenshot({ path: join(resultsDir(), `billing-cancel-invoices-${width}-${colorScheme}.png`), fullPage: true })
        await page.close()
      }
    }
  })
})
