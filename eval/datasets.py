"""Where the public benchmarks live: beside the project, in ``../shared/benchmarks``.

Public data sets are not part of the project and are never copied into it.
A command takes a path; without one it looks in ``../shared/benchmarks``
(relative to the working directory, then to the project), and otherwise
says where to get the data.
"""

from __future__ import annotations

from pathlib import Path

from indexer.errors import InputError

_PROJECT = Path(__file__).resolve().parent.parent
SOURCES = {
    "cmrc2018": ("cmrc2018/cmrc2018_dev.json",
                 "https://github.com/ymcui/cmrc2018 (squad-style-data/cmrc2018_dev.json)"),
    "tatoeba": ("tatoeba-cmn-eng",
                "https://github.com/facebookresearch/LASER/tree/main/data/tatoeba/v1 "
                "(tatoeba.cmn-eng.cmn and tatoeba.cmn-eng.eng)"),
    "real-reports": ("real-reports", "the project's ../shared/benchmarks folder"),
}


def shared_dir() -> Path | None:
    """``../shared/benchmarks`` seen from the working directory or the project, if present."""
    for base in (Path.cwd(), _PROJECT):
        p = (base.parent / "shared" / "benchmarks").resolve()
        if p.is_dir():
            return p
    return None


def benchmark_path(name: str, given: str | Path | None = None) -> Path:
    """The file or folder of benchmark ``name``: ``given`` or its place in ``../shared``."""
    rel, where = SOURCES[name]
    if given:
        p = Path(given)
        if not p.exists():
            raise InputError(f"no {name} data at {p}; get it from {where}")
        return p
    base = shared_dir()
    if base is None or not (base / rel).exists():
        raise InputError(f"the {name} data is not in ../shared/benchmarks/{rel}; get it from "
                         f"{where} and pass its path with --data")
    return base / rel
