"""Same questions, text report vs the PDF made from it: accuracy and PDF indexing speed.

``python -m eval.pdf_compare [--report corpus/jiayin-esg-2022.zh.txt] [--out DIR]``
renders the report to PDF (reportlab, STSong-Light, headings, tables, one
chapter in two columns, running header and footer), indexes the text and the
PDF separately, asks every gold question about that report (plus the
unanswerable ones) of both, and prints accuracy, page coverage of the PDF
citations and pages/s for PDF extraction.
"""

from __future__ import annotations

import argparse
import json
import shutil
import tempfile
import time
from pathlib import Path

from assistant.answer import Assistant
from indexer.build import build_index
from indexer.corpus import load_metadata

from .gold import load_gold
from .pdfmaker import make_pdf
from .run import answer_hit


def _accuracy(assistant: Assistant, items) -> tuple[float, list]:
    rows = []
    for g in items:
        a = assistant.ask(g.question)
        ok = (a.found and answer_hit(g, a.answer_span, a.answer)) if g.answerable else not a.found
        rows.append((g.id, ok, a))
    return sum(ok for _, ok, _ in rows) / len(rows), rows


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--report", default="corpus/jiayin-esg-2022.zh.txt")
    p.add_argument("--out", default="eval/results/pdf")
    a = p.parse_args(argv)
    src = Path(a.report)
    meta = load_metadata(src.parent).get(src.name, {})
    doc_id = meta.get("doc_id") or src.name.split(".")[0]
    items = [g for g in load_gold() if g.doc_id == doc_id or not g.answerable]
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        (tmp / "text").mkdir()
        (tmp / "pdf").mkdir()
        shutil.copy(src, tmp / "text" / src.name)
        pdf = make_pdf(src.read_text(encoding="utf-8"), tmp / "pdf" / (doc_id + ".pdf"),
                       title=meta.get("title", doc_id), two_column_chapter=None)
        meta_pdf = {pdf.name: dict(meta, doc_id=doc_id)}
        (tmp / "pdf" / "reports.json").write_text(json.dumps(meta_pdf, ensure_ascii=False))
        (tmp / "text" / "reports.json").write_text(json.dumps({src.name: meta}, ensure_ascii=False))
        from indexer.pdf import extract_pdf

        t0 = time.perf_counter()
        pages = len(extract_pdf(pdf).page_starts)
        pdf_s = time.perf_counter() - t0
        for kind in ("text", "pdf"):
            build_index(tmp / kind, tmp / f"index-{kind}", progress=False, log=lambda *x: None)
        acc_t, rows_t = _accuracy(Assistant.open(tmp / "index-text", log=lambda *x: None), items)
        acc_p, rows = _accuracy(Assistant.open(tmp / "index-pdf", log=lambda *x: None), items)
    cited = [c for _, _, ans in rows if ans.found for c in ans.citations]
    result = {"report": src.name, "questions": len(items), "pdf_pages": pages,
              "pdf_extract_seconds": round(pdf_s, 2), "pdf_pages_per_s": round(pages / pdf_s, 2),
              "accuracy_text": round(acc_t, 3), "accuracy_pdf": round(acc_p, 3),
              "pdf_citations_with_page": sum(bool(c.pages) for c in cited),
              "pdf_citations": len(cited),
              "disagreements": [{"id": qid, "question": g.question, "text_ok": ok_t, "pdf_ok": ok_p,
                                 "text_answer": at.answer_span or at.answer,
                                 "pdf_answer": ap.answer_span or ap.answer}
                                for g, (qid, ok_t, at), (_, ok_p, ap) in zip(items, rows_t, rows)
                                if ok_t != ok_p]}
    out = Path(a.out)
    out.mkdir(parents=True, exist_ok=True)
    (out / "pdf_compare.json").write_text(json.dumps(result, indent=1), encoding="utf-8")
    print(json.dumps(result, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
