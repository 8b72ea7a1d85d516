// The playground's controls as edits of scenario data, and its shareable-link codec.
import { test } from "node:test";
import assert from "node:assert/strict";
import { applyControl, decodeState, encodeState, readControls, VPC_COLD_START_EXTRA_S } from "../playground/scenario.js";

const base = () => ({
  duration_s: 600,
  functions: [{ name: "writer", memory_mb: 256, reserved_concurrency: 25 }],
  traffic: [{ kind: "step", function: "writer", steps: [[0, 50], [180, 300]] }],
});

test("controls read the first function and traffic source", () => {
  const values = readControls(base());
  assert.equal(values.memory, 256);
  assert.equal(values.reserved, 25);
  assert.equal(values.shape, "step");
  assert.equal(values.rate, 300);
  assert.equal(values.invocation, "sync");
});

test("an edit returns new data and leaves the input untouched", () => {
  const data = base();
  const out = applyControl(data, "reserved", "");
  assert.equal("reserved_concurrency" in out.functions[0], false);
  assert.equal(data.functions[0].reserved_concurrency, 25);
});

test("scaling a step shape keeps its form; reshaping keeps the target", () => {
  const scaled = applyControl(base(), "rate", 600);
  assert.deepEqual(scaled.traffic[0].steps, [[0, 100], [180, 600]]);
  const burst = applyControl(base(), "shape", "burst");
  assert.equal(burst.traffic[0].function, "writer");
  assert.equal(burst.traffic[0].count, 300);
});

test("invocation type labels the traffic and adds the extension table", () => {
  const out = applyControl(base(), "invocation", "sqs");
  assert.equal(out.traffic[0].source, "sqs");
  assert.deepEqual(out.functions[0].sqs, {});
  assert.equal(readControls(applyControl(out, "invocation", "sync")).invocation, "sync");
});

test("SnapStart publishes a version, since it applies to versions only", () => {
  const out = applyControl(base(), "snapstart", true);
  assert.equal(out.functions[0].version, "1");
});

test("links round-trip two scenarios, including non-ASCII text", () => {
  const a = { ...base(), title: "Café – spike" };
  const b = applyControl(base(), "memory", 1024);
  const state = decodeState(`?${encodeState({ preset: "protect-database", a, b })}`);
  assert.equal(state.problem, null);
  assert.equal(state.preset, "protect-database");
  assert.deepEqual(state.a, a);
  assert.deepEqual(state.b, b);
});

test("a damaged link reports a problem instead of throwing", () => {
  for (const bad of ["#a=%%%", "?a=bm90IGpzb24", "?a=WzEsMl0", "?a=e30"]) {
    const state = decodeState(bad);
    assert.equal(state.a, null, bad);
    assert.match(state.problem, /could not be read/, bad);
  }
});

test("attaching a VPC adds the model's cold-start extra unless the scenario sets one", () => {
  const on = applyControl(base(), "vpc", true);
  assert.equal(on.functions[0].vpc, true);
  assert.equal(on.functions[0].vpc_init_extra_s, VPC_COLD_START_EXTRA_S);
  const preset = base();
  preset.functions[0].vpc_init_extra_s = 0.3;
  assert.equal(applyControl(preset, "vpc", true).functions[0].vpc_init_extra_s, 0.3);
  assert.equal("vpc" in applyControl(on, "vpc", false).functions[0], false);
});
