// Run the sandbox's test suite inside Pyodide under Node: the same CPython 3.14 in WebAssembly and
// the same sandbox wheel the browser loads.
//
//   python tools/pyodide_dist.py --test          # once: build/pyodide-test (+ pytest, hypothesis)
//   node tools/pyodide_pytest.mjs [pytest args]  # default: the fast subset below
//
// The test files are copied into Pyodide's in-memory file system; `sandbox` is imported from the
// installed wheel, not from the source tree, so packaging mistakes (missing presets) show up here.
// Default subset: tests/sandbox without `slow`, `pyodide`, `browser` and `notebook` tests (markers in
// pyproject.toml), and without the files that need
// a subprocess or numpy (test_cli.py, test_simfaas.py, test_scenario_pyodide.py), which Pyodide has not,
// and test_scenario_reference.py, which checks the repository's docs and hooks rather than the model.
// Exit status is pytest's.
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const dist = process.env.PYODIDE_TEST_DIST ?? path.join(root, "build", "pyodide-test");
export const DEFAULT_ARGS = [
  "tests/sandbox", "-q", "-m", "not slow and not pyodide and not browser and not notebook", "-p", "no:cacheprovider",
  "--ignore=tests/sandbox/test_cli.py", "--ignore=tests/sandbox/test_simfaas.py",
  "--ignore=tests/sandbox/test_scenario_pyodide.py", "--ignore=tests/sandbox/test_scenario_reference.py",
  // CI runs Hypothesis with a fixed seed so a gate never flips on a new random draw; local runs explore.
  ...(process.env.CI ? ["--hypothesis-seed=0"] : []),
];

function copyInto(py, source, target) {
  py.FS.mkdirTree(target);
  for (const name of fs.readdirSync(source)) {
    if (name === "__pycache__" || name === ".hypothesis") continue;
    const from = path.join(source, name);
    const to = `${target}/${name}`;
    if (fs.statSync(from).isDirectory()) copyInto(py, from, to);
    else py.FS.writeFile(to, fs.readFileSync(from));
  }
}

async function main(args) {
  if (!fs.existsSync(path.join(dist, "pyodide-lock.json"))) {
    console.error(`error: ${dist} missing: run \`python tools/pyodide_dist.py --test\` first`);
    return 2;
  }
  const { loadPyodide } = await import(pathToFileURL(path.join(dist, "pyodide.mjs")).href);
  const py = await loadPyodide({ indexURL: `${dist}/` });
  // Raw writes, not line batching: pytest's progress dots share one line.
  const decoder = new TextDecoder();
  py.setStdout({ write: (bytes) => { process.stdout.write(decoder.decode(bytes)); return bytes.length; } });
  py.setStderr({ write: (bytes) => { process.stderr.write(decoder.decode(bytes)); return bytes.length; } });
  await py.loadPackage(["cold-start-sandbox", "pytest", "hypothesis"], { messageCallback: () => {} });
  const home = "/home/pyodide/course";
  copyInto(py, path.join(root, "tests", "sandbox"), `${home}/tests/sandbox`);
  // Tests compare the wheel's presets with the source folder; without an __init__.py this copy
  // cannot shadow the installed package.
  copyInto(py, path.join(root, "sandbox", "presets"), `${home}/sandbox/presets`);
  py.FS.writeFile(`${home}/pyproject.toml`, fs.readFileSync(path.join(root, "pyproject.toml")));
  py.globals.set("pytest_args", py.toPy(args.length ? args : DEFAULT_ARGS));
  const code = py.runPython(`
import os, sys, pytest
os.chdir("${home}")
sys.argv = ["pytest"]
int(pytest.main(list(pytest_args)))
`);
  return code;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error) => {
    console.error(`pyodide_pytest: ${error.message}`);
    process.exit(3);
  },
);
