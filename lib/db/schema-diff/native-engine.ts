import { execFileSync } from 'node:child_process'
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

/** Whether Prisma's native schema engine was downloaded (npm's install scripts for @prisma/engines ran). */
export function hasNativeEngine(root: string): boolean {
  const engines = join(root, 'node_modules/@prisma/engines')
  return existsSync(engines) && readdirSync(engines).some((file) => file.startsWith('schema-engine'))
}

/** `prisma migrate diff` between two schema texts, through the CLI and its native engine. */
export function diffWithNativeEngine(root: string, from: string | null, to: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'tollgate-diff-'))
  try {
    writeFileSync(join(dir, 'to.prisma'), to)
    if (from !== null) writeFileSync(join(dir, 'from.prisma'), from)
    const fromArgs = from === null ? ['--from-empty'] : ['--from-schema', join(dir, 'from.prisma')]
    return execFileSync(join(root, 'node_modules/.bin/prisma'), ['migrate', 'diff', ...fromArgs, '--to-schema', join(dir, 'to.prisma'), '--script'], {
      cwd: root,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'inherit'],
    })
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}
