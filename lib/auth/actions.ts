'use server'
import { cookies } from 'next/headers'
import { redirect } from 'next/navigation'
import { db } from '@/lib/db'
import { SESSION_COOKIES } from './session-cookie'

/** Ends the session in the database (so the cookie is worthless everywhere) and clears the cookie. */
export async function signOut(): Promise<void> {
  const store = await cookies()
  for (const name of SESSION_COOKIES) {
    const token = store.get(name)?.value
    if (!token) continue
    await db.session.deleteMany({ where: { sessionToken: token } })
    store.set(name, '', { maxAge: 0, path: '/', httpOnly: true, sameSite: 'lax', secure: name.startsWith('__Secure-') })
  }
  redirect('/')
}
