// What each runnable cell showed, kept for the visit. Instant navigation keeps the window (and
// the worker, where the page's Python variables live on), so a learner who leaves a lab and comes
// back finds its cells as they left them: code, output and "Ran in" line.

const snapshots = new Map(); // "<page path>#<cell index>" -> {code, output, info, state}

/** The key of `container` (a `.cs-cell`): its page and its place among the page's cells. */
export function cellKey(container, doc = document, where = location) {
  return `${where.pathname}#${[...doc.querySelectorAll(".cs-cell")].indexOf(container)}`;
}

/** Keep `snapshot` ({code, output, info, state}) for the cell `key`. */
export function remember(key, snapshot) {
  snapshots.set(key, snapshot);
}

/** The snapshot kept for `key`, or null when the cell has not been touched this visit. */
export function recall(key) {
  return snapshots.get(key) ?? null;
}
