import 'server-only'
import { cookies } from 'next/headers'
import { db } from '@/lib/db'
import { SESSION_COOKIES } from './session-cookie'

/** Ends this browser's session: the row (so the cookie is worthless everywhere) and the cookie itself. */
export async function endBrowserSession(): Promise<void> {
  const store = await cookies()
  for (const name of SESSION_COOKIES) {
    const token = store.get(name)?.value
    if (!token) continue
    await db.session.deleteMany({ where: { sessionToken: token } })
    store.set(name, '', { maxAge: 0, path: '/', httpOnly: true, sameSite: 'lax', secure: name.startsWith('__Secure-') })
  }
}
