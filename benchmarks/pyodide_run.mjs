// Time a sandbox scenario inside Pyodide under Node (used by bench_pyodide.py).
// Usage: node benchmarks/pyodide_run.mjs <repo root> <python code printing a JSON line>
import { loadPyodide } from "pyodide";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";

const [root, code] = process.argv.slice(2);
const pyodide = await loadPyodide();

// Copy the sandbox package (standard library only) into Pyodide's file system.
function copyTree(src, dst) {
  pyodide.FS.mkdirTree(dst);
  for (const name of readdirSync(src)) {
    const from = join(src, name);
    if (statSync(from).isDirectory()) {
      if (name !== "__pycache__") copyTree(from, `${dst}/${name}`);
    } else if (name.endsWith(".py") || name.endsWith(".toml")) {
      pyodide.FS.writeFile(`${dst}/${name}`, readFileSync(from));
    }
  }
}
copyTree(join(root, "sandbox"), "/home/pyodide/sandbox");
pyodide.runPython("import sys; sys.path.insert(0, '/home/pyodide')");
const out = pyodide.runPython(code);
console.log(out);
