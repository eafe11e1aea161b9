import { NextResponse, type NextRequest } from 'next/server'
import { appOriginPage, appOriginRedirect } from '@/lib/auth/app-origin'
import { hasSessionCookie } from '@/lib/auth/session-cookie'
import { signInUrl } from '@/lib/auth/sign-in-url'
import { env } from '@/lib/env'
import { newNonce, securityHeaders } from '@/lib/security/security-headers'

// The pages that hold a user's data.
const PRIVATE_PAGES = ['/dashboard', '/billing', '/settings']

const isPrivate = (pathname: string) => PRIVATE_PAGES.some((page) => pathname === page || pathname.startsWith(`${page}/`))

// Three jobs on every page request. A local app reached by another loopback name than APP_URL's sends the browser to
// APP_URL (lib/auth/app-origin.ts). The security headers (lib/security). And a first, cheap gate: no session cookie,
// no private page. It is not the check that counts — the pages verify the session against the database themselves
// (requireUser), since a cookie can be stale or forged.
export function proxy(request: NextRequest) {
  const { pathname, search } = request.nextUrl
  const headers = securityHeaders(newNonce())
  const appOrigin = appOriginRedirect({ method: request.method, host: request.headers.get('host'), pathname, search }, env().APP_URL)
  if (appOrigin) return withHeaders(new NextResponse(appOriginPage(appOrigin), { headers: { 'content-type': 'text/html; charset=utf-8', refresh: `0;url=${appOrigin}` } }), headers)
  if (isPrivate(pathname) && !hasSessionCookie(request.cookies)) {
    return withHeaders(NextResponse.redirect(new URL(signInUrl(`${pathname}${search}`), request.url)), headers)
  }
  // Next reads the policy from the request to put its nonce on the scripts it renders.
  const forwarded = new Headers(request.headers)
  forwarded.set('content-security-policy', headers['Content-Security-Policy']!)
  return withHeaders(NextResponse.next({ request: { headers: forwarded } }), headers)
}

function withHeaders(response: NextResponse, headers: Record<string, string>): NextResponse {
  for (const [name, value] of Object.entries(headers)) response.headers.set(name, value)
  return response
}

// Everything a browser loads as a page or calls as an API, except the machine-to-machine routes (Stripe's webhooks,
// Inngest), which no browser renders and whose latency the proxy would only add to, and Next's hashed static files.
export const config = { matcher: ['/((?!api/webhooks/|api/inngest|_next/static/|_next/image).*)'] }
