// Text that someone else chose (an organization's name, a person's name) goes into an email as plain text that no
// mail client turns into a link. Mail clients link anything URL-like in the text and the HTML parts alike, not only
// `https://…` but `www.example.com`, `example.com/login` and addresses. A Unicode format character cannot be part of
// a URL, so an invisible WORD JOINER (U+2060) before each dot, colon, slash and @ breaks every such pattern while the
// text reads the same; the approach tested across clients, all but Samsung Mail, in
// https://blog.teknkl.com/stop-email-client-hyperlinking-text-without-consent/. Control characters (a new line in a
// subject) and bidirectional overrides (text that displays in another order than it reads) are removed.

const WORD_JOINER = '\u2060'
/** Dots, including the ideographic and full-width ones that IDNA reads as dots, and the other URL separators. */
const SEPARATORS = /[.\u3002\uff0e\uff61:/@]/g
const CONTROLS = /[\u0000-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/g

export function plainText(chosen: string): string {
  return chosen.replace(CONTROLS, ' ').replace(/\s+/g, ' ').trim().replace(SEPARATORS, (separator) => `${WORD_JOINER}${separator}`)
}
