// Site-wide behaviour that needs no bundling. Diagrams are normally rendered at build time
// (tools/hooks/diagrams.py, class cs-mermaid-static); only when the build had no Chromium does
// this script draw the remaining ```mermaid diagrams with the self-hosted
// mermaid ES module (assets/vendor/mermaid/), loaded only on pages that have a diagram; it imports
// only the chunks its diagram types need. Material's own
// mermaid support would fetch the library from a CDN, so diagrams use the class "cs-mermaid".
(function () {
  const script = document.currentScript;
  const mermaidURL = new URL("vendor/mermaid/mermaid.esm.min.mjs", script ? script.src : location.href).href;
  let mermaidReady = null;

  function loadMermaid() {
    if (!mermaidReady) mermaidReady = import(mermaidURL).then((module) => module.default);
    return mermaidReady;
  }

  function scheme() {
    return document.body.getAttribute("data-md-color-scheme") === "slate" ? "dark" : "default";
  }

  async function drawDiagrams() {
    const diagrams = [...document.querySelectorAll(".cs-mermaid:not(.cs-mermaid-static)")];
    if (diagrams.length === 0) return;
    for (const element of diagrams) {
      if (!element.dataset.source) element.dataset.source = element.textContent;
      element.removeAttribute("data-processed");
      element.textContent = element.dataset.source;
    }
    const mermaid = await loadMermaid();
    mermaid.initialize({ startOnLoad: false, securityLevel: "strict", theme: scheme() });
    await mermaid.run({ nodes: diagrams });
  }

  // With navigation.indexes a nav section is labelled by an icon-only toggle, so every section's
  // landmark has the same empty name: name each after its section's link instead. Idempotent.
  function nameNavSections() {
    for (const nav of document.querySelectorAll("nav.md-nav[aria-labelledby]")) {
      const label = document.getElementById(nav.getAttribute("aria-labelledby"));
      if (label && label.textContent.trim()) continue;
      const title = label?.closest(".md-nav__container")?.querySelector("a")?.textContent.trim();
      if (!title) continue;
      nav.removeAttribute("aria-labelledby");
      nav.setAttribute("aria-label", title);
    }
    // Material adds an unnamed <nav> of buttons (copy…) to code blocks as they are mounted.
    document.querySelectorAll(".md-code__nav:not([aria-label])").forEach((nav, index) => {
      nav.setAttribute("aria-label", `Code block actions ${index + 1}`);
    });
  }

  let naming = false;
  new MutationObserver(() => {
    if (naming) return;
    naming = true;
    requestAnimationFrame(() => { naming = false; nameNavSections(); });
  }).observe(document.body, { childList: true, subtree: true });

  function onPage() {
    nameNavSections();
    drawDiagrams().catch((error) => console.error(error));
  }

  /** Once per page shown: note it as web/shared/page.js notePageInit does (not bundled here). */
  function onEachPage() {
    const container = document.querySelector("[data-md-component=container]") || document.body;
    container.dataset.csInit = `${container.dataset.csInit ? `${container.dataset.csInit} ` : ""}diagrams`;
    onPage();
  }

  if (window.document$) window.document$.subscribe(onEachPage);
  else document.addEventListener("DOMContentLoaded", onEachPage);
  // Redraw in the other palette when the reader toggles dark mode.
  new MutationObserver(onPage).observe(document.body, { attributes: true, attributeFilter: ["data-md-color-scheme"] });
})();
