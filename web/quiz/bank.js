// Load the question bank the build wrote to site/assets/quiz/bank.bin. It is obfuscated (a byte
// substitution, see tools/quizbank/package.py) so answers are not in plain sight: not security.

// Inverse of b → (167·b + 13) mod 256.
const REVERSE = new Uint8Array(256);
for (let b = 0; b < 256; b++) REVERSE[(167 * b + 13) % 256] = b;
// Captured while the bundle's <script> runs; later (instant navigation) it is gone.
const scriptURL = document.currentScript?.src ?? new URL("assets/cs/quiz.js", document.baseURI).href;

/** Decode the obfuscated bank bytes into the bank document. */
export function decode(buffer) {
  const bytes = new Uint8Array(buffer);
  for (let i = 0; i < bytes.length; i++) bytes[i] = REVERSE[bytes[i]];
  return JSON.parse(new TextDecoder().decode(bytes));
}

const loading = new Map();

/**
 * The bank ({topics, questions, blueprints, byId}), fetched once per page load. With `topic`,
 * only that topic's questions (a lesson check need not download the whole bank).
 */
export function loadBank(topic = null) {
  const file = topic ? `../quiz/topics/${encodeURIComponent(topic)}.bin` : "../quiz/bank.bin";
  if (!loading.has(file)) {
    const promise = fetch(new URL(file, scriptURL))
      .then((response) => {
        if (!response.ok) throw new Error(`could not load the question bank (HTTP ${response.status})`);
        return response.arrayBuffer();
      })
      .then((buffer) => {
        const bank = decode(buffer);
        bank.byId = {};
        for (const q of bank.questions) bank.byId[q.id] = q;
        return bank;
      });
    promise.catch(() => loading.delete(file));
    loading.set(file, promise);
  }
  return loading.get(file);
}
