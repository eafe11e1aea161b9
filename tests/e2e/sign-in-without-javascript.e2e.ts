// The sign-in form and the header menu before any JavaScript has run (a slow phone, a script blocked): plain
// HTML forms and a <details> menu must do the whole job. JavaScript is off for the whole browser context.
import { describe, expect, it } from 'vitest'
import { openSignInLink, visible } from './support/flows'
import { emailsTo } from './support/mail'
import { setupStack } from './support/stack'

const stack = setupStack('sign-in-without-javascript')

describe('without JavaScript', () => {
  it('the sign-in form emails a link, says so, and the link signs in and returns to the page asked for', async () => {
    const page = await stack().newPage({ javaScriptEnabled: false })
    await page.goto('/sign-in?callbackUrl=%2Fbilling')
    await page.getByLabel('Email address').fill('no-script@example.com')
    await page.getByRole('button', { name: 'Email me a sign-in link' }).click()
    await page.waitForURL((url) => url.pathname === '/sign-in/check-email')
    await visible(page.getByText('We sent a sign-in link to no-script@example.com.'))

    await openSignInLink(page, stack(), 'no-script@example.com')
    await page.waitForURL((url) => url.pathname === '/billing')
    await visible(page.getByRole('heading', { level: 1, name: 'Billing' }))
  })

  it('an address the form cannot use comes back with a message and sends nothing', async () => {
    const page = await stack().newPage({ javaScriptEnabled: false })
    await page.goto('/sign-in')
    // The browser's own check (type=email) would stop this; a script-less old browser or a crafted post would not.
    await page.getByLabel('Email address').evaluate((input) => input.setAttribute('type', 'text'))
    await page.getByLabel('Email address').fill('not-an-address')
    await page.getByRole('button', { name: 'Email me a sign-in link' }).click()
    await page.waitForURL((url) => url.searchParams.get('error') === 'EmailAddress')
    await visible(page.getByRole('alert').getByText('“not-an-address” is not one email address: it needs exactly one @, as in you@example.com.'))
    expect(await page.getByLabel('Email address').inputValue()).toBe('not-an-address')
    expect(emailsTo(stack().smtp, 'not-an-address')).toEqual([])
  })

  it('on 127.0.0.1, while APP_URL says localhost, the browser is sent to APP_URL first, and signs in there with the emailed link', async () => {
    const loopback = stack().appUrl.replace('localhost', '127.0.0.1')
    const page = await stack().newPage({ javaScriptEnabled: false, baseURL: loopback })
    await page.goto('/sign-in?callbackUrl=%2Fbilling')
    await page.waitForURL((url) => url.origin === stack().appUrl && url.pathname === '/sign-in')
    expect(new URL(page.url()).searchParams.get('callbackUrl')).toBe('/billing')
    await page.getByLabel('Email address').fill('loopback@example.com')
    await page.getByRole('button', { name: 'Email me a sign-in link' }).click()
    await page.waitForURL((url) => url.pathname === '/sign-in/check-email')
    await visible(page.getByText('We sent a sign-in link to loopback@example.com.'))
    await openSignInLink(page, stack(), 'loopback@example.com')
    await page.waitForURL((url) => url.origin === stack().appUrl && url.pathname === '/billing')
    await visible(page.getByRole('heading', { level: 1, name: 'Billing' }))
  })

  it('the header menu opens at 390 px and leads to the pages', async () => {
    const page = await stack().newPage({ javaScriptEnabled: false, viewport: { width: 390, height: 844 } })
    await page.goto('/pricing')
    await page.locator('header summary', { hasText: 'Menu' }).click()
    await visible(page.locator('header details').getByRole('link', { name: 'Sign in' }))
    await page.locator('header details').getByRole('link', { name: 'Sign in' }).click()
    await page.waitForURL((url) => url.pathname === '/sign-in')
  })
})
