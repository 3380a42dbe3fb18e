"""The coding engine: sentences of documents → codes → per-category levels and gaps.

The unit is the sentence (``Document.sentences``). Text is normalised once per document with
a length-preserving mapping, so every offset found is an offset in ``Document.text``. A
sentence none of whose tokens can fill the anchor of a category term is skipped, which is what
most sentences are: one compiled scan of its characters decides (:mod:`talentflow.nlp.scan`).
The rest are tokenised, matched for category and cue terms and handed to
:mod:`talentflow.coding.levels`.
"""

from __future__ import annotations

import hashlib
import os
import re
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import ProcessPoolExecutor

from talentflow.coding.codebook import load_codebook
from talentflow.coding.frames import (
    PREFIX,
    CompiledFrame,
    anchor_index,
    apply_frames,
    frame_specs,
    may_complete,
    only_removes_slots,
    remove_slots,
    slot_owner,
)
from talentflow.coding.levels import Hit, clause_breaks, document_levels, make_hit, sentence_codes
from talentflow.coding.model import Code, Codebook, CodedDocument, CodedSegment
from talentflow.gc_pause import gc_paused
from talentflow.ingest.model import Document
from talentflow.nlp import kazakh
from talentflow.nlp.matcher import TermMatcher, TermSpec
from talentflow.nlp.normalize import normalize_text
from talentflow.nlp.scan import char_positions, tokens
from talentflow.nlp.tokens import PERCENT_RE, TOKEN_RE, quantities

Progress = Callable[[int, int], None]
_CYRILLIC = re.compile(r"[\u0400-\u04ff]")
#: A list item of a law: "1)", "12-1)", "а)" at the start of a paragraph.
_ITEM = re.compile(r"\s*(?:\d{1,3}(?:-\d{1,2})?|[а-яa-z])\)\s")
#: Cue kinds a list's opening line lends to its items (not references or gaps: those belong
#: to the opening line's own wording).
_CARRIED_CUES = frozenset({"instrument", "intention", "target", "responsible_body", "context"})
#: A definition in a law's list of terms: "13) кандас – этнический казах …", "2) бизнес-көшіп
#: келушілер – …": it says what a word means, not what is done (level 1 at most), unless the
#: word defined is itself an instrument ("37-1) образовательный грант … – грант, учреждаемый …").
_DEFINITION = re.compile(r"\s*\d{1,3}(?:-\d{1,2})?\)\s*[«\"“]?[^\W\d][\w-]*(?:\s[^\W\d][\w-]*){0,5}[»\"”]?\s[–—-]\s")
#: A provision a later law deleted ("5) исключен Законом РК от 29.12.2014 …", "4) алып тасталды - ҚР …
#: Заңымен", "утратил силу"): it says nothing, so it takes no codes and none of its list's opening line.
_DELETED = re.compile(
    r"\s*(?:\d{1,3}(?:-\d{1,2})?[).]\s*)?(?:исключен|утратил[аио]?\s+силу|алып\s+тасталды|күші\s+жойылды|deleted\b|excluded\b)")
_SPECIAL_CHARS = "\u00adәғқңөұүһі"
_LATIN_LOOKALIKES = "aceopxyikmhtb"  # the Latin letters normalize_word maps to Cyrillic


class CompiledCodebook:
    """A codebook turned into one term matcher per language (built once per process)."""

    def __init__(self, codebook: Codebook) -> None:
        self.codebook = codebook
        self.category_ids = codebook.ids
        by_lang: dict[str, list[TermSpec]] = {}
        for cat in codebook.categories:
            for lang, terms in cat.lexicon.items():
                by_lang.setdefault(lang, []).extend(TermSpec(cat.id, "category", str(t)) for t in terms)
        for lang, specs in frame_specs(codebook).items():
            by_lang.setdefault(lang, []).extend(specs)
        for kind, per_lang in codebook.cues.items():
            for lang, terms in per_lang.items():
                if lang in by_lang:
                    by_lang[lang].extend(TermSpec(kind, "cue", str(t)) for t in terms)
        self.frames = [CompiledFrame(f) for f in codebook.frames]
        self.frame_anchors = anchor_index(self.frames)
        self.has_rules = bool(self.frames) or any(c.exclude for c in codebook.categories)
        self.uncarried = frozenset(
            slot_owner(f, slot) for f in codebook.frames if not f.in_list_items for slot in f.slots
        )
        self.keep = {c.id: frozenset(c.exclude_except) for c in codebook.categories if c.exclude_except}
        self.max_levels = {c.id: c.max_level for c in codebook.categories if c.max_level < 4}
        self.own_instruments = {c.id: c.instrument_cues for c in codebook.categories if c.instrument_cues} or None
        self.matchers = {lang: TermMatcher(lang, specs) for lang, specs in by_lang.items()}

    def matcher_for(self, language: str, text: str) -> TermMatcher | None:
        """The matcher of a sentence's language; undecided text goes by its script."""
        m = self.matchers.get(language)
        if m is not None or language != "und":
            return m
        guess = "ru" if _CYRILLIC.search(text) else "en"
        return self.matchers.get(guess)


_COMPILED: dict[str, CompiledCodebook] = {}


def _fingerprint(codebook: Codebook) -> str:
    return codebook.sha256 or hashlib.sha256(codebook.model_dump_json().encode()).hexdigest()


def compile_codebook(codebook: Codebook) -> CompiledCodebook:
    """The compiled form of a codebook, cached by content hash."""
    key = _fingerprint(codebook)
    hit = _COMPILED.get(key)
    if hit is None:
        hit = _COMPILED[key] = CompiledCodebook(codebook)
    return hit


def _unusual_forms(norm: str) -> list[str]:
    """Tokens that lookup normalises further (Latin look-alikes inside Cyrillic words, soft
    hyphens, Kazakh letters in Russian text): they must be classified before the fast set
    test can trust the trigger forms. They are rare, so they are found from the characters
    outwards, all in one compiled pass (:func:`~talentflow.nlp.scan.char_positions`)."""
    n = len(norm)
    positions = [i for i in char_positions(norm, _SPECIAL_CHARS + _LATIN_LOOKALIKES)
                 if norm[i] in _SPECIAL_CHARS or (i > 0 and _is_cyr(norm[i - 1])) or (i + 1 < n and _is_cyr(norm[i + 1]))]
    out: list[str] = []
    last_end = -1
    for pos in positions:
        if pos < last_end:
            continue
        for tok in TOKEN_RE.finditer(norm, max(0, pos - 100), min(n, pos + 100)):
            if tok.start() <= pos < tok.end():
                out.append(tok.group())
                last_end = tok.end()
                break
    return out


def _is_cyr(ch: str) -> bool:
    return "\u0400" <= ch <= "\u04ff"


def _hits(
    matcher: TermMatcher, norm: str, start: int, end: int, forms: list[str] | None = None, any_hit: bool = False,
) -> tuple[dict[str, list[Hit]], dict[str, list[Hit]]]:
    """Category and cue hits in ``norm[start:end]`` (none at all when no category matched,
    unless ``any_hit``: a list item reads its opening line's categories with its own cues).
    ``forms``: the sentence's tokens, where the caller has them (a matcher that learns); else
    the matcher tokenises and matches in one pass (:meth:`TermMatcher.sentence_hits`)."""
    # category and cue terms in one pass, grouped into hits by a compiled loop
    if forms is None:
        grouped = matcher.sentence_hits(norm, start, end, any_hit, Hit)
    else:
        grouped = matcher.find_hits(forms, norm, start, end, any_hit, Hit)
    if grouped is None:
        return {}, {}
    cats, cues = grouped
    # a "%" looked for first: a plain character search, where the pattern tests every digit
    pct = PERCENT_RE.search(norm, start, end) if norm.find("%", start, end) >= 0 else None
    if pct:
        cues.setdefault("target", []).append(Hit("target", "%", pct.start(), pct.end()))
    return cats, cues


def _paragraph_has_target(matcher: TermMatcher, norm: str, start: int, end: int) -> bool:
    if norm.find("%", start, end) >= 0 and PERCENT_RE.search(norm, start, end):
        return True
    forms = tokens(norm, start, end)
    matcher.learn(forms)
    if matcher.trigger_forms.get("target", set()).isdisjoint(forms):
        return False
    return any(matcher.terms[m.term].owner == "target" for m in matcher.find(forms, only="cue"))


class _Entry:
    """A language's matcher in one document, with what the sentence loop asks of it: its
    category trigger forms, whether sentences need learning, and (where they do not) the
    trigger test, made again whenever the trigger forms have grown."""

    __slots__ = ("matcher", "triggers", "needs_learning", "size", "any_trigger", "first_trigger")

    def __init__(self, matcher: TermMatcher) -> None:
        self.matcher = matcher
        self.triggers = matcher.trigger_forms["category"]
        self.needs_learning = matcher.needs_learning
        self.refresh()

    def refresh(self) -> None:
        self.size = len(self.triggers)
        token_set = self.matcher.trigger_set("category")
        self.any_trigger = token_set.any_in
        self.first_trigger = token_set.first_in


def code_document(document: Document, compiled: CompiledCodebook) -> CodedDocument:
    """Code one document's sentences with a compiled codebook."""
    text = document.text
    norm = normalize_text(text)
    segments: list[CodedSegment] = []
    all_codes = []
    target_cache: dict[tuple[int, str], bool] = {}
    unusual: list[str] | None = None

    rank: dict[str, int] = {}
    for k, cid in enumerate(compiled.category_ids):
        rank.setdefault(cid, k)  # the first index, as list.index gives
    # language → its matcher's entry (None: no matcher for that language)
    per_language: dict[str, _Entry | None] = {}
    current: str | None = None  # the language of the previous sentence, when it was decided
    entry: _Entry | None = None
    # The opening line of a list in a law ("В упрощенном порядке в гражданство принимаются:")
    # holds what each item is about: its hits are read with every item that follows.
    lead: tuple[int, dict[str, list[Hit]], dict[str, list[Hit]]] | None = None
    item_paragraph = item_marker = -1
    # Kazakh in the Latin alphabet ("shetelge ketýin") is read through its Cyrillic spelling
    latin_kk = bool(char_positions(norm, kazakh.LATIN_MARKS, 1))
    sentences = document.sentences if isinstance(document.sentences, list) else list(document.sentences)
    count = len(sentences)
    k = -1
    passed, passed_language = -1, None  # the sentence a run scan stopped at, and the run's language
    while True:
        k += 1
        if (lead is None and current is not None and entry is not None and not latin_kk
                and not entry.needs_learning):
            # A run of sentences in the previous sentence's language, outside a list, none
            # holding a trigger: the loop body would pass over each (nothing changes), so one
            # compiled scan passes over the run.
            if len(entry.triggers) != entry.size:
                entry.refresh()
            k = passed = entry.first_trigger(sentences, k, norm, current)
            passed_language = current
        if k >= count:
            break
        sent = sentences[k]
        item = False
        if lead is not None and sent.paragraph != lead[0]:
            if sent.paragraph == item_paragraph:
                item = True
            elif (marker := _ITEM.match(norm, sent.start, sent.end)) is not None:
                item, item_paragraph, item_marker = True, sent.paragraph, marker.end()
            else:
                lead = None
        lang = sent.language
        if latin_kk and kazakh.latin_kazakh(norm[sent.start : sent.end]):
            norm = norm[: sent.start] + kazakh.latin_to_cyrillic(norm[sent.start : sent.end]) + norm[sent.end :]
            lang = "kk"
        if lang == current:
            pass  # same language as the sentence before: same entry
        elif (entry := per_language.get(lang, False)) is False:
            matcher = compiled.matcher_for(lang, text[sent.start : min(sent.end, sent.start + 200)])
            entry = None
            if matcher is not None:
                if not matcher.needs_learning:
                    if unusual is None:
                        unusual = _unusual_forms(norm)
                    matcher.learn(unusual)
                entry = _Entry(matcher)
            if lang != "und":  # undecided sentences pick a matcher by their own script
                per_language[lang] = entry
        current = lang if lang != "und" else None
        if entry is None:
            continue
        matcher = entry.matcher
        start, end = sent.start, sent.end
        forms = None
        if entry.needs_learning:
            forms = tokens(norm, start, end)
            matcher.learn(forms)
            if entry.triggers.isdisjoint(forms) and not item:
                continue
        else:
            # One scan of the sentence's characters looking its tokens up in the trigger forms
            # (all known in advance); only a sentence holding the anchor word of a category
            # term goes further.
            if len(entry.triggers) != entry.size:
                entry.refresh()
            # (a sentence the run scan stopped at in the run's language holds one: not scanned again)
            if not (k == passed and lang == passed_language) and not entry.any_trigger(norm, start, end) and not item:
                continue
        if item and _DELETED.match(norm, start, end):
            continue  # a deleted item of the list: nothing to code, the list goes on
        cats, cues = _hits(matcher, norm, start, end, forms, any_hit=item)
        if item and lead is not None:
            # carried hits point at the item's marker ("1)"), the nearest place they apply to
            at = sent.start
            span_end = item_marker if at < item_marker <= sent.end else min(sent.end, at + 1)
            for store, carried in ((cats, lead[1]), (cues, lead[2])):
                for owner, hits in carried.items():
                    store.setdefault(owner, []).extend(make_hit(h.owner, h.term, at, span_end) for h in hits)
        elif cats and text[start:end].rstrip().endswith(":"):
            skip = compiled.uncarried
            lead = (sent.paragraph, {k: list(v) for k, v in cats.items() if k not in skip},
                    {k: list(v) for k, v in cues.items() if (k in _CARRIED_CUES or k.startswith("@")) and k not in skip})
        if not cats:
            continue
        if compiled.frames and not any(k[:1] != PREFIX for k in cats) and not may_complete(
            compiled.frames, compiled.frame_anchors, cats, cues
        ):
            continue  # only frame anchors, and no frame has all its slots: nothing to code
        breaks = clause_breaks(norm, start, end)
        if not compiled.has_rules:
            caps = None
        elif only_removes_slots(compiled.frames, compiled.frame_anchors, cats, cues, matcher.language):
            # no frame can fire and no boundary or Kazakh rule applies: only the slot hits go
            remove_slots(cats, cues)
            caps = {}
        else:
            caps = apply_frames(compiled.frames, compiled.keep, cats, cues, breaks, norm, matcher.language,
                                compiled.frame_anchors)
        if not cats:
            continue

        def paragraph_target(p: int = sent.paragraph, m: TermMatcher = matcher, norm: str = norm) -> bool:
            key = (p, m.language)
            if key not in target_cache:
                para = document.paragraphs[p] if 0 <= p < len(document.paragraphs) else None
                target_cache[key] = bool(para) and _paragraph_has_target(m, norm, para.start, para.end)
            return target_cache[key]

        def quantity_hits(start: int = start, end: int = end, norm: str = norm) -> list[Hit]:
            # a number stating an amount or a count: looked for only when an instrument is near
            return [make_hit("quantity", "<quantity>", s, e) for s, e in quantities(norm, start, end)]

        codes = sentence_codes(cats, cues, breaks, paragraph_target, caps, quantity_hits, compiled.own_instruments)
        if compiled.max_levels and any(c.level > compiled.max_levels.get(c.category, 4) for c in codes):
            codes = [Code(c.category, compiled.max_levels[c.category], c.gap, c.rule + " (category cap)", c.term,
                          c.start, c.end) if c.level > compiled.max_levels.get(c.category, 4) else c for c in codes]
        if (
            any(c.level > 1 for c in codes)
            and (dm := _DEFINITION.match(norm, sent.start, sent.end)) is not None
            and not any(i.start < dm.end() for i in cues.get("instrument", ()))
        ):  # a definition of people ("кандас – …"), not of an instrument ("грант «Өркен» – …")
            codes = [Code(c.category, 1, c.gap, c.rule + " (definition)", c.term, c.start, c.end) if c.level > 1 else c
                     for c in codes]
        all_codes.extend(codes)
        if len(codes) > 1:
            codes = sorted(codes, key=lambda c: rank[c.category])
        segments.append(
            CodedSegment(
                start=sent.start,
                end=sent.end,
                text=text[sent.start : sent.end],
                language=sent.language,
                paragraph=sent.paragraph,
                part=sent.part,
                codes=codes,
            )
        )
    levels, gaps = document_levels(compiled.category_ids, all_codes)
    return CodedDocument(document=document, segments=segments, levels=levels, gaps=gaps)


_WORKER: CompiledCodebook | None = None


def _init_worker(codebook: Codebook) -> None:
    global _WORKER
    _WORKER = compile_codebook(codebook)


def _work(document: Document) -> CodedDocument:
    assert _WORKER is not None
    with gc_paused():
        return code_document(document, _WORKER)


def code_documents(
    documents: Iterable[Document],
    codebook: Codebook | None = None,
    workers: int = 1,
    progress: Progress | None = None,
) -> list[CodedDocument]:
    """Code documents, in their order; ``workers > 1`` spreads documents over processes.

    ``progress(done, total)`` is called after each document. ``workers <= 0`` means one
    process per CPU.
    """
    docs: Sequence[Document] = list(documents)
    book = codebook if codebook is not None else load_codebook()
    if workers <= 0:
        workers = os.cpu_count() or 1
    workers = min(workers, max(1, len(docs)))
    out: list[CodedDocument] = []
    if workers == 1:
        compiled = compile_codebook(book)
        with gc_paused():
            for doc in docs:
                out.append(code_document(doc, compiled))
                if progress:
                    progress(len(out), len(docs))
        return out
    # Compiled here first: forked workers inherit it (the initializer then finds it cached
    # instead of expanding the lexicon again in every process).
    compile_codebook(book)
    chunksize = max(1, len(docs) // (workers * 4))
    with ProcessPoolExecutor(max_workers=workers, initializer=_init_worker, initargs=(book,)) as pool:
        for coded in pool.map(_work, docs, chunksize=chunksize):
            out.append(coded)
            if progress:
                progress(len(out), len(docs))
    return out
