// What a person does, step by step, as reusable pieces: sign in through the emailed link, pick a plan and pay on
// the (double's) hosted Checkout, open the customer portal. Each piece asserts what that person would see.
import type { Locator, Page } from 'playwright-core'
import type { Stack } from './stack'
import { signInLinkIn, waitForEmail } from './mail'

export type PlanName = 'Pro' | 'Team'

const WAIT_MS = 15_000

/** Waits (Playwright's auto-wait) until `locator` is on screen; the error names the locator when it never is. */
export async function visible(locator: Locator, timeout = WAIT_MS): Promise<Locator> {
  await locator.waitFor({ state: 'visible', timeout })
  return locator
}

/**
 * Waits until React has hydrated `locator`'s element (its props are attached). Until then a click can miss its
 * handler (the forms still work, as plain posts: sign-in-without-javascript.e2e.ts), and the journey is about the
 * hydrated page a person sees.
 */
export async function hydrated(locator: Locator, timeout = WAIT_MS): Promise<Locator> {
  await visible(locator, timeout)
  const attached = () => locator.evaluate((element) => Object.keys(element).some((key) => key.startsWith('__reactProps$')))
  await until(attached, `${String(locator)} should be hydrated by React`, timeout)
  return locator
}

/** Polls until the page has no element matching `locator`. */
export async function absent(locator: Locator, timeout = WAIT_MS): Promise<void> {
  await until(async () => (await locator.count()) === 0, `${String(locator)} should not be on the page`, timeout)
}

/**
 * Polls `check` until it is true. Not expect.poll: these helpers also run in beforeAll, where Vitest has no
 * current test to attach an expect.poll to.
 */
export async function until(check: () => Promise<boolean>, message: string, timeout = WAIT_MS): Promise<void> {
  const deadline = Date.now() + timeout
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeout} ms: ${message}`)
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
}

/** The value beside `term` in the billing page's summary (a <dl>). */
export function summaryValue(page: Page, term: string): Locator {
  return page
    .locator('dl > div')
    .filter({ has: page.getByRole('term').getByText(term, { exact: true }) })
    .getByRole('definition')
}

/** A date as the app shows it (lib components format in UTC, long US style). */
export const shownDate = (unixSeconds: number) =>
  new Intl.DateTimeFormat('en-US', { dateStyle: 'long', timeZone: 'UTC' }).format(new Date(unixSeconds * 1000))

export const pathOf = (page: Page) => new URL(page.url()).pathname

/** On /sign-in: ask for a link and land on "Check your email". */
export async function requestSignInLink(page: Page, email: string): Promise<void> {
  await (await hydrated(page.getByLabel('Email address'))).fill(email)
  await (await hydrated(page.getByRole('button', { name: 'Email me a sign-in link' }))).click()
  await page.waitForURL((url) => url.pathname === '/sign-in/check-email')
  await visible(page.getByRole('heading', { name: 'Check your email' }))
  await visible(page.getByText(`We sent a sign-in link to ${email}.`))
}

/** Opens the link from the sign-in email that was sent to `email` and presses its one "Sign in"; returns the link. */
export async function openSignInLink(page: Page, stack: Stack, email: string): Promise<string> {
  const message = await waitForEmail(stack.smtp, email, /^Sign in to /)
  const link = signInLinkIn(message, stack.appUrl)
  await page.goto(link)
  await visible(page.getByText(`Continue as ${email}.`))
  await page.getByRole('button', { name: 'Sign in', exact: true }).click()
  return link
}

/** A whole sign-in from a fresh page: /sign-in?callbackUrl=returnTo → emailed link → back at returnTo, signed in. */
export async function signIn(page: Page, stack: Stack, email: string, returnTo = '/pricing'): Promise<void> {
  await page.goto(`/sign-in?${new URLSearchParams({ callbackUrl: returnTo })}`)
  await requestSignInLink(page, email)
  await openSignInLink(page, stack, email)
  await page.waitForURL((url) => url.pathname === returnTo)
  // Signed in: the header has a way out (inline on a wide screen, inside the closed menu on a phone).
  await page.getByRole('button', { name: 'Sign out', includeHidden: true }).first().waitFor({ state: 'attached', timeout: WAIT_MS })
}

/** On /pricing, signed in: "Choose <plan>" → the hosted Checkout → "Pay" → the success page. Returns the session id. */
export async function choosePlanAndPay(page: Page, stack: Stack, plan: PlanName): Promise<string> {
  await (await hydrated(page.getByRole('region', { name: plan, exact: true }).getByRole('button', { name: `Choose ${plan}` }))).click()
  await page.waitForURL((url) => url.href.startsWith(`${stack.double.url}/checkout/`))
  await visible(page.getByRole('heading', { name: 'Pay — local Stripe sandbox' }))
  // A metered plan shows a line per item (the plan, then its metered prices): the plan's line comes first.
  await visible(page.getByText(new RegExp(`^${plan}: `)).first())
  await page.getByRole('button', { name: 'Pay', exact: true }).click()
  await page.waitForURL((url) => url.origin === stack.appUrl && url.pathname === '/billing/success')
  await visible(page.getByRole('heading', { name: `You’re on ${plan}` }))
  const sessionId = new URL(page.url()).searchParams.get('session_id')
  if (!sessionId) throw new Error(`the success page has no session_id: ${page.url()}`)
  return sessionId
}

/** The subscription a completed Checkout session created, from the double (Stripe's side). */
export function subscriptionOf(stack: Stack, sessionId: string): string {
  const session = stack.double.checkoutSessions.get(sessionId)
  const subscription = typeof session?.subscription === 'string' ? session.subscription : session?.subscription?.id
  if (!subscription) throw new Error(`checkout session ${sessionId} has no subscription in the double`)
  return subscription
}

/** A new user, signed in and subscribed through the UI, with every resulting webhook processed. */
export async function subscribeNewUser(page: Page, stack: Stack, email: string, plan: PlanName = 'Pro'): Promise<string> {
  await signIn(page, stack, email, '/pricing')
  const subscription = subscriptionOf(stack, await choosePlanAndPay(page, stack, plan))
  await stack.worker.settled()
  return subscription
}

/** On /billing: "Manage billing" → the double's customer portal. */
export async function openPortal(page: Page, stack: Stack): Promise<void> {
  await (await hydrated(page.getByRole('button', { name: 'Manage billing' }))).click()
  await page.waitForURL((url) => url.href.startsWith(`${stack.double.url}/portal/`))
  await visible(page.getByRole('heading', { name: 'Billing — local Stripe sandbox' }))
}

/** In the portal: Return → /billing, then wait for the webhooks the portal's change caused, and reload. */
export async function returnFromPortal(page: Page, stack: Stack): Promise<void> {
  await page.getByRole('link', { name: 'Return' }).click()
  await page.waitForURL((url) => url.origin === stack.appUrl && url.pathname === '/billing')
  await stack.worker.settled()
  await page.reload()
}
