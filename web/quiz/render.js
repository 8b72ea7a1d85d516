// One question on screen, of any type: build the controls, read and restore the response, and
// reveal the feedback. Every type works with the keyboard alone (ordering uses Move up/down
// buttons, matching uses one <select> per item) and every control has a label.
import { h, uid, textOf, fill } from "./dom.js";
import { rights } from "./grade.js";
import { shuffle } from "./random.js";

const NUMBER_WORDS = ["", "ONE", "TWO", "THREE", "FOUR", "FIVE"];

function optionList(q, id, multiple, random, onChange) {
  const order = shuffle(q.options.map((_, i) => i), random);
  const inputs = [];
  const list = h("ul", { class: "cs-q-options", role: "list" });
  for (const index of order) {
    const inputId = `${id}-o${index}`;
    const input = h("input", { type: multiple ? "checkbox" : "radio", name: id, id: inputId, value: index, onchange: onChange });
    inputs[index] = input;
    list.append(h("li", { class: "cs-q-option", "data-index": index },
      input, h("label", { for: inputId, html: q.options[index].text }), h("div", { class: "cs-q-why", hidden: true })));
  }
  return { list, inputs };
}

function choiceView(q, id, random, onChange) {
  const multiple = q.type === "multiple";
  const { list, inputs } = optionList(q, id, multiple, random, onChange);
  const hint = multiple ? h("p", { class: "cs-q-hint" }, `Select ${NUMBER_WORDS[q.select] || q.select}.`) : null;
  return {
    body: [hint, list],
    response() {
      const picked = inputs.flatMap((input, i) => (input.checked ? [i] : []));
      if (!picked.length) return null;
      return multiple ? { choices: picked } : { choice: picked[0] };
    },
    restore(r) {
      const picked = multiple ? r?.choices || [] : [r?.choice];
      inputs.forEach((input, i) => { input.checked = picked.includes(i); });
    },
    reveal() {
      for (const li of list.children) {
        const o = q.options[Number(li.dataset.index)];
        li.classList.add(o.correct ? "cs-right" : "cs-wrong-option");
        const why = li.querySelector(".cs-q-why");
        why.innerHTML = `<strong>${o.correct ? "Right:" : "Wrong:"}</strong> ${o.why}`;
        why.hidden = false;
      }
    },
    lock(on) { inputs.forEach((i) => { i.disabled = on; }); },
  };
}

function orderingView(q, id, random, onChange) {
  let order = shuffle(q.items.map((_, i) => i), random);
  if (order.every((v, i) => v === i) && order.length > 1) order = [order[1], order[0], ...order.slice(2)];
  const list = h("ol", { class: "cs-q-ordering" });
  const status = h("p", { class: "cs-visually-hidden", role: "status", "aria-live": "polite" });
  let locked = false;
  let touched = false;
  function move(from, to, focusDirection) {
    if (to < 0 || to >= order.length || locked) return;
    [order[from], order[to]] = [order[to], order[from]];
    touched = true;
    draw();
    const label = textOf(q.items[order[to]].text);
    status.textContent = `${label} moved to position ${to + 1} of ${order.length}.`;
    const button = list.children[to].querySelector(`[data-move="${focusDirection}"]`);
    (button && !button.disabled ? button : list.children[to].querySelector("button:not([disabled])"))?.focus();
    onChange();
  }
  function draw() {
    fill(list, ...order.map((item, place) => {
      const label = textOf(q.items[item].text);
      return h("li", { class: "cs-q-item", "data-index": item },
        h("span", { class: "cs-q-item-text", html: q.items[item].text }),
        h("span", { class: "cs-q-item-moves" },
          h("button", { type: "button", class: "cs-q-move", "data-move": "up", disabled: place === 0 || locked,
            "aria-label": `Move “${label}” up`, onclick: () => move(place, place - 1, "up") }, "↑"),
          h("button", { type: "button", class: "cs-q-move", "data-move": "down", disabled: place === order.length - 1 || locked,
            "aria-label": `Move “${label}” down`, onclick: () => move(place, place + 1, "down") }, "↓")),
        h("div", { class: "cs-q-why", hidden: true }));
    }));
  }
  draw();
  return {
    body: [h("p", { class: "cs-q-hint" }, "Use the arrow buttons to put the items in order."), list, status],
    response: () => (touched ? { order: order.slice() } : null),
    restore(r) { if (r?.order?.length === order.length) { order = r.order.slice(); touched = true; draw(); } },
    reveal() {
      list.querySelectorAll("li").forEach((li, place) => {
        const item = Number(li.dataset.index);
        li.classList.add(item === place ? "cs-right" : "cs-wrong-option");
        const why = li.querySelector(".cs-q-why");
        const text = `Belongs at position ${item + 1}.`;
        why.innerHTML = `<strong>${text}</strong> ${q.items[item].why || ""}`;
        why.hidden = false;
      });
    },
    lock(on) { locked = on; draw(); },
  };
}

function matchingView(q, id, random, onChange) {
  const choices = rights(q);
  const order = shuffle(choices.map((_, i) => i), random);
  const selects = [];
  const rows = q.pairs.map((pair, i) => {
    const selectId = `${id}-m${i}`;
    const select = h("select", { id: selectId, onchange: onChange },
      h("option", { value: "" }, "Choose…"), ...order.map((j) => h("option", { value: j }, choices[j])));
    selects.push(select);
    return h("li", { class: "cs-q-pair" }, h("label", { for: selectId, html: pair.left }), select,
      h("div", { class: "cs-q-why", hidden: true }));
  });
  const list = h("ul", { class: "cs-q-matching", role: "list" }, rows);
  return {
    body: [list],
    response() {
      const matches = selects.map((s) => (s.value === "" ? null : Number(s.value)));
      return matches.some((m) => m !== null) ? { matches } : null;
    },
    restore(r) { selects.forEach((s, i) => { s.value = r?.matches?.[i] ?? ""; }); },
    reveal() {
      rows.forEach((row, i) => {
        const ok = selects[i].value === String(i);
        row.classList.add(ok ? "cs-right" : "cs-wrong-option");
        const why = row.querySelector(".cs-q-why");
        fill(why, h("strong", {}, ok ? "Right. " : `Answer: ${q.pairs[i].right}. `));
        if (q.pairs[i].why) why.append(h("span", { html: q.pairs[i].why }));
        why.hidden = false;
      });
    },
    lock(on) { selects.forEach((s) => { s.disabled = on; }); },
  };
}

function textView(q, id, kind, onChange) {
  const inputId = `${id}-input`;
  const input = h("input", { id: inputId, type: "text", autocomplete: "off", spellcheck: "false",
    inputmode: kind === "numeric" ? "decimal" : null, oninput: onChange });
  const unit = kind === "numeric" && q.unit ? h("span", { class: "cs-q-unit" }, q.unit) : null;
  return {
    body: [h("p", { class: "cs-q-answer" }, h("label", { for: inputId }, "Your answer"), " ", input, unit ? " " : null, unit)],
    response() {
      if (!input.value.trim()) return null;
      return kind === "numeric" ? { value: input.value } : { text: input.value };
    },
    restore(r) { input.value = (kind === "numeric" ? r?.value : r?.text) ?? ""; },
    reveal() {},
    lock(on) { input.disabled = on; },
  };
}

/** The text explaining a numeric/short result: the right answer and any targeted feedback. */
function answerFeedback(q, result) {
  const parts = [];
  if (q.type === "short") parts.push(`Accepted: ${q.answers.join(" / ")}.`);
  else if (q.answer !== undefined && (q.type === "numeric" || (q.type === "parametric" && !q.options))) {
    parts.push(`Answer: ${Number(q.answer.toFixed(6))}${q.unit ? ` ${q.unit}` : ""}.`);
  }
  const targeted = result && result.wrong_answer !== null && result.wrong_answer !== undefined
    ? q.wrong_answers[result.wrong_answer].why : null;
  return { text: parts.join(" "), targeted };
}

/**
 * A view of question `q` (already resolved if parametric): {el, response(), restore(r),
 * reveal(result), lock(on)}. `onChange` runs whenever the learner changes the answer.
 */
export function questionView(q, { number, total, random = Math.random, onChange = () => {} } = {}) {
  const id = uid("cs-q");
  const stemId = `${id}-stem`;
  let view;
  if (q.type === "single" || q.type === "multiple" || (q.type === "parametric" && q.options)) view = choiceView(q, id, random, onChange);
  else if (q.type === "ordering") view = orderingView(q, id, random, onChange);
  else if (q.type === "matching") view = matchingView(q, id, random, onChange);
  else if (q.type === "scenario") view = scenarioView(q, id, random, onChange);
  else view = textView(q, id, q.type === "short" ? "short" : "numeric", onChange);
  const feedback = h("div", { class: "cs-q-feedback", role: "status", "aria-live": "polite" });
  const label = number ? `Question ${number}${total ? ` of ${total}` : ""}` : "Question";
  const el = h("fieldset", { class: `cs-q cs-q-${q.type}`, "data-id": q.id, "data-type": q.type, "aria-describedby": stemId },
    h("legend", { class: "cs-q-legend" }, label),
    q.scenario ? h("div", { class: "cs-q-scenario", html: q.scenario }) : null,
    h("div", { class: "cs-q-stem", id: stemId, html: q.stem || "" }),
    ...view.body, feedback);
  return {
    el,
    question: q,
    response: () => view.response(),
    restore: (r) => view.restore(r),
    lock: (on = true) => view.lock(on),
    reveal(result) {
      view.reveal(result);
      if (q.type === "scenario") { fill(feedback, h("p", {}, scoreLine(result))); return; }
      const { text, targeted } = answerFeedback(q, result);
      fill(feedback,
        h("p", { class: result.correct ? "cs-verdict-right" : "cs-verdict-wrong" },
          h("strong", {}, scoreLine(result)), text ? ` ${text}` : ""),
        targeted ? h("p", { class: "cs-q-targeted", html: targeted }) : null,
        q.explanation ? h("div", { class: "cs-q-explanation", html: q.explanation }) : null,
        q.show_me && window.coldStart?.playgroundURL ? h("p", { class: "cs-q-show-me" },
          h("a", { href: window.coldStart.playgroundURL(q.show_me) }, "Show me in the playground")) : null,
        q.sources ? h("p", { class: "cs-q-sources" }, "Source: ", ...q.sources.flatMap((url, i) =>
          [i ? ", " : "", h("a", { href: url, rel: "noopener noreferrer" }, new URL(url).pathname.split("/").pop() || url)])) : null);
    },
  };
}

function scoreLine(result) {
  if (result.correct) return "Correct.";
  if (result.score > 0) return `Partly right (${Math.round(result.score * 100)} %).`;
  return "Not right.";
}

function scenarioView(q, id, random, onChange) {
  const subs = q.questions.map((sub, i) => questionView(sub, { number: `${i + 1}`, random, onChange }));
  subs.forEach((s, i) => { s.el.querySelector("legend").textContent = `Part ${i + 1} of ${subs.length}`; });
  return {
    body: subs.map((s) => s.el),
    response() {
      const parts = {};
      subs.forEach((s) => { const r = s.response(); if (r) parts[s.question.id] = r; });
      return Object.keys(parts).length ? { parts } : null;
    },
    restore(r) { subs.forEach((s) => s.restore(r?.parts?.[s.question.id])); },
    reveal(result) { subs.forEach((s) => s.reveal(result.parts[s.question.id])); },
    lock(on) { subs.forEach((s) => s.lock(on)); },
  };
}
