// Every recipe in docs/recipes/ is applied here, so a recipe that stops working fails the suite (house style 18):
// the code a reader pastes (```ts file=…) goes into an in-memory copy of the repository, which must typecheck; the
// imports of every excerpt must resolve; every path the text names must exist, every `npm run` script too.
// All recipes are applied to one copy (one compiler run instead of one per recipe), so each recipe names its own
// files and functions, as a reader following two of them would need anyway.
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { houseImportGraph } from '../support/import-graph'
import { applyRecipe, codeBlocks, importsOf, namedPaths, typeErrors } from '../support/recipes'

const root = fileURLToPath(new URL('../..', import.meta.url))
const recipes = readdirSync(join(root, 'docs/recipes')).filter((name) => name.endsWith('.md')).sort()
const scripts = Object.keys((JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts)
const blocksOf = new Map(recipes.map((name) => [name, codeBlocks(readFileSync(join(root, 'docs/recipes', name), 'utf8'))]))

const importers = new Map<string, string[]>()
for (const [file, targets] of houseImportGraph(root)) for (const target of targets) importers.set(target, [...(importers.get(target) ?? []), file])

/** Each recipe's pasted code and excerpt imports, over the repository and the recipes before it. */
function applyAll() {
  const changed = new Map<string, string>()
  const owners = new Map<string, string[]>()
  for (const [name, blocks] of blocksOf) {
    const before = new Map(changed)
    applyRecipe(root, blocks, changed)
    blocks.forEach((block, index) => {
      if (block.file || !['ts', 'tsx'].includes(block.lang)) return
      const imports = importsOf(block.code)
      // An excerpt is checked beside the file it says it belongs to (`in=inngest/x.ts`), so its relative imports resolve.
      if (imports) changed.set(join(block.in ? dirname(block.in) : 'docs/recipes', `${name}.excerpt-${index}.ts`), imports)
    })
    for (const [file, text] of changed) if (before.get(file) !== text) owners.set(file, [...(owners.get(file) ?? []), name])
  }
  return { changed, owners }
}

describe('docs/recipes', () => {
  it('every recipe’s code, pasted where it says, typechecks with the files that import what it changed', { timeout: 240_000 }, () => {
    const { changed, owners } = applyAll()
    // The recipes that show code a reader pastes: each one is applied, not skipped.
    expect([...owners.values()].flat()).toEqual(expect.arrayContaining(['add-a-plan.md', 'add-a-job.md', 'add-a-webhook-event.md']))
    const errors = typeErrors(root, changed, (file) => importers.get(file) ?? [])
    // Each error with the recipes that changed its file.
    expect(errors.map((error) => `${error}  [${owners.get(error.split(':')[0]!)?.join(', ') ?? 'importer of a changed file'}]`)).toEqual([])
  })

  it.each(recipes)('%s names only paths and scripts that exist', (name) => {
    const markdown = readFileSync(join(root, 'docs/recipes', name), 'utf8')
    const made = new Set(blocksOf.get(name)!.flatMap((block) => (block.file ? [block.file] : [])))
    expect(namedPaths(markdown, `docs/recipes/${name}`, root).filter((path) => !made.has(path) && !existsSync(join(root, path)))).toEqual([])
    expect([...markdown.matchAll(/npm run ([\w:-]+)/g)].map(([, script]) => script).filter((script) => !scripts.includes(script!))).toEqual([])
  })

  it('the check fails a recipe whose pasted code does not compile, and one that points at a line the file no longer has', { timeout: 240_000 }, () => {
    const broken = codeBlocks(['```ts file=lib/billing/catalog.ts after="const CATALOG = ["', "  { key: 'scale', name: 'Scale' },", '```'].join('\n'))
    expect(typeErrors(root, applyRecipe(root, broken), () => []).join('\n')).toMatch(/lib\/billing\/catalog\.ts:\d+ .*description/)
    const lost = codeBlocks(['```ts file=inngest/functions.ts after="a line nobody wrote"', 'x', '```'].join('\n'))
    expect(() => applyRecipe(root, lost)).toThrow(/no line of inngest\/functions\.ts holds/)
  })
})
