import type { Email } from '../send-email'
import { escapeHtml, layout } from './layout'
import { plainText } from './plain-text'

/**
 * The invitation email. The organization's name and the inviter's name were typed by someone else, so they go in
 * as plain text that no mail client links (plain-text.ts), and in quotes: a name, not the email's own words.
 */
export function invitationEmail({ to, organizationName, invitedBy, url, expiresOn }: { to: string; organizationName: string; invitedBy: string; url: string; expiresOn: string }): Email {
  const organization = plainText(organizationName)
  const inviter = plainText(invitedBy)
  return {
    to,
    subject: `${inviter} invited you to join “${organization}”`,
    text: `${inviter} invited you to join the organization “${organization}”.\n\nAccept the invitation (you sign in or create an account on the way): ${url}\n\nThe link works until ${expiresOn}. If you did not expect it, ignore this email.`,
    html: layout(
      `<p>${escapeHtml(inviter)} invited you to join the organization “<strong>${escapeHtml(organization)}</strong>”.</p>
       <p><a href="${escapeHtml(url)}">Accept the invitation</a> — you sign in or create an account on the way.</p>
       <p>The link works until ${escapeHtml(expiresOn)}. If you did not expect it, ignore this email.</p>`,
    ),
  }
}
