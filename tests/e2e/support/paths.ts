import { mkdirSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { join } from 'node:path'

export const projectRoot = fileURLToPath(new URL('../../..', import.meta.url)).replace(/\/$/, '')

/** Server logs and failure screenshots go here; git ignores it. */
export function resultsDir(): string {
  const dir = join(projectRoot, 'test-results')
  mkdirSync(dir, { recursive: true })
  return dir
}

/** A file name made from a test's name: letters, digits and dashes only. */
export const fileSafe = (name: string) => name.replace(/[^A-Za-z0-9]+/g, '-').replace(/^-|-$/g, '').slice(0, 120)
