// Stop keeps the learner's work where Python cannot be interrupted. A page that is not
// cross-origin isolated (plain HTTP to a LAN address) has no SharedArrayBuffer, so Stop must
// replace the Python worker and every variable is lost. This module puts the page back: it
// remembers which cells completed successfully, and after such a restart re-runs them, in the
// order they last completed, leaving out the stopped cell. The learner sees which cells run, how
// long it took, and can cancel. Cells wait for a restore in progress before they run, so a Run
// pressed meanwhile cannot slip between two restored cells.

/** Each namespace's successful cells: `cellId -> code` in the order they last completed. */
export class CellHistory {
  constructor() {
    this.namespaces = new Map();
    this.restoring = null;
  }

  /** Remember that cell `cellId` ran `code` successfully in `namespace` (it moves to the end). */
  record(namespace, cellId, code) {
    if (!this.namespaces.has(namespace)) this.namespaces.set(namespace, new Map());
    const cells = this.namespaces.get(namespace);
    cells.delete(cellId);
    cells.set(cellId, code);
  }

  /** The cells to re-run for `namespace`, oldest first, without `exceptCellId`. */
  entries(namespace, exceptCellId = null) {
    const cells = this.namespaces.get(namespace) ?? new Map();
    return [...cells].filter(([cellId]) => cellId !== exceptCellId).map(([cellId, code]) => ({ cellId, code }));
  }

  /** Forget `namespace` (Restart runtime: the learner asked for a clean Python). */
  clear(namespace) {
    this.namespaces.delete(namespace);
  }

  /** Resolves once no restore is running (cells await it before they run). */
  idle() {
    return this.restoring ?? Promise.resolve();
  }
}

/**
 * Re-run `entries` (`[{cellId, code}]`) one after another in `namespace`.
 * `onCell(index, total, cellId)` is called before each; `isCancelled()` is checked between cells.
 * Resolves to `{ran, total, seconds, cancelled, failed}`; `failed` is `{cellId, error}` when a cell
 * raised (the rest are not run: they probably need what it defines).
 */
export async function replay(runtime, entries, { namespace, onCell = () => {}, isCancelled = () => false, now = () => performance.now() }) {
  const started = now();
  let ran = 0;
  const report = (extra) => ({ ran, total: entries.length, seconds: (now() - started) / 1000, cancelled: false, failed: null, ...extra });
  for (const [index, { cellId, code }] of entries.entries()) {
    if (isCancelled()) return report({ cancelled: true });
    onCell(index + 1, entries.length, cellId);
    const result = await runtime.exec(code, { namespace });
    if (!result.ok) return report({ failed: { cellId, error: result.error } });
    ran += 1;
  }
  return report({});
}

/** "cells 1, 2 and 3" (cell numbers as the page's toolbars label them). */
export function cellList(ids) {
  if (ids.length === 1) return `cell ${ids[0]}`;
  return `cells ${ids.slice(0, -1).join(", ")} and ${ids[ids.length - 1]}`;
}

/** What the notice says when a restore of the cells `ids` ends. */
export function summary({ ran, total, seconds, cancelled, failed }, ids) {
  const time = `${seconds.toFixed(2)} s`;
  if (failed) return `Restore stopped: cell ${failed.cellId} raised ${failed.error.type} when re-run (${ran} of ${total} restored in ${time}). Run the cells from there yourself.`;
  if (cancelled) return `Restore cancelled after ${ran} of ${total} cells (${time}). Run the others yourself before using their variables.`;
  return `Restored this page's variables by re-running ${cellList(ids)} in ${time}.`;
}

/**
 * After Stop restarted Python: show a notice in `container` and re-run the namespace's
 * successful cells (except `stoppedCellId`). Resolves to the replay's report (null if none).
 */
export function restoreAfterRestart({ runtime, history, namespace, stoppedCellId, container, doc = document }) {
  const entries = history.entries(namespace, stoppedCellId);
  if (!entries.length) return Promise.resolve(null);
  const notice = doc.createElement("div");
  notice.className = "cs-restore";
  notice.setAttribute("role", "status");
  const text = doc.createElement("span");
  text.className = "cs-restore-text";
  const cancel = doc.createElement("button");
  cancel.type = "button";
  cancel.className = "cs-button cs-restore-cancel";
  cancel.textContent = "Cancel restore";
  notice.append(text, cancel);
  container.append(notice);
  let cancelled = false;
  cancel.addEventListener("click", () => {
    cancelled = true;
    cancel.disabled = true;
    text.textContent += " Cancelling after this cell…";
  });
  const ids = entries.map((entry) => entry.cellId);
  text.textContent = `Python was restarted, so this page's variables were lost. Restoring them by re-running ${cellList(ids)}…`;
  const run = replay(runtime, entries, {
    namespace,
    isCancelled: () => cancelled,
    onCell: (index, total, cellId) => {
      text.textContent = `Python was restarted. Restoring this page's variables: re-running cell ${cellId} (${index} of ${total})…`;
    },
  }).then((result) => {
    text.textContent = summary(result, ids);
    notice.dataset.state = result.failed ? "failed" : result.cancelled ? "cancelled" : "done";
    cancel.remove();
    return result;
  }, (error) => {
    // Python did not start again: the notice must not keep promising a restore.
    text.textContent = `Restore failed: ${error.message}. Press Restart runtime, then run the cells again.`;
    notice.dataset.state = "failed";
    cancel.remove();
    throw error;
  });
  const tracked = run.then(() => {}, () => {}).then(() => {
    if (history.restoring === tracked) history.restoring = null;
  });
  history.restoring = tracked;
  return run;
}
