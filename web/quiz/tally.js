// One definition of answered / correct / skipped, used by the exam report, the progress page, the
// review filters and the progress export, so that they always agree:
//   answered  the last attempt had a response (a check in practice, or an answer in an exam)
//   correct   answered, and that last response was fully right
//   incorrect answered, and not fully right
//   skipped   the last attempt had no response (an exam question left unanswered)
// A question is counted once, by its last attempt; flags are counted apart.

/** The status of one progress record: "correct", "incorrect", "skipped" or null (never tried). */
export function statusOf(record) {
  const last = record?.last;
  if (!last) return null;
  if (last.skipped) return "skipped";
  return last.correct ? "correct" : "incorrect";
}

/** Counts over progress records ({id: record}), optionally only the ids `only` allows. */
export function tally(answers, only = () => true) {
  const counts = { answered: 0, correct: 0, incorrect: 0, skipped: 0, flagged: 0 };
  for (const [id, record] of Object.entries(answers)) {
    if (!only(id)) continue;
    const status = statusOf(record);
    if (status === "skipped") counts.skipped += 1;
    else if (status) {
      counts.answered += 1;
      counts[status] += 1;
    }
    if (record.flagged) counts.flagged += 1;
  }
  return counts;
}

/** Counts for one exam from examResult's graded `items` ({answered, correct}). */
export function examTally(items) {
  const answered = items.filter((i) => i.answered);
  const correct = answered.filter((i) => i.correct).length;
  return { answered: answered.length, correct, incorrect: answered.length - correct, skipped: items.length - answered.length, flagged: 0 };
}

/** "10 answered (8 correct, 2 incorrect), 55 skipped" — the same words on every page. */
export function describe(counts) {
  return `${counts.answered} answered (${counts.correct} correct, ${counts.incorrect} incorrect), ${counts.skipped} skipped`;
}
