// The double's README is what a developer follows to extend it: its list of emitted events is the code's, and every
// file it names exists (sandbox/stripe/README.md, "Add an event").
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import ts from 'typescript'
import { describe, expect, it } from 'vitest'

const ROOT = fileURLToPath(new URL('../..', import.meta.url))
const PACKAGE = join(ROOT, 'sandbox/stripe')
const README = readFileSync(join(PACKAGE, 'README.md'), 'utf8')

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name)
    if (entry.isDirectory()) return sourceFiles(path)
    return entry.name.endsWith('.ts') ? [path] : []
  })
}

/** The literal event types passed to `core.emit(…)` and `buildEvent(…)` anywhere in the double. */
function emittedTypes(): string[] {
  const types = new Set<string>()
  for (const file of sourceFiles(PACKAGE)) {
    const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true)
    const visit = (node: ts.Node): void => {
      if (ts.isCallExpression(node)) {
        const callee = node.expression
        const name = ts.isPropertyAccessExpression(callee) ? callee.name.text : ts.isIdentifier(callee) ? callee.text : ''
        const [first] = node.arguments
        if ((name === 'emit' || name === 'buildEvent') && first && ts.isStringLiteral(first)) types.add(first.text)
      }
      ts.forEachChild(node, visit)
    }
    visit(source)
  }
  return [...types].sort()
}

/** "Events it emits: `customer.created|updated`, …": each alternative replaces the last segment of the first. */
function listedTypes(): string[] {
  const start = README.indexOf('Events it emits:')
  const paragraph = README.slice(start, README.indexOf('\n\n', start))
  return [...paragraph.matchAll(/`([a-z_.|]+)`/g)]
    .flatMap(([, group = '']) => {
      const [first = '', ...rest] = group.split('|')
      const prefix = first.slice(0, first.lastIndexOf('.') + 1)
      return [first, ...rest.map((last) => `${prefix}${last}`)]
    })
    .sort()
}

describe('the Stripe double README', () => {
  it('lists every event type the double emits, and no other', () => {
    expect(emittedTypes().length).toBeGreaterThan(20)
    expect(listedTypes()).toEqual(emittedTypes())
  })

  it('names only files that exist, in the package or from the repository root', () => {
    const named = [...README.matchAll(/`([\w./-]+\.(?:ts|md))`/g)].map(([, path = '']) => path)
    expect(named.length).toBeGreaterThan(30)
    const missing = named.filter((path) => !existsSync(join(PACKAGE, path)) && !existsSync(join(ROOT, path)))
    expect(missing).toEqual([])
  })
})
