import { spawn } from 'node:child_process'
import { createServer } from 'node:net'
import { afterAll, describe, expect, it } from 'vitest'

const { db } = await import('@/lib/db')

/** A free TCP port on 127.0.0.1. */
async function freePort(): Promise<number> {
  const server = createServer()
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as { port: number }
  await new Promise((resolve) => server.close(resolve))
  return port
}

let output = ''
let studioPid: number | undefined
afterAll(() => {
  if (studioPid) process.kill(-studioPid, 'SIGTERM')
})

async function startStudio(): Promise<number> {
  const port = await freePort()
  // Its own process group, so the whole tree (npx, tsx, prisma) is stopped by this one id.
  const studio = spawn('npx', ['tsx', 'scripts/db-studio.ts', '--port', String(port), '--browser', 'none'], { detached: true, stdio: ['ignore', 'pipe', 'pipe'] })
  studioPid = studio.pid
  studio.stdout.on('data', (chunk) => (output += chunk))
  studio.stderr.on('data', (chunk) => (output += chunk))
  return port
}

/** Studio's own browser API: what its page sends to run a query. */
async function queryThroughStudio(port: number, sql: string): Promise<unknown> {
  const deadline = Date.now() + 45_000
  while (Date.now() < deadline) {
    try {
      const response = await fetch(`http://localhost:${port}/bff`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ procedure: 'query', query: { sql, parameters: [] } }) })
      if (response.ok) return await response.json()
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 250))
  }
  throw new Error(`Prisma Studio did not answer on port ${port}; it printed:\n${output}`)
}

describe('npm run db:studio', () => {
  // About the SQLite default; on PostgreSQL the script hands Studio DATABASE_URL as it is.
  it.skipIf(Boolean(process.env.TEST_DATABASE_URL))('opens Prisma Studio on the default SQLite database, and it reads the tables', async () => {
    await db.user.create({ data: { email: 'studio@example.com' } })
    const answer = JSON.stringify(await queryThroughStudio(await startStudio(), 'SELECT "email" FROM "User"'))
    expect(answer).toContain('studio@example.com')
    expect(output).not.toContain('not supported')
  }, 60_000)
})
