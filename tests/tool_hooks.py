"""Load the build's hooks from tools/hooks/ by path (that folder is not a package), for tests in
any folder."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def load_hook(name: str):
    """Import tools/hooks/<name>.py once and return the module."""
    key = f"cold_start_hook_{name}"
    if key not in sys.modules:
        spec = importlib.util.spec_from_file_location(key, ROOT / "tools" / "hooks" / f"{name}.py")
        module = importlib.util.module_from_spec(spec)
        sys.modules[key] = module
        spec.loader.exec_module(module)
    return sys.modules[key]
