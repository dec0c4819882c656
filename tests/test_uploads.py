"""Reports added in the chat page: what is refused, and how what is accepted is stored."""

from __future__ import annotations

import tracemalloc
import zipfile
from pathlib import Path

import pytest

from assistant.uploads import Limits, check_upload, safe_name, store_upload
from indexer.corpus import report_files
from indexer.errors import InputError

SHARED = Path(__file__).resolve().parents[2] / "shared" / "benchmarks" / "real-reports"


def _pdf(objects: list[bytes]) -> bytes:
    """A minimal PDF with the given objects (1 = catalog) and a correct xref table."""
    out, offsets = bytearray(b"%PDF-1.4\n"), []
    for i, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % i + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def _claiming(pages: int) -> bytes:
    return _pdf([b"<< /Type /Catalog /Pages 2 0 R >>",
                 b"<< /Type /Pages /Kids [3 0 R] /Count %d >>" % pages,
                 b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] >>"])


def test_a_file_over_the_limit_is_refused_without_being_read(tmp_path):
    big = tmp_path / "big.pdf"
    with open(big, "wb") as f:  # 8 GB on paper, nothing on disk (a sparse file)
        f.truncate(8 * 1024**3)
    tracemalloc.start()
    with pytest.raises(InputError, match="limit is 50 MB"):
        check_upload(big, "big.pdf")
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert peak < 1024 * 1024, peak
    with pytest.raises(InputError, match="limit is 1 MB"):
        big.write_bytes(b"%PDF-1.4\n" + b"0" * (2 * 1024 * 1024))
        check_upload(big, "big.pdf", Limits(max_mb=1))


def test_type_comes_from_the_content_not_the_name(tmp_path):
    elf = tmp_path / "report.pdf"
    elf.write_bytes(b"\x7fELF\x02\x01\x01\x00" + b"\x00" * 4000)
    with pytest.raises(InputError, match="not a PDF, Word document"):
        check_upload(elf, "report.pdf")
    z = tmp_path / "report.docx"
    with zipfile.ZipFile(z, "w") as zf:
        zf.writestr("payload.exe", b"MZ" + b"\x00" * 100)
    with pytest.raises(InputError, match="not a Word document"):
        check_upload(z, "report.docx")
    gb = tmp_path / "report.pdf"  # a GB18030 text file named .pdf is text, stored as .txt
    gb.write_bytes("深圳能源 2016 年社会责任报告\n\n垃圾日处理能力达 7,050 吨。\n".encode("gb18030"))
    assert check_upload(gb, "report.pdf") == "txt"
    md = tmp_path / "notes.md"
    md.write_text("# 标题\n\n正文。\n", encoding="utf-8")
    assert check_upload(md, "notes.md") == "md"
    broken = tmp_path / "broken.pdf"
    broken.write_bytes(b"%PDF-1.4\nthis is not really a pdf\n")
    with pytest.raises(InputError, match="cannot be opened"):
        check_upload(broken, "broken.pdf")


def test_page_counts_over_the_limit_are_refused(tmp_path):
    claims = tmp_path / "claims.pdf"
    claims.write_bytes(_claiming(100_000))
    with pytest.raises(InputError, match="100,000 pages; the limit is 1,000"):
        check_upload(claims, "claims.pdf")
    import pypdfium2 as pdfium

    many = pdfium.PdfDocument.new()
    for _ in range(12):
        many.new_page(100, 100)
    many.save(tmp_path / "twelve.pdf")
    with pytest.raises(InputError, match="12 pages; the limit is 10"):
        check_upload(tmp_path / "twelve.pdf", "twelve.pdf", Limits(max_pages=10))
    assert check_upload(tmp_path / "twelve.pdf", "twelve.pdf") == "pdf"


@pytest.mark.parametrize("shown, expected", [
    ("../../etc/x.pdf", "x.pdf"), ("..\\..\\Windows\\win.pdf", "win.pdf"), ("CON.pdf", "upload-CON.pdf"),
    ("nul.txt.pdf", "upload-nul.txt.pdf"), ("", "upload.pdf"), ("...", "upload.pdf"),
    ("深圳能源 2016 年报.pdf", "深圳能源-2016-年报.pdf"), ("/abs/path/<script>.pdf", "script.pdf"),
    (".hidden.pdf", "hidden.pdf"),
])
def test_client_names_are_never_paths(tmp_path, shown, expected):
    target = safe_name(shown, "pdf", tmp_path)
    assert target.parent == tmp_path and target.name == expected


def test_stored_uploads_never_overwrite_and_are_read_as_reports(tmp_path):
    src = tmp_path / "in.txt"
    src.write_text("某公司 2023 年报告\n\n员工总数 1,234 人。\n", encoding="utf-8")
    corpus = tmp_path / "corpus"
    a = store_upload(src, "../../etc/report.txt", corpus)
    b = store_upload(src, "../../etc/report.txt", corpus)
    assert (a.name, b.name) == ("report.txt", "report-2.txt")
    assert a.read_bytes() == b.read_bytes() == src.read_bytes()
    assert not list(corpus.glob(".*"))  # no partial file left behind
    assert [p.name for p in report_files(corpus)] == ["report-2.txt", "report.txt"]


@pytest.mark.skipif(not SHARED.exists(), reason="../shared/benchmarks/real-reports is not here")
def test_a_real_report_pdf_is_accepted():
    assert check_upload(SHARED / "szenergy_2016_csr.pdf", "szenergy_2016_csr.pdf") == "pdf"
