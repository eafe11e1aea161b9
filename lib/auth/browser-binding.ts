import 'server-only'
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto'

// Which browser asked for a sign-in link (decision 0051). The browser that submits the sign-in form gets a random
// value in a cookie; the emailed link carries an HMAC of the link's token and that value. The confirm page recomputes
// it from the cookie of the browser that opened the link: the same browser signs in with one click; any other one (a
// phone, another browser, someone else's) is told whose account the link signs into and that it was asked for
// elsewhere, and still can sign in: the link is not locked to the browser, so a link opened on another device works.
// The cookie lives as long as a link does.

export const SIGN_IN_BROWSER_COOKIE = 'tollgate.sign-in-browser'
export const SIGN_IN_BROWSER_MAX_AGE_S = 60 * 60

/** `__Host-` on https: the cookie is then bound to this exact origin, set only over https and only for path /. */
export const signInBrowserCookieName = (appUrl: string) => (appUrl.startsWith('https:') ? `__Host-${SIGN_IN_BROWSER_COOKIE}` : SIGN_IN_BROWSER_COOKIE)

export const signInBrowserCookieOptions = (appUrl: string) => ({
  httpOnly: true,
  sameSite: 'lax' as const,
  path: '/',
  secure: appUrl.startsWith('https:'),
  maxAge: SIGN_IN_BROWSER_MAX_AGE_S,
})

export const newSignInBrowserValue = () => randomBytes(24).toString('base64url')

/** What the emailed link carries for a token asked for by the browser holding `browserValue`. */
export function browserBinding(token: string, browserValue: string, secret: string): string {
  return createHmac('sha256', secret).update(`sign-in-browser\u0000${token}\u0000${browserValue}`).digest('base64url')
}

/** Whether the browser holding `browserValue` is the one that asked for the link carrying `token` and `binding`. */
export function isBrowserThatAsked(link: { token: string; binding: string | undefined }, browserValue: string | undefined, secret: string): boolean {
  if (!link.binding || !browserValue) return false
  const expected = Buffer.from(browserBinding(link.token, browserValue, secret))
  const given = Buffer.from(link.binding)
  return given.length === expected.length && timingSafeEqual(given, expected)
}
