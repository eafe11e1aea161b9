import 'server-only'
import nodemailer, { type Transporter } from 'nodemailer'
import { env } from '@/lib/env'

export type Email = { to: string; subject: string; text: string; html: string }

let transport: Transporter | undefined

/**
 * Sends over SMTP (EMAIL_SERVER) when configured. Without it — only possible outside a deployment, lib/env
 * makes sure of that — the email is printed in the server's console, so sign-in works on a fresh clone.
 */
export async function sendEmail(email: Email): Promise<void> {
  const { EMAIL_SERVER, EMAIL_FROM } = env()
  if (!EMAIL_SERVER) {
    printEmail(email)
    return
  }
  transport ??= nodemailer.createTransport(EMAIL_SERVER)
  await transport.sendMail({ from: EMAIL_FROM, to: email.to, subject: email.subject, text: email.text, html: email.html })
}

function printEmail(email: Email) {
  const rule = '─'.repeat(72)
  console.log(`\n${rule}\n✉  To: ${email.to}\n   Subject: ${email.subject}\n\n${email.text.replace(/^/gm, '   ')}\n${rule}\n`)
}
