import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { redirectOf, startBillingFixture } from '../support/billing-fixture'
import { startInngestStandIn } from '../support/inngest-stand-in'
import { linkableIn } from '../support/mail-linkifier'
import { personalOrganizationOf } from '../support/organizations'
import { nextHeadersMock, signInAs } from '../support/request-context'
import { startSmtpCapture } from '../support/smtp-capture'
import { createWebhookPipeline } from '../support/webhook-pipeline'

vi.mock('next/headers', () => nextHeadersMock())
vi.mock('next/cache', async (original) => ({ ...(await original<typeof import('next/cache')>()), revalidatePath: () => undefined }))

const double = await startBillingFixture()
const inngest = await startInngestStandIn()
const smtp = await startSmtpCapture()
process.env.INNGEST_DEV = inngest.url
process.env.EMAIL_SERVER = smtp.url
process.env.EMAIL_FROM = 'Tollgate <billing@example.com>'

const { db } = await import('@/lib/db')
const { checkout } = await import('@/lib/billing/actions')
const { PLANS } = await import('@/lib/billing/catalog')
const { syncCatalog } = await import('@/lib/billing/sync-catalog')
const { requireStripe } = await import('@/lib/stripe/client')
const { INVITATION_LIMITS, takeInvitationSlots } = await import('@/lib/organizations/invitation-limits')
const org = await import('@/lib/organizations/actions')
const pipeline = await createWebhookPipeline(double, inngest)

beforeAll(async () => {
  await syncCatalog(requireStripe(), PLANS)
  await settle()
})
afterAll(async () => {
  await Promise.all([double.close(), inngest.close(), smtp.close()])
})

async function settle() {
  for (let round = 0; round < 5; round++) {
    await pipeline.deliverNew()
    const runs = await pipeline.runQueued()
    if (runs.length === 0) return
  }
}

/** An owner signed in, whose personal organization is on `lookupKey` (Pro: 3 seats). */
async function owner(email: string, lookupKey = 'pro_monthly') {
  const user = await signInAs(db, email)
  const organization = await personalOrganizationOf(db, user)
  await double.completeCheckout((await redirectOf(() => checkout({ lookupKey }))).split('/').pop()!)
  await settle()
  return { user, organization }
}

const mailsTo = (email: string) => smtp.messages.filter((m) => m.to.includes(email))

/** A message's part of `type` (text/plain, text/html), decoded from quoted-printable UTF-8 as a mail client reads it. */
function partOf(raw: string, type: string): string {
  const start = raw.indexOf(`Content-Type: ${type}`)
  const body = raw.slice(raw.indexOf('\r\n\r\n', start) + 4).split(/\r\n--/)[0]!
  const bytes = body.replace(/=\r?\n/g, '').replace(/=([0-9A-F]{2})/g, (_, hex: string) => `%${hex}`)
  return decodeURIComponent(bytes.replace(/%(?![0-9A-F]{2})/g, '%25'))
}

describe('invitation emails', () => {
  it('invite, revoke and invite one stranger again: 5 emails in a day, then refused; revoking gives the seat back, never the count', async () => {
    const { organization } = await owner('cycling-owner@example.com')
    const answers = []
    for (let round = 0; round < 10; round++) {
      answers.push(await org.invite({ email: 'stranger@example.com', role: 'member' }))
      const pending = await db.invitation.findFirst({ where: { organizationId: organization.id, email: 'stranger@example.com', revokedAt: null, acceptedAt: null } })
      if (pending) await org.revokeInvite({ invitationId: pending.id })
    }
    expect(answers.filter((answer) => answer.ok)).toHaveLength(INVITATION_LIMITS.perMailbox.limit)
    expect(answers.at(-1)).toEqual({ ok: false, error: { code: 'rate_limited', message: 'stranger@example.com has been sent as many invitations today as one address may get. Try again tomorrow.' } })
    expect(mailsTo('stranger@example.com')).toHaveLength(INVITATION_LIMITS.perMailbox.limit)
    // The refused attempts held no seat and left no invitation.
    expect((await db.organization.findUniqueOrThrow({ where: { id: organization.id } })).seatsTaken).toBe(1)
    expect(await db.invitation.count({ where: { organizationId: organization.id } })).toBe(INVITATION_LIMITS.perMailbox.limit)
  })

  it('one inbox, however its address is spelled and whichever organizations invite it, gets at most 5 a day', async () => {
    const spellings = ['inbox@example.com', 'Inbox+team@Example.com', 'inbox+2@example.com']
    for (const [i, ownerEmail] of ['spell-a@example.com', 'spell-b@example.com', 'spell-c@example.com'].entries()) {
      await owner(ownerEmail)
      for (const email of [spellings[i]!, `${spellings[i]!.split('@')[0]}+x@example.com`]) await org.invite({ email, role: 'member' })
    }
    const sent = smtp.messages.filter((m) => m.to.some((to) => /^inbox(\+[^@]*)?@example\.com$/.test(to)))
    expect(sent).toHaveLength(INVITATION_LIMITS.perMailbox.limit)
  })

  it('an organization named like a phishing link reaches the invitee as plain text: nothing in it a mail client links', async () => {
    await owner('phisher@example.com')
    expect((await org.renameActiveOrganization({ name: 'URGENT: verify your bank at https://evil.example/login' })).ok).toBe(true)
    expect((await org.invite({ email: 'mark@example.com', role: 'member' })).ok).toBe(true)
    const [message] = mailsTo('mark@example.com')
    const [text, html] = [partOf(message!.raw, 'text/plain'), partOf(message!.raw, 'text/html')]
    expect(html).toContain('<a href="http://localhost:3000/invitations/')
    const invitationLink = text.match(/http:\/\/localhost:3000\/invitations\/\S+/)![0]
    for (const part of [text, html]) expect(linkableIn(part).filter((link) => !invitationLink.includes(link))).toEqual([])
    expect(text.replaceAll('\u2060', '')).toContain('the organization “URGENT: verify your bank at https://evil.example/login”')
  })
})

describe('the invitation limits themselves', () => {
  /** One invitation's slots, in its own transaction, as inviteMember takes them. */
  const take = (invitation: { organizationId: string; inviterId: string; email: string }, now?: number) =>
    db.$transaction((tx) => takeInvitationSlots(tx, { organizationName: 'Class of 2026', ...invitation }, now)).then(
      () => 'sent' as const,
      (error: Error) => error.message,
    )

  it('let a class of 30, invited at once by one teacher, through', async () => {
    const answers = await Promise.all(Array.from({ length: 30 }, (_, i) => take({ organizationId: 'org_class', inviterId: 'teacher', email: `pupil${i}@school.example` })))
    expect(answers.every((answer) => answer === 'sent')).toBe(true)
  })

  it('stop an organization at 100 in any 24 hours, whoever invites, and let it go on when the first leaves the day', async () => {
    const start = Date.now()
    for (let i = 0; i < 100; i++) expect(await take({ organizationId: 'org_busy', inviterId: `admin${i % 4}`, email: `busy${i}@example.com` }, start + i)).toBe('sent')
    expect(await take({ organizationId: 'org_busy', inviterId: 'admin9', email: 'busy100@example.com' }, start + 1_000)).toBe(
      'Class of 2026 has sent 100 invitations in the last 24 hours, the most a day allows. Try again tomorrow.',
    )
    expect(await take({ organizationId: 'org_busy', inviterId: 'admin9', email: 'busy100@example.com' }, start + 24 * 3600_000 + 1)).toBe('sent')
  })

  it('stop one inviter at 100 in any 24 hours across all their organizations', async () => {
    const start = Date.now()
    for (let i = 0; i < 100; i++) expect(await take({ organizationId: `org_many_${i % 10}`, inviterId: 'serial-inviter', email: `many${i}@example.com` }, start)).toBe('sent')
    expect(await take({ organizationId: 'org_many_new', inviterId: 'serial-inviter', email: 'many100@example.com' }, start)).toBe(
      'You have sent 100 invitations in the last 24 hours, the most a day allows. Try again tomorrow.',
    )
  })

  it('of 20 invitations of one address racing from 20 organizations, exactly 5 get through', async () => {
    const answers = await Promise.all(Array.from({ length: 20 }, (_, i) => take({ organizationId: `org_race_${i}`, inviterId: `racer${i}`, email: 'raced@example.com' })))
    expect(answers.filter((answer) => answer === 'sent')).toHaveLength(INVITATION_LIMITS.perMailbox.limit)
  })
})
