// Small, DOM-light helpers for cell output: kept apart so node tests can check them.

/** "3.1 of 13.7 MB": bytes as megabytes with one decimal (the amount alone when no total is known). */
export function megabytes(loaded, total) {
  const mb = (bytes) => (bytes / 1e6).toFixed(1);
  return total ? `${mb(Math.min(loaded, total))} of ${mb(total)} MB` : `${mb(loaded)} MB`;
}

/**
 * The words the status line shows for a runtime state `{status, progress, message, loaded, total,
 * seconds}`: bytes downloaded while loading when the worker counts them, and how long the start took.
 */
export function statusText({ status, progress, message, loaded, total, seconds }) {
  switch (status) {
    case "idle":
      return message || "Python not started";
    case "loading": {
      if (loaded !== undefined && loaded !== null) {
        return `Loading Python: ${megabytes(loaded, total)}${message ? ` (${message})` : ""}`;
      }
      const percent = Math.round((progress ?? 0) * 100);
      return `Loading Python… ${percent}%${message ? ` (${message})` : ""}`;
    }
    case "ready":
      return seconds ? `Python ready (started in ${seconds.toFixed(1)} s)` : "Python ready";
    case "running":
      return "Running…";
    case "error":
      return `Python failed to start: ${message}`;
    default:
      return status;
  }
}

/**
 * A progress bar that follows the runtime's loading state: visible only while Python loads, its
 * value the bytes received so far (or the fraction done when the total is unknown).
 */
export function progressBar(doc = document) {
  const bar = doc.createElement("progress");
  bar.className = "cs-progress";
  bar.setAttribute("aria-label", "Loading Python");
  bar.hidden = true;
  return {
    element: bar,
    update({ status, progress, loaded, total }) {
      bar.hidden = status !== "loading";
      if (bar.hidden) return;
      if (total) {
        bar.max = total;
        bar.value = Math.min(loaded ?? 0, total);
      } else if (progress) {
        bar.max = 1;
        bar.value = progress;
      } else {
        // Nothing known yet (the worker has not read the build's sizes): an indeterminate bar,
        // rather than a fraction that would jump back when the byte total arrives.
        bar.removeAttribute("value");
      }
    },
  };
}

/**
 * An element showing one display `{mime, data}`: SVG and HTML are inserted as markup (they come
 * from the learner's own code and the sandbox's charts), anything else as text.
 */
export function renderDisplay({ mime, data }, doc = document) {
  const element = doc.createElement(mime === "text/plain" ? "pre" : "div");
  element.className = `cs-display cs-display--${mime.split("/")[1].replace(/\W.*/, "")}`;
  if (mime === "image/svg+xml" || mime === "text/html") element.innerHTML = data;
  else element.textContent = data;
  return element;
}
