// Write the service worker and the offline file list into a built site:
//
//     node web/offline/sw-build.mjs SITE_DIR
//
// * SITE_DIR/sw.js: build/web/offline-worker.js with Workbox's precache manifest injected
//   (workbox-build injectManifest: each file with a revision hash of its content) and the build's
//   content hash, which names the runtime caches. Any change to any file of the site changes it,
//   so browsers see a new worker and offer "A new version is available — reload".
// * SITE_DIR/offline.json: every other file of the course with its size: what "Make the whole
//   course available offline" fetches.
// tools/hooks/offline.py runs it after mkdocs has written everything else.
import { getManifest, injectManifest } from "workbox-build";
import { createHash } from "node:crypto";
import { existsSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { dirname, join, relative, sep } from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
const WORKER_BUNDLE = join(ROOT, "build", "web", "offline-worker.js");

/** Precached at install: the app shell, Python, the sandbox wheel, the quiz bank, search. */
export const PRECACHE = [
  "index.html", "404.html", "manifest.webmanifest", "sitemap.xml",
  "assets/icons/*", "assets/images/*",
  "assets/javascripts/*.js", "assets/javascripts/workers/*.js", "assets/stylesheets/*.css",
  "assets/cs/*", "assets/cs-*",
  "assets/pyodide/*", "assets/pyodide-*/*",
  "assets/quiz/**/*",
  "search/search_index.json",
];
/**
 * Files whose URL names their content, precached by plain URL (no `__WB_REVISION__` query): the
 * bundles Material names with a hash, and Pyodide's own files, in a folder named after their
 * content hash (tools/hooks/site.py). Workbox fetches these with the default cache mode, so the
 * browser's HTTP cache answers when the Python worker has just downloaded the same file: a first
 * visit transfers Pyodide once, not twice.
 */
export const IMMUTABLE = /(?:\.[0-9a-f]{8}\.min\.(?:js|css)$)|(?:^assets\/pyodide-[^/]+\/)/;
/** Never cached: build by-products no page loads, and the files this script writes. */
export const NEVER = ["**/*.map", "sitemap.xml.gz", "assets/javascripts/lunr/**", "sw.js", "offline.json",
  "_headers", "assets/cs/offline-worker.js"];
const NEVER_PATTERNS = NEVER.map(globToRegExp);

/** A RegExp for a glob with `*` (within one folder) and `**` (any depth), as Workbox reads them. */
export function globToRegExp(glob) {
  let source = "";
  for (let i = 0; i < glob.length; i++) {
    if (glob.startsWith("**/", i)) { source += "(?:.*/)?"; i += 2; }
    else if (glob.startsWith("**", i)) { source += ".*"; i += 1; }
    else if (glob[i] === "*") source += "[^/]*";
    else source += glob[i].replace(/[.+?^${}()|[\]\\]/g, "\\$&");
  }
  return new RegExp(`^${source}$`);
}

/** Site-relative paths (with /) of every file under `dir`, sorted. */
export function listFiles(dir) {
  const out = [];
  const walk = (folder) => {
    for (const name of readdirSync(folder).sort()) {
      const path = join(folder, name);
      if (statSync(path).isDirectory()) walk(path);
      else out.push(relative(dir, path).split(sep).join("/"));
    }
  };
  walk(dir);
  return out.sort();
}

/** Hash of every file's path and content: the build's identity (16 hex digits). */
export function buildHash(dir, files) {
  const hash = createHash("sha256");
  for (const file of files) {
    hash.update(`${file}\0${createHash("sha256").update(readFileSync(join(dir, file))).digest("hex")}\n`);
  }
  return hash.digest("hex").slice(0, 16);
}

async function main(siteDir) {
  if (!siteDir || !existsSync(join(siteDir, "index.html"))) {
    throw new Error(`${siteDir ?? "(no folder given)"}: not a built site (no index.html)`);
  }
  if (!existsSync(WORKER_BUNDLE)) throw new Error(`${WORKER_BUNDLE} is missing: run \`npm run build\` first`);
  // The bundle the site hook copied with the others is not served: sw.js is its finished form.
  rmSync(join(siteDir, "assets", "cs", "offline-worker.js"), { force: true });
  const files = listFiles(siteDir).filter((file) => !NEVER_PATTERNS.some((re) => re.test(file)));
  const build = buildHash(siteDir, files);

  const options = {
    globDirectory: siteDir,
    globPatterns: PRECACHE,
    globIgnores: NEVER,
    // Pyodide's WebAssembly is ~9 MB; Workbox's default limit (2 MB) would leave it out.
    maximumFileSizeToCacheInBytes: 64 * 1024 * 1024,
    dontCacheBustURLsMatching: IMMUTABLE,
  };
  const { manifestEntries } = await getManifest(options);
  const { count, size, warnings, filePaths } = await injectManifest({
    ...options, swSrc: WORKER_BUNDLE, swDest: join(siteDir, "sw.js") });
  if (warnings.length) throw new Error(`workbox-build: ${warnings.join("; ")}`);
  const swPath = filePaths.find((path) => path.endsWith("sw.js"));
  const worker = readFileSync(swPath, "utf8");
  if (!worker.includes("__COLD_START_BUILD__")) throw new Error("sw.js: the build placeholder is missing");
  writeFileSync(swPath, worker.replaceAll("__COLD_START_BUILD__", build));

  const precached = new Set(manifestEntries.map((entry) => entry.url));
  // Pages are asked for by their folder's URL (lessons/04-concurrency/), not as .../index.html.
  const rest = files.filter((file) => !precached.has(file))
    .map((file) => [file.replace(/(^|\/)index\.html$/, "$1"), statSync(join(siteDir, file)).size]);
  const restBytes = rest.reduce((sum, [, bytes]) => sum + bytes, 0);
  writeFileSync(join(siteDir, "offline.json"), JSON.stringify({ build, precachedBytes: size, bytes: restBytes, files: rest }));
  console.log(`    service worker: build ${build}, ${count} files precached (${(size / 1e6).toFixed(1)} MB), ` +
    `${rest.length} more for the whole course (${(restBytes / 1e6).toFixed(1)} MB)`);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  main(process.argv[2]).catch((error) => {
    console.error(`web/offline/sw-build.mjs: ${error.message}`);
    process.exit(1);
  });
}
