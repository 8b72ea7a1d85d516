// Load the question bank the build wrote to site/assets/quiz/bank.txt. It is obfuscated (XOR +
// base64, see tools/quizbank/package.py) so answers are not in plain sight: not security.

const KEY = new TextEncoder().encode("cold-start/quiz");
// Captured while the bundle's <script> runs; later (instant navigation) it is gone.
const scriptURL = document.currentScript?.src ?? new URL("assets/cs/quiz.js", document.baseURI).href;
let loading = null;

/** Decode the obfuscated bank text into the bank document. */
export function decode(text) {
  const bytes = Uint8Array.from(atob(text.trim()), (c) => c.charCodeAt(0));
  for (let i = 0; i < bytes.length; i++) bytes[i] ^= KEY[i % KEY.length];
  return JSON.parse(new TextDecoder().decode(bytes));
}

/** The bank ({topics, questions, blueprints, byId}), fetched once per page load. */
export function loadBank() {
  if (!loading) {
    loading = fetch(new URL("../quiz/bank.txt", scriptURL))
      .then((response) => {
        if (!response.ok) throw new Error(`could not load the question bank (HTTP ${response.status})`);
        return response.text();
      })
      .then((text) => {
        const bank = decode(text);
        bank.byId = {};
        for (const q of bank.questions) bank.byId[q.id] = q;
        return bank;
      });
    loading.catch(() => { loading = null; });
  }
  return loading;
}
