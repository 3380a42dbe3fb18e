"""HTML pages → the text of the act (adilet.zan.kz) or the main text (any other page).

adilet.zan.kz pages put the title in ``div.container_alpha.slogan h1`` with the act's
requisites (type, issuer, date, number, repeal notes) in paragraphs beside it, a status banner
in ``span.status`` ("Утративший силу", "Күшін жойған", "Жаңартылған", "Обновленный"), tabs and
history links around, and the act itself in ``div.container_gamma.text > article``. Menus,
banners and links would otherwise be coded as if they were policy text, so only the title,
the requisites and the article are kept. Other pages fall back to ``article``/``main``/``body``
without navigation, header, footer, forms and scripts.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from selectolax.lexbor import LexborHTMLParser, LexborNode

from talentflow.limits import max_html_depth


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


_DROP = (
    "script, style, noscript, template, iframe, svg, nav, header, footer, form, button, select, "
    "aside, menu, [role=navigation], [role=banner], [role=contentinfo], [aria-hidden=true], "
    "span.status, .status, .tabs, .breadcrumbs, .breadcrumb, .menu, .history, .versions"
)
_BLOCK = _words(
    """p div article section main h1 h2 h3 h4 h5 h6 li ul ol dl dt dd tr table thead tbody tfoot
    blockquote pre address figure figcaption center body html hr caption"""
)
_CELL = frozenset(("td", "th"))
#: Banners and navigation words that adilet repeats around an act, in its three languages.
_BANNERS = re.compile(
    r"^(?:Утративший силу|Утратил силу|Обновленный|Новый|Недействующий|Действующий|"
    r"Күшін жойған|Жаңартылған|Жаңа|Қолданыстағы|Жарамсыз|Invalid|Updated|New|"
    r"Текст|Официальная публикация|Информация|История изменений|Ссылки|Скачать|Печать|"
    r"Мәтін|Ресми жарияланым|Ақпарат|Өзгерістер тарихы|Сілтемелер|Жүктеп алу|Басып шығару)$",
    re.I,
)
_SPACE = re.compile(r"[ \t\n\r\f\v\u00a0\u2009\u202f]+")


class HtmlError(ValueError):
    """The page holds no text, or cannot be parsed within the limits."""


#: Elements that never hold others, or that the parser closes by itself at the next sibling:
#: they do not deepen the tree, so they do not count towards its depth.
_NO_DEPTH = _words(
    """area base br col embed hr img input link meta param source track wbr p li dt dd tr td th
    option optgroup rb rp rt rtc colgroup tbody thead tfoot caption"""
)
_TAG_TOKEN = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9:-]*)[^>]*?(/?)>|<!--.*?-->|<!\[CDATA\[.*?\]\]>", re.S)
_RAW_TEXT = frozenset(("script", "style", "textarea", "title", "xmp", "noscript", "template", "iframe"))


def check_depth(html: str, limit: int | None = None) -> None:
    """Refuse a page nested deeper than ``limit`` (one linear pass over the tags).

    The HTML parser checks the open elements on every tag, so a page of a million nested
    ``<div>`` takes quadratic time (hours for a few MB); real pages nest well under a hundred.
    """
    limit = max_html_depth() if limit is None else limit
    depth = deepest = 0
    raw: str | None = None
    for m in _TAG_TOKEN.finditer(html):
        closing, name, selfclose = m.group(1), m.group(2), m.group(3)
        if name is None:
            continue  # a comment or CDATA
        name = name.lower()
        if raw is not None:  # inside <script> and the like, only its own end tag counts
            if closing and name == raw:
                raw = None
                depth = max(0, depth - 1)
            continue
        if name in _NO_DEPTH or selfclose:
            continue
        if closing:
            depth = max(0, depth - 1)
            continue
        depth += 1
        if name in _RAW_TEXT:
            raw = name
        if depth > deepest:
            deepest = depth
            if deepest > limit:
                raise HtmlError(f"elements nested more than {limit} deep (a hostile or broken page); raise "
                                "the limit with TALENTFLOW_MAX_HTML_DEPTH if the page is genuine")


@dataclass
class HtmlText:
    text: str
    title: str | None
    adilet: bool


def _block_text(root: LexborNode) -> str:
    """Text of ``root`` with one block per paragraph (blank line between blocks).

    Inline markup (``b``, ``a``, ``span``) joins its words; whitespace inside a block collapses
    as a browser would show it; ``br`` breaks the line inside a block.
    """
    blocks: list[str] = []
    current: list[str] = []

    def flush() -> None:
        line_text = "".join(current)
        lines = [_SPACE.sub(" ", ln).strip() for ln in line_text.split("\n")]
        lines = [ln for ln in lines if ln and not _BANNERS.match(ln)]
        if lines:
            blocks.append("\n".join(lines))
        current.clear()

    stack: list[tuple[LexborNode, bool]] = [(root, True)]
    while stack:
        node, entering = stack.pop()
        tag = node.tag
        if not entering:
            if tag in _BLOCK:
                flush()
            elif tag in _CELL:
                current.append(" ")
            continue
        if tag == "-text":
            current.append(node.text_content or "")
            continue
        if tag in ("-comment", "head", "title", "meta", "link"):
            continue
        if tag == "br":
            current.append("\n")
            continue
        if tag in _BLOCK:
            flush()
        stack.append((node, False))
        children = list(node.iter(include_text=True))
        for child in reversed(children):
            stack.append((child, True))
    flush()
    return "\n\n".join(blocks)


def extract_html(html: str) -> HtmlText:
    """Text (and title) of an HTML page; adilet pages are recognised by their layout."""
    check_depth(html)
    tree = LexborHTMLParser(html)
    body = tree.css_first("div.container_gamma.text article") or tree.css_first("div.container_gamma.text")
    slogan = tree.css_first("div.container_alpha.slogan")
    for node in tree.css(_DROP):
        node.decompose()
    title_node = tree.css_first("div.container_alpha.slogan h1") or tree.css_first("h1")
    title = _SPACE.sub(" ", title_node.text()).strip() if title_node else None
    if not title:
        head_title = tree.css_first("title")
        title = _SPACE.sub(" ", head_title.text()).strip() if head_title else None
    if body is not None:
        pieces = []
        if slogan is not None:
            for link in slogan.css("a"):
                if _BANNERS.match(link.text().strip()) or "history" in (link.attributes.get("href") or ""):
                    link.decompose()
            pieces.append(_block_text(slogan))
        pieces.append(_block_text(body))
        text = "\n\n".join(p for p in pieces if p)
        adilet = True
    else:
        root = tree.css_first("article") or tree.css_first("main") or tree.css_first("[role=main]") or tree.body
        text = _block_text(root) if root is not None else ""
        adilet = False
    if not text.strip():
        raise HtmlError("no text in the page")
    return HtmlText(text, title or None, adilet)
