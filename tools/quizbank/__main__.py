"""Command line.

``.venv/bin/python tools/quizbank [DIR]`` validates the bank (default quizzes/).
``.venv/bin/python tools/quizbank export FORMAT [...]`` exports it (see quizbank/export.py).
"""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from quizbank.validate import QUIZZES, load_bank  # noqa: E402
from quizbank.errors import BankError  # noqa: E402


def main(argv: list[str]) -> int:
    """Validate, print every problem as ``file:line: field: message``, return the exit status."""
    if argv and argv[0] == "export":
        from quizbank.export import main as export_main

        return export_main(argv[1:])
    directory = Path(argv[0]) if argv else QUIZZES
    try:
        files = load_bank(directory)
    except BankError as exc:
        print(exc, file=sys.stderr)
        print(f"{len(exc.problems)} problem(s) in the question bank", file=sys.stderr)
        return 1
    count = sum(len(f.data["questions"]) for f in files)
    print(f"ok: {count} questions in {len(files)} files")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
