import 'server-only'
import NextAuth from 'next-auth'
import { cookies, headers } from 'next/headers'
import { NextRequest, NextResponse } from 'next/server'
import { z } from 'zod'
import { env } from '@/lib/env'
import { newSignInBrowserValue, signInBrowserCookieName, signInBrowserCookieOptions } from './browser-binding'
import { clientKeyOf } from './client-key'
import { authOptions, CHECK_EMAIL_PAGE } from './options'
import { SIGN_IN_PAGE } from './sign-in-url'

/**
 * Starts a sign-in from a plain form post (a server action), so the sign-in page works before, or without, its
 * JavaScript. It runs next-auth's own route handler in-process, as a browser's `GET /api/auth/csrf` then
 * `POST /api/auth/signin/<provider>` would: the CSRF check, the rate limit, the email and the OAuth redirect stay
 * next-auth's. The cookies it sets go to the browser with the action's response (and, inside one action, the
 * second call reads what the first one set). Returns where the browser goes next: a path of this app (check your
 * email, or the sign-in page with an error) or the OAuth provider's page.
 */
export async function startSignIn(providerId: string, fields: { email?: string; callbackUrl: string }): Promise<string> {
  const options = authOptions({ clientKey: clientKeyOf(await headers()), browserValue: fields.email ? await signInBrowserValue() : undefined })
  const call = async (path: string[], init?: { method: 'POST'; body: URLSearchParams }) => {
    const url = new URL(`/api/auth/${path.join('/')}`, env().APP_URL)
    const response = await NextAuth(new NextRequest(url, init), { params: Promise.resolve({ nextauth: path }) }, options)
    const store = await cookies()
    for (const cookie of new NextResponse(null, { headers: response.headers }).cookies.getAll()) store.set(cookie.name, cookie.value, cookie)
    return response
  }

  const { csrfToken } = z.object({ csrfToken: z.string() }).parse(await (await call(['csrf'])).json())
  const body = new URLSearchParams({ callbackUrl: fields.callbackUrl, csrfToken, ...(fields.email ? { email: fields.email } : {}) })
  const signIn = await call(['signin', providerId], { method: 'POST', body })
  return nextStep(signIn.headers.get('location')) ?? `${SIGN_IN_PAGE}?error=${providerId === 'email' ? 'EmailSignin' : 'OAuthSignin'}`
}

/** This browser's sign-in cookie (lib/auth/browser-binding.ts), set now when it has none. */
async function signInBrowserValue(): Promise<string> {
  const { APP_URL } = env()
  const store = await cookies()
  const name = signInBrowserCookieName(APP_URL)
  const existing = store.get(name)?.value
  if (existing) return existing
  const value = newSignInBrowserValue()
  store.set(name, value, signInBrowserCookieOptions(APP_URL))
  return value
}

/**
 * Where the browser goes after next-auth answered `url`. Its own pages (/api/auth/verify-request, /api/auth/error)
 * would only redirect again to ours, and a client-side navigation would show their address, so this goes straight
 * to ours. Another site's URL (an OAuth provider) stays as it is; this app's URLs become paths, whatever host the
 * browser used.
 */
function nextStep(url: string | null): string | null {
  if (!url) return null
  const app = new URL(env().APP_URL)
  const target = new URL(url, app)
  if (target.origin !== app.origin) return target.href
  if (target.pathname === '/api/auth/verify-request') return CHECK_EMAIL_PAGE
  if (target.pathname.startsWith('/api/auth/')) return `${SIGN_IN_PAGE}?error=${encodeURIComponent(target.searchParams.get('error') ?? 'Callback')}`
  return `${target.pathname}${target.search}`
}
