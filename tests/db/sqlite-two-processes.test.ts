import { spawn } from 'node:child_process'
import { describe, expect, it } from 'vitest'
import { testDialect } from '../support/test-database'

// The dev server and a script (stripe:sync) are two processes writing one SQLite file. A write race between them
// must be retried, not surface as an error.
const writer = `
const Database = require('better-sqlite3')
const db = new Database(process.argv[1], { timeout: 10000 })
const started = Date.now()
let n = 0
const pause = new Int32Array(new SharedArrayBuffer(4))
while (Date.now() - started < 2500) {
  db.prepare('INSERT INTO "RateLimit" (id, count, expiresAt) VALUES (?, 1, 0)').run('other-process-' + n++)
  Atomics.wait(pause, 0, 0, 1) // a busy process, not a tight loop: writes about every millisecond
}
console.log(n)
`

describe.runIf(testDialect() === 'sqlite')('SQLite shared by two processes', () => {
  it('upserts keep working while another process writes the same file', async () => {
    const { db } = await import('@/lib/db')
    const file = process.env.DATABASE_URL!.replace(/^file:/, '')
    const other = spawn(process.execPath, ['-e', writer, file], { stdio: ['ignore', 'pipe', 'inherit'] })
    let written = ''
    other.stdout.on('data', (chunk) => (written += chunk))
    const exited = new Promise((resolve) => other.on('exit', resolve))

    await new Promise((resolve) => setTimeout(resolve, 200))
    const failures: unknown[] = []
    for (let i = 0; i < 300; i++) {
      // An upsert with nothing to update runs as read-then-write, where a race with the other process shows.
      await db.product
        .upsert({ where: { id: `prod_${i % 20}` }, create: { id: `prod_${i % 20}`, name: `Product ${i}` }, update: {} })
        .catch((error: unknown) => failures.push(error))
      await db
        .$transaction([db.rateLimit.findMany({ take: 1 }), db.rateLimit.upsert({ where: { id: `mine-${i}` }, create: { id: `mine-${i}`, count: 1, expiresAt: new Date() }, update: {} })])
        .catch((error: unknown) => failures.push(error))
    }
    await exited
    expect(Number(written)).toBeGreaterThan(100)
    expect(failures.map(String)).toEqual([])
    expect(await db.product.count({ where: { id: { startsWith: 'prod_' } } })).toBe(20)
  })
})
