"""What a long command is doing, for a person at a terminal: one line per step, a bar where the work is counted.

Quiet when stderr is not a terminal (CI logs, pipes) or with --quiet: the result of a command is what it prints
on stdout and its exit code, never its progress. tqdm is imported only when a bar is shown.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from typing import IO, TypeVar

T = TypeVar("T")


class Progress:
    """Progress of one command on stderr (or `stream`), shown only on a terminal."""

    def __init__(self, command: str, quiet: bool = False, stream: IO[str] | None = None) -> None:
        self.command = command
        self.stream = stream if stream is not None else sys.stderr
        self.quiet = quiet
        self.shown = not quiet and self.stream.isatty()

    def step(self, text: str) -> None:
        """A step starts: `smartcity-kg build: validating ...`."""
        if self.shown:
            print(f"{self.command}: {text} ...", file=self.stream, flush=True)

    def note(self, text: str) -> None:
        """Something that went wrong and was recovered from (a retry): shown unless --quiet, in a log too."""
        if self.shown:
            self.stream.write("\n")  # not on the line of a bar
        if self.shown or not self.quiet:
            print(f"{self.command}: {text}", file=self.stream, flush=True)

    @contextmanager
    def count(self, total: int, what: str, unit: str = "") -> Iterator[Callable[[int], None]]:
        """A bar of `total` (bytes with unit="B"), advanced by the function given, for work that is not a loop over items."""
        if not self.shown or total < 2:
            yield lambda done: None
            return
        from tqdm import tqdm

        scaled = unit == "B"
        with tqdm(
            total=total, desc=f"{self.command}: {what}", unit=unit, unit_scale=scaled, file=self.stream, leave=False, dynamic_ncols=True
        ) as shown:

            def advance(done: int) -> None:
                shown.update(done)

            yield advance

    def bar(self, items: Iterable[T], total: int, what: str) -> Iterator[T]:
        """`items`, with a bar of how many of `total` are done (a plain iteration when not shown)."""
        if not self.shown or total < 2:
            yield from items
            return
        from tqdm import tqdm

        with tqdm(total=total, desc=f"{self.command}: {what}", unit="", file=self.stream, leave=False, dynamic_ncols=True) as shown:
            for item in items:
                yield item
                shown.update(1)


QUIET = Progress("", quiet=True)
"""For callers that report nothing (tests, library use)."""
