// Counts the bytes the Python worker downloads while Pyodide and the sandbox load, so the page can
// show a real progress bar ("Loading Python: 3.1 of 13.7 MB"). Pyodide fetches the WebAssembly,
// the standard library, the lockfile and our wheel with fetch(): those bodies are counted as they
// stream in. Its JavaScript half arrives through import(), which fetch() never sees: finished
// resources are added from the worker's resource timing. Sizes are decoded bytes, the same as the
// build's total (sizes.json beside Pyodide, written by tools/hooks/site.py).

/**
 * Count downloads until the returned `stop()` is called. `onBytes(received)` is called with the
 * running total of bytes received so far (at most once per chunk or finished resource).
 */
export function countDownloads(onBytes, scope = self) {
  const received = new Map(); // url -> bytes
  const report = (url, bytes) => {
    if (bytes <= (received.get(url) ?? 0)) return;
    received.set(url, bytes);
    let total = 0;
    for (const value of received.values()) total += value;
    onBytes(total);
  };
  const originalFetch = scope.fetch;
  scope.fetch = async (input, init) => {
    const response = await originalFetch.call(scope, input, init);
    if (!response.ok || !response.body) return response;
    const url = response.url || String(input);
    let bytes = 0;
    const counter = new TransformStream({
      transform(chunk, controller) {
        bytes += chunk.byteLength;
        report(url, bytes);
        controller.enqueue(chunk);
      },
    });
    // The body is already decoded: drop the headers that described the encoded one.
    const headers = new Headers(response.headers);
    headers.delete("Content-Encoding");
    headers.delete("Content-Length");
    return new Response(response.body.pipeThrough(counter), { status: response.status, statusText: response.statusText, headers });
  };
  let observer = null;
  if (typeof PerformanceObserver !== "undefined") {
    observer = new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) if (entry.decodedBodySize) report(entry.name, entry.decodedBodySize);
    });
    try {
      observer.observe({ type: "resource", buffered: true });
    } catch {
      observer = null;
    }
  }
  return function stop() {
    scope.fetch = originalFetch;
    observer?.disconnect();
  };
}

