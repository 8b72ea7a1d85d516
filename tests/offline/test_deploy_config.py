"""The Amazon S3 + CloudFront configuration of the deployment guide (deploy/aws/).

AWS cannot be reached from here, so these tests check what can be checked locally: AWS's own
linter (cfn-lint, with CloudFormation's resource schemas) accepts the template, the template's
headers are the course's isolation headers, every behaviour compresses, the service worker is
never cached at the edge, the upload sets the types browsers need, and the CloudFront Function's
own code (run under Node) maps every URL of the built site onto a file that exists.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from serve import EXTRA_TYPES, ISOLATION_HEADERS

ROOT = Path(__file__).resolve().parents[2]
AWS = ROOT / "deploy" / "aws"
CACHING_OPTIMIZED = "658327ea-f89d-4fab-a63d-7e88639e58f6"  # managed: Gzip + Brotli in the key
CACHING_DISABLED = "4135ea2d-6df8-44a3-9df3-4b5a84be39ad"


class CloudFormationLoader(yaml.SafeLoader):
    """Reads CloudFormation's short tags (!Ref, !Sub, !GetAtt) as plain values."""


def _tag(loader, suffix, node):
    if isinstance(node, yaml.ScalarNode):
        return {suffix: loader.construct_scalar(node)}
    return {suffix: loader.construct_sequence(node)}


CloudFormationLoader.add_multi_constructor("!", _tag)


@pytest.fixture(scope="module")
def template() -> dict:
    """deploy/aws/cloudfront.yml, parsed."""
    return yaml.load((AWS / "cloudfront.yml").read_text(), Loader=CloudFormationLoader)


def cfn_lint(path: Path) -> subprocess.CompletedProcess:
    """Run AWS's CloudFormation linter (installed with the dev extras) on one template."""
    return subprocess.run([sys.executable, "-c", "import sys; from cfnlint.runner import main; sys.exit(main())", str(path)], capture_output=True, text=True, timeout=300)


def test_cloudformation_linter_accepts_the_template_and_would_catch_a_slip(tmp_path):
    """cfn-lint validates every resource against CloudFormation's schemas: the template passes, and
    the same template with a misspelt response-headers property fails, naming the property."""
    result = cfn_lint(AWS / "cloudfront.yml")
    assert result.returncode == 0, result.stdout + result.stderr
    broken = tmp_path / "cloudfront.yml"
    broken.write_text((AWS / "cloudfront.yml").read_text().replace("CustomHeadersConfig:", "CustomHeaderConfig:", 1))
    result = cfn_lint(broken)
    assert result.returncode != 0 and "CustomHeaderConfig" in result.stdout, result.stdout + result.stderr


def test_response_headers_policy_sends_the_isolation_headers(template):
    """The policy's custom headers are exactly tools/serve.py's, overriding any the origin sends."""
    config = template["Resources"]["IsolationHeaders"]["Properties"]["ResponseHeadersPolicyConfig"]
    items = config["CustomHeadersConfig"]["Items"]
    assert {item["Header"]: item["Value"] for item in items} == ISOLATION_HEADERS
    assert all(item["Override"] is True for item in items)


def test_every_behaviour_compresses_isolates_and_sw_is_never_cached(template):
    """Compress on, the isolation policy everywhere, Gzip/Brotli caching by default, sw.js fresh."""
    config = template["Resources"]["Distribution"]["Properties"]["DistributionConfig"]
    default = config["DefaultCacheBehavior"]
    behaviours = [default, *config["CacheBehaviors"]]
    assert all(b["Compress"] is True and b["ResponseHeadersPolicyId"] == {"Ref": "IsolationHeaders"}
               and b["ViewerProtocolPolicy"] == "redirect-to-https" for b in behaviours)
    assert default["CachePolicyId"] == CACHING_OPTIMIZED
    fresh = {b["PathPattern"]: b["CachePolicyId"] for b in config["CacheBehaviors"]}
    assert fresh == {"sw.js": CACHING_DISABLED, "offline.json": CACHING_DISABLED}
    assert template["Resources"]["SiteBucket"]["Properties"]["PublicAccessBlockConfiguration"]["BlockPublicPolicy"]


def run_function(code: str, uris: list[str]) -> list[dict]:
    """Run the CloudFront Function's handler under Node on a viewer request for each URI."""
    script = code + """
const uris = JSON.parse(require('fs').readFileSync(0, 'utf8'));
console.log(JSON.stringify(uris.map((uri) => handler({ request: { uri, headers: {}, querystring: {} } }))));
"""
    out = subprocess.run(["node", "-e", script], input=json.dumps(uris), capture_output=True, text=True, check=True)
    return json.loads(out.stdout)


def test_folder_index_function_maps_every_page_and_file_to_an_object(template, site_dir):
    """Every page's folder URL is read from its index.html, every other file as it is, and a
    folder asked without its slash is redirected to it (pages link relatively)."""
    code = template["Resources"]["FolderIndex"]["Properties"]["FunctionCode"]
    files = sorted(p.relative_to(site_dir).as_posix() for p in site_dir.rglob("*") if p.is_file())
    # A name without a dot reads as a folder; the only such files are never requested by a page.
    dotless = [f for f in files if "." not in f.rsplit("/", 1)[-1]]
    assert set(dotless) <= {"_headers", "assets/pyodide/VERSION"}, dotless
    files = [f for f in files if f not in dotless]
    pages = [f"/{f[:-len('index.html')]}" for f in files if f.endswith("index.html")]
    others = [f"/{f}" for f in files if not f.endswith("index.html")]
    results = run_function(code, pages + others + ["/lessons"])
    for uri, result in zip(pages + others, results):
        assert "uri" in result, (uri, result)
        assert (site_dir / result["uri"].lstrip("/")).is_file(), (uri, result["uri"])
    assert results[-1]["statusCode"] == 301 and results[-1]["headers"]["location"]["value"] == "/lessons/"


def test_upload_sets_the_types_browsers_insist_on_and_keeps_sw_fresh():
    """upload.sh re-uploads .wasm and .mjs with serve.py's types and sw.js without caching."""
    script = (AWS / "upload.sh").read_text()
    subprocess.run(["bash", "-n", str(AWS / "upload.sh")], check=True)
    for extension in (".wasm", ".mjs"):
        pattern = rf'--include "\*{re.escape(extension)}" \\\s+--content-type "{re.escape(EXTRA_TYPES[extension])}"'
        assert re.search(pattern, script), extension
    assert re.search(r'for fresh in sw\.js offline\.json;.*?--cache-control "no-cache"', script, re.DOTALL)
