// The mock exam's clock: the time-out decision and the five-minute warning as pure functions.
import { test } from "node:test";
import assert from "node:assert/strict";
import { examTime, clock } from "../quiz/clock.js";

const deadline = Date.UTC(2026, 10, 24, 12, 0, 0);

test("the exam times out at the deadline itself, not a tick later", () => {
  assert.equal(examTime(deadline, deadline - 1).timedOut, false);
  assert.equal(examTime(deadline, deadline).timedOut, true);
  assert.equal(examTime(deadline, deadline + 1).timedOut, true);
  assert.equal(examTime(deadline, deadline - 1).left, 1);
});

test("the warning covers the last five minutes before the deadline, and not after it", () => {
  const fiveMinutes = 5 * 60000;
  assert.equal(examTime(deadline, deadline - fiveMinutes - 1).warn, false);
  assert.equal(examTime(deadline, deadline - fiveMinutes).warn, true);
  assert.equal(examTime(deadline, deadline - 1).warn, true);
  assert.equal(examTime(deadline, deadline).warn, false);
});

test("the clock rounds up to whole seconds and shows hours from an hour", () => {
  assert.equal(clock(1), "0:01");
  assert.equal(clock(59_001), "1:00");
  assert.equal(clock(3_600_000), "1:00:00");
  assert.equal(clock(-5), "0:00");
});
