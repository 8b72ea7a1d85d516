// The browser grader against the shared fixtures that pytest checks the Python reference with.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { grade, scaledScore, parseNumber } from "../quiz/grade.js";
import { paramValues, substitute, program } from "../quiz/params.js";

const fixtures = JSON.parse(readFileSync(new URL("../../tests/quiz/fixtures/grading.json", import.meta.url)));

test("every fixture case gets the reference grader's score, verdict and feedback", () => {
  for (const c of fixtures.cases) {
    const got = grade(fixtures.questions[c.question], c.response, c.mode);
    assert.deepEqual(got, c.expected, `${c.question} ${c.mode} ${JSON.stringify(c.response)}`);
  }
});

test("scaled-score estimates match the fixtures", () => {
  for (const c of fixtures.scaled) assert.equal(scaledScore(c.fraction), c.expected, String(c.fraction));
});

test("numbers a learner types parse like Python's float(), words do not", () => {
  assert.equal(parseNumber("1,000.5"), 1000.5);
  assert.equal(parseNumber("2e3"), 2000);
  assert.equal(parseNumber("0x10"), null);
  assert.equal(parseNumber("12 MB"), null);
  assert.equal(parseNumber(true), null);
});

test("parameter values match the Python side's for every fixture spec", () => {
  for (const c of fixtures.params) assert.deepEqual(paramValues(c.spec), c.expected, JSON.stringify(c.spec));
});

test("placeholders are filled in escaped, and the compute program binds the values first", () => {
  assert.equal(substitute("<b>{rate}</b> {unknown}", { rate: "<i>" }), "<b>&#60;i&#62;</b> {unknown}");
  assert.equal(program({ compute: "rate * 2" }, { rate: 5, arch: "arm64" }), 'rate = 5\narch = "arm64"\nrate * 2');
});

test("stems print numbers of 1,000 or more with thousands separators; option texts stay plain", () => {
  assert.equal(substitute("A backlog of {n} messages", { n: 600000 }, true, true), "A backlog of 600,000 messages");
  assert.equal(substitute("{a} and {b} and {c}", { a: 999, b: 1000, c: 1234.5 }, true, true), "999 and 1,000 and 1,234.5");
  assert.equal(substitute("{n} environments", { n: 1200 }, false), "1200 environments");
  assert.equal(substitute("{arch}", { arch: "arm64" }, true, true), "arm64");
});
