// Diagrams (build/web/diagrams.js, on every page): show the "Full screen" button of each figure the
// build rendered (tools/hooks/diagrams.py) and open the zoom-and-pan view on demand. The view's
// code (svg-pan-zoom) is a separate bundle, loaded on the first click only, so reading a lesson
// costs a few hundred bytes of script. Init-once: each figure is wired once, whatever the number
// of instant navigations.
import "./diagrams.css";
import { onEachPage } from "../shared/page.js";

// Captured while the bundle's <script> runs; later (instant navigation) it is gone.
const viewerURL = new URL("diagrams-zoom.js", document.currentScript?.src ?? new URL("assets/cs/", document.baseURI)).href;
let viewer = null;

/** The full-screen viewer module (window.coldStart.diagramViewer), loaded once. */
function loadViewer() {
  if (!viewer) {
    viewer = new Promise((resolve, reject) => {
      const script = document.createElement("script");
      script.src = viewerURL;
      script.onload = () => resolve(window.coldStart.diagramViewer);
      script.onerror = () => { viewer = null; reject(new Error("the diagram viewer could not load")); };
      document.head.append(script);
    });
  }
  return viewer;
}

function onPage() {
  for (const figure of document.querySelectorAll("figure.cs-diagram:not([data-ready])")) {
    figure.dataset.ready = "true";
    const button = figure.querySelector(".cs-diagram-zoom");
    if (!button) continue;
    button.hidden = false;
    button.addEventListener("click", () => {
      loadViewer().then((open) => open(figure, button)).catch((error) => { button.textContent = error.message; });
    });
  }
}

window.coldStart = window.coldStart || {};
onEachPage("diagram-zoom", onPage);
