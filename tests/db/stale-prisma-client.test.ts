// A generated Prisma client older than the schema stops `npm run dev`, `npm test` and `npm run build` with one
// sentence (scripts/prisma-client-check.mjs), instead of failing later with ColumnNotFound.
import { spawnSync } from 'node:child_process'
import { appendFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, describe, expect, it } from 'vitest'

const root = fileURLToPath(new URL('../..', import.meta.url))
const check = join(root, 'scripts/prisma-client-check.mjs')
const { STALE_CLIENT, stampGeneratedClient } = (await import(check)) as { STALE_CLIENT: string; stampGeneratedClient: (root: string) => void }

// A clone of the two files the check reads: the schema and the generated clients' folder.
const clone = mkdtempSync(join(tmpdir(), 'tollgate-stale-client-'))
mkdirSync(join(clone, 'prisma'))
mkdirSync(join(clone, 'lib/db/generated'), { recursive: true })
writeFileSync(join(clone, 'prisma/schema.prisma'), readFileSync(join(root, 'prisma/schema.prisma')))
afterAll(() => rmSync(clone, { recursive: true, force: true }))

const runCheck = () => spawnSync(process.execPath, [check, clone], { encoding: 'utf8' })

describe('the generated Prisma client against prisma/schema.prisma', () => {
  it('says nothing when the client was generated from the schema as it is', () => {
    stampGeneratedClient(clone)
    expect(runCheck()).toMatchObject({ status: 0, stderr: '' })
  })

  it('stops with one sentence once the schema changes after generating (a pull, a branch switch)', () => {
    stampGeneratedClient(clone)
    appendFileSync(join(clone, 'prisma/schema.prisma'), '\nmodel Dispute {\n  id String @id\n}\n')
    expect(runCheck()).toMatchObject({ status: 1, stderr: `${STALE_CLIENT}\n` })
    stampGeneratedClient(clone) // what npm run db:generate does last
    expect(runCheck().status).toBe(0)
  })

  it('counts a client generated before the stamp existed as old', () => {
    rmSync(join(clone, 'lib/db/generated/schema.sha256'), { force: true })
    expect(runCheck()).toMatchObject({ status: 1, stderr: `${STALE_CLIENT}\n` })
  })

  it('runs before npm run dev, npm test and npm run build, and npm run db:generate stamps the client', () => {
    const { scripts } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { scripts: Record<string, string> }
    for (const script of ['predev', 'pretest', 'prebuild']) expect(scripts[script]).toMatch(/^node scripts\/prisma-client-check\.mjs( &&|$)/)
    expect(readFileSync(join(root, 'scripts/prisma-generate.mjs'), 'utf8')).toContain('stampGeneratedClient(root)')
    expect(scripts['db:generate']).toBe('node scripts/prisma-generate.mjs')
  })
})
