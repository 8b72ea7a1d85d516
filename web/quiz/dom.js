// Tiny DOM helpers: build elements without innerHTML for anything learner- or author-supplied,
// except bank HTML, which the build already sanitised (tools/quizbank/safe_html.py).

let counter = 0;

/** A page-unique id with a readable prefix. */
export function uid(prefix = "cs-q") {
  counter += 1;
  return `${prefix}-${counter}`;
}

/** Create an element: h("button", {class: "x", onclick: f}, "text", child). */
export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs || {})) {
    if (value === undefined || value === null || value === false) continue;
    if (key.startsWith("on")) el.addEventListener(key.slice(2), value);
    else if (key === "html") el.innerHTML = value; // sanitised bank HTML only
    else el.setAttribute(key, value === true ? "" : String(value));
  }
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return el;
}

/** Replace `el`'s children, skipping null/undefined/false (replaceChildren would print "null"). */
export function fill(el, ...children) {
  el.replaceChildren(...children.flat().filter((c) => c !== null && c !== undefined && c !== false));
  return el;
}

/** Plain text of a sanitised HTML fragment (for aria-labels). */
export function textOf(html) {
  const div = document.createElement("div");
  div.innerHTML = html;
  return div.textContent.trim();
}

/** Offer `text` as a file download named `name`. */
export function download(name, text, type = "application/json") {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = h("a", { href: url, download: name });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}
