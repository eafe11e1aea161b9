// What an incoming request carries, for code that reads it through `next/headers` (sessions, actions).
// A test file mocks `next/headers` with `nextHeadersMock` and sets cookies here; everything after that —
// next-auth's session lookup, the Session table — is real.
import { randomBytes } from 'node:crypto'
import type { Db } from '@/lib/db'

export const request = { cookies: new Map<string, string>(), headers: new Map<string, string>([['host', 'localhost:3000']]) }

export const nextHeadersMock = () => ({
  cookies: async () => ({
    get: (name: string) => (request.cookies.has(name) ? { name, value: request.cookies.get(name)! } : undefined),
    getAll: () => [...request.cookies].map(([name, value]) => ({ name, value })),
    has: (name: string) => request.cookies.has(name),
    set: (name: string, value: string, options?: { maxAge?: number }) => {
      if (options?.maxAge === 0 || value === '') request.cookies.delete(name)
      else request.cookies.set(name, value)
    },
    delete: (name: string) => request.cookies.delete(name),
  }),
  headers: async () => new Headers([...request.headers]),
})

/** A user with a live database session, and the browser's cookie for it. */
export async function signInAs(db: Db, email: string, { expires = new Date(Date.now() + 86_400_000) } = {}) {
  const user = await db.user.upsert({ where: { email }, create: { email }, update: {} })
  const sessionToken = randomBytes(16).toString('hex')
  await db.session.create({ data: { sessionToken, userId: user.id, expires } })
  request.cookies.set('next-auth.session-token', sessionToken)
  return user
}

export function signOutOfRequest() {
  request.cookies.clear()
}
