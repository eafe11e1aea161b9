// Why an address cannot get a sign-in link, in a sentence, before next-auth is asked. next-auth's email provider
// refuses the same addresses (its default normalizeIdentifier: exactly one "@", no quotes, a domain with a dot)
// with an error it logs as a stack trace, which the form could only answer with "could not send". No server
// imports: the sign-in page and the form's action both use it.

const MAX_LENGTH = 320

/** null when the address can be sent a link; otherwise why not, to show the person who typed it. */
export function emailAddressProblem(raw: string): string | null {
  const address = raw.normalize('NFKC').trim()
  if (address === '') return 'Enter your email address.'
  if (address.length > MAX_LENGTH) return `That address is longer than ${MAX_LENGTH} characters.`
  const ats = address.split('@').length - 1
  if (ats !== 1) return `“${address}” is not one email address: it needs exactly one @, as in you@example.com.`
  if (address.includes('"')) return `“${address}” has quotation marks, which sign-in links cannot be sent to. Use an address without them.`
  const [local = '', domain = ''] = address.split('@')
  if (!local || !domain) return `“${address}” is missing the part ${local ? 'after' : 'before'} the @, as in you@example.com.`
  if (/\s/.test(address)) return `“${address}” has a space in it. Enter the address without spaces.`
  if (!domain.includes('.') || domain.startsWith('.') || domain.endsWith('.')) {
    return `“${address}” has no domain a mail server can deliver to (${domain} has no dot, as example.com has). Sign-in links go to a real mailbox: use an address like you@example.com.`
  }
  return null
}
