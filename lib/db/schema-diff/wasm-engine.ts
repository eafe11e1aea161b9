// Prisma's schema engine compiled to WebAssembly (@prisma/schema-engine-wasm, a devDependency): the same Rust code
// as the native `schema-engine` binary that `prisma migrate diff` downloads, loaded in-process, so migration SQL
// can be written where that download is impossible (offline, a locked-down CI).
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { bindMigrationAwareSqlAdapterFactory, mockMigrationAwareAdapterFactory } from '@prisma/driver-adapter-utils'
import * as glue from '@prisma/schema-engine-wasm/schema_engine_bg'

let loaded: typeof glue.SchemaEngine | undefined

function loadEngine(): typeof glue.SchemaEngine {
  if (loaded) return loaded
  const entry = createRequire(import.meta.url).resolve('@prisma/schema-engine-wasm')
  const bytes = readFileSync(entry.replace(/schema_engine\.js$/, 'schema_engine_bg.wasm'))
  const instance = new WebAssembly.Instance(new WebAssembly.Module(bytes), { './schema_engine_bg.js': glue })
  // wasm-bindgen's loader protocol, as the Prisma CLI itself starts this module.
  glue.__wbg_set_wasm(instance.exports)
  const start = instance.exports.__wbindgen_start
  if (typeof start === 'function') start()
  loaded = glue.SchemaEngine
  return loaded
}

/**
 * The engine wants a driver adapter to start, even for a diff between two schema files, which reads no database:
 * Prisma's mock adapter connects to nothing and refuses every query. It is a SQLite one because a PostgreSQL
 * adapter would be asked for its server's version first; the SQL's dialect comes from the schemas' provider.
 */
const noDatabase = () => bindMigrationAwareSqlAdapterFactory(mockMigrationAwareAdapterFactory('sqlite'))

/** The SQL that takes a database from schema `from` (null: empty) to schema `to`, both full .prisma texts. */
export async function diffWithWasmEngine(from: string | null, to: string): Promise<string> {
  const engine = await loadEngine().new({ datamodels: [['schema.prisma', to]] }, () => {}, noDatabase())
  try {
    const result = await engine.diff({
      from: from === null ? { tag: 'empty' } : { tag: 'schemaDatamodel', files: [{ path: 'schema.prisma', content: from }] },
      to: { tag: 'schemaDatamodel', files: [{ path: 'schema.prisma', content: to }] },
      script: true,
      exitCode: null,
      filters: { externalTables: [], externalEnums: [] },
    })
    return result.stdout ?? ''
  } finally {
    engine.free()
  }
}
