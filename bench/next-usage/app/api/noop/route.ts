// The reference of the usage bench: a POST route that does nothing else, in the same app as /api/usage.
export const runtime = 'nodejs'
export const dynamic = 'force-dynamic'

export const POST = () => Response.json({ ok: true })
