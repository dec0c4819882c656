"""Progress of long work: bars on stderr (tqdm), and a watcher callback for the web page."""

from __future__ import annotations

import sys


def progress_bar(total: int, enabled: bool, unit: str = "chunk", desc: str = "Embedding",
                 watch=None):
    """``(update, close)`` of a progress bar with rate and ETA on stderr (no-ops when disabled).

    ``watch(desc, done, total)``, when given, is told every step as well."""
    done = [0]

    def tell(n: int = 1) -> None:
        done[0] += n
        watch(desc, done[0], total)

    if watch is not None:
        watch(desc, 0, total)
    if not enabled or total == 0:
        return (tell if watch else lambda n=1: None), lambda: None
    from tqdm import tqdm

    bar = tqdm(total=total, unit=unit, desc=desc, file=sys.stderr, leave=False)
    if watch is None:
        return bar.update, bar.close

    def update(n: int = 1) -> None:
        bar.update(n)
        tell(n)

    return update, bar.close
