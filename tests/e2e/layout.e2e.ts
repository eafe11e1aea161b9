// Every page at a phone's width (390 px), signed out and signed in, light and dark: nothing may scroll sideways,
// and the header folds into a menu that opens, says it is open, and leads to the signed-in user's pages.
import type { Page } from 'playwright-core'
import { beforeAll, describe, expect, it } from 'vitest'
import { ACCOUNT_LINKS } from '@/components/auth/account-links'
import { choosePlanAndPay, hydrated, pathOf, signIn, visible } from './support/flows'
import { OPERATOR_EMAIL, setupStack } from './support/stack'

const stack = setupStack('layout')

const PHONE = { width: 390, height: 844 }
const SCHEMES = ['light', 'dark'] as const
const VISITOR_PAGES = ['/', '/pricing', '/sign-in', '/sign-in/check-email', '/this-page-does-not-exist']
const MEMBER_PAGES = ['/', '/pricing', '/dashboard', '/billing', '/settings', '/settings/organization', '/sign-out']
const OPERATOR_PAGES = ['/admin', '/admin/events', '/admin/organizations', '/admin/audit', '/admin/events/replay']
/** A personal organization is named after its owner's address: a long one, as some people have. */
const LONG_EMAIL = 'maximilian.alexander.richardson-worthington@engineering.verylongcompanyname-example.com'
/** The longest name an organization may have (80 characters), with nowhere to break a line. */
const LONG_NAME = `${'Wolfeschlegelsteinhausenbergerdorff'.repeat(2)}Holdings1`

/** How far the page is wider than the screen, in CSS pixels (0 when nothing scrolls sideways). */
const sidewaysOverflow = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)

/** The body's painted background lightness, 0 black … 1 white: proves the dark scheme really applies. */
const bodyLightness = (page: Page) =>
  page.evaluate(() => {
    const canvas = document.createElement('canvas')
    canvas.width = canvas.height = 1
    const context = canvas.getContext('2d')!
    context.fillStyle = getComputedStyle(document.body).backgroundColor
    context.fillRect(0, 0, 1, 1)
    const [r = 0, g = 0, b = 0] = context.getImageData(0, 0, 1, 1).data
    return (0.2126 * r + 0.7152 * g + 0.0722 * b) / 255
  })

/** The menu control as assistive technology sees it (Chromium's accessibility tree): its role and expanded state. */
async function menuControl(page: Page): Promise<{ role: string; expanded: boolean | undefined }> {
  const cdp = await page.context().newCDPSession(page)
  const { nodes } = (await cdp.send('Accessibility.getFullAXTree')) as {
    nodes: { ignored: boolean; role?: { value: string }; name?: { value: string }; properties?: { name: string; value: { value: unknown } }[] }[]
  }
  await cdp.detach()
  const node = nodes.find((n) => !n.ignored && n.name?.value === 'Menu' && n.role?.value !== 'StaticText')
  if (!node) throw new Error('no accessible control named "Menu" on the page')
  const expanded = node.properties?.find((p) => p.name === 'expanded')?.value.value
  return { role: node.role?.value ?? '', expanded: typeof expanded === 'boolean' ? expanded : undefined }
}

/** The elements that reach past the screen's right edge, for the failure message. */
const tooWide = (page: Page) =>
  page.evaluate(() =>
    [...document.querySelectorAll('body *')]
      .filter((element) => element.getBoundingClientRect().right > document.documentElement.clientWidth + 1)
      .slice(0, 3)
      .map((element) => `<${element.tagName.toLowerCase()} class="${element.className}"> to ${Math.round(element.getBoundingClientRect().right)} px`),
  )

/** Every page in `paths` at the page's width: no sideways scrolling, with the header menu closed and then open. */
async function checkFits(page: Page, paths: readonly string[]) {
  for (const path of paths) {
    await page.goto(path)
    await visible(page.getByRole('heading', { level: 1 }).first())
    expect(await sidewaysOverflow(page), `${path} scrolls sideways: ${(await tooWide(page)).join(', ')}`).toBe(0)
    await (await hydrated(page.locator('header summary', { hasText: 'Menu' }))).click()
    await visible(page.getByRole('combobox', { name: 'Active organization' }))
    expect(await sidewaysOverflow(page), `${path} with the menu open scrolls sideways: ${(await tooWide(page)).join(', ')}`).toBe(0)
  }
}

async function renameOrganization(page: Page, name: string) {
  await page.goto('/settings/organization')
  await (await hydrated(page.getByLabel('Organization name'))).fill(name)
  await page.getByRole('button', { name: 'Save name' }).click()
  await visible(page.getByRole('heading', { level: 1, name }))
}

async function checkPages(page: Page, paths: readonly string[]) {
  for (const scheme of SCHEMES) {
    await page.emulateMedia({ colorScheme: scheme })
    for (const path of paths) {
      await page.goto(path)
      await visible(page.getByRole('heading', { level: 1 }).first())
      expect(await sidewaysOverflow(page), `${path} (${scheme}) scrolls sideways at 390 px`).toBe(0)
      const lightness = await bodyLightness(page)
      if (scheme === 'dark') expect(lightness, `${path} body in dark`).toBeLessThan(0.15)
      else expect(lightness, `${path} body in light`).toBeGreaterThan(0.85)
      // The wide header's links are not on screen; the menu is.
      await visible(page.locator('header summary', { hasText: 'Menu' }))
      expect(await page.locator('header nav[aria-label="Main"]').first().isVisible()).toBe(false)
    }
  }
}

describe('a 390 px screen', () => {
  let visitor: Page
  let member: Page
  let successPath = ''

  beforeAll(async () => {
    visitor = await stack().newPage({ viewport: PHONE })
    member = await stack().newPage({ viewport: PHONE })
    await signIn(member, stack(), 'phone@example.com', '/pricing')
    successPath = `/billing/success?session_id=${await choosePlanAndPay(member, stack(), 'Pro')}`
    await stack().worker.settled()
  })

  it('no page scrolls sideways for a visitor, light or dark', async () => {
    await checkPages(visitor, VISITOR_PAGES)
  })

  it('no page scrolls sideways for a signed-in customer, light or dark', async () => {
    await checkPages(member, [...MEMBER_PAGES, successPath])
  })

  it('the menu is a button that says whether it is open, and holds every link', async () => {
    await member.goto('/dashboard')
    const summary = await hydrated(member.locator('header summary', { hasText: 'Menu' }))
    expect(await menuControl(member)).toEqual({ role: 'DisclosureTriangle', expanded: false })
    await summary.click()
    expect((await menuControl(member)).expanded).toBe(true)
    const menu = member.locator('header details')
    for (const label of ['Pricing', 'Docs', ...ACCOUNT_LINKS.map((link) => link.label)]) await visible(menu.getByRole('link', { name: label, exact: true }))
    await visible(menu.getByRole('button', { name: 'Sign out' }))
    await visible(menu.getByText('Signed in as phone@example.com'))
    // The organization switcher, one per header (row and menu), each with its own label.
    await visible(menu.getByRole('combobox', { name: 'Active organization' }))
    expect(await member.locator('header select').evaluateAll((selects) => new Set(selects.map((s) => s.id)).size)).toBe(2)
    expect(await sidewaysOverflow(member)).toBe(0)

    await menu.getByRole('link', { name: 'Billing', exact: true }).click()
    await member.waitForURL((url) => url.pathname === '/billing')
    await visible(member.getByRole('heading', { level: 1, name: 'Billing' }))
    expect(await menu.evaluate((details) => (details as HTMLDetailsElement).open), 'the menu closes after a navigation').toBe(false)
  })

  it('Escape closes the menu and returns focus to it', async () => {
    await member.goto('/pricing')
    const summary = await hydrated(member.locator('header summary', { hasText: 'Menu' }))
    await summary.focus()
    await member.keyboard.press('Enter')
    expect((await menuControl(member)).expanded).toBe(true)
    await member.keyboard.press('Escape')
    expect((await menuControl(member)).expanded).toBe(false)
    expect(await summary.evaluate((element) => element === document.activeElement)).toBe(true)
  })

  it('a visitor’s menu offers a way in, and the home page knows who is signed in', async () => {
    await visitor.goto('/')
    await visible(visitor.getByRole('main').getByRole('link', { name: 'Sign in' }))
    await (await hydrated(visitor.locator('header summary', { hasText: 'Menu' }))).click()
    await visible(visitor.locator('header details').getByRole('link', { name: 'Sign in' }))

    await member.goto('/')
    await visible(member.getByRole('main').getByRole('link', { name: 'Go to your dashboard' }))
    expect(await member.getByRole('link', { name: 'Sign in' }).count()).toBe(0)
    expect(pathOf(member)).toBe('/')
  })
})

describe('long names on a 390 px screen', () => {
  it('every signed-in page fits with a personal organization named after a long address, then with an 80-character name', async () => {
    const page = await stack().newPage({ viewport: PHONE })
    await signIn(page, stack(), LONG_EMAIL, '/dashboard')
    await checkFits(page, [...MEMBER_PAGES, '/billing/success?session_id=cs_test_none'])
    await renameOrganization(page, LONG_NAME)
    await checkFits(page, MEMBER_PAGES)
  })

  it('the operator console fits too', async () => {
    const page = await stack().newPage({ viewport: PHONE })
    await signIn(page, stack(), OPERATOR_EMAIL, '/dashboard')
    await renameOrganization(page, LONG_NAME)
    await checkFits(page, [...OPERATOR_PAGES, '/admin/organizations?q=Wolfe'])
  })

  it('from 640 px up to the inline header, a signed-in header with a long name fits', async () => {
    const page = await stack().newPage({ viewport: { width: 768, height: 1000 } })
    await signIn(page, stack(), 'tablet@example.com', '/dashboard')
    await renameOrganization(page, LONG_NAME)
    for (const width of [640, 768, 1023, 1024]) {
      await page.setViewportSize({ width, height: 1000 })
      for (const path of ['/dashboard', '/settings/organization']) {
        await page.goto(path)
        await visible(page.getByRole('heading', { level: 1 }).first())
        expect(await sidewaysOverflow(page), `${path} at ${width} px: ${(await tooWide(page)).join(', ')}`).toBe(0)
      }
    }
  })
})

describe('a 1280 px screen', () => {
  it('shows the account links inline, /billing among them, and no menu', async () => {
    const page = await stack().newPage({ viewport: { width: 1280, height: 800 } })
    await signIn(page, stack(), 'desk@example.com', '/dashboard')
    const header = page.locator('header')
    for (const link of ACCOUNT_LINKS) await visible(header.getByRole('link', { name: link.label, exact: true }))
    expect(await header.locator('summary').isVisible()).toBe(false)
    expect(await sidewaysOverflow(page)).toBe(0)
  })
})
