"""Where event lines go, and how the plugin's own stdout is kept from corrupting them."""

from __future__ import annotations

import os
import sys
import threading
from typing import Callable, TextIO

from .errors import UsageError
from .protocol import MARKER


def protected_stdout() -> TextIO:
    """Returns a private stream on the real stdout and points fd 1 at stderr.

    Prints and C-level writes of plugin code (also at import time) then land on stderr, and only the
    runner writes to the stream the host parses.
    """
    sys.stdout.flush()
    private = os.fdopen(os.dup(1), "w", buffering=1, encoding="utf-8")
    os.dup2(2, 1)
    return private


def open_event_writer(spec: str) -> Callable[[str], None]:
    """`fd:N`, `file:PATH`, `marker` or `stdout` → a function writing one event line."""
    if spec.startswith("fd:"):
        try:
            fd = int(spec[3:])
            # Children of the plugin must not inherit the pipe, or the host never sees EOF.
            os.set_inheritable(fd, False)
            stream = os.fdopen(fd, "w", buffering=1, encoding="utf-8")
        except (ValueError, OSError) as exc:
            raise UsageError("--events %s: not an open file descriptor (%s)" % (spec, exc)) from exc
        return _line_writer(stream)
    if spec.startswith("file:"):
        try:
            stream = open(spec[5:], "a", buffering=1, encoding="utf-8")
        except OSError as exc:
            raise UsageError("--events %s: %s" % (spec, exc)) from exc
        return _line_writer(stream)
    if spec == "marker":
        return _MarkerStdout.install().write_event
    if spec == "stdout":
        return _line_writer(protected_stdout())
    raise UsageError("--events must be fd:N, file:PATH, marker or stdout, not %r" % spec)


def _line_writer(stream: TextIO) -> Callable[[str], None]:
    def write(line: str) -> None:
        stream.write(line + "\n")
        stream.flush()

    return write


class _MarkerStdout:
    """Shares stdout with the plugin (Ray Jobs keep only logs), so each event starts on a fresh line.

    All writes through sys.stdout go through one lock, and an event that follows an unfinished plugin
    line first ends that line: the host finds the marker at the start of a line.
    """

    def __init__(self, real: TextIO):
        self._real = real
        self._lock = threading.RLock()
        self._dangling = False

    @classmethod
    def install(cls) -> "_MarkerStdout":
        guard = cls(sys.stdout)
        sys.stdout = guard  # type: ignore[assignment]
        return guard

    def write(self, text: str) -> int:
        with self._lock:
            written = self._real.write(text)
            if text:
                self._dangling = not text.endswith("\n")
            return written

    def writelines(self, lines) -> None:
        for line in lines:
            self.write(line)

    def flush(self) -> None:
        with self._lock:
            self._real.flush()

    def write_event(self, line: str) -> None:
        with self._lock:
            prefix = "\n" if self._dangling else ""
            self._real.write(prefix + MARKER + line + "\n")
            self._dangling = False
            self._real.flush()

    def __getattr__(self, name: str):
        # encoding, fileno, isatty, … behave as the real stream's.
        return getattr(self._real, name)
