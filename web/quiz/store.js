// The learner's progress: one versioned JSON document in localStorage, key "cold-start.quiz".
//
// Version history (migrate() upgrades older documents in place):
//   1  {version: 1, results: {qid: {correct: bool, at: ISO}}}        (early prototype format)
//   2  {version: 2, answers: {qid: Answer}, cards: {qid: FSRS card}, exam: {current, history}}
// A document that cannot be read raises CorruptStore; the UI then offers to download what can
// be read and to reset. Nothing here talks to the network.

import { tally } from "./tally.js";

export const STORE_KEY = "cold-start.quiz";
export const VERSION = 2;

/** Raised when the saved progress cannot be read; `raw` holds the text for the recovery path. */
export class CorruptStore extends Error {
  constructor(reason, raw) {
    super(reason);
    this.name = "CorruptStore";
    this.raw = raw;
  }
}

/** A new, empty progress document at the current version. */
export function emptyProgress() {
  return { version: VERSION, answers: {}, cards: {}, exam: { current: null, history: [] } };
}

const isObject = (v) => v !== null && typeof v === "object" && !Array.isArray(v);

/** Upgrade a parsed document of any known version to the current one. */
export function migrate(doc) {
  if (!isObject(doc)) throw new Error("the saved progress is not a JSON object");
  let data = doc;
  if (data.version === 1) {
    const answers = {};
    for (const [id, r] of Object.entries(isObject(data.results) ? data.results : {})) {
      if (!isObject(r)) continue;
      const correct = r.correct === true;
      answers[id] = { attempts: 1, correct: correct ? 1 : 0, skipped: 0, flagged: false,
        last: { at: r.at || null, correct, score: correct ? 1 : 0, response: null } };
    }
    data = { ...emptyProgress(), answers };
  }
  if (data.version !== VERSION) throw new Error(`unknown progress version ${JSON.stringify(data.version)}`);
  check(data);
  return data;
}

function check(data) {
  if (!isObject(data.answers)) throw new Error("'answers' is missing or not an object");
  if (!isObject(data.cards)) throw new Error("'cards' is missing or not an object");
  if (!isObject(data.exam) || !Array.isArray(data.exam.history)) throw new Error("'exam' is missing or malformed");
  for (const [id, a] of Object.entries(data.answers)) {
    if (!isObject(a) || typeof a.attempts !== "number") throw new Error(`answer record for '${id}' is malformed`);
  }
}

/** Progress store over a Storage-like object (localStorage in the browser, a Map-backed stub in tests). */
export class Store {
  constructor(storage) {
    this.storage = storage;
    this.listeners = new Set();
  }

  /** The current document; throws CorruptStore if the saved text cannot be read. */
  load() {
    const raw = this.storage.getItem(STORE_KEY);
    if (raw === null) return emptyProgress();
    let parsed;
    try {
      parsed = JSON.parse(raw);
    } catch (error) {
      throw new CorruptStore(`the saved progress is not valid JSON (${error.message})`, raw);
    }
    try {
      const data = migrate(parsed);
      if (parsed.version !== VERSION) this.save(data);
      return data;
    } catch (error) {
      throw new CorruptStore(error.message, raw);
    }
  }

  /** Write `data` and tell listeners (e.g. the due-today counts in the navigation). */
  save(data) {
    this.storage.setItem(STORE_KEY, JSON.stringify(data));
    for (const listener of this.listeners) listener(data);
  }

  /** Load, apply `change(data)`, save; returns the saved document. */
  update(change) {
    const data = this.load();
    change(data);
    this.save(data);
    return data;
  }

  /** Call `listener(data)` after every save or reset; returns an unsubscribe function. */
  onChange(listener) {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Record one graded answer (or a skip, when `result` is null). */
  record(id, result, response, at = new Date()) {
    return this.update((data) => {
      const a = data.answers[id] || (data.answers[id] = { attempts: 0, correct: 0, skipped: 0, flagged: false, last: null });
      if (result === null) {
        a.skipped = (a.skipped || 0) + 1;
        a.last = { at: at.toISOString(), correct: false, score: 0, response: null, skipped: true };
        return;
      }
      a.attempts += 1;
      if (result.correct) a.correct += 1;
      a.last = { at: at.toISOString(), correct: result.correct, score: result.score, response };
    });
  }

  /** Flag or unflag a question for review. */
  setFlag(id, flagged) {
    return this.update((data) => {
      const a = data.answers[id] || (data.answers[id] = { attempts: 0, correct: 0, skipped: 0, flagged: false, last: null });
      a.flagged = flagged;
    });
  }

  /** The whole document as pretty JSON, for the export button, with the same answered /
   * correct / skipped counts the progress page shows (`summary`, dropped again on import). */
  exportText() {
    const data = this.load();
    return JSON.stringify({ ...data, summary: tally(data.answers) }, null, 1);
  }

  /** Replace progress with an exported document (any known version); throws Error with a reason. */
  importText(text) {
    let parsed;
    try {
      parsed = JSON.parse(text);
    } catch (error) {
      throw new Error(`the file is not valid JSON (${error.message})`);
    }
    if (parsed && typeof parsed === "object") delete parsed.summary; // derived, recomputed on export
    const data = migrate(parsed);
    this.save(data);
    return data;
  }

  /** What can be salvaged from corrupt text: parsed JSON if it parses, otherwise the raw text. */
  static salvage(raw) {
    try {
      return JSON.stringify(JSON.parse(raw), null, 1);
    } catch {
      return raw;
    }
  }

  /** Delete all saved progress (the recovery path after exporting what can be read). */
  reset() {
    this.storage.removeItem(STORE_KEY);
    for (const listener of this.listeners) listener(emptyProgress());
  }
}
