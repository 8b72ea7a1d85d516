// Pure rules for the learner's place in the course (kept apart from the DOM so node tests check them).

export const JOURNEY_KEY = "cold-start.journey";
const TRACKED = /^(lessons\/\d\d-[^/]+\/|labs\/\d\d-[^/]+\/|playground\/|practice\/([^/]+\/)?)$/;

/** The page's path relative to the site root when it is a place to come back to, else null. */
export function trackedPath(pathname, rootPathname) {
  if (!pathname.startsWith(rootPathname)) return null;
  const path = pathname.slice(rootPathname.length);
  return TRACKED.test(path) ? path : null;
}

/**
 * Where "Continue" leads: `{path, title}` of the last page opened, or, with answers but no page
 * remembered (progress from before this feature, or imported), the progress page; null otherwise.
 */
export function continueTarget(journey, answeredCount) {
  if (journey?.last?.path) return journey.last;
  if (answeredCount > 0) return { path: "practice/progress/", title: "Your progress" };
  return null;
}
