// Spaced repetition: every graded answer updates the question's FSRS card (ts-fsrs); the
// "due today" queue lists cards due before the end of the learner's local day.
import { fsrs, generatorParameters, createEmptyCard, Rating } from "ts-fsrs";

// No fuzz and no same-day learning steps: the same answers on the same days give the same
// schedule, which keeps it testable and explainable.
const scheduler = fsrs(generatorParameters({ enable_fuzz: false, enable_short_term: false }));

/** FSRS rating for a graded result: wrong → Again, partly right → Hard, right → Good. */
export function ratingFor(result) {
  if (result.correct) return Rating.Good;
  return result.score > 0 ? Rating.Hard : Rating.Again;
}

function revive(card) {
  return { ...card, due: new Date(card.due), last_review: card.last_review ? new Date(card.last_review) : undefined };
}

function serialise(card) {
  return { ...card, due: card.due.toISOString(), last_review: card.last_review ? card.last_review.toISOString() : null };
}

/** The next state of a stored card (or a new one) after answering with `result` at `now`. */
export function review(stored, result, now = new Date()) {
  const card = stored ? revive(stored) : createEmptyCard(now);
  return serialise(scheduler.next(card, now, ratingFor(result)).card);
}

/** End of the local day containing `now`. */
export function endOfDay(now = new Date()) {
  const end = new Date(now);
  end.setHours(23, 59, 59, 999);
  return end;
}

/** Question ids due by the end of today, most overdue first. */
export function dueIds(cards, now = new Date()) {
  const limit = endOfDay(now).getTime();
  return Object.entries(cards)
    .map(([id, c]) => [id, new Date(c.due).getTime()])
    .filter(([, due]) => due <= limit)
    .sort((a, b) => a[1] - b[1])
    .map(([id]) => id);
}
