// The playground's controls as reads and writes on scenario data (the same shape as a scenario
// file: sandbox/scenario). Controls edit the first function and the first traffic source; anything
// else a preset holds is kept untouched, so an exported file still runs the whole preset.

// What a VPC adds to each cold start when the scenario does not say: the sandbox's
// VPC_COLD_START_EXTRA_DEFAULT_S in sandbox/facts.py (tests/playground checks they agree).
export const VPC_COLD_START_EXTRA_S = 0.05;
export const RUNTIMES = ["python3.13", "nodejs22.x", "java21", "dotnet8", "ruby3.4", "provided.al2023"];
export const SHAPES = ["constant", "poisson", "burst", "diurnal", "step", "replay"];
export const INVOCATION_TYPES = {
  sync: "Synchronous (direct)",
  api_gateway: "Synchronous via API Gateway",
  async: "Asynchronous",
  sqs: "SQS queue",
  stream: "Kinesis stream",
};

const firstFunction = (data) => data.functions[0];
const firstTraffic = (data) => (data.traffic || [])[0];
const clone = (value) => JSON.parse(JSON.stringify(value));
const blank = (value) => value === "" || value === null || value === undefined;

/** The rate-like number of a traffic entry: req/s, or the request count of a burst. */
function rateOf(t) {
  if (!t) return 10;
  if (t.kind === "burst") return t.count;
  if (t.kind === "diurnal") return t.mean_rate;
  if (t.kind === "step") return Math.max(...t.steps.map((s) => s[1]));
  if (t.kind === "replay") return Math.max(...t.counts) / (t.interval_s || 60);
  return t.rate;
}

function setRate(t, value) {
  if (t.kind === "burst") t.count = Math.max(1, Math.round(value));
  else if (t.kind === "diurnal") t.mean_rate = value;
  else if (t.kind === "step") {
    const peak = rateOf(t) || 1;
    t.steps = t.steps.map(([at, rate]) => [at, +(rate * value / peak).toFixed(3)]);
  } else if (t.kind === "replay") {
    const peak = rateOf(t) || 1;
    t.counts = t.counts.map((c) => Math.round(c * value / peak));
  } else t.rate = value;
}

/** A traffic entry of another kind that keeps the old entry's target, source and labels. */
function reshape(t, kind, rate, duration) {
  const kept = {};
  for (const key of ["function", "source", "keys", "poison"]) if (key in t) kept[key] = t[key];
  const fresh = { kind, ...kept };
  if (kind === "burst") Object.assign(fresh, { count: Math.max(1, Math.round(rate)), at: Math.round(duration / 5) });
  else if (kind === "diurnal") Object.assign(fresh, { mean_rate: rate, amplitude: 0.9, period_s: duration, peak_at: duration / 2 });
  else if (kind === "step") Object.assign(fresh, { steps: [[0, rate / 4], [duration / 3, rate], [(2 * duration) / 3, rate / 4]] });
  else if (kind === "replay") Object.assign(fresh, { counts: [rate * 60, rate * 30, rate * 60], interval_s: 60 });
  else fresh.rate = rate;
  return fresh;
}

const fnField = (key, fallback) => ({
  get: (d) => firstFunction(d)[key] ?? fallback,
  set: (d, v) => { firstFunction(d)[key] = v; },
});

const optionalFnField = (key) => ({
  get: (d) => firstFunction(d)[key] ?? "",
  set: (d, v) => { if (blank(v)) delete firstFunction(d)[key]; else firstFunction(d)[key] = v; },
});

const extField = (ext, key, fallback) => ({
  get: (d) => (firstFunction(d)[ext] || {})[key] ?? fallback,
  set: (d, v) => {
    const table = (firstFunction(d)[ext] = firstFunction(d)[ext] || {});
    if (blank(v)) delete table[key]; else table[key] = v;
  },
});

/**
 * Every control: id, label, input kind, limits, which invocation type it belongs to (`only`),
 * and how it reads/writes scenario data. Order is the order on the page.
 */
export const CONTROLS = [
  { id: "shape", label: "Traffic shape", kind: "select", group: "Traffic",
    options: SHAPES, get: (d) => firstTraffic(d)?.kind ?? "poisson",
    set: (d, v) => {
      const t = firstTraffic(d);
      if (!t) { d.traffic = [reshape({ function: firstFunction(d).name }, v, 10, d.duration_s)]; return; }
      if (t.kind !== v) d.traffic[0] = reshape(t, v, rateOf(t), d.duration_s);
    } },
  { id: "rate", label: "Rate (req/s; burst: requests)", kind: "number", min: 0.001, step: "any", group: "Traffic",
    get: (d) => +(+rateOf(firstTraffic(d))).toFixed(3), set: (d, v) => firstTraffic(d) && setRate(firstTraffic(d), v) },
  { id: "duration", label: "Simulated seconds", kind: "number", min: 1, max: 86400, step: 1, group: "Traffic",
    get: (d) => d.duration_s, set: (d, v) => { d.duration_s = v; } },
  { id: "memory", label: "Memory (MB)", kind: "number", min: 128, max: 10240, step: 1, group: "Function",
    ...fnField("memory_mb", 128) },
  { id: "runtime", label: "Runtime", kind: "select", options: RUNTIMES, group: "Function",
    ...fnField("runtime", "python3.13") },
  { id: "architecture", label: "Architecture", kind: "select", options: ["x86_64", "arm64"], group: "Function",
    ...fnField("architecture", "x86_64") },
  { id: "vpc", label: "Attached to a VPC", kind: "checkbox", group: "Function",
    get: (d) => !!firstFunction(d).vpc,
    set: (d, v) => {
      const fn = firstFunction(d);
      if (!v) { delete fn.vpc; return; }
      fn.vpc = true;
      // A bare `vpc = true` adds nothing to a cold start: give it the model's default extra.
      if (fn.vpc_init_extra_s === undefined) fn.vpc_init_extra_s = VPC_COLD_START_EXTRA_S;
    } },
  { id: "snapstart", label: "SnapStart (publishes version 1)", kind: "checkbox", group: "Function",
    get: (d) => !!firstFunction(d).snapstart,
    set: (d, v) => {
      const fn = firstFunction(d);
      if (!v) { delete fn.snapstart; return; }
      fn.snapstart = true;
      // SnapStart applies to published versions only.
      if (!fn.version || fn.version === "$LATEST") fn.version = "1";
    } },
  { id: "account", label: "Account concurrency limit", kind: "number", min: 1, step: 1, group: "Concurrency",
    get: (d) => d.account?.concurrency_limit ?? 1000,
    set: (d, v) => { d.account = { ...(d.account || {}), concurrency_limit: v }; } },
  { id: "reserved", label: "Reserved concurrency (blank: none)", kind: "number", min: 0, step: 1, group: "Concurrency",
    ...optionalFnField("reserved_concurrency") },
  { id: "provisioned", label: "Provisioned concurrency", kind: "number", min: 0, step: 1, group: "Concurrency",
    get: (d) => firstFunction(d).provisioned_concurrency ?? 0,
    set: (d, v) => { if (!v) delete firstFunction(d).provisioned_concurrency; else firstFunction(d).provisioned_concurrency = v; } },
  { id: "idle", label: "Idle keep-alive (s)", kind: "number", min: 1, step: "any", group: "Concurrency",
    ...fnField("idle_expiry_s", 600) },
  { id: "invocation", label: "Invocation type", kind: "select", options: Object.keys(INVOCATION_TYPES),
    optionLabels: INVOCATION_TYPES, group: "Invocation",
    get: (d) => firstTraffic(d)?.source ?? "sync",
    set: (d, v) => {
      const fn = firstFunction(d);
      for (const t of d.traffic || []) {
        if (t.function !== fn.name && t !== firstTraffic(d)) continue;
        if (v === "sync") delete t.source; else t.source = v;
      }
      if (v !== "sync" && !fn[v]) fn[v] = {};
    } },
  { id: "apigw-rate", label: "API Gateway throttle rate (req/s)", kind: "number", min: 1, step: "any", only: "api_gateway",
    group: "Invocation", ...extField("api_gateway", "account_rate", 10000) },
  { id: "apigw-burst", label: "API Gateway burst", kind: "number", min: 1, step: 1, only: "api_gateway",
    group: "Invocation", ...extField("api_gateway", "account_burst", 5000) },
  { id: "async-retries", label: "Async retry attempts", kind: "number", min: 0, max: 2, step: 1, only: "async",
    group: "Invocation", ...extField("async", "maximum_retry_attempts", 2) },
  { id: "sqs-batch", label: "SQS batch size", kind: "number", min: 1, max: 10000, step: 1, only: "sqs",
    group: "Invocation", ...extField("sqs", "batch_size", 10) },
  { id: "sqs-max", label: "SQS maximum concurrency (blank: none)", kind: "number", min: 2, max: 1000, step: 1,
    only: "sqs", group: "Invocation", ...extField("sqs", "maximum_concurrency", "") },
  { id: "stream-shards", label: "Kinesis shards", kind: "number", min: 1, step: 1, only: "stream",
    group: "Invocation", ...extField("stream", "shards", 1) },
  { id: "stream-batch", label: "Kinesis batch size", kind: "number", min: 1, max: 10000, step: 1, only: "stream",
    group: "Invocation", ...extField("stream", "batch_size", 100) },
  { id: "stream-bisect", label: "Bisect batch on error", kind: "checkbox", only: "stream",
    group: "Invocation", ...extField("stream", "bisect_on_error", false) },
];

/** Values of every control for this scenario data. */
export function readControls(data) {
  return Object.fromEntries(CONTROLS.map((c) => [c.id, c.get(data)]));
}

/** New scenario data with one control set to `value` (the input data is not changed). */
export function applyControl(data, id, value) {
  const control = CONTROLS.find((c) => c.id === id);
  if (!control) throw new Error(`unknown control ${id}`);
  const out = clone(data);
  control.set(out, value);
  return out;
}

// --- Shareable links: ?preset=NAME&a=<base64url JSON>[&b=<base64url JSON>] ---------------------

function toBase64Url(text) {
  const bytes = new TextEncoder().encode(text);
  let binary = "";
  for (const b of bytes) binary += String.fromCharCode(b);
  return btoa(binary).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

function fromBase64Url(text) {
  if (!/^[A-Za-z0-9_-]*$/.test(text)) throw new Error("it contains characters a link never holds");
  const binary = atob(text.replace(/-/g, "+").replace(/_/g, "/"));
  return new TextDecoder("utf-8", { fatal: true }).decode(Uint8Array.from(binary, (c) => c.charCodeAt(0)));
}

/** The URL query (without "?") for a preset and one or two scenarios. */
export function encodeState({ preset, a, b }) {
  const parts = [];
  if (preset) parts.push(`preset=${encodeURIComponent(preset)}`);
  if (a) parts.push(`a=${toBase64Url(JSON.stringify(a))}`);
  if (b) parts.push(`b=${toBase64Url(JSON.stringify(b))}`);
  return parts.join("&");
}

/**
 * `{preset, a, b, problem}` from a URL query or hash. A part that cannot be read is left out and `problem`
 * says which and why, so the page can say so and fall back to defaults.
 */
export function decodeState(hash) {
  const params = new URLSearchParams(hash.replace(/^[#?]/, ""));
  const state = { preset: params.get("preset") || null, a: null, b: null, problem: null };
  for (const key of ["a", "b"]) {
    const raw = params.get(key);
    if (raw === null) continue;
    try {
      const value = JSON.parse(fromBase64Url(raw));
      if (typeof value !== "object" || value === null || Array.isArray(value)) throw new Error("it is not a scenario table");
      if (!Array.isArray(value.functions) || !value.functions.length) throw new Error("it names no function");
      state[key] = value;
    } catch (error) {
      state.problem = `the link's scenario "${key}" could not be read (${error.message})`;
    }
  }
  return state;
}
