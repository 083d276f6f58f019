"""A terminal progress bar for commands, fed by the same `progress(done, total, stage)` callback
as the background jobs, so that a command and a page show one piece of work the same way.

Drawn with rich on a terminal only: piped into a log or a file, the command prints its result
and nothing else."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TextIO

from django.utils.translation import gettext as _

from .jobs import Progress


@contextmanager
def progress_bar(stream: TextIO | None = None) -> Iterator[Progress]:
    from rich.console import Console
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        TextColumn,
        TimeElapsedColumn,
        TimeRemainingColumn,
    )
    from rich.progress import Progress as Bar

    stream = stream or sys.stderr
    bar = Bar(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        TimeRemainingColumn(),
        console=Console(file=stream),
        disable=not stream.isatty(),
        transient=True,
    )
    with bar:
        task = bar.add_task("", total=None)

        def report(done: int, total: int | None = None, stage: str = "") -> None:
            description = _(stage) if stage else bar.tasks[0].description
            bar.update(task, completed=done, total=total, description=description)

        yield report
