// Load the question bank the build wrote to site/assets/quiz/bank.bin. It is obfuscated (a byte
// substitution, see tools/quizbank/package.py) so answers are not in plain sight: not security.

// Inverse of b → (167·b + 13) mod 256.
const REVERSE = new Uint8Array(256);
for (let b = 0; b < 256; b++) REVERSE[(167 * b + 13) % 256] = b;
// Captured while the bundle's <script> runs; later (instant navigation) it is gone.
const scriptURL = document.currentScript?.src ?? new URL("assets/cs/quiz.js", document.baseURI).href;
let loading = null;

/** Decode the obfuscated bank bytes into the bank document. */
export function decode(buffer) {
  const bytes = new Uint8Array(buffer);
  for (let i = 0; i < bytes.length; i++) bytes[i] = REVERSE[bytes[i]];
  return JSON.parse(new TextDecoder().decode(bytes));
}

/** The bank ({topics, questions, blueprints, byId}), fetched once per page load. */
export function loadBank() {
  if (!loading) {
    loading = fetch(new URL("../quiz/bank.bin", scriptURL))
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
    loading.catch(() => { loading = null; });
  }
  return loading;
}
