// The full-screen diagram view (build/web/diagrams-zoom.js, loaded by main.js on the first click):
// a modal <dialog> with the diagram, zoom and pan by mouse, touch buttons and keyboard
// (+ / − zoom, arrow keys pan, 0 fits, Escape closes), opening at a zoom where labels are at
// least 12 px. Focus returns to the button that opened it.
import svgPanZoom from "svg-pan-zoom";

const READABLE_PX = 14;
const PAN_STEP = 80;

function button(label, onClick, extra = {}) {
  const el = document.createElement("button");
  el.type = "button";
  el.className = "md-button cs-diagram-dialog-button";
  el.textContent = label;
  for (const [key, value] of Object.entries(extra)) el.setAttribute(key, value);
  el.addEventListener("click", onClick);
  return el;
}

/** Open `figure`'s diagram full screen; `opener` gets focus back on close. */
function open(figure, opener) {
  const source = figure.querySelector("svg");
  const name = figure.querySelector("figcaption span")?.textContent ?? "Diagram";
  const minFont = Number(source.dataset.minFont) || 16;
  const dialog = document.createElement("dialog");
  dialog.className = "cs-diagram-dialog";
  dialog.setAttribute("aria-label", `${name} (full screen)`);
  const svg = source.cloneNode(true);
  // Mermaid scopes its styles to the diagram's id: give the copy its own id and styles.
  svg.id = `${source.id}-zoom`;
  for (const style of svg.querySelectorAll("style")) style.textContent = style.textContent.replaceAll(`#${source.id}`, `#${svg.id}`);
  svg.removeAttribute("style");
  svg.removeAttribute("aria-describedby");
  svg.setAttribute("width", "100%");
  svg.setAttribute("height", "100%");
  const stage = document.createElement("div");
  stage.className = "cs-diagram-stage";
  stage.append(svg);
  const title = document.createElement("p");
  title.className = "cs-diagram-dialog-title";
  title.textContent = name;
  const help = document.createElement("p");
  help.className = "cs-diagram-dialog-help";
  help.textContent = "Drag or use the arrow keys to pan; + and − zoom; 0 fits the diagram; Escape closes.";
  let zoom = null;
  const bar = document.createElement("div");
  bar.className = "cs-diagram-dialog-bar";
  bar.append(title,
    button("Zoom in", () => zoom.zoomIn(), { "aria-keyshortcuts": "+" }),
    button("Zoom out", () => zoom.zoomOut(), { "aria-keyshortcuts": "-" }),
    button("Fit", () => { zoom.resetZoom(); zoom.center(); }, { "aria-keyshortcuts": "0" }),
    button("Close", () => dialog.close(), { "aria-keyshortcuts": "Escape" }));
  dialog.append(bar, help, stage);
  document.body.append(dialog);
  dialog.showModal();

  zoom = svgPanZoom(svg, { fit: true, center: true, minZoom: 0.1, maxZoom: 40, zoomScaleSensitivity: 0.25,
    dblClickZoomEnabled: true, mouseWheelZoomEnabled: true, controlIconsEnabled: false });
  // Labels are `minFont` px at the diagram's natural size: zoom until they read at READABLE_PX.
  const natural = zoom.getSizes().realZoom;
  const wanted = READABLE_PX / minFont;
  if (natural < wanted) {
    zoom.zoom(zoom.getZoom() * (wanted / natural));
    zoom.pan({ x: 0, y: zoom.getPan().y });
  }

  dialog.addEventListener("keydown", (event) => {
    if (event.target instanceof HTMLButtonElement && (event.key === "Enter" || event.key === " ")) return;
    const moves = { ArrowLeft: [PAN_STEP, 0], ArrowRight: [-PAN_STEP, 0], ArrowUp: [0, PAN_STEP], ArrowDown: [0, -PAN_STEP] };
    if (moves[event.key]) zoom.panBy({ x: moves[event.key][0], y: moves[event.key][1] });
    else if (event.key === "+" || event.key === "=") zoom.zoomIn();
    else if (event.key === "-" || event.key === "_") zoom.zoomOut();
    else if (event.key === "0") { zoom.resetZoom(); zoom.center(); }
    else return;
    event.preventDefault();
  });
  dialog.addEventListener("close", () => {
    zoom.destroy();
    dialog.remove();
    opener.focus();
  });
}

window.coldStart = window.coldStart || {};
window.coldStart.diagramViewer = open;
