import type { Email } from '../send-email'
import { escapeHtml, layout } from './layout'

export function signInEmail({ to, url, host }: { to: string; url: string; host: string }): Email {
  return {
    to,
    subject: `Sign in to ${host}`,
    text: `Sign in to ${host} with this link:\n\n${url}\n\nIt works once and expires in an hour. If you did not ask for it, ignore this email.`,
    html: layout(
      `<p>Sign in to <strong>${escapeHtml(host)}</strong>:</p>
       <p><a href="${escapeHtml(url)}" style="display:inline-block;padding:10px 18px;background:#4f46e5;color:#fff;border-radius:6px;text-decoration:none">Sign in</a></p>
       <p style="color:#52525b">The link works once and expires in an hour. If you did not ask for it, ignore this email.</p>`,
    ),
  }
}
