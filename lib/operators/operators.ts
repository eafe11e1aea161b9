import 'server-only'
import { notFound } from 'next/navigation'
import { getCurrentUser, type SessionUser } from '@/lib/auth/session'
import { env } from '@/lib/env'

// Who may open the operator console (/admin): the addresses in ADMIN_EMAILS, compared exactly, case aside.
// Exact on purpose: "ops+x@example.com" delivers to ops@example.com's inbox but is a different account here,
// and an operator list is not the place to be generous.

export type Operator = SessionUser & { email: string }

/** The configured operators' addresses, lower-cased; empty when ADMIN_EMAILS is unset (no one is an operator). */
export function operatorEmails(): ReadonlySet<string> {
  return new Set(env().ADMIN_EMAILS)
}

export function isOperatorEmail(email: string | null | undefined): boolean {
  return typeof email === 'string' && operatorEmails().has(email.trim().toLowerCase())
}

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
