// The response headers the service worker adds (web/offline/entry-worker.js). Kept apart from the
// worker so Node's tests can check them with real Response objects.

/** Cross-origin isolation: SharedArrayBuffer, so Stop interrupts Python without a restart. */
export const ISOLATION_HEADERS = {
  "Cross-Origin-Opener-Policy": "same-origin",
  "Cross-Origin-Embedder-Policy": "require-corp",
  "Cross-Origin-Resource-Policy": "same-origin",
};

/** Hosts that don't know these types break WebAssembly streaming and module imports. */
export const CONTENT_TYPES = { ".wasm": "application/wasm", ".mjs": "text/javascript" };

/** A copy of `response` with the isolation headers (and the right type for .wasm/.mjs files). */
export function isolated(response, url) {
  // Opaque answers (a navigation's redirect) must go back untouched or the browser rejects them.
  if (!response || response.type === "opaqueredirect" || response.status === 0) return response;
  const headers = new Headers(response.headers);
  for (const [name, value] of Object.entries(ISOLATION_HEADERS)) headers.set(name, value);
  const extension = /\.[a-z0-9]+$/i.exec(new URL(url).pathname)?.[0]?.toLowerCase();
  if (CONTENT_TYPES[extension]) headers.set("Content-Type", CONTENT_TYPES[extension]);
  return new Response(response.body, { status: response.status, statusText: response.statusText, headers });
}
