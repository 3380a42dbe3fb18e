# cython: language_level=3
"""Compiled twin of :func:`talentflow.nlp.sequences.find_sequences` (same matches, same order).

The containers are the matcher's own Python ones; what compiling buys is the loop itself:
positions as C integers, direct list and dict access, and bisection without a call.
"""

from cpython.dict cimport PyDict_GetItem
from cpython.list cimport PyList_GET_ITEM, PyList_GET_SIZE
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
