// Small, DOM-light helpers for cell output: kept apart so node tests can check them.

/** The words the status line shows for a runtime state `{status, progress, message}`. */
export function statusText({ status, progress, message }) {
  switch (status) {
    case "idle":
      return message || "Python not started";
    case "loading": {
      const percent = Math.round((progress ?? 0) * 100);
      return `Loading Python… ${percent}%${message ? ` (${message})` : ""}`;
    }
    case "ready":
      return "Python ready";
    case "running":
      return "Running…";
    case "error":
      return `Python failed to start: ${message}`;
    default:
      return status;
  }
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
