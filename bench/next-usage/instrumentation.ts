// Present so Turbopack does not fall back to the workspace root's instrumentation.ts (see proxy.ts).
export function register() {}
