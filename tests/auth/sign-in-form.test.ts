import { renderToStaticMarkup } from 'react-dom/server'
import { afterAll, beforeEach, describe, expect, it, vi } from 'vitest'
import { redirectOf } from '../support/billing-fixture'
import { nextHeadersMock, request, signOutOfRequest } from '../support/request-context'
import { startSmtpCapture } from '../support/smtp-capture'

vi.mock('next/headers', () => nextHeadersMock())

const smtp = await startSmtpCapture()
process.env.EMAIL_SERVER = smtp.url
process.env.EMAIL_FROM = 'Tollgate <auth@example.com>'
process.env.NEXTAUTH_SECRET = 'test-secret-that-is-at-least-32-characters'

const { signIn } = await import('@/lib/auth/actions')
const { db } = await import('@/lib/db')

afterAll(() => smtp.close())
beforeEach(async () => {
  signOutOfRequest()
  request.headers.set('host', 'localhost:3000')
  await db.rateLimit.deleteMany()
})

/** What the browser posts when the form is submitted, with or without the page's JavaScript. */
const form = (fields: Record<string, string>) => {
  const data = new FormData()
  for (const [name, value] of Object.entries(fields)) data.set(name, value)
  return data
}

// The paths that reach next-auth run in a real Next server, where its handler reads the action's cookies through
// next/headers: tests/e2e/sign-in-without-javascript.e2e.ts. These are the answers the action gives by itself.
describe('the sign-in form, as a plain form post', () => {
  it('sends an address that is not one back to the form, filled in to correct, and emails nobody', async () => {
    const sent = smtp.messages.length
    const next = await redirectOf(() => signIn(form({ email: 'not-an-address', callbackUrl: '/billing' })))
    expect(next).toBe('/sign-in?error=EmailAddress&callbackUrl=%2Fbilling&email=not-an-address')
    expect(smtp.messages.length).toBe(sent)
    expect(await db.verificationToken.count({ where: { identifier: 'not-an-address' } })).toBe(0)
  })

  it('refuses alice@localhost with the reason on the page, and logs no stack trace', async () => {
    const logged = vi.spyOn(console, 'error')
    const next = await redirectOf(() => signIn(form({ email: 'alice@localhost', callbackUrl: '/dashboard' })))
    expect(next).toBe('/sign-in?error=EmailAddress&callbackUrl=%2Fdashboard&email=alice%40localhost')
    expect(logged).not.toHaveBeenCalled()
    logged.mockRestore()

    const { default: SignInPage } = await import('@/app/sign-in/page')
    const page = renderToStaticMarkup(await SignInPage({ searchParams: Promise.resolve(Object.fromEntries(new URL(next, 'http://localhost').searchParams)) }))
    expect(page).toContain('localhost has no dot, as example.com has')
    expect(page).toContain('value="alice@localhost"')
    expect(page).not.toContain('could not send')
  })

  it('refuses a provider that is not configured', async () => {
    const next = await redirectOf(() => signIn(form({ provider: 'github', callbackUrl: '/dashboard' })))
    expect(next).toBe('/sign-in?error=OAuthSignin&callbackUrl=%2Fdashboard')
  })
})
