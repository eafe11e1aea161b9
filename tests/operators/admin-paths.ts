// Every operator console page, as the access test renders it and the browser journey requests it. Add a page here
// when you add one under app/admin/ (its `render` calls the page's default export as Next would).
export type AdminPath = { path: string; render: () => Promise<unknown> }

type Page = (props: { params: Promise<Record<string, string>>; searchParams: Promise<Record<string, string>> }) => Promise<unknown>
const page = (load: () => Promise<{ default: unknown }>, params: Record<string, string> = {}, searchParams: Record<string, string> = {}) => async () =>
  ((await load()).default as Page)({ params: Promise.resolve(params), searchParams: Promise.resolve(searchParams) })

/** `eventId`, `organizationId`: an event and an organization in the database, so their pages get as far as they can. */
export function adminPaths(eventId: string, organizationId: string): AdminPath[] {
  return [
    { path: '/admin', render: page(() => import('@/app/admin/page')) },
    { path: '/admin/organizations', render: page(() => import('@/app/admin/organizations/page')) },
    { path: `/admin/organizations/${organizationId}`, render: page(() => import('@/app/admin/organizations/[id]/page'), { id: organizationId }) },
    { path: '/admin/events', render: page(() => import('@/app/admin/events/page')) },
    { path: '/admin/events?status=failed', render: page(() => import('@/app/admin/events/page'), {}, { status: 'failed' }) },
    { path: `/admin/events/${eventId}`, render: page(() => import('@/app/admin/events/[id]/page'), { id: eventId }) },
    { path: `/admin/events/replay?id=${eventId}`, render: page(() => import('@/app/admin/events/replay/page'), {}, { id: eventId }) },
    { path: '/admin/audit', render: page(() => import('@/app/admin/audit/page')) },
  ]
}
