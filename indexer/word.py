"""Text out of Word (.docx) reports: paragraphs with their Heading styles, and tables."""

from __future__ import annotations

import re
from pathlib import Path

from .errors import CorpusError
from .pdf import Extracted


def extract_docx(path: Path) -> Extracted:
    """Paragraphs (Heading N styles as ``#`` lines) and tables of a .docx file."""
    try:
        import docx
    except ImportError as exc:
        raise CorpusError("reading .docx needs python-docx: pip install python-docx") from exc
    try:
        document = docx.Document(str(path))
    except Exception as exc:  # noqa: BLE001
        raise CorpusError(f"{Path(path).name} is not a readable Word file ({exc})") from exc
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    parts = []
    for el in document.element.body.iterchildren():
        tag = el.tag.rsplit("}", 1)[-1]
        if tag == "p":
            p = Paragraph(el, document)
            text = p.text.strip()
            if not text:
                continue
            style = (p.style.name if p.style is not None else "") or ""
            m = re.match(r"Heading (\d)", style)
            level = int(m.group(1)) if m else (1 if style == "Title" else 0)
            parts.append(("#" * level + " " + text) if level else text)
        elif tag == "tbl":
            rows = ["\t".join(c.text.strip().replace("\n", " ") for c in row.cells)
                    for row in Table(el, document).rows]
            parts.append("\n".join(rows))
    return Extracted("\n\n".join(parts) + "\n", (0,))
