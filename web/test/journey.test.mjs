// Where "Continue where you left off" leads, and which pages count as a place to come back to.
import { test } from "node:test";
import assert from "node:assert/strict";
import { continueTarget, trackedPath } from "../journey/place.js";

test("lessons, labs, the playground and practice pages are remembered, at any sub-path", () => {
  assert.equal(trackedPath("/lessons/04-concurrency/", "/"), "lessons/04-concurrency/");
  assert.equal(trackedPath("/cold-start/labs/03-concurrency-throttling/", "/cold-start/"), "labs/03-concurrency-throttling/");
  assert.equal(trackedPath("/cold-start/practice/exam/", "/cold-start/"), "practice/exam/");
  assert.equal(trackedPath("/cold-start/playground/", "/cold-start/"), "playground/");
  for (const other of ["/", "/lessons/", "/labs/", "/glossary/", "/reference/try-it/"]) {
    assert.equal(trackedPath(other, "/"), null, other);
  }
  assert.equal(trackedPath("/lessons/04-concurrency/", "/cold-start/"), null);
});

test("continue leads to the last page, else to progress when questions were answered, else nowhere", () => {
  const last = { path: "labs/04-provisioned-concurrency/", title: "Lab 04" };
  assert.deepEqual(continueTarget({ last }, 0), last);
  assert.deepEqual(continueTarget(null, 3), { path: "practice/progress/", title: "Your progress" });
  assert.equal(continueTarget(null, 0), null);
  assert.equal(continueTarget({}, 0), null);
});
