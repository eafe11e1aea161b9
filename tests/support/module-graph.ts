// The import graph of a folder, read with the TypeScript compiler: every import, export-from, dynamic import and
// `import('…')` type, type-only ones included (ESLint's import/no-cycle skips those, and the sandbox's old circle ran
// through them). Specifiers resolve as tsc resolves them (tsconfig's `@/` paths, relative paths, packages).
import { readdirSync, readFileSync } from 'node:fs'
import { join, relative } from 'node:path'
import ts from 'typescript'

/** One import, with paths relative to the repository root; `to` is null for a package or a Node built-in. */
export type ModuleImport = { from: string; to: string | null; specifier: string; line: number }

/** The folder's source files and their imports, paths relative to the repository root; `skip`: folders left out. */
export function readModules(root: string, folder: string, skip: readonly string[] = []): { files: string[]; imports: ModuleImport[] } {
  const options = compilerOptions(root)
  const skipped = (file: string) => skip.some((dir) => relative(root, file).startsWith(`${dir}/`))
  const files = sourceFiles(join(root, folder)).filter((file) => !skipped(file))
  return { files: files.map((file) => relative(root, file)).sort(), imports: files.flatMap((file) => importsOf(root, file, options)) }
}

function compilerOptions(root: string): ts.CompilerOptions {
  const configFile = join(root, 'tsconfig.json')
  const { config } = ts.readConfigFile(configFile, ts.sys.readFile)
  return ts.parseJsonConfigFileContent(config, ts.sys, root, undefined, configFile).options
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name)
    if (entry.isDirectory()) return sourceFiles(path)
    return /\.(ts|tsx|mts|mjs)$/.test(entry.name) && !entry.name.endsWith('.d.ts') ? [path] : []
  })
}

function importsOf(root: string, file: string, options: ts.CompilerOptions): ModuleImport[] {
  const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true)
  const found: ModuleImport[] = []
  const add = (literal: ts.Node) => {
    if (!ts.isStringLiteralLike(literal)) return
    const resolved = ts.resolveModuleName(literal.text, file, options, ts.sys).resolvedModule
    const inRepo = resolved && !resolved.isExternalLibraryImport && !resolved.resolvedFileName.includes('/node_modules/')
    found.push({
      from: relative(root, file),
      to: inRepo ? relative(root, resolved.resolvedFileName) : null,
      specifier: literal.text,
      line: source.getLineAndCharacterOfPosition(literal.getStart()).line + 1,
    })
  }
  const visit = (node: ts.Node): void => {
    if ((ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) && node.moduleSpecifier) add(node.moduleSpecifier)
    else if (ts.isImportEqualsDeclaration(node) && ts.isExternalModuleReference(node.moduleReference)) add(node.moduleReference.expression)
    else if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword && node.arguments[0]) add(node.arguments[0])
    else if (ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument)) add(node.argument.literal)
    ts.forEachChild(node, visit)
  }
  visit(source)
  return found
}

/**
 * Every import circle, one per strongly connected component (Tarjan), each written as a path that starts and ends at
 * the same module: `a.ts → b.ts → a.ts`. A module importing itself is a circle too.
 */
export function findCycles(edges: ReadonlyMap<string, readonly string[]>): string[][] {
  const index = new Map<string, number>()
  const low = new Map<string, number>()
  const stack: string[] = []
  const onStack = new Set<string>()
  const components: string[][] = []
  const connect = (node: string): void => {
    index.set(node, index.size)
    low.set(node, index.get(node) ?? 0)
    stack.push(node)
    onStack.add(node)
    for (const next of edges.get(node) ?? []) {
      if (!index.has(next)) {
        connect(next)
        low.set(node, Math.min(low.get(node) ?? 0, low.get(next) ?? 0))
      } else if (onStack.has(next)) low.set(node, Math.min(low.get(node) ?? 0, index.get(next) ?? 0))
    }
    if (low.get(node) !== index.get(node)) return
    const component: string[] = []
    let member: string | undefined
    do {
      member = stack.pop()
      if (member === undefined) break
      onStack.delete(member)
      component.push(member)
    } while (member !== node)
    const selfImport = component.length === 1 && (edges.get(node) ?? []).includes(node)
    if (component.length > 1 || selfImport) components.push(component.sort())
  }
  for (const node of [...edges.keys()].sort()) if (!index.has(node)) connect(node)
  return components.map((component) => shortestCircle(edges, component))
}

/** The shortest way from the component's first module back to itself, staying inside the component. */
function shortestCircle(edges: ReadonlyMap<string, readonly string[]>, component: string[]): string[] {
  const [start = ''] = component
  const members = new Set(component)
  const cameFrom = new Map<string, string>()
  const queue = [start]
  while (queue.length > 0) {
    const node = queue.shift() ?? start
    for (const next of edges.get(node) ?? []) {
      if (!members.has(next)) continue
      if (next === start) {
        const path: string[] = []
        for (let at: string | undefined = node; at !== undefined && at !== start; at = cameFrom.get(at)) path.unshift(at)
        return [start, ...path, start]
      }
      if (!cameFrom.has(next)) {
        cameFrom.set(next, node)
        queue.push(next)
      }
    }
  }
  return component
}

/** The graph between `files`: imports of packages and of files outside them are left out. */
export function edgesOf(files: readonly string[], imports: readonly ModuleImport[]): Map<string, string[]> {
  const edges = new Map<string, string[]>(files.map((file) => [file, []]))
  for (const { from, to } of imports) if (to !== null && edges.has(to)) edges.get(from)?.push(to)
  return edges
}
