// Next's ceiling for the benchmark: a POST route that does nothing, built and served like the real one.
export const runtime = 'nodejs'
export const dynamic = 'force-dynamic'

export const POST = () => Response.json({ ok: true })
