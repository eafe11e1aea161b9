import 'server-only'
import { cookies } from 'next/headers'
import { NextResponse, type NextRequest } from 'next/server'
import { env } from '@/lib/env'
import { isBrowserThatAsked, newSignInBrowserValue, signInBrowserCookieName, signInBrowserCookieOptions } from './browser-binding'

/**
 * Runs an email sign-in request for the browser's sign-in cookie (lib/auth/browser-binding.ts), giving the browser
 * one first when it has none, so the link emailed now can tell this browser from any other.
 */
export async function withSignInBrowser(request: NextRequest, run: (browserValue: string) => Promise<Response>): Promise<Response> {
  const { APP_URL } = env()
  const name = signInBrowserCookieName(APP_URL)
  const existing = request.cookies.get(name)?.value
  const browserValue = existing ?? newSignInBrowserValue()
  const response = await run(browserValue)
  if (existing) return response
  const withCookie = new NextResponse(response.body, response)
  withCookie.cookies.set(name, browserValue, signInBrowserCookieOptions(APP_URL))
  return withCookie
}

/** Whether the browser viewing the confirm page is the one that asked for this link (false without a secret). */
export async function isAskedInThisBrowser(link: { token: string; binding: string | undefined }): Promise<boolean> {
  const { APP_URL, NEXTAUTH_SECRET } = env()
  if (!NEXTAUTH_SECRET) return false
  const browserValue = (await cookies()).get(signInBrowserCookieName(APP_URL))?.value
  return isBrowserThatAsked(link, browserValue, NEXTAUTH_SECRET)
}
