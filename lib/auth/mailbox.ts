// The mailbox an address delivers to, for counting sign-in emails per inbox (decision 0012). Only the rate limit
// uses it: the user signs in, and is known, as the address they typed.

/** Providers known to ignore dots in the local part, and their alias domains (Gmail's own documentation). */
const DOTLESS_DOMAINS: Record<string, string> = { 'gmail.com': 'gmail.com', 'googlemail.com': 'gmail.com' }

export function mailboxOf(address: string): string {
  const at = address.lastIndexOf('@')
  const domain = address.slice(at + 1).trim().toLowerCase().replace(/\.+$/, '')
  let local = address.slice(0, at).trim().toLowerCase().split('+')[0] ?? ''
  const canonicalDomain = DOTLESS_DOMAINS[domain]
  if (canonicalDomain) local = local.replaceAll('.', '')
  return `${local}@${canonicalDomain ?? domain}`
}
