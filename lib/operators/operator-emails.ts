import 'server-only'
import { env } from '@/lib/env'

// Who may open the operator console (/admin): the addresses in ADMIN_EMAILS, compared exactly, case aside.
// Exact on purpose: "ops+x@example.com" delivers to ops@example.com's inbox but is a different account here,
// and an operator list is not the place to be generous.
// Apart from operators.ts (sessions, Next's 404) so background jobs (the daily report) can read the list without
// loading Next's navigation module, which only runs inside Next.

/** The configured operators' addresses, lower-cased; empty when ADMIN_EMAILS is unset (no one is an operator). */
export function operatorEmails(): ReadonlySet<string> {
  return new Set(env().ADMIN_EMAILS)
}

export function isOperatorEmail(email: string | null | undefined): boolean {
  return typeof email === 'string' && operatorEmails().has(email.trim().toLowerCase())
}
