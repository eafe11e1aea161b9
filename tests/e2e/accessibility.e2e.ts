// axe-core on the pages people see, in light and dark colour schemes: no serious or critical violation allowed.
// Minor and moderate findings are printed, not failed, so they stay visible without blocking.
import type { Page } from 'playwright-core'
import { beforeAll, describe, expect, it } from 'vitest'
import { describeFindings, isBlocking, runAxe } from './support/axe'
import { subscribeNewUser, visible } from './support/flows'
import { setupStack } from './support/stack'

const stack = setupStack('accessibility')

const PUBLIC_PAGES = ['/', '/pricing', '/sign-in']
const MEMBER_PAGES = ['/dashboard', '/billing']
const SCHEMES = ['light', 'dark'] as const

/** The body's background as the browser paints it (0 black … 1 white), whatever colour syntax the CSS used. */
function bodyLightness(page: Page): Promise<number> {
  return page.evaluate(() => {
    const canvas = document.createElement('canvas')
    canvas.width = canvas.height = 1
    const context = canvas.getContext('2d')!
    context.fillStyle = getComputedStyle(document.body).backgroundColor
    context.fillRect(0, 0, 1, 1)
    const [r = 0, g = 0, b = 0] = context.getImageData(0, 0, 1, 1).data
    return (0.2126 * r + 0.7152 * g + 0.0722 * b) / 255
  })
}

describe('accessibility (axe-core)', () => {
  let visitor: Page
  let member: Page
  let subscriptionId = ''

  beforeAll(async () => {
    visitor = await stack().newPage()
    // A subscribed member, so /billing and /dashboard show their full content (summary, portal button, reports).
    member = await stack().newPage()
    subscriptionId = await subscribeNewUser(member, stack(), 'a11y@example.com', 'Pro')
  })

  async function check(page: Page, path: string, scheme: (typeof SCHEMES)[number]) {
    // The scheme is set before navigating, so nothing is mid-transition when the contrast checks run.
    await page.emulateMedia({ colorScheme: scheme })
    await page.goto(path)
    await visible(page.getByRole('heading', { level: 1 }).first())
    expect(new URL(page.url()).pathname, 'the page did not redirect elsewhere').toBe(path)
    // Guards against a vacuous pass: the scheme really applies, and axe really checked contrast on this page.
    const lightness = await bodyLightness(page)
    if (scheme === 'dark') expect(lightness, 'body background lightness in dark').toBeLessThan(0.15)
    else expect(lightness, 'body background lightness in light').toBeGreaterThan(0.85)
    const { findings, rulesPassed, contrastUndecided } = await runAxe(page)
    expect(rulesPassed).toContain('color-contrast')
    if (contrastUndecided.length > 0) {
      const sample = contrastUndecided.slice(0, 2).join('; ')
      console.log(`axe, ${path} (${scheme}): contrast not decidable for ${contrastUndecided.length} node(s), e.g. ${sample}`)
    }
    const blocking = findings.filter(isBlocking)
    const other = findings.filter((f) => !isBlocking(f))
    if (other.length > 0) console.log(`axe, ${path} (${scheme}), not blocking:\n${describeFindings(other)}`)
    expect(blocking, `serious or critical axe violations on ${path} (${scheme}):\n${describeFindings(blocking)}`).toEqual([])
  }

  // "/" alone would vanish from the failure screenshot's file name.
  const label = (path: string) => (path === '/' ? 'home page /' : path)
  for (const scheme of SCHEMES) {
    for (const path of PUBLIC_PAGES) it(`${label(path)} (${scheme}, signed out)`, () => check(visitor, path, scheme))
    for (const path of MEMBER_PAGES) it(`${label(path)} (${scheme}, signed in)`, () => check(member, path, scheme))
  }

  // The warning banner and its button only appear when a payment failed; their colours get checked too.
  for (const scheme of SCHEMES) {
    it(`/billing with the past-due banner (${scheme})`, async () => {
      if (stack().double.subscriptions.get(subscriptionId)?.status !== 'past_due') {
        await stack().double.endTrial(subscriptionId)
        await stack().double.failRenewal(subscriptionId)
        await stack().worker.settled()
      }
      await check(member, '/billing', scheme)
      await visible(member.getByRole('alert').filter({ hasText: 'Your last payment failed.' }))
    })
  }
})
