import { renderToStaticMarkup } from 'react-dom/server'
import type { ReactElement } from 'react'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { startInngestStandIn } from '../support/inngest-stand-in'
import { nextHeadersMock, signInAs, signOutOfRequest } from '../support/request-context'
import { adminPaths } from './admin-paths'

// Only operators (ADMIN_EMAILS) see the operator console: a visitor and a signed-in non-operator get Next's 404 from
// every admin page, the layout and every admin action, and an action answered 404 changes nothing.
vi.mock('next/headers', () => nextHeadersMock())

const inngest = await startInngestStandIn()
process.env.INNGEST_DEV = inngest.url
process.env.ADMIN_EMAILS = 'ops@example.com'

const { db } = await import('@/lib/db')
const { replayFromConsole } = await import('@/lib/operators/actions')
const { grantPromotionalCredit } = await import('@/lib/operators/grant-credit')
const { default: AdminLayout } = await import('@/app/admin/layout')

const EVENT_ID = 'evt_access_1'
const ORGANIZATION_ID = 'org_access_1'
const paths = adminPaths(EVENT_ID, ORGANIZATION_ID)
const NOT_FOUND = 'NEXT_HTTP_ERROR_FALLBACK;404'

/** The digest Next reads off what a page or action threw: its 404 is `NEXT_HTTP_ERROR_FALLBACK;404`. */
async function digestOf(run: () => Promise<unknown>): Promise<string> {
  try {
    await run()
    return 'rendered'
  } catch (error) {
    return (error as { digest?: string }).digest ?? String(error)
  }
}

const replayForm = (requestId: string) => {
  const form = new FormData()
  form.set('requestId', requestId)
  form.set('ids', EVENT_ID)
  return form
}
const ACTIONS: { name: string; run: () => Promise<unknown> }[] = [
  { name: 'replayFromConsole (chosen events)', run: () => replayFromConsole(replayForm('5b0f7a3c-3a0c-4d57-9b8e-0d2d1c7f1a01')) },
  { name: 'replayFromConsole (failed of a type)', run: () => replayFromConsole({ requestId: '5b0f7a3c-3a0c-4d57-9b8e-0d2d1c7f1a02', type: 'invoice.paid' }) },
  { name: 'replayFromConsole (invalid input)', run: () => replayFromConsole({ requestId: 'not-a-uuid' }) },
  { name: 'grantPromotionalCredit', run: () => grantPromotionalCredit({ requestId: '5b0f7a3c-3a0c-4d57-9b8e-0d2d1c7f1a03', organizationId: ORGANIZATION_ID, dollars: 25, expiresInDays: 90 }) },
]

beforeAll(async () => {
  await db.organization.create({ data: { id: ORGANIZATION_ID, name: 'Acme Rockets', stripeCustomerId: 'cus_access' } })
  await db.stripeEvent.create({
    data: { id: EVENT_ID, type: 'invoice.paid', status: 'failed', lastError: 'Error: boom', livemode: false, payload: JSON.stringify({ id: EVENT_ID, object: 'event', type: 'invoice.paid', data: { object: {} } }), stripeCreatedAt: new Date() },
  })
})
afterAll(() => inngest.close())

describe.each([
  { who: 'a visitor', signIn: async () => signOutOfRequest() },
  { who: 'a signed-in non-operator', signIn: async () => void (await signInAs(db, 'customer@example.com')) },
  { who: 'a user whose address only resembles an operator’s', signIn: async () => void (await signInAs(db, 'ops+admin@example.com')) },
])('$who', ({ signIn }) => {
  it.each(paths.map((entry) => [entry.path, entry]))('gets a 404 from %s', async (_path, entry) => {
    await signIn()
    expect(await digestOf(entry.render)).toBe(NOT_FOUND)
  })

  it('gets a 404 from the console’s layout', async () => {
    await signIn()
    expect(await digestOf(() => AdminLayout({ children: null }))).toBe(NOT_FOUND)
  })

  it.each(ACTIONS.map((action) => [action.name, action]))('gets a 404 from %s, and nothing is replayed or recorded', async (_name, action) => {
    await signIn()
    expect(await digestOf(action.run)).toBe(NOT_FOUND)
    expect(inngest.requests).toEqual([])
    expect(await db.auditRecord.count()).toBe(0)
    expect(await db.stripeEvent.findUniqueOrThrow({ where: { id: EVENT_ID } })).toMatchObject({ status: 'failed' })
  })
})

describe('an operator', () => {
  it.each(paths.map((entry) => [entry.path, entry]))('sees %s', async (_path, entry) => {
    await signInAs(db, 'OPS@example.com')
    const markup = renderToStaticMarkup((await entry.render()) as ReactElement)
    expect(markup).toMatch(/<h1[^>]*>/)
  })

  it('sees the event with its error on the event page', async () => {
    await signInAs(db, 'ops@example.com')
    const markup = renderToStaticMarkup((await paths.find((entry) => entry.path === `/admin/events/${EVENT_ID}`)!.render()) as ReactElement)
    expect(markup).toContain('Error: boom')
    expect(markup).toContain(`/admin/events/replay?id=${EVENT_ID}`)
  })

  it('gets a 404 page for an event that is not in the ledger', async () => {
    await signInAs(db, 'ops@example.com')
    const { default: EventPage } = await import('@/app/admin/events/[id]/page')
    expect(await digestOf(() => EventPage({ params: Promise.resolve({ id: 'evt_missing' }) }))).toBe(NOT_FOUND)
  })
})
