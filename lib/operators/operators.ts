import 'server-only'
import { notFound } from 'next/navigation'
import { getCurrentUser, type SessionUser } from '@/lib/auth/session'
import { isOperatorEmail } from './operator-emails'

// The console's gate: who is signed in, and whether ADMIN_EMAILS lists them (operator-emails.ts).

export type Operator = SessionUser & { email: string }

/** The signed-in operator, or null for a visitor or any other user. For server actions, which answer in words. */
export async function currentOperator(): Promise<Operator | null> {
  const user = await getCurrentUser()
  if (!user || !isOperatorEmail(user.email)) return null
  return { ...user, email: user.email!.trim().toLowerCase() }
}

/**
 * For every /admin page: the operator, or Next's 404. A 404 rather than 403 or a sign-in redirect, so the console
 * does not tell anyone else that it exists.
 */
export async function requireOperator(): Promise<Operator> {
  const operator = await currentOperator()
  if (!operator) notFound()
  return operator
}
