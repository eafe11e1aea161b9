import 'server-only'
import type { NextRequest } from 'next/server'
import { db } from '@/lib/db'
import { env, isDeployment } from '@/lib/env'
import { confirmPagePath, SWITCH_ACCOUNT_FIELD } from './magic-link'
import { isSameOriginRequest, ownOriginsOf } from './same-origin'
import { SESSION_COOKIES } from './session-cookie'
import { SIGN_IN_PAGE } from './sign-in-url'

/** The sign-in page's error for a callback POST another site sent (lib/auth/sign-in-errors.ts explains it). */
export const CROSS_SITE_SIGN_IN = 'CrossSiteSignIn'

const seeOther = (location: string) => new Response(null, { status: 303, headers: { Location: location } })

/**
 * The email callback POST (which uses the link's token and signs the browser in), with what it must pass before
 * next-auth's `complete` sees it (decision 0051). next-auth v4 checks CSRF on sign-in and sign-out posts but not on
 * callbacks (only the credentials provider's), so:
 * - a POST from another site's page is refused before the token is used: the link still works from its email;
 * - a browser signed in as someone else goes back to the confirm page, which asks before replacing the session,
 *   unless the POST is that page's answer; then the replaced session ends (next-auth leaves it in the database
 *   when the link's address has no account yet).
 */
export async function guardEmailCallback(request: NextRequest, complete: () => Promise<Response>): Promise<Response> {
  const config = env()
  if (!isSameOriginRequest(request.headers, ownOriginsOf(request.url, config.APP_URL, isDeployment(config)))) {
    return seeOther(`${SIGN_IN_PAGE}?error=${CROSS_SITE_SIGN_IN}`)
  }
  const query = request.nextUrl.searchParams
  const linkAddress = query.get('email')?.trim().toLowerCase()
  const current = await currentSession(request)
  if (!current || !linkAddress || current.address === linkAddress) return complete()
  if (!(await confirmsSwitch(request))) return seeOther(confirmPagePath(query))

  const response = await complete()
  const signedIn = response.headers.getSetCookie().some((cookie) => SESSION_COOKIES.some((name) => cookie.startsWith(`${name}=`) && !cookie.startsWith(`${name}=;`)))
  if (signedIn) await db.session.deleteMany({ where: { sessionToken: current.sessionToken } })
  return response
}

/** The live session this request's cookie names, and its address, if any. */
async function currentSession(request: NextRequest): Promise<{ sessionToken: string; address: string | null } | null> {
  for (const name of SESSION_COOKIES) {
    const sessionToken = request.cookies.get(name)?.value
    if (!sessionToken) continue
    const session = await db.session.findUnique({ where: { sessionToken }, select: { expires: true, user: { select: { email: true } } } })
    if (session && session.expires > new Date()) return { sessionToken, address: session.user.email?.toLowerCase() ?? null }
  }
  return null
}

async function confirmsSwitch(request: NextRequest): Promise<boolean> {
  const form = await request.clone().formData().catch(() => null)
  return form?.get(SWITCH_ACCOUNT_FIELD) === '1'
}
