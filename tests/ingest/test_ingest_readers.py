"""Each reader on a file the test writes, and every kind of bad file coming back as a ReadError."""

from __future__ import annotations

import subprocess
import zipfile
from pathlib import Path

import docx
import pytest
from pypdf import PdfReader, PdfWriter

from talentflow.ingest import read_documents

ADILET_PAGE = """<!DOCTYPE html><html lang="ru"><head><title>Об утверждении - ИПС "Әділет"</title>
<script>var menu = "Главная";</script><style>.x{color:red}</style></head><body>
<header><nav><ul><li><a href="/rus">Главная</a></li><li><a href="/rus/search">Поиск</a></li></ul></nav></header>
<div class="container_alpha slogan"><h1>Об утверждении Концепции миграционной политики на 2023 – 2027 годы</h1>
<span class="status status_upd">Обновленный</span>
<p>Постановление Правительства Республики Казахстан от 30 ноября 2022 года № 961.</p></div>
<div class="container_gamma tabs"><ul><li><a href="/rus/docs/P2200000961">Текст</a></li>
<li><a href="/rus/docs/P2200000961/history">История изменений</a></li></ul></div>
<div class="container_gamma text text_upd"><article>
<p>      Правительство Республики Казахстан <b>ПОСТАНОВЛЯЕТ</b>:</p>
<p>      1. Утвердить прилагаемую Концепцию.</p>
<p>      2. Настоящее постановление вводится в действие со дня его подписания.</p>
<table><tr><td>Премьер-Министр Республики Казахстан</td><td>А. Смаилов</td></tr></table>
</article></div>
<footer><p>© Институт законодательства и правовой информации</p></footer></body></html>"""


def _read_one(path: Path):
    docs, errors = read_documents([path])
    return docs, errors


def test_adilet_html_keeps_only_the_act(tmp_path: Path) -> None:
    page = tmp_path / "P2200000961.ru.html"
    page.write_text(ADILET_PAGE, encoding="utf-8")
    (doc,), errors = _read_one(page)
    assert errors == []
    for furniture in ("Главная", "Поиск", "Обновленный", "История изменений", "var menu", "color:red", "Институт"):
        assert furniture not in doc.text
    assert doc.text.startswith("Об утверждении Концепции")
    assert "1. Утвердить прилагаемую Концепцию." in doc.text
    assert "А. Смаилов" in doc.text
    assert doc.meta.act_type == "постановление"
    assert doc.meta.number == "961"
    assert doc.meta.date.isoformat() == "2022-11-30"
    assert doc.meta.issuer == "Правительство"
    assert doc.meta.id == "P2200000961"
    assert doc.meta.language == "ru"


def test_generic_html_falls_back_to_main_text(tmp_path: Path) -> None:
    page = tmp_path / "news.htm"
    page.write_text(
        "<html><body><nav>Home | About</nav><main><h2>Brain drain</h2><p>Young specialists leave the country "
        "for jobs abroad.</p></main><footer>Contacts</footer></body></html>",
        encoding="utf-8",
    )
    (doc,), errors = _read_one(page)
    assert errors == []
    assert doc.text == "Brain drain\n\nYoung specialists leave the country for jobs abroad."


def test_docx_paragraphs_and_tables_in_body_order(tmp_path: Path) -> None:
    path = tmp_path / "plan.docx"
    document = docx.Document()
    document.add_heading("План мероприятий", level=1)
    document.add_paragraph("Первый абзац перед таблицей.")
    table = document.add_table(rows=2, cols=2)
    table.cell(0, 0).text = "Мера"
    table.cell(0, 1).text = "Срок"
    table.cell(1, 0).text = "Квота"
    table.cell(1, 1).text = "2025"
    document.add_paragraph("Абзац после таблицы.")
    document.save(path)
    (doc,), errors = _read_one(path)
    assert errors == []
    assert doc.meta.title == "План мероприятий"
    first = doc.text.index("Первый абзац")
    cells = doc.text.index("Квота | 2025")
    last = doc.text.index("Абзац после таблицы")
    assert first < cells < last


def test_pdf_text_layer(tmp_path: Path, make_pdf) -> None:
    path = tmp_path / "report.pdf"
    path.write_bytes(make_pdf(["Migration report 2022.", "Net migration was negative."]))
    (doc,), errors = _read_one(path)
    assert errors == []
    assert "Migration report 2022." in doc.text
    assert "Net migration was negative." in doc.text
    assert "\r" not in doc.text


def test_encrypted_pdf_is_reported(tmp_path: Path, make_pdf) -> None:
    plain = tmp_path / "plain.pdf"
    plain.write_bytes(make_pdf(["Secret text"]))
    writer = PdfWriter()
    for page in PdfReader(plain).pages:
        writer.add_page(page)
    writer.encrypt(user_password="secret", owner_password="owner")
    locked = tmp_path / "locked.pdf"
    with locked.open("wb") as handle:
        writer.write(handle)
    docs, errors = _read_one(locked)
    assert docs == []
    assert errors[0].path == str(locked)
    assert "encrypted PDF" in errors[0].reason


def test_pdf_without_text_layer_asks_for_ocr(tmp_path: Path) -> None:
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument.new()
    pdf.new_page(612, 792)
    scanned = tmp_path / "scan.pdf"
    pdf.save(str(scanned))
    pdf.close()
    docs, errors = _read_one(scanned)
    assert docs == []
    assert "no text layer" in errors[0].reason and "OCR" in errors[0].reason


def test_cp1251_text_is_decoded(tmp_path: Path) -> None:
    path = tmp_path / "old.txt"
    text = "Утечка мозгов остаётся проблемой.\nПравительство утвердило меры по удержанию кадров."
    path.write_bytes(text.replace("\n", "\r\n").encode("cp1251"))
    (doc,), errors = _read_one(path)
    assert errors == []
    assert doc.text == text
    assert doc.meta.language == "ru"


@pytest.mark.parametrize(
    ("name", "content", "reason"),
    [
        ("empty.txt", b"", "empty file"),
        ("blank.md", b"   \n\n  \n", "empty"),
        ("binary.txt", b"\x00\x01\x02binary\x00" * 50, "binary"),
        ("corrupt.pdf", b"%PDF-1.4 not really a pdf", "corrupt PDF"),
        ("corrupt.docx", b"PK\x03\x04 broken zip", "corrupt DOCX"),
        ("table.xlsx", b"whatever", "unknown extension"),
    ],
)
def test_bad_files_are_reported_and_others_still_read(tmp_path: Path, name: str, content: bytes, reason: str) -> None:
    bad = tmp_path / name
    bad.write_bytes(content)
    good = tmp_path / "good.txt"
    good.write_text("Программа «Болашак» финансирует обучение за рубежом.", encoding="utf-8")
    docs, errors = read_documents([bad, good])
    assert [d.meta.id for d in docs] == ["good"]
    assert len(errors) == 1
    assert errors[0].path == str(bad)
    assert reason in errors[0].reason


def test_docx_that_is_a_zip_without_document_is_reported(tmp_path: Path) -> None:
    path = tmp_path / "empty.docx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("hello.txt", "not a word document")
    docs, errors = _read_one(path)
    assert docs == [] and "DOCX" in errors[0].reason


def test_oversize_file_is_rejected_before_reading(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    huge = tmp_path / "huge.txt"
    subprocess.run(["truncate", "-s", "500M", str(huge)], check=True)

    def never(*args: object, **kwargs: object) -> bytes:
        raise AssertionError("an oversize file must not be read")

    monkeypatch.setattr(Path, "read_bytes", never)
    monkeypatch.setattr(Path, "read_text", never)
    docs, errors = read_documents([huge], max_bytes=100 * 2**20)
    assert docs == []
    assert "too large" in errors[0].reason and "500.0 MiB" in errors[0].reason


def test_missing_path_is_reported(tmp_path: Path) -> None:
    docs, errors = read_documents([tmp_path / "nope.md"])
    assert docs == [] and errors[0].reason == "no such file or folder"


def test_folders_are_read_recursively_by_extension(tmp_path: Path) -> None:
    (tmp_path / "a" / "b").mkdir(parents=True)
    (tmp_path / "a" / "one.md").write_text("# Заголовок\n\nТекст документа номер один.", encoding="utf-8")
    (tmp_path / "a" / "b" / "two.txt").write_text("Second document text here.", encoding="utf-8")
    (tmp_path / "a" / "b" / "data.csv").write_text("x,y\n1,2\n", encoding="utf-8")
    (tmp_path / "a" / ".hidden.md").write_text("hidden", encoding="utf-8")
    seen: list[str] = []
    docs, errors = read_documents([tmp_path], progress=seen.append)
    assert errors == []
    assert sorted(d.meta.id for d in docs) == ["one", "two"]
    assert len(seen) == 2
    one = next(d for d in docs if d.meta.id == "one")
    assert one.meta.title == "Заголовок"
    assert "#" not in one.text
