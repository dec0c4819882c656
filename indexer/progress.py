"""Progress bars on stderr (tqdm), or nothing when progress is off."""

from __future__ import annotations

import sys


def progress_bar(total: int, enabled: bool, unit: str = "chunk", desc: str = "Embedding"):
    """``(update, close)`` of a progress bar with rate and ETA on stderr (no-ops when disabled)."""
    if not enabled or total == 0:
        return lambda n=1: None, lambda: None
    from tqdm import tqdm

    bar = tqdm(total=total, unit=unit, desc=desc, file=sys.stderr, leave=False)
    return bar.update, bar.close
