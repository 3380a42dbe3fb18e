"""PDF → text with pypdfium2 (fast, permissive licence), refusing what it cannot read honestly.

A scanned PDF has pages but no text layer; reading it as empty would make a document look as if
it said nothing about migration, so it is reported ("OCR needed") instead.
"""

from __future__ import annotations

from pathlib import Path

import pypdfium2 as pdfium


class PdfError(ValueError):
    """The PDF cannot be read as text (encrypted, scanned or corrupt)."""


def extract_pdf(path: str | Path) -> str:
    """Text of all pages, pages separated by a blank line, ``\\n`` line endings."""
    try:
        pdf = pdfium.PdfDocument(str(path))
    except pdfium.PdfiumError as exc:
        message = str(exc)
        if "password" in message.lower():
            raise PdfError("encrypted PDF (password-protected)") from exc
        raise PdfError(f"corrupt PDF ({message})") from exc
    try:
        pages = []
        for i in range(len(pdf)):
            page = pdf[i]
            textpage = page.get_textpage()
            try:
                text = textpage.get_text_range()
            finally:
                textpage.close()
                page.close()
            text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\x00", "")
            pages.append(text.strip("\n"))
    finally:
        pdf.close()
    if not pages:
        raise PdfError("PDF without pages")
    if not any(p.strip() for p in pages):
        raise PdfError("no text layer (scanned? OCR needed)")
    return "\n\n".join(p for p in pages if p.strip())
