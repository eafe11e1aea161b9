// Next's own incremental cache, installed where `unstable_cache` looks for it outside a request
// (`globalThis.__incrementalCache`, next/dist/server/web/spec-extension/unstable-cache.js), as `next start` sets
// one up: the filesystem cache handler over a fresh directory, its in-memory layer on, nothing flushed to disk. So a
// page whose data is cached (/pricing: getPricedPlans) renders in a test through the same cache code it runs in Next.
// First, as in Next's server: it puts AsyncLocalStorage on globalThis, where Next's request stores look for it.
import 'next/dist/server/node-environment-baseline'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { IncrementalCache } from 'next/dist/server/lib/incremental-cache'
import { nodeFs } from 'next/dist/server/lib/node-fs-methods'

export function installNextIncrementalCache(): IncrementalCache {
  const cache = new IncrementalCache({
    fs: nodeFs,
    dev: false,
    flushToDisk: false,
    minimalMode: false,
    serverDistDir: mkdtempSync(join(tmpdir(), 'tollgate-next-cache-')),
    requestHeaders: {},
    maxMemoryCacheSize: 10 * 1024 * 1024,
    previewProps: { previewModeId: 'test', previewModeEncryptionKey: 'test', previewModeSigningKey: 'test' },
    getPrerenderManifest: undefined,
    prerenderManifest: { version: 4, routes: {}, dynamicRoutes: {}, notFoundRoutes: [], preview: { previewModeId: 'test', previewModeEncryptionKey: 'test', previewModeSigningKey: 'test' } },
    fetchCacheKeyPrefix: '',
    allowedRevalidateHeaderKeys: [],
  } as unknown as ConstructorParameters<typeof IncrementalCache>[0])
  ;(globalThis as { __incrementalCache?: IncrementalCache }).__incrementalCache = cache
  return cache
}
