// The mock exam's clock as pure functions of the deadline and the time now, so the time-out
// decision is tested without a browser (web/test/quiz-clock.test.mjs).

/** Warn once when this much time or less is left. */
export const WARN_BEFORE_MS = 5 * 60000;

/** `{left, timedOut, warn}` at `now` (ms) for an exam due at `deadline` (ms): the exam times
 * out at the deadline itself, and the warning covers the last five minutes before it. */
export function examTime(deadline, now) {
  const left = deadline - now;
  return { left, timedOut: left <= 0, warn: left > 0 && left <= WARN_BEFORE_MS };
}

/** `ms` as the clock shows it: m:ss, or h:mm:ss from an hour, rounded up to whole seconds. */
export function clock(ms) {
  const total = Math.max(0, Math.ceil(ms / 1000));
  const hours = Math.floor(total / 3600);
  const minutes = Math.floor((total % 3600) / 60);
  const seconds = String(total % 60).padStart(2, "0");
  return hours ? `${hours}:${String(minutes).padStart(2, "0")}:${seconds}` : `${minutes}:${seconds}`;
}
