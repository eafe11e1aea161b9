// DATABASE_URL decides the database: `file:` is SQLite (the embedded default), postgres(ql):// is PostgreSQL.
import { isAbsolute, resolve } from 'node:path'

export type DatabaseTarget =
  | { dialect: 'sqlite'; url: string; file: string }
  | { dialect: 'postgresql'; url: string }

export function databaseTarget(url: string, cwd = process.cwd()): DatabaseTarget {
  if (/^postgres(ql)?:\/\//.test(url)) return { dialect: 'postgresql', url }
  if (url.startsWith('file:')) {
    const path = url.slice('file:'.length).replace(/^\/\/(?=\/)/, '').split('?')[0] ?? ''
    if (path === ':memory:') throw new Error('DATABASE_URL=file::memory: is not supported: each connection would see its own empty database')
    const file = isAbsolute(path) ? path : resolve(cwd, path)
    return { dialect: 'sqlite', url: `file:${file}`, file }
  }
  throw new Error(`DATABASE_URL must start with file: or postgresql://, got "${url.split(':')[0]}:…"`)
}
