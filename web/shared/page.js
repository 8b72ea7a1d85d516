// One way for every feature to set itself up on each page mkdocs-material shows. With instant
// navigation the window (and so the Python worker) lives on while pages are swapped in, and
// scripts in `extra_javascript` run only once: set-up must hang on Material's `document$`, which
// emits the first page and then each page navigated to. Without Material (a bare test page) the
// set-up runs once when the document is ready.

const CONTAINER = "[data-md-component=container]";

/**
 * Note that `feature` set itself up on the page now shown: the names go into the page container's
 * `data-cs-init` (a new container comes with each page), so a test can check each ran once.
 */
export function notePageInit(feature) {
  const container = document.querySelector(CONTAINER) ?? document.body;
  const done = container.dataset.csInit ? container.dataset.csInit.split(" ") : [];
  container.dataset.csInit = [...done, feature].join(" ");
}

/** The site root as a URL, from mkdocs-material's page config (any page depth, any sub-path). */
export function siteRoot() {
  try {
    const config = JSON.parse(document.getElementById("__config").textContent);
    return new URL(`${config.base}/`, location.href);
  } catch {
    return new URL("/", location.href);
  }
}

/** Run `setUp()` on the current page and on every page navigated to afterwards. */
export function onEachPage(feature, setUp) {
  const run = () => {
    notePageInit(feature);
    setUp();
  };
  if (window.document$) window.document$.subscribe(run);
  else if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", run, { once: true });
  else run();
}
