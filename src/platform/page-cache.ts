/**
 * Response bodies kept in the process, each with the organization's directory version it was read
 * at (migration 202611271000, db/directory-version.ts). A body is served again only while that
 * version is still the current one, which the caller reads from the database for every request
 * (`createDirectoryVersionReader`: one primary-key lookup, shared by the requests that arrive
 * together, instead of the page's query): never a page older than the last committed change,
 * whichever process made it. Least recently used bodies go first once the kept bytes pass
 * `maxBytes`; 0 keeps nothing.
 */
export interface PageCache {
  /** Whether anything is kept under this key: without it, reading the version would be wasted. */
  has(orgId: string, key: string): boolean;
  /** The body kept under this key if it was read at exactly this version. */
  get(orgId: string, key: string, version: string): Buffer | undefined;
  /** Keeps a body read at this version, unless a newer one is kept already. */
  set(orgId: string, key: string, version: string, body: Buffer): void;
}

interface Entry {
  version: string;
  body: Buffer;
}

/** Versions are decimal bigints as text: the longer is larger, else the lexically larger. */
export function isNewerVersion(a: string, b: string): boolean {
  return a.length !== b.length ? a.length > b.length : a > b;
}

export function createPageCache(options: { maxBytes: number }): PageCache {
  const entries = new Map<string, Entry>();
  let bytes = 0;

  const remove = (id: string, entry: Entry) => {
    entries.delete(id);
    bytes -= entry.body.length;
  };

  return {
    has: (orgId, key) => entries.has(`${orgId} ${key}`),

    get(orgId, key, version) {
      const id = `${orgId} ${key}`;
      const entry = entries.get(id);
      if (!entry) return undefined;
      if (entry.version !== version) {
        // Versions only grow: an entry behind the current version will never be served again.
        if (isNewerVersion(version, entry.version)) remove(id, entry);
        return undefined;
      }
      // Map order is insertion order: re-inserting marks the entry as the most recently used.
      entries.delete(id);
      entries.set(id, entry);
      return entry.body;
    },

    set(orgId, key, version, body) {
      if (body.length > options.maxBytes) return;
      const id = `${orgId} ${key}`;
      const kept = entries.get(id);
      if (kept) {
        if (isNewerVersion(kept.version, version)) return;
        remove(id, kept);
      }
      entries.set(id, { version, body });
      bytes += body.length;
      for (const [oldest, entry] of entries) {
        if (bytes <= options.maxBytes) break;
        remove(oldest, entry);
      }
    },
  };
}
