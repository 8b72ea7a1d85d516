"""Make ``bankstats`` (this folder's helper module) importable by the bank's tests."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
