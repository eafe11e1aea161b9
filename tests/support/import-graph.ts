import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join, relative, sep } from 'node:path'
import ts from 'typescript'

/** The folders whose modules make up the app; generated code and the bench's throwaway Next apps are not ours. */
export const HOUSE_FOLDERS = ['app', 'lib', 'inngest', 'components', 'bench', 'scripts'] as const
const SKIPPED = ['lib/db/generated', 'bench/next-noop', 'bench/next-app', 'node_modules', '.next']
const SOURCE = /\.(ts|tsx|mts|mjs|js)$/

export type ImportGraph = Map<string, Set<string>>

function sourceFiles(root: string, folder: string): string[] {
  const dir = join(root, folder)
  const found: string[] = []
  for (const name of readdirSync(dir)) {
    const path = join(dir, name)
    const rel = relative(root, path).split(sep).join('/')
    if (SKIPPED.some((skip) => rel === skip || rel.startsWith(`${skip}/`))) continue
    if (statSync(path).isDirectory()) found.push(...sourceFiles(root, rel))
    else if (SOURCE.test(name) && !name.endsWith('.d.ts')) found.push(rel)
  }
  return found
}

/**
 * Every module of the house folders and what it imports among them, resolved as TypeScript resolves them (the
 * tsconfig's `@/` path, index files, extensions). Static, type-only, re-exports and dynamic `import()` all count:
 * each is an arrow a reader follows, and a type-only arrow still ties the two files' changes together.
 */
export function importGraph(root: string): ImportGraph {
  const config = ts.getParsedCommandLineOfConfigFile(join(root, 'tsconfig.json'), {}, { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => {} })
  if (!config) throw new Error('tsconfig.json could not be read')
  const host = ts.createCompilerHost(config.options)
  const graph: ImportGraph = new Map()
  const files = HOUSE_FOLDERS.flatMap((folder) => sourceFiles(root, folder))
  const inHouse = new Set(files)
  for (const file of files) {
    const targets = new Set<string>()
    const { importedFiles } = ts.preProcessFile(readFileSync(join(root, file), 'utf8'), true, true)
    for (const { fileName: specifier } of importedFiles) {
      const resolved = ts.resolveModuleName(specifier, join(root, file), config.options, host).resolvedModule
      if (!resolved || resolved.isExternalLibraryImport) continue
      const target = relative(root, resolved.resolvedFileName).split(sep).join('/')
      if (inHouse.has(target) && target !== file) targets.add(target)
    }
    graph.set(file, targets)
  }
  return graph
}

/** Groups of modules that reach each other through imports (Tarjan's strongly connected components of size > 1). */
export function importCircles(graph: ImportGraph): string[][] {
  let next = 0
  const index = new Map<string, number>()
  const low = new Map<string, number>()
  const stack: string[] = []
  const onStack = new Set<string>()
  const circles: string[][] = []
  const visit = (file: string) => {
    index.set(file, next)
    low.set(file, next++)
    stack.push(file)
    onStack.add(file)
    for (const target of graph.get(file) ?? []) {
      if (!index.has(target)) {
        visit(target)
        low.set(file, Math.min(low.get(file)!, low.get(target)!))
      } else if (onStack.has(target)) low.set(file, Math.min(low.get(file)!, index.get(target)!))
    }
    if (low.get(file) !== index.get(file)) return
    const group: string[] = []
    let member: string
    do {
      member = stack.pop()!
      onStack.delete(member)
      group.push(member)
    } while (member !== file)
    if (group.length > 1) circles.push(group.sort())
  }
  for (const file of graph.keys()) if (!index.has(file)) visit(file)
  return circles
}

/** Imports that run against the house's direction: lib is imported by app/ and inngest/, never the other way. */
export function backArrows(graph: ImportGraph): string[] {
  const arrows: string[] = []
  for (const [file, targets] of graph) {
    if (!file.startsWith('lib/')) continue
    for (const target of targets) if (target.startsWith('inngest/') || target.startsWith('app/')) arrows.push(`${file} → ${target}`)
  }
  return arrows.sort()
}
