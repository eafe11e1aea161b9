import { NextResponse, type NextRequest } from 'next/server'
import { hasSessionCookie } from '@/lib/auth/session-cookie'
import { signInUrl } from '@/lib/auth/sign-in-url'

// A first, cheap gate: no session cookie, no protected page. It is not the check that counts — the pages
// verify the session against the database themselves (requireUser), since a cookie can be stale or forged.
export function proxy(request: NextRequest) {
  if (hasSessionCookie(request.cookies)) return NextResponse.next()
  const { pathname, search } = request.nextUrl
  return NextResponse.redirect(new URL(signInUrl(`${pathname}${search}`), request.url))
}

// Only the pages that hold billing data. /api/webhooks/* and /api/inngest are never matched.
export const config = { matcher: ['/dashboard/:path*', '/billing/:path*', '/settings/:path*'] }
