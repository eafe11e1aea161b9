import 'server-only'
import { db } from '@/lib/db'
import { takeSlots, type SlidingRule } from '@/lib/sliding-window'
import { mailboxOf } from './mailbox'

const MINUTE = 60_000

/** Links one client may have sent to one mailbox at once; after them each next one waits 1, 2, 4, 8, then 15 min. */
const FREE_LINKS = 3

// Sign-in emails cost money and land in someone's inbox. Three limits, all sliding windows in the database (every
// instance counts against them, and they hold in every window, not only in fixed ones), chosen so that no stranger
// can turn them against anyone else (decision 0052). Change the numbers here.
export const SIGN_IN_EMAIL_LIMITS = {
  // One client: 20 emails in any 15 minutes, to any addresses, so it cannot spray the app's mail at strangers.
  perClient: { name: 'sign-in-email:client', limit: 20, windowMs: 15 * MINUTE },
  // One client asking for one mailbox: a delay that grows instead of a wall. Three links at once (a typo, a second
  // device), then 1, 2, 4 and 8 minutes, then 15 minutes between emails. A stranger asking for someone's address
  // spends only their own allowance: the owner, from their own browser, still gets a link at once.
  perMailboxAndClient: {
    name: 'sign-in-email:mailbox-client',
    limit: 10,
    windowMs: 60 * MINUTE,
    spacingMs: (recent) => (recent < FREE_LINKS ? 0 : Math.min(2 ** (recent - FREE_LINKS), 15) * MINUTE),
  },
  // One mailbox, whoever asks: 10 emails in any hour, a ceiling for strangers asking from many addresses. When it
  // holds, the owner has just been sent ten working links (each works for an hour): slowed, never locked out.
  perMailbox: { name: 'sign-in-email:mailbox', limit: 10, windowMs: 60 * MINUTE },
} satisfies Record<string, SlidingRule>

/** `ok`, or which limit refused: the client asked for too many links, or this mailbox was sent one moments ago. */
export type SignInEmailDecision = 'ok' | 'client_limited' | 'mailbox_recently_sent'

/**
 * Counts a sign-in email request against the three limits, all or nothing: a refused request spends nothing.
 * `clientKey` comes from clientKeyOf; the mailbox is the address's inbox, whatever its spelling (mailboxOf).
 */
export async function allowSignInEmail(address: string, clientKey: string, now = Date.now()): Promise<SignInEmailDecision> {
  const mailbox = mailboxOf(address)
  const { perClient, perMailboxAndClient, perMailbox } = SIGN_IN_EMAIL_LIMITS
  const decision = await takeSlots(
    db,
    [
      { rule: perClient, subject: clientKey },
      { rule: perMailboxAndClient, subject: `${mailbox} ${clientKey}` },
      { rule: perMailbox, subject: mailbox },
    ],
    now,
  )
  if (decision.allowed) return 'ok'
  return decision.refusedBy === perClient.name ? 'client_limited' : 'mailbox_recently_sent'
}
