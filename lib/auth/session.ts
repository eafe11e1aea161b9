import 'server-only'
import { getServerSession } from 'next-auth'
import { cookies, headers } from 'next/headers'
import { redirect } from 'next/navigation'
import { cache } from 'react'
import { authOptions } from './options'
import { signInUrl } from './sign-in-url'

export type SessionUser = { id: string; email?: string | null; name?: string | null; image?: string | null }

/** The signed-in user, or null; looked up once per request, from the Session table. */
export const getCurrentUser = cache(async (): Promise<SessionUser | null> => {
  const [requestHeaders, requestCookies] = await Promise.all([headers(), cookies()])
  // next-auth's (req, res) form, fed from this request: the same lookup its server-component form makes.
  // Server components cannot set cookies, so the response side is inert; the session row is still checked.
  const req = {
    headers: Object.fromEntries(requestHeaders),
    cookies: Object.fromEntries(requestCookies.getAll().map(({ name, value }) => [name, value])),
  }
  const res = { getHeader: () => undefined, setHeader: () => res, setCookie: () => res }
  const session = await getServerSession(req as never, res as never, authOptions())
  return session?.user ?? null
})

/** For pages that hold a user's data: the signed-in user, or a redirect to sign in and come back. */
export async function requireUser(returnTo: string): Promise<SessionUser> {
  const user = await getCurrentUser()
  if (!user) redirect(signInUrl(returnTo))
  return user
}
