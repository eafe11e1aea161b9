// Reading what the app really sent through the SMTP capture: sign-in links and billing emails.
import type { CapturedEmail, startSmtpCapture } from '../../support/smtp-capture'

type SmtpCapture = Awaited<ReturnType<typeof startSmtpCapture>>

/** The Subject header, unfolded and decoded as a mail client shows it (RFC 2047 encoded words, as nodemailer writes any non-ASCII subject). */
export function subjectOf(email: CapturedEmail): string {
  const match = /^Subject: (.*(?:\r?\n[ \t].*)*)/im.exec(email.raw)
  const unfolded = match?.[1]?.replace(/\r?\n[ \t]+/g, ' ').trim() ?? ''
  // Whitespace between two encoded words is not part of the text (RFC 2047, section 6.2).
  return unfolded.replace(/\?=\s+=\?/g, '?==?').replace(/=\?UTF-8\?([QB])\?([^?]*)\?=/gi, (_, encoding: string, text: string) =>
    encoding.toUpperCase() === 'B'
      ? Buffer.from(text, 'base64').toString('utf8')
      : Buffer.from(text.replace(/_/g, ' ').replace(/=([0-9A-F]{2})/gi, (__, hex: string) => String.fromCharCode(parseInt(hex, 16))), 'latin1').toString('utf8'),
  )
}

export function emailsTo(smtp: SmtpCapture, address: string, subject?: RegExp): CapturedEmail[] {
  return smtp.messages.filter((m) => m.to.includes(address) && (!subject || subject.test(subjectOf(m))))
}

/** Waits for the first email to `address` whose subject matches, polling the capture. */
export async function waitForEmail(smtp: SmtpCapture, address: string, subject: RegExp, timeoutMs = 15_000): Promise<CapturedEmail> {
  const deadline = Date.now() + timeoutMs
  while (true) {
    const [email] = emailsTo(smtp, address, subject)
    if (email) return email
    if (Date.now() > deadline) {
      const seen = smtp.messages.map((m) => `  to ${m.to.join(', ')}: ${subjectOf(m)}`).join('\n') || '  (none)'
      throw new Error(`no email to ${address} matching ${subject} within ${timeoutMs} ms; captured:\n${seen}`)
    }
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
}

/** The magic link in a sign-in email's text part (the first URL on the app's confirm page). */
export function signInLinkIn(email: CapturedEmail, appUrl: string): string {
  const escaped = appUrl.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
  const match = new RegExp(`${escaped}/sign-in/confirm\\?[^\\s"<>]+`).exec(email.text)
  if (!match) throw new Error(`no sign-in link to ${appUrl} in the email:\n${email.text.slice(0, 2000)}`)
  return match[0].replaceAll('&amp;', '&')
}
