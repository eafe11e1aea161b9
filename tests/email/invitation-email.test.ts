import { describe, expect, it } from 'vitest'
import { invitationEmail } from '@/lib/email/templates/invitation-email'
import { plainText } from '@/lib/email/templates/plain-text'
import { linkableIn } from '../support/mail-linkifier'

const URL_OF_INVITATION = 'https://billing.example.com/invitations/abc123'
const invite = (organizationName: string, invitedBy = 'Ada') =>
  invitationEmail({ to: 'stranger@example.com', organizationName, invitedBy, url: URL_OF_INVITATION, expiresOn: 'December 13, 2026' })

/** What a mail client would link anywhere in the email, other than the invitation's own link. */
function foreignLinks(email: ReturnType<typeof invite>): string[] {
  return [email.subject, email.text, email.html].flatMap(linkableIn).filter((link) => !URL_OF_INVITATION.includes(link))
}

describe('an organization’s name in the invitation email', () => {
  const names = [
    'URGENT: verify your bank at https://evil.example/login',
    'Go to www.evil.example now',
    'evil.example/login',
    'Write to support@evil.example',
    'evil。example/login',
    'Acme.io',
  ]
  for (const name of names) {
    it(`“${name}” is plain text in the subject, the text and the HTML: nothing a mail client links`, () => {
      const email = invite(name, 'mallory@evil.example')
      expect(foreignLinks(email)).toEqual([])
      // It still reads the same: only invisible word joiners were added.
      expect(email.subject.replaceAll('\u2060', '')).toBe(`mallory@evil.example invited you to join “${name}”`)
      expect(email.text.replaceAll('\u2060', '')).toContain(`the organization “${name}”`)
    })
  }

  it('the invitation’s own link stays a link', () => {
    const email = invite('Acme')
    expect(linkableIn(email.text)).toContain(URL_OF_INVITATION)
    expect(foreignLinks(email)).toEqual([])
    expect(email.html).toContain(`<a href="${URL_OF_INVITATION}">Accept the invitation</a>`)
  })

  it('loses new lines and direction overrides, and is escaped in the HTML', () => {
    expect(plainText('Acme\r\nBcc: victim@example.com')).toBe('Acme Bcc\u2060: victim\u2060@example\u2060.com')
    expect(plainText('abc\u202Egnp.exe')).toBe('abc gnp\u2060.exe')
    expect(invite('<img src=x onerror=alert(1)>').html).toContain('&#60;img src=x onerror=alert(1)&#62;')
  })
})
