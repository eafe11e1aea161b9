import type { Email } from '../send-email'
import { escapeHtml, layout } from './layout'

export function invitationEmail({ to, organizationName, invitedBy, url, expiresOn }: { to: string; organizationName: string; invitedBy: string; url: string; expiresOn: string }): Email {
  return {
    to,
    subject: `${invitedBy} invited you to ${organizationName}`,
    text: `${invitedBy} invited you to join ${organizationName}.\n\nAccept the invitation (you sign in or create an account on the way): ${url}\n\nThe link works until ${expiresOn}. If you did not expect it, ignore this email.`,
    html: layout(
      `<p>${escapeHtml(invitedBy)} invited you to join <strong>${escapeHtml(organizationName)}</strong>.</p>
       <p><a href="${escapeHtml(url)}">Accept the invitation</a> — you sign in or create an account on the way.</p>
       <p>The link works until ${escapeHtml(expiresOn)}. If you did not expect it, ignore this email.</p>`,
    ),
  }
}
