// Where the Python worker keeps its memory snapshot: Pyodide's whole WebAssembly memory taken right
// after the sandbox was imported (pyodide.makeMemorySnapshot). A later start loads it instead of
// booting CPython, unpacking the sandbox wheel and importing it again, which is most of a start.
//
// One snapshot per runtime identity `key` (a hash of Pyodide's files and the worker bundle,
// written by the build into sizes.json): a deployment that changes either gets a new key, so a
// stale snapshot is never loaded, and saving a snapshot deletes those of every other key. Stored in
// Cache Storage under a name outside the service worker's "cold-start-" caches (which it prunes on
// every deployment), so the snapshot also works on hosts without a service worker. Every failure
// here means "no snapshot": the worker then starts Python the normal way.

export const SNAPSHOT_CACHE = "cs-python-snapshot";

/** The request a snapshot of runtime `key` is stored under (a name in `scope`'s folder). */
export function snapshotRequestURL(key, scope) {
  return new URL(`python-snapshot-${encodeURIComponent(key)}.bin`, scope).href;
}

/** Cache Storage, or null where the browser has none (insecure contexts, Node). */
function cacheStorage(scope = self) {
  return typeof scope.caches === "undefined" ? null : scope.caches;
}

/**
 * The stored snapshot for `key`, or null when there is none (or no storage). Its `bytes` promise
 * reads the body (tens of MB): the caller starts loading Pyodide meanwhile.
 */
export async function findSnapshot(key, scope, storage = cacheStorage()) {
  if (!key || !storage) return null;
  try {
    const cache = await storage.open(SNAPSHOT_CACHE);
    const response = await cache.match(snapshotRequestURL(key, scope));
    if (!response) return null;
    const bytes = response.arrayBuffer().then((buffer) => new Uint8Array(buffer));
    bytes.catch(() => {}); // the caller awaits it later; a failed read must not go unhandled meanwhile
    return { bytes };
  } catch {
    return null;
  }
}

/** Store `bytes` as the snapshot of `key` and delete every other one. Resolves to whether it saved. */
export async function writeSnapshot(key, scope, bytes, storage = cacheStorage()) {
  if (!key || !storage) return false;
  try {
    const cache = await storage.open(SNAPSHOT_CACHE);
    const url = snapshotRequestURL(key, scope);
    for (const request of await cache.keys()) if (request.url !== url) await cache.delete(request);
    const headers = { "Content-Type": "application/octet-stream", "Content-Length": String(bytes.byteLength) };
    await cache.put(url, new Response(bytes, { headers }));
    return true;
  } catch {
    return false;
  }
}

/** Delete the snapshot of `key` (it failed to load: never try it again). */
export async function deleteSnapshot(key, scope, storage = cacheStorage()) {
  if (!key || !storage) return;
  try {
    const cache = await storage.open(SNAPSHOT_CACHE);
    await cache.delete(snapshotRequestURL(key, scope));
  } catch {
    // Nothing to delete or no storage: the next start boots normally anyway.
  }
}
