"""The one exception a scenario problem raises: it names the file, the field and the rule."""

from __future__ import annotations

class ScenarioError(ValueError):
    """A scenario that cannot be used: ``source`` (file or ``<dict>``), ``path`` and a message."""

    def __init__(self, source: str, path: str, message: str) -> None:
        self.source, self.path, self.detail = source, path, message
        where = f"{source}: {path}" if path else source
        super().__init__(f"{where}: {message}")
