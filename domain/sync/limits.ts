/**
 * The sync protocol's size limits, without zod: the PWA's engine batches by them in its first
 * load, and protocol.ts builds the request schemas on them (one value for both sides).
 */

/** Mutations per push. A phone with more in its outbox sends several pushes. */
export const MAX_MUTATIONS_PER_PUSH = 100;
/** Bytes per push body: 100 visits at ~1 KB each fit with room to spare. */
export const MAX_PUSH_BYTES = 512 * 1024;
/** Changes per pull page: the default keeps a page near 100 KB gzip on 2G/3G. */
export const DEFAULT_PULL_LIMIT = 500;
export const MAX_PULL_LIMIT = 2000;
