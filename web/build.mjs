// Bundle the course's front-end with esbuild: `npm run build` (tools/build.py runs it).
//
// Every feature folder web/<feature>/ may contain:
//   main.js          -> build/web/<feature>.js   (+ <feature>.css when it imports CSS)
//   entry-<name>.js  -> build/web/<feature>-<name>.js  (extra bundles: workers, lazily loaded parts)
// Bundles are minified IIFE scripts: plain <script> tags (mkdocs `extra_javascript`) and classic
// workers load them, and no code is fetched from outside the site. `.py` files import as text so
// Python helpers can ship inside a bundle. The site hook copies build/web/ to site/assets/cs/.
import { build } from "esbuild";
import { existsSync, readdirSync, rmSync, statSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const webDir = dirname(fileURLToPath(import.meta.url));
const outDir = join(webDir, "..", "build", "web");
const NOT_FEATURES = new Set(["test", "node_modules"]);

/** Map of output name -> source path for every bundle in web/<feature>/. */
export function findEntries(root = webDir) {
  const entries = {};
  for (const feature of readdirSync(root).sort()) {
    const folder = join(root, feature);
    if (NOT_FEATURES.has(feature) || !statSync(folder).isDirectory()) continue;
    if (existsSync(join(folder, "main.js"))) entries[feature] = join(folder, "main.js");
    for (const file of readdirSync(folder).sort()) {
      const extra = /^entry-([a-z0-9-]+)\.js$/.exec(file);
      if (extra) entries[`${feature}-${extra[1]}`] = join(folder, file);
    }
  }
  return entries;
}

async function main() {
  const entries = findEntries();
  rmSync(outDir, { recursive: true, force: true });
  const started = Date.now();
  await build({
    entryPoints: entries,
    outdir: outDir,
    bundle: true,
    format: "iife",
    minify: true,
    sourcemap: false,
    target: ["es2020"],
    loader: { ".py": "text", ".svg": "text" },
    // Workbox (web/offline) keeps its development-only logging behind this check.
    define: { "process.env.NODE_ENV": '"production"' },
    logLevel: "warning",
  });
  console.log(`    bundled ${Object.keys(entries).join(", ")} in ${Date.now() - started} ms`);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  main().catch((error) => {
    console.error(`web/build.mjs: ${error.message}`);
    process.exit(1);
  });
}
