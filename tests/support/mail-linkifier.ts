// What mail clients turn into links in a message's text, for tests of text that must stay plain. Clients link more
// than `https://…`: Gmail, Outlook and Apple Mail link `www.…`, bare domains with or without a path, and addresses
// (https://blog.teknkl.com/stop-email-client-hyperlinking-text-without-consent/, https://customer.io/learn/message-composing/email-auto-linking-fixes).
// IDNA reads the ideographic and full-width full stops as dots, so they count as dots here too.
const DOT = '[.\\u3002\\uff0e\\uff61]'
const LABEL = '[a-z0-9-]+'
const LINKABLE = [
  /\b[a-z][a-z0-9+.-]*:\/\/[^\s<>"]+/gi,
  new RegExp(`\\bwww${DOT}[^\\s<>"]+`, 'gi'),
  new RegExp(`\\b${LABEL}(?:${DOT}${LABEL})*${DOT}[a-z]{2,}\\b(?:[/:?#][^\\s<>"]*)?`, 'gi'),
  new RegExp(`[^\\s<>"@]+@${LABEL}(?:${DOT}${LABEL})+`, 'gi'),
]

/** Every piece of `text` a mail client would make clickable. */
export function linkableIn(text: string): string[] {
  return LINKABLE.flatMap((pattern) => [...text.matchAll(pattern)].map((match) => match[0]))
}
