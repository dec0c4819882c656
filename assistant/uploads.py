"""Check a report uploaded in the chat page and store it in the corpus folder.

Checked before anything is stored: the size (from the file system, never by
reading the file), the type by content rather than by name (``%PDF-``, a DOCX
zip that holds ``word/document.xml``, text that decodes as UTF-8 or GB18030)
and a PDF's page count.  The stored name is made from the client's file name
but is never a path: directories, reserved device names (``CON``, ``NUL`` …)
and unsafe characters are dropped, and an existing file is never overwritten.
Indexing is not done here (see ``workspace.py``).
"""

from __future__ import annotations

import os
import re
import shutil
import unicodedata
import zipfile
from dataclasses import dataclass
from pathlib import Path

from indexer.corpus import decode
from indexer.errors import CorpusError, InputError

MAX_UPLOAD_MB = 50
MAX_PAGES = 1000
_RESERVED = {"con", "prn", "aux", "nul", *(f"com{i}" for i in range(10)),
             *(f"lpt{i}" for i in range(10))}
_UNSAFE = re.compile(r"[^\w.\-]+")  # \w keeps CJK letters and digits


@dataclass(frozen=True)
class Limits:
    max_mb: float = MAX_UPLOAD_MB
    max_pages: int = MAX_PAGES


DEFAULT_LIMITS = Limits()


def file_kind(path: Path, shown: str) -> str:
    """``"pdf"``, ``"docx"``, ``"md"`` or ``"txt"`` from the file's bytes; InputError otherwise.

    ``shown`` is the name the user gave, used in messages and to tell Markdown from text."""
    with open(path, "rb") as f:
        head = f.read(8)
    if head.startswith(b"%PDF-"):
        return "pdf"
    if head.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(path) as z:
                if "word/document.xml" in z.namelist():
                    return "docx"
        except zipfile.BadZipFile:
            pass
        raise InputError(f"{shown} is a zip file but not a Word document (.docx); "
                         "upload a PDF, DOCX, TXT or MD report")
    try:
        decode(Path(path).read_bytes(), shown)
    except CorpusError as exc:
        raise InputError(f"{shown} is not a PDF, Word document or UTF-8/GB18030 text ({exc}); "
                         "upload a PDF, DOCX, TXT or MD report") from None
    return "md" if shown.lower().endswith((".md", ".markdown")) else "txt"


def pdf_pages(path: Path, shown: str) -> int:
    """The page count the PDF declares (pdfium reads it without parsing the pages)."""
    import pypdfium2 as pdfium

    try:
        pdf = pdfium.PdfDocument(str(path))
    except pdfium.PdfiumError as exc:
        raise InputError(f"{shown} starts like a PDF but cannot be opened ({exc}); "
                         "save it again as PDF and upload that") from None
    try:
        return len(pdf)
    finally:
        pdf.close()


def check_upload(path: Path, shown: str, limits: Limits = DEFAULT_LIMITS) -> str:
    """The kind of an uploaded file (see ``file_kind``), or InputError saying why it is refused."""
    size = os.stat(path).st_size
    if size == 0:
        raise InputError(f"{shown} is empty")
    if size > limits.max_mb * 1024 * 1024:
        raise InputError(f"{shown} is {size / 1024 / 1024:.1f} MB; the limit is {limits.max_mb:g} MB "
                         "(start the server with --max-upload-mb to change it)")
    kind = file_kind(path, shown)
    if kind == "pdf":
        pages = pdf_pages(path, shown)
        if pages > limits.max_pages:
            raise InputError(f"{shown} has {pages:,} pages; the limit is {limits.max_pages:,} "
                             "(start the server with --max-pages to change it)")
    return kind


def safe_name(shown: str, kind: str, folder: Path) -> Path:
    """A new file in ``folder`` named after ``shown``: ``"../../etc/x.pdf"`` -> ``folder/x.pdf``,
    ``"CON.pdf"`` -> ``folder/upload-CON.pdf``; ``-2``, ``-3`` … when the name is taken."""
    base = re.split(r"[\\/]", unicodedata.normalize("NFKC", shown or ""))[-1]
    stem = _UNSAFE.sub("-", base.rsplit(".", 1)[0] if "." in base else base).strip(".-_")[:80]
    if not stem or stem.split(".")[0].lower() in _RESERVED:
        stem = f"upload-{stem}" if stem else "upload"
    suffix = "." + kind
    candidate, n = Path(folder) / (stem + suffix), 1
    while candidate.exists():
        n += 1
        candidate = Path(folder) / f"{stem}-{n}{suffix}"
    return candidate


def store_upload(path: Path, shown: str, corpus: Path, limits: Limits = DEFAULT_LIMITS) -> Path:
    """Check the uploaded file and copy it into ``corpus`` under a safe new name."""
    kind = check_upload(Path(path), shown, limits)
    corpus = Path(corpus)
    corpus.mkdir(parents=True, exist_ok=True)
    target = safe_name(shown, kind, corpus)
    partial = corpus / f".{target.name}.part"  # hidden: never read as a report
    shutil.copyfile(path, partial)
    os.replace(partial, target)
    return target
