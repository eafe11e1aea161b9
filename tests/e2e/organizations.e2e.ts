// An organization billed per seat, through the browser: the owner subscribes, invites two people who accept,
// /billing shows 3 seats, a member cannot open billing, the owner removes a member and Stripe follows.
import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { hydrated, openSignInLink, requestSignInLink, subscribeNewUser, summaryValue, until, visible } from './support/flows'
import { waitForEmail } from './support/mail'
import { setupStack } from './support/stack'

const stack = setupStack('organizations')
const OWNER = 'org-owner@example.com'
const MEMBERS = ['org-member-1@example.com', 'org-member-2@example.com']

describe('an organization with seats', () => {
  let owner: Page
  const memberPages: Page[] = []
  let subscriptionId = ''
  let failedStep: string | null = null
  const quantity = () => stack().double.subscriptions.get(subscriptionId)?.items.data[0]?.quantity

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

  step('1. the owner subscribes to Pro for their organization: one seat', async () => {
    owner = await stack().newPage()
    subscriptionId = await subscribeNewUser(owner, stack(), OWNER, 'Pro')
    expect(quantity()).toBe(1)
  })

  step('2. the owner invites two people from /settings/organization', async () => {
    await owner.goto('/settings/organization')
    for (const email of MEMBERS) {
      await (await hydrated(owner.getByLabel('Email address'))).fill(email)
      await owner.getByRole('button', { name: 'Send invitation' }).click()
      await visible(owner.getByRole('button', { name: `Revoke invitation for ${email}` }))
    }
  })

  step('3. each invitee opens the emailed link, signs up on the way, and accepts', async () => {
    for (const email of MEMBERS) {
      const message = await waitForEmail(stack().smtp, email, /invited you to/)
      const link = message.text.match(/http\S+\/invitations\/[A-Za-z0-9_-]+/)?.[0]
      if (!link) throw new Error(`no invitation link in the email to ${email}`)
      const page = await stack().newPage()
      await page.goto(link)
      await (await hydrated(page.getByRole('link', { name: 'Sign in to accept' }))).click()
      // The sign-in form already holds the invited address.
      expect(await (await hydrated(page.getByLabel('Email address'))).inputValue()).toBe(email)
      await requestSignInLink(page, email)
      await openSignInLink(page, stack(), email)
      await page.waitForURL((url) => url.pathname.startsWith('/invitations/'))
      await (await hydrated(page.getByRole('button', { name: 'Accept invitation' }))).click()
      await page.waitForURL((url) => url.pathname === '/settings/organization')
      await visible(page.getByText(`You are a member of this organization.`, { exact: false }))
      // The header's switcher lists the organization just joined, without a reload.
      expect(await page.locator('header select').first().locator('option').allTextContents()).toContain(OWNER)
      memberPages.push(page)
    }
    await stack().worker.settled()
    expect(quantity()).toBe(3)
  })

  step('4. /billing shows 3 seats used and 3 paid for, and what the team pays for them', async () => {
    await owner.goto('/billing')
    expect(await summaryValue(owner, 'Seats').innerText()).toBe('3 used · 3 paid for · Pro allows 3')
    expect(await summaryValue(owner, 'Price').innerText()).toBe('$57 / month — 3 seats × $19')
  })

  step('5. a member cannot open billing settings, and the dashboard sends them nowhere they cannot go', async () => {
    const page = memberPages[0]!
    await page.goto('/billing')
    await visible(page.getByRole('alert').filter({ hasText: 'Only owners and admins of this organization can see and change its billing.' }))
    expect(await page.getByRole('button', { name: 'Manage billing' }).count()).toBe(0)
    await page.goto('/dashboard')
    await visible(page.getByText(`Only owners and admins of ${OWNER} manage its plan and payments.`))
    expect(await page.getByRole('link', { name: 'Open billing' }).count()).toBe(0)
  })

  step('6. the owner removes a member after a confirmation: the list and Stripe’s quantity follow', async () => {
    await owner.goto('/settings/organization')
    await (await hydrated(owner.locator('summary', { hasText: `Remove ${MEMBERS[1]}` }))).click()
    // Nothing is removed until the confirmation says what removing does, and is pressed.
    await visible(owner.getByText(`${MEMBERS[1]} loses access to ${OWNER} at once.`, { exact: false }))
    expect(await stack().db.membership.count({ where: { user: { email: MEMBERS[1] }, organization: { personalOwner: { email: OWNER } } } })).toBe(1)
    await (await hydrated(owner.getByRole('button', { name: `Yes, remove ${MEMBERS[1]}` }))).click()
    // Not the button's own name: it reads "Removing…" while the action runs. The member's row goes when it is done.
    await until(async () => (await owner.getByText(MEMBERS[1]!, { exact: true }).count()) === 0, 'the removed member still listed')
    await stack().worker.settled()
    expect(quantity()).toBe(2)
    await owner.goto('/billing')
    expect(await summaryValue(owner, 'Seats').innerText()).toBe('2 used · 2 paid for · Pro allows 3')
  })

  step('7. the owner creates an organization: the header’s switcher lists it at once', async () => {
    await owner.goto('/settings/organization')
    await (await hydrated(owner.locator('#create-name'))).fill('Globex Rockets')
    await owner.getByRole('button', { name: 'Create', exact: true }).click()
    await visible(owner.getByRole('heading', { level: 1, name: 'Globex Rockets' }))
    const switcher = owner.locator('header select').first()
    await until(async () => (await switcher.locator('option').allTextContents()).includes('Globex Rockets'), 'the new organization in the switcher')
    expect(await switcher.locator('option:checked').textContent()).toBe('Globex Rockets')
  })
})
