# cython: language_level=3
"""Compiled twin of :func:`talentflow.nlp.sequences.find_sequences` (same matches, same order).

The containers are the matcher's own Python ones; what compiling buys is the loop itself:
positions as C integers, direct list and dict access, and bisection without a call.
"""

from cpython.dict cimport PyDict_GetItem
from cpython.list cimport PyList_GET_ITEM, PyList_GET_SIZE
from cpython.tuple cimport PyTuple_GET_ITEM, PyTuple_GET_SIZE
from cpython.ref cimport PyObject
from cpython.set cimport PySet_Contains


cdef inline Py_ssize_t _bisect_right(list a, Py_ssize_t x):
    cdef Py_ssize_t lo = 0, hi = PyList_GET_SIZE(a), mid
    while lo < hi:
        mid = (lo + hi) >> 1
        if x < <Py_ssize_t>(<object>PyList_GET_ITEM(a, mid)):
            hi = mid
        else:
            lo = mid + 1
    return lo


cdef inline Py_ssize_t _item(list a, Py_ssize_t k):
    return <Py_ssize_t>(<object>PyList_GET_ITEM(a, k))


def find_sequences(list forms not None, list slots_of not None, firsts, dict groups not None,
                   list rests not None, Py_ssize_t max_gap, spans, make, owners=None):
    """Every occurrence, as ``make(term, first token, last token, start, end)``; see the twin
    :func:`talentflow.nlp.sequences.find_sequences` for the arguments. The matcher's structures
    are trusted to be consistent (a second slot of ``groups`` is a key of its terms by second
    slot), as :class:`~talentflow.nlp.matcher.TermMatcher` builds them."""
    cdef Py_ssize_t n = PyList_GET_SIZE(forms), k, i, j, x, after_second, m
    cdef list positions = []
    cdef dict where = {}
    cdef list out = [], found, at, singles, terms
    cdef list owner_list = owners
    cdef bint shared = owners is not None
    cdef tuple slots, group
    cdef dict by_second
    cdef PyObject* hit
    if PyList_GET_SIZE(slots_of) != n:
        raise ValueError("one slot tuple per form is needed")
    for k in range(n):
        if PySet_Contains(firsts, <object>PyList_GET_ITEM(forms, k)):
            positions.append(k)
    if not positions:
        return out
    for k in range(n):
        slots = <tuple?>PyList_GET_ITEM(slots_of, k)
        for slot in slots:
            hit = PyDict_GetItem(where, slot)
            if hit is NULL:
                where[slot] = [k]
            else:
                (<list>hit).append(k)
    for i in positions:
        slots = <tuple?>PyList_GET_ITEM(slots_of, i)
        for slot in slots:
            hit = PyDict_GetItem(groups, slot)
            if hit is NULL:
                continue
            group = <tuple?>hit
            singles = <list?>group[0]
            by_second = <dict?>group[1]
            if shared:
                found = []
                for u in singles:
                    for ti in <tuple?>PyList_GET_ITEM(owner_list, <Py_ssize_t>u):
                        found.append((ti, i))
            else:
                found = [(ti, i) for ti in singles]
            for second in where:
                if second not in group[2]:
                    continue
                at = <list>PyDict_GetItem(where, second)
                x = _bisect_right(at, i)
                m = PyList_GET_SIZE(at)
                # the first occurrence after i, at most max_gap words further
                if x == m or _item(at, x) > i + 1 + max_gap:
                    continue
                after_second = _item(at, x)
                hit = PyDict_GetItem(by_second, second)
                if hit is NULL:
                    raise KeyError(second)
                terms = <list?>hit
                for ti in terms:
                    j = after_second
                    for want in <tuple?>rests[ti]:
                        hit = PyDict_GetItem(where, want)
                        if hit is not NULL:
                            at = <list>hit
                            x = _bisect_right(at, j)
                            if x < PyList_GET_SIZE(at) and _item(at, x) <= j + 1 + max_gap:
                                j = _item(at, x)
                                continue
                        j = -1
                        break
                    if j >= 0:
                        if shared:
                            for t in <tuple?>PyList_GET_ITEM(owner_list, <Py_ssize_t>ti):
                                found.append((t, j))
                        else:
                            found.append((ti, j))
            if len(found) > 1:
                found.sort()
            for ti, j in found:
                if make is None:
                    out.append((ti, i, j))
                elif spans is None:
                    out.append(make(ti, i, j, -1, -1))
                else:
                    out.append(make(ti, i, j, spans[i][0], spans[j][1]))
    return out


cdef inline bint _plain(str f):
    cdef Py_UCS4 ch
    for ch in f:
        if ch < 0x0430 or ch > 0x044F:
            return False
    return True


def classify_unseen(list forms not None, list slots_of not None, dict prefix not None, list lengths not None,
                    dict cache not None, set known not None, classify):
    """Compiled twin of :func:`talentflow.nlp.sequences.classify_unseen` (same answers, same
    cache entries)."""
    cdef Py_ssize_t n = PyList_GET_SIZE(forms), k, size, m, nl = PyList_GET_SIZE(lengths), q
    cdef list out = []
    cdef str f
    cdef object s
    cdef tuple empty = ()
    if PyList_GET_SIZE(slots_of) != n:
        raise ValueError("one slot entry per form is needed")
    for k in range(n):
        s = <object>PyList_GET_ITEM(slots_of, k)
        if s is None:
            f = <str?>PyList_GET_ITEM(forms, k)
            if not _plain(f):
                s = classify(f)
            else:
                size = len(f)
                for q in range(nl):
                    m = <Py_ssize_t>(<object>PyList_GET_ITEM(lengths, q))
                    if m > size:
                        break
                    if f[:m] in prefix:
                        s = classify(f)
                        break
                if s is None:
                    cache[f] = empty
                    known.add(f)
                    s = empty
        out.append(s)
    return out



cdef extern from "Python.h":
    int PyObject_GenericSetDict(object obj, object value, void* context) except -1
    int PyObject_GenericSetAttr(object obj, object name, object value) except -1

_NEW = object.__new__


def group_hits(list found not None, list info not None, spans_of, str text not None, Py_ssize_t start,
               Py_ssize_t end, bint any_hit, hit_type):
    """Compiled twin of :func:`talentflow.nlp.sequences.group_hits` (the same hits, in the same
    order)."""
    cdef Py_ssize_t n = PyList_GET_SIZE(found), k, last = -1, i, j, ti
    cdef tuple m, entry, span_i, span_j
    cdef list spans
    cdef dict cats, cues, target
    cdef PyObject* got
    cdef object owner, hit
    cdef bint category = False
    if n == 0:
        return None
    for k in range(n):
        m = <tuple?>PyList_GET_ITEM(found, k)
        ti = m[0]
        if (<tuple?>PyList_GET_ITEM(info, ti))[0]:
            category = True
        j = m[2]
        if j > last:
            last = j
    if not category and not any_hit:
        return None
    spans = spans_of(text, start, end, last + 1)
    cats = {}
    cues = {}
    for k in range(n):
        m = <tuple>PyList_GET_ITEM(found, k)
        ti, i, j = m[0], m[1], m[2]
        entry = <tuple?>PyList_GET_ITEM(info, ti)
        target = cats if entry[0] else cues
        owner = entry[1]
        span_i = <tuple?>spans[i]
        span_j = <tuple?>spans[j]
        hit = _NEW(hit_type)
        # object.__setattr__(hit, "__dict__", …), past the frozen class's __setattr__
        PyObject_GenericSetDict(hit, {"owner": owner, "term": entry[2], "start": span_i[0], "end": span_j[1]}, NULL)
        got = PyDict_GetItem(target, owner)
        if got is NULL:
            target[owner] = [hit]
        else:
            (<list>got).append(hit)
    return cats, cues


from cpython.mem cimport PyMem_Free, PyMem_Malloc, PyMem_Realloc
from cpython.unicode cimport PyUnicode_DATA, PyUnicode_GET_LENGTH, PyUnicode_KIND, PyUnicode_READ

from talentflow.nlp._tokens cimport _next_token, _sketch, _span_sketch2

cdef extern from "Python.h":
    object PyUnicode_Substring(object text, Py_ssize_t start, Py_ssize_t end)

cdef enum:
    _MAX_PREFIX_LENGTHS = 64


cdef class PlainFormFilter:
    """Which plain Russian words (letters а-я only) fill a slot of a matcher that classified
    every exact key up front (:class:`~talentflow.nlp.matcher.TermMatcher` in Russian after
    expansion): such a word fills one only if it is an exact key or a "stem*" prefix starts it
    (then the matcher's ``slotted`` dictionary, of the forms with a slot, holds it once it was
    classified). 64-kbit sketches of the keys (two: ``_tokens._sketch`` and ``_sketch2``) and
    of the prefixes (first letter, last letter, length) rule out most other words from their
    characters alone, so :func:`sentence_hits` makes no string of them; the rest are looked
    up in ``slotted``, a few thousand forms, not in the form cache of every word ever seen,
    whose lookups miss the processor's caches. The sketches only ever say "certainly no slot"."""

    cdef unsigned char keys[8192]
    cdef unsigned char keys2[8192]  # the second sketch of the keys (``_tokens._sketch2``)
    cdef unsigned char prefixes[8192]
    cdef Py_ssize_t lengths[_MAX_PREFIX_LENGTHS]
    cdef Py_ssize_t nlengths
    cdef dict prefix

    def __init__(self, keys, prefixes):
        cdef str s
        cdef Py_ssize_t n, k
        cdef unsigned int h
        for k in range(8192):
            self.keys[k] = 0
            self.keys2[k] = 0
            self.prefixes[k] = 0
        for s in keys:
            n = len(s)
            if n:
                h = _sketch(s[0], s[n - 1], n)
                self.keys[h >> 3] |= 1 << (h & 7)
                h = _span_sketch2(PyUnicode_KIND(s), PyUnicode_DATA(s), 0, n)
                self.keys2[h >> 3] |= 1 << (h & 7)
        lengths = sorted({len(s) for s in prefixes if len(s)})
        if len(lengths) > _MAX_PREFIX_LENGTHS:
            raise ValueError(f"more than {_MAX_PREFIX_LENGTHS} prefix lengths")
        self.prefix = {p: True for p in prefixes}
        self.nlengths = len(lengths)
        for k, n in enumerate(lengths):
            self.lengths[k] = n
        for s in prefixes:
            n = len(s)
            if n:
                h = _sketch(s[0], s[n - 1], n)
                self.prefixes[h >> 3] |= 1 << (h & 7)

    def may_fill(self, str word not None):
        """Whether the sketches let the non-empty ``word`` through (False: certainly no key,
        and no prefix starts it); for the tests."""
        if not word:
            raise ValueError("an empty word")
        return self._may_fill(PyUnicode_KIND(word), PyUnicode_DATA(word), 0, PyUnicode_GET_LENGTH(word))

    cdef bint _may_fill(self, int kind, void* data, Py_ssize_t pos, Py_ssize_t stop) noexcept:
        """Whether the plain word ``text[pos:stop]`` may be a key or start with a prefix."""
        cdef Py_ssize_t size = stop - pos, k, n
        cdef Py_UCS4 first = PyUnicode_READ(kind, data, pos)
        cdef unsigned int h = _sketch(first, PyUnicode_READ(kind, data, stop - 1), size)
        if self.keys[h >> 3] & (1 << (h & 7)):
            h = _span_sketch2(kind, data, pos, stop)
            if self.keys2[h >> 3] & (1 << (h & 7)):
                return True
        for k in range(self.nlengths):
            n = self.lengths[k]
            if n > size:
                break
            h = _sketch(first, PyUnicode_READ(kind, data, pos + n - 1), n)
            if self.prefixes[h >> 3] & (1 << (h & 7)):
                return True
        return False

    cdef bint _prefixed(self, str text, int kind, void* data, Py_ssize_t pos, Py_ssize_t stop) except -1:
        """Whether a "stem*" prefix starts the plain word ``text[pos:stop]`` (the matcher's own
        test, ``form[:n] in prefix`` for the prefix lengths ``n`` up to the word's length)."""
        cdef Py_ssize_t size = stop - pos, k, n
        cdef Py_UCS4 first = PyUnicode_READ(kind, data, pos)
        cdef unsigned int h
        for k in range(self.nlengths):
            n = self.lengths[k]
            if n > size:
                break
            h = _sketch(first, PyUnicode_READ(kind, data, pos + n - 1), n)
            if self.prefixes[h >> 3] & (1 << (h & 7)) and PyUnicode_Substring(text, pos, pos + n) in self.prefix:
                return True
        return False


cdef inline bint _plain_span(int kind, void* data, Py_ssize_t pos, Py_ssize_t stop) noexcept:
    """Whether every character of the span is a lower-case а-я (U+0430-U+044F)."""
    cdef Py_UCS4 ch
    while pos < stop:
        ch = PyUnicode_READ(kind, data, pos)
        if ch < 0x0430 or ch > 0x044F:
            return False
        pos += 1
    return True


cdef void* _grow(void* block, size_t size) except NULL:
    cdef void* bigger = PyMem_Realloc(block, size)
    if bigger is NULL:
        raise MemoryError()
    return bigger


cdef Py_ssize_t _slot_between(PyObject** slot_refs, Py_ssize_t lo, Py_ssize_t hi, Py_ssize_t value) except? -2:
    """The first token in ``[lo, hi)`` whose slots (a tuple of ints) hold ``value``; -1 if none."""
    cdef Py_ssize_t p, k
    cdef tuple slots
    for p in range(lo, hi):
        slots = <tuple>slot_refs[p]
        for k in range(PyTuple_GET_SIZE(slots)):
            if <Py_ssize_t>(<object>PyTuple_GET_ITEM(slots, k)) == value:
                return p
    return -1


cdef tuple _EMPTY = ()


def sentence_hits(str text not None, Py_ssize_t start, Py_ssize_t end, dict cache not None, classify,
                  PlainFormFilter plain, dict slotted not None, dict groups not None, list rests not None, Py_ssize_t max_gap,
                  list owners not None, list info not None, bint any_hit, hit_type):
    """The hits of the terms in ``text[start:end]``, grouped by owner as ``(category hits, cue
    hits)``, or None: what :func:`find_sequences` (with ``owners``) and :func:`group_hits`
    give for the sentence's tokens and their slots (``cache.get`` of each form, ``classify``
    of the forms not in it), in one pass over the characters. The tokens' offsets stay C
    integers (no token tuples, no second scan for the spans); with ``plain`` (a
    :class:`PlainFormFilter`, for a matcher that classified every exact key up front) the
    plain words it rules out fill no slot without a string or a lookup, and the others are
    looked up in ``slotted`` (the cached forms with a slot) instead of ``cache``; the first token
    positions are the tokens with a slot that starts a term, which are those whose forms the
    matcher lists as first forms. :meth:`~talentflow.nlp.matcher.TermMatcher.sentence_hits`
    runs the plain twins step by step where this module was not built; a test compares the
    two on every sentence of the corpus."""
    cdef int kind = PyUnicode_KIND(text)
    cdef void* data = PyUnicode_DATA(text)
    cdef Py_ssize_t n = PyUnicode_GET_LENGTH(text)
    cdef Py_ssize_t pos, stop, ntok = 0, cap = 64, k, i, j, p, last, value
    cdef Py_ssize_t* starts
    cdef Py_ssize_t* stops
    cdef PyObject** slot_refs
    cdef PyObject* got
    cdef PyObject* hit_ref
    cdef list held = [], out, found, singles
    cdef dict by_second, cats, cues, target
    cdef tuple slots, group, entry, mt
    cdef bint category = False
    cdef object form, result, owner, hit, seconds
    if end > n:
        end = n
    starts = <Py_ssize_t*>PyMem_Malloc(cap * sizeof(Py_ssize_t))
    stops = <Py_ssize_t*>PyMem_Malloc(cap * sizeof(Py_ssize_t))
    slot_refs = <PyObject**>PyMem_Malloc(cap * sizeof(PyObject*))
    if starts is NULL or stops is NULL or slot_refs is NULL:
        PyMem_Free(starts)
        PyMem_Free(stops)
        PyMem_Free(slot_refs)
        raise MemoryError()
    try:
        # the tokens, their offsets and their slots (borrowed from the cache, which keeps them)
        pos = _next_token(kind, data, start if start > 0 else 0, end, &stop)
        while pos < end:
            if ntok == cap:
                cap *= 2
                starts = <Py_ssize_t*>_grow(starts, cap * sizeof(Py_ssize_t))
                stops = <Py_ssize_t*>_grow(stops, cap * sizeof(Py_ssize_t))
                slot_refs = <PyObject**>_grow(slot_refs, cap * sizeof(PyObject*))
            starts[ntok] = pos
            stops[ntok] = stop
            if plain is not None and _plain_span(kind, data, pos, stop):
                got = <PyObject*>_EMPTY
                if plain._may_fill(kind, data, pos, stop):
                    form = PyUnicode_Substring(text, pos, stop)
                    got = PyDict_GetItem(slotted, form)
                    if got is NULL:
                        got = <PyObject*>_EMPTY
                        if plain._prefixed(text, kind, data, pos, stop):  # not classified yet
                            result = classify(form)
                            if type(result) is not tuple:
                                raise TypeError("classify must return a tuple of slots")
                            held.append(result)
                            got = <PyObject*>result
            else:
                form = PyUnicode_Substring(text, pos, stop)
                got = PyDict_GetItem(cache, form)
                if got is NULL:
                    result = classify(form)
                    if type(result) is not tuple:
                        raise TypeError("classify must return a tuple of slots")
                    held.append(result)
                    got = <PyObject*>result
            slot_refs[ntok] = got
            ntok += 1
            pos = _next_token(kind, data, stop, end, &stop)
        # Each term's next word is looked for in the window of ``max_gap + 1`` tokens after the
        # word before it (the first token there with the slot), as find_sequences looks for
        # the first occurrence after it in its lists of positions: the same matches, without a
        # dictionary of position lists per sentence.
        out = []
        for i in range(ntok):
            slots = <tuple>slot_refs[i]
            if PyTuple_GET_SIZE(slots) == 0:
                continue
            last = i + 1 + max_gap if i + 1 + max_gap < ntok else ntok - 1
            for slot in slots:
                got = PyDict_GetItem(groups, slot)
                if got is NULL:
                    continue
                group = <tuple?>got
                singles = <list?>group[0]
                by_second = <dict?>group[1]
                seconds = group[2]
                found = []
                for u in singles:
                    for ti in <tuple?>PyList_GET_ITEM(owners, <Py_ssize_t>u):
                        found.append((ti, i))
                for p in range(i + 1, last + 1):
                    for second in <tuple>slot_refs[p]:
                        if not PySet_Contains(seconds, second):
                            continue
                        value = <Py_ssize_t>second
                        if _slot_between(slot_refs, i + 1, p, value) >= 0:
                            continue  # not its first occurrence after i: done there
                        got = PyDict_GetItem(by_second, second)
                        if got is NULL:
                            raise KeyError(second)
                        for ti in <list?>got:
                            j = p
                            for want in <tuple?>rests[ti]:
                                j = _slot_between(slot_refs, j + 1, (j + 2 + max_gap if j + 2 + max_gap < ntok else ntok),
                                                  <Py_ssize_t>want)
                                if j < 0:
                                    break
                            if j >= 0:
                                for t in <tuple?>PyList_GET_ITEM(owners, <Py_ssize_t>ti):
                                    found.append((t, j))
                if len(found) > 1:
                    found.sort()
                for ti, j in found:
                    out.append((ti, i, j))
                    if (<tuple?>info[ti])[0]:
                        category = True
        if not out or (not category and not any_hit):
            return None
        # the hits, grouped by owner (as group_hits builds them)
        cats = {}
        cues = {}
        for k in range(PyList_GET_SIZE(out)):
            mt = <tuple>PyList_GET_ITEM(out, k)
            i, j = mt[1], mt[2]
            entry = <tuple?>info[mt[0]]
            target = cats if entry[0] else cues
            owner = entry[1]
            hit = _NEW(hit_type)
            # object.__setattr__ in field order, past the frozen class's __setattr__: the values
            # go into the object itself (the class's shared keys), no dictionary per hit
            PyObject_GenericSetAttr(hit, "owner", owner)
            PyObject_GenericSetAttr(hit, "term", entry[2])
            PyObject_GenericSetAttr(hit, "start", starts[i])
            PyObject_GenericSetAttr(hit, "end", stops[j])
            got = PyDict_GetItem(target, owner)
            if got is NULL:
                target[owner] = [hit]
            else:
                (<list>got).append(hit)
        return cats, cues
    finally:
        PyMem_Free(starts)
        PyMem_Free(stops)
        PyMem_Free(slot_refs)
