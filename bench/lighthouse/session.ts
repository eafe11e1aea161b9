// A signed-in visitor for the benchmark: a user, their personal organization and a session row, as next-auth's
// email sign-in leaves them, written straight to the benchmark's database. Lighthouse then sends the session cookie
// with every request (`--extra-headers`), so /dashboard, /billing and /settings render for that user.
import { randomBytes } from 'node:crypto'
import { createDb } from '@/lib/db/create-client'

export async function createSession(databaseUrl: string): Promise<{ cookie: string }> {
  const db = createDb(databaseUrl)
  try {
    const email = 'bench@example.com'
    const user = await db.user.create({ data: { email, emailVerified: new Date() } })
    await db.organization.create({
      data: { name: email, personalOwnerId: user.id, seatsTaken: 1, memberships: { create: { userId: user.id, role: 'owner' } } },
    })
    const sessionToken = randomBytes(32).toString('hex')
    await db.session.create({ data: { sessionToken, userId: user.id, expires: new Date(Date.now() + 24 * 3600 * 1000) } })
    // http://localhost: next-auth's cookie has no __Secure- prefix (lib/auth/session-cookie.ts).
    return { cookie: `next-auth.session-token=${sessionToken}` }
  } finally {
    await db.$disconnect()
  }
}
