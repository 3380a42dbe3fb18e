"""Multi-word term matching over tokens, per language, with a form → word-slot cache.

Every distinct word of the lexicon (after per-language keying) is a *slot*; a term is a
sequence of slots. A text form is classified once into the slots it fills (Russian: a
dictionary hit among the pre-expanded forms; Kazakh: any stripped stem equal to a lexicon
lemma, or a lexicon stem of ≥ 4 letters it starts with; English: the Snowball stem; any
language: "stem*" prefixes, ``<NUM>`` numbers) and the answer is cached, so the cost per
token is a dictionary lookup. Sentences without the anchor word (the longest word) of any
category term are rejected before any Python loop runs: by one scan of the sentence's
characters against :meth:`TermMatcher.trigger_set` where the anchor forms are complete after
expansion (Russian: unseen text forms need no classification at all on that path), else by
one C-level set test on its classified tokens. The sequence loop itself is
:func:`talentflow.nlp.sequences.find_sequences`.

Terms match in order with at most ``MAX_GAP`` other tokens between consecutive words.
Overlapping matches all count: "миграционная политика" and a shorter "политика" in the same
place are both reported, because they may belong to different categories or cues and the
levels are decided per category, not per word.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from talentflow.nlp import english, kazakh, russian, sequences
from talentflow.nlp.normalize import normalize_word
from talentflow.nlp.scan import TokenSet, token_slots, token_spans
from talentflow.nlp.sequences import classify_unseen, find_sequences, group_hits
from talentflow.nlp.tokens import TOKEN_RE

#: Largest number of other tokens allowed between two consecutive words of a term.
MAX_GAP = 3
#: Kazakh lexicon lemmas at least this long also match as prefixes (маман → мамандардың).
KK_PREFIX_MIN = 4
NUM = "<num>"
_GAP_MARKS = re.compile(r"\s*(?:\.\.\.|…)\s*")
_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")
_KK_LETTERS = re.compile("[әғқңөұүһі]")
_KK_TO_RU = str.maketrans("әғқңөұүһі", "агкноуухи")
#: Lower-case Russian letters without ё: a word made only of them is left as it is by
#: ``normalize_word`` (no case, quote, soft hyphen or script to change).
_PLAIN_LETTERS = "абвгдежзийклмнопрстуфхцчшщъыьэюя"


@dataclass(frozen=True)
class TermSpec:
    """A lexicon entry: its text as written and who it belongs to (category or cue kind)."""

    owner: str  # category id, or cue kind ("intention", "instrument", …)
    kind: str  # "category" | "cue"
    text: str


@dataclass(frozen=True)
class Match:
    """A term found in text: the term's index in the matcher, and token and char spans."""

    term: int
    first: int  # index of the first matched token
    last: int  # index of the last matched token
    start: int
    end: int


def _match(term: int, first: int, last: int, start: int, end: int, _new=object.__new__,
           _set=object.__setattr__) -> Match:
    """``Match(term, first, last, start, end)``, the same object built without the frozen
    dataclass's field-by-field ``__init__``."""
    match = _new(Match)
    _set(match, "__dict__", {"term": term, "first": first, "last": last, "start": start, "end": end})
    return match


def term_words(text: str) -> list[str]:
    """The words of a lexicon entry; gap marks ("…", "...") and punctuation are dropped."""
    text = _GAP_MARKS.sub(" ", text)
    words = []
    for raw in text.split():
        if raw.lower() == "<num>":
            words.append(NUM)
            continue
        star = raw.endswith("*")
        toks = TOKEN_RE.findall(raw.rstrip("*"))
        for i, t in enumerate(toks):
            w = normalize_word(t)
            words.append(w + "*" if star and i == len(toks) - 1 else w)
    return words


class TermMatcher:
    """Finds the terms of one language in tokenised, normalised text."""

    def __init__(self, language: str, terms: Sequence[TermSpec]) -> None:
        self.language = language
        self.terms = list(terms)
        #: Per term: (whether it is a category term, its owner, its text), for the hit loop.
        self.term_info = [(t.kind == "category", t.owner, t.text) for t in self.terms]
        self._exact: dict[str, set[int]] = {}  # lookup key → slots
        self._prefix: dict[str, set[int]] = {}  # explicit "stem*" → slots
        self._kk_prefix: dict[str, set[int]] = {}  # implicit Kazakh stem prefixes
        self._num_slots: set[int] = set()
        slot_of: dict[str, int] = {}
        self.sequences: list[tuple[int, ...]] = []
        self.first_index: dict[int, list[int]] = {}
        for ti, spec in enumerate(self.terms):
            seq = []
            for w in term_words(spec.text):
                if w not in slot_of:
                    slot_of[w] = len(slot_of)
                    self._register(w, slot_of[w])
                seq.append(slot_of[w])
            self.sequences.append(tuple(seq))
            if seq:
                self.first_index.setdefault(seq[0], []).append(ti)
        # The sequence loop runs over distinct word sequences: a word sequence that is a term
        # of several owners (a frame slot word such as "миграция" fills a slot of four frames,
        # and may be a category term too) is matched once, then reported once per term.
        unique: dict[tuple[int, ...], int] = {}
        self._unique: list[tuple[int, ...]] = []
        terms_of: list[list[int]] = []
        for ti, seq in enumerate(self.sequences):
            if seq:
                u = unique.setdefault(seq, len(unique))
                if u == len(self._unique):
                    self._unique.append(seq)
                    terms_of.append([])
                terms_of[u].append(ti)
        #: Per kind ("all", "category", "cue"): the terms of that kind of each distinct sequence.
        self._owners: dict[str, list[tuple[int, ...]]] = {
            "all": [tuple(ts) for ts in terms_of],
            "category": [tuple(ti for ti in ts if self.terms[ti].kind == "category") for ts in terms_of],
            "cue": [tuple(ti for ti in ts if self.terms[ti].kind != "category") for ts in terms_of],
        }
        self._rests = [seq[2:] for seq in self._unique]  # the words after the second, per sequence
        self._groups = {}
        self._first_slots = {}
        for kind, owners in self._owners.items():
            index: dict[int, list[int]] = {}
            for u, seq in enumerate(self._unique):
                if owners[u]:
                    index.setdefault(seq[0], []).append(u)
            self._groups[kind] = self._grouped(index, self._unique)
            self._first_slots[kind] = set(index)
        self._first_forms: dict[str, set[str]] = {k: set() for k in self._first_slots}
        self._prefix_lengths = sorted({len(p) for p in self._prefix} | {len(p) for p in self._kk_prefix})
        self.cache: dict[str, tuple[int, ...]] = {}
        #: The cached forms that fill some slot: a few thousand, against the cache's every form
        #: seen, so a lookup stays in the processor's caches (:func:`sequences.sentence_hits`).
        self.slotted: dict[str, tuple[int, ...]] = {}
        self.known: set[str] = set()  # the cache's keys, as a set for C-level subset tests
        # The anchor of a term is its longest word: a sentence without a form filling the
        # anchor cannot hold the term. Anchoring on the first word instead would make every
        # sentence with "с" a candidate for "с целью получения образования".
        self._kind_anchor: dict[str, set[int]] = {}
        for ti, seq in enumerate(self.sequences):
            if seq:
                key = "category" if self.terms[ti].kind == "category" else self.terms[ti].owner
                words = term_words(self.terms[ti].text)
                anchor = max(range(len(seq)), key=lambda k: (words[k] != NUM, len(words[k]), k))
                self._kind_anchor.setdefault(key, set()).add(seq[anchor])
        #: Forms that can fill the anchor of a term of a kind ("category" or a cue kind).
        self.trigger_forms: dict[str, set[str]] = {k: set() for k in self._kind_anchor}
        self._trigger_sets: dict[str, tuple[int, TokenSet]] = {}
        # Where text forms are the lookup keys (Russian after expansion), every trigger form is
        # known now and sentences need no learning step; stems and prefixes need one.
        variable = self._num_slots | {s for v in self._prefix.values() for s in v}
        variable |= {s for v in self._kk_prefix.values() for s in v}
        self.needs_learning = self.language in ("kk", "en") or bool(variable & self._kind_anchor.get("category", set()))
        #: Prefix lengths, where an unseen plain Russian word can fill a slot only by a "stem*"
        #: prefix (every exact key classified up front, no Kazakh prefixes); else None.
        self._plain_prefixes: list[int] | None = None
        if self._kk_prefix:
            kazakh.hunspell_stems()  # read once with the codebook, not at the first Kazakh word
        if not self.needs_learning:
            for key in list(self._exact):
                self.classify(key)
            if self.language == "ru" and not self._kk_prefix:
                self._plain_prefixes = self._prefix_lengths
        #: Where every exact key is classified and only "stem*" prefixes can give an unseen plain
        #: word a slot: the compiled filter that rules most plain words out by their letters
        #: (:func:`talentflow.nlp.sequences.sentence_hits`).
        self._plain_filter = None
        if self._plain_prefixes is not None and sequences.PlainFormFilter is not None:
            self._plain_filter = sequences.PlainFormFilter(self._exact, self._prefix)

    # -- building -------------------------------------------------------------------------
    def _register(self, word: str, slot: int) -> None:
        if word == NUM:
            self._num_slots.add(slot)
            return
        if word.endswith("*") and len(word) > 1:
            self._prefix.setdefault(word[:-1], set()).add(slot)
            return
        for key in self._word_keys(word):
            self._exact.setdefault(key, set()).add(slot)
        if self.language == "kk" and len(word) >= KK_PREFIX_MIN and "-" not in word:
            self._kk_prefix.setdefault(word, set()).add(slot)

    def _word_keys(self, word: str) -> Iterable[str]:
        if self.language == "ru" and word.isalpha():
            return russian.expand_word(word)
        if self.language == "en":
            return (english.stem(word),)
        if self.language == "kk" and (stem := kazakh.verb_lemma_stem(word)) is not None:
            return (word, stem)  # a verbal noun also matches the verb's finite forms
        return (word,)

    def _form_keys(self, form: str) -> Iterable[str]:
        if self.language == "en":
            return (english.stem(form),)
        if self.language == "kk":
            return kazakh.stem_candidates(form)
        if self.language == "ru" and _KK_LETTERS.search(form):
            # Kazakh words inside Russian text keep their letters ("қандасов", "Болашақ").
            return (form, form.translate(_KK_TO_RU))
        return (form,)

    # -- classification -------------------------------------------------------------------
    def classify(self, form: str) -> tuple[int, ...]:
        """Slots a text form fills (cached)."""
        hit = self.cache.get(form)
        if hit is not None:
            return hit
        plain = not form.strip(_PLAIN_LETTERS)
        if plain and self._plain_prefixes is not None:
            # Russian after expansion: a plain word not classified yet is no lookup key (every
            # key was classified up front) and holds no digit; only a "stem*" prefix can
            # give it a slot, and most words start with none.
            # (a prefix longer than the word cannot be one of it)
            prefix = self._prefix
            size = len(form)
            for n in self._plain_prefixes:
                if n > size or form[:n] in prefix:
                    break
            else:
                n = 0
            if n == 0 or n > size:
                self.cache[form] = ()
                self.known.add(form)
                return ()
        # a word of plain lower-case Russian letters is its own lookup key (nothing to normalise)
        word = form if plain else normalize_word(form)
        slots: set[int] = set()
        for key in self._form_keys(word):
            s = self._exact.get(key)
            if s:
                slots |= s
        prefix, kk_prefix = self._prefix, self._kk_prefix
        for n in self._prefix_lengths:
            if n > len(word):
                break
            p = word[:n]
            s = prefix.get(p)
            if s:
                slots |= s
            if kk_prefix:
                s = kk_prefix.get(p)
                if s and n < len(word) and kazakh.prefix_ok(word, p):
                    slots |= s
        if self._num_slots and word[:1].isdigit() and _NUMBER.fullmatch(word):
            slots |= self._num_slots
        result = tuple(sorted(slots))
        self.cache[form] = result
        self.known.add(form)
        if result:
            self.slotted[form] = result
            for kind, firsts in self._first_slots.items():
                if not firsts.isdisjoint(result):
                    self._first_forms[kind].add(form)
            for kind, anchors in self._kind_anchor.items():
                if not anchors.isdisjoint(result):
                    self.trigger_forms[kind].add(form)
        return result

    def _classify_new(self, forms: Sequence[str], slots_of: list[tuple[int, ...] | None]) -> list[tuple[int, ...]]:
        """``slots_of`` with the forms not classified yet classified. Most of them, in
        Russian after expansion, are plain words that no "stem*" prefix starts: they fill no
        slot, and :func:`~talentflow.nlp.sequences.classify_unseen` caches them as such
        without a call of :meth:`classify` each (the same answer; a triggering sentence
        brings several unseen words)."""
        classify = self.classify
        if self._plain_prefixes is None:
            return [classify(f) if s is None else s for f, s in zip(forms, slots_of, strict=True)]
        return classify_unseen(forms if isinstance(forms, list) else list(forms), slots_of, self._prefix, self._plain_prefixes, self.cache, self.known,
                               classify)

    def trigger_set(self, kind: str) -> TokenSet:
        """The forms that can fill the anchor of a term of ``kind``, as a :class:`TokenSet`
        for scanning text (made again when classification has added forms since)."""
        forms = self.trigger_forms[kind]
        hit = self._trigger_sets.get(kind)
        if hit is None or hit[0] != len(forms):
            hit = self._trigger_sets[kind] = (len(forms), TokenSet(forms))
        return hit[1]

    def learn(self, forms: Sequence[str]) -> None:
        """Classify the forms not seen yet; a C-level subset test when all are known."""
        if self.known.issuperset(forms):
            return
        for form in set(forms).difference(self.known):
            self.classify(form)

    # -- matching -------------------------------------------------------------------------
    def find(
        self,
        forms: Sequence[str],
        spans: Sequence[tuple[int, int]] | None = None,
        only: str | None = None,
    ) -> list[Match]:
        """All term occurrences in a token sequence of normalised text forms.

        ``spans`` gives each token's (start, end) for the match offsets (else -1); ``only``
        restricts the search to category terms ("category") or cue terms ("cue").
        """
        cache = self.cache
        slots_of = list(map(cache.get, forms))
        if None in slots_of:  # forms not classified yet
            slots_of = self._classify_new(forms, slots_of)
        kind = only or "all"
        return find_sequences(forms, slots_of, self._first_forms[kind], self._groups[kind], self._rests, MAX_GAP,
                              spans, _match, self._owners[kind])

    def find_hits(
        self, forms: Sequence[str], text: str, start: int, end: int, any_hit: bool, hit_type: type,
        slots_of: list[tuple[int, ...] | None] | None = None,
    ) -> tuple[dict[str, list[Any]], dict[str, list[Any]]] | None:
        """The terms of all kinds in the tokens ``forms`` of ``text[start:end]``, as hits
        (``hit_type``) grouped by owner, category terms apart from cue terms; None when no
        category term matched and not ``any_hit`` (:func:`~talentflow.nlp.sequences.group_hits`).
        The same matches as :meth:`find`, without a :class:`Match` object each. ``slots_of``:
        ``self.cache.get`` of each form, where the caller has it
        (:func:`~talentflow.nlp.scan.token_slots`)."""
        if slots_of is None:
            slots_of = list(map(self.cache.get, forms))
        if None in slots_of:  # forms not classified yet
            slots_of = self._classify_new(forms, slots_of)
        found = find_sequences(forms, slots_of, self._first_forms["all"], self._groups["all"], self._rests, MAX_GAP,
                               None, None, self._owners["all"])
        return group_hits(found, self.term_info, token_spans, text, start, end, any_hit, hit_type)

    def sentence_hits(
        self, text: str, start: int, end: int, any_hit: bool, hit_type: type,
    ) -> tuple[dict[str, list[Any]], dict[str, list[Any]]] | None:
        """:meth:`find_hits` of the tokens of ``text[start:end]``, for a matcher that needs no
        learning step (every trigger form known in advance). Where the compiled loops were
        built, one pass does it all (:func:`talentflow.nlp.sequences.sentence_hits`): a
        sentence that reaches matching holds a trigger, and there the separate steps (token
        list, slot list, sequence loop, a second scan for the token offsets, hits) cost more
        in lists and tuples made and read again than in the matching itself; else the plain
        steps one after the other."""
        if sequences.sentence_hits is None:
            forms, slots_of = token_slots(text, start, end, self.cache)
            return self.find_hits(forms, text, start, end, any_hit, hit_type, slots_of)
        return sequences.sentence_hits(text, start, end, self.cache, self.classify, self._plain_filter,
                                       self.slotted, self._groups["all"], self._rests, MAX_GAP, self._owners["all"], self.term_info,
                                       any_hit, hit_type)

    @staticmethod
    def _grouped(index: dict[int, list[int]], sequences: list[tuple[int, ...]]) -> dict[int, tuple]:
        """First slot → (one-word sequences, second slot → sequences, the second slots as a set)."""
        out: dict[int, tuple] = {}
        for first, terms in index.items():
            singles = [ti for ti in terms if len(sequences[ti]) == 1]
            by_second: dict[int, list[int]] = {}
            for ti in terms:
                if len(sequences[ti]) > 1:
                    by_second.setdefault(sequences[ti][1], []).append(ti)
            out[first] = (singles, by_second, frozenset(by_second))
        return out
