# cython: language_level=3, boundscheck=False, wraparound=False
"""Compiled twins of :func:`talentflow.ingest.segment.sentence_spans` and
:func:`~talentflow.ingest.segment.paragraph_spans` (the same spans).

The scan for sentence-final punctuation and the common decisions (another mark than a dot,
an ellipsis, an ordinary word before the dot) run here; every other case goes to the Python
rule :func:`talentflow.ingest.segment._is_break`, which stays the one definition.
"""

from cpython.unicode cimport (
    PyUnicode_DATA,
    PyUnicode_GET_LENGTH,
    PyUnicode_KIND,
    PyUnicode_READ,
    Py_UNICODE_ISALPHA,
    Py_UNICODE_ISDIGIT,
    Py_UNICODE_ISLOWER,
    Py_UNICODE_ISSPACE,
    Py_UNICODE_ISUPPER,
)

cdef extern from "Python.h":
    object PyUnicode_Substring(object text, Py_ssize_t start, Py_ssize_t end)


cdef inline bint _is_final(Py_UCS4 ch) noexcept:
    """``[.!?…]``"""
    return ch == 46 or ch == 33 or ch == 63 or ch == 0x2026


cdef inline bint _is_closer(Py_UCS4 ch) noexcept:
    """``[\\"»”’')\\]]``"""
    return ch == 34 or ch == 0x00BB or ch == 0x201D or ch == 0x2019 or ch == 39 or ch == 41 or ch == 93


cdef inline bint _opens_sentence(Py_UCS4 ch) noexcept:
    """Upper case, a digit, or one of ``«"“„'(—–-[•``."""
    if Py_UNICODE_ISUPPER(ch) or Py_UNICODE_ISDIGIT(ch):
        return True
    return (ch == 0x00AB or ch == 34 or ch == 0x201C or ch == 0x201E or ch == 39 or ch == 40
            or ch == 0x2014 or ch == 0x2013 or ch == 45 or ch == 91 or ch == 0x2022)


def sentence_spans(str text not None, Py_ssize_t start, Py_ssize_t end, abbreviations,
                   final_abbreviations, is_break):
    """Offsets of the sentences of the paragraph ``text[start:end]``
    (``0 <= start <= end <= len(text)``, else ValueError).

    ``abbreviations`` and ``final_abbreviations`` are the lower-case words of the rule;
    ``is_break(text, sentence start, punctuation, next position)`` decides the cases this scan
    does not (a dot after anything but an ordinary word of two letters or more).
    """
    cdef int kind = PyUnicode_KIND(text)
    cdef void* data = PyUnicode_DATA(text)
    cdef Py_ssize_t n = PyUnicode_GET_LENGTH(text)
    cdef Py_ssize_t pos, q, group_end, after, sent_start = start, space, k
    cdef Py_UCS4 ch
    cdef list spans = []
    cdef bint brk, alpha
    if not 0 <= start <= end <= n:
        raise ValueError(f"span {start}:{end} outside a text of {n} characters")
    pos = start
    while pos < end:
        if not _is_final(PyUnicode_READ(kind, data, pos)):
            pos += 1
            continue
        # [.!?…]([.!?…]*[closers]*)\s+ : greedy runs, then at least one space
        q = pos + 1
        while q < end and _is_final(PyUnicode_READ(kind, data, q)):
            q += 1
        while q < end and _is_closer(PyUnicode_READ(kind, data, q)):
            q += 1
        group_end = q
        if q >= end or not Py_UNICODE_ISSPACE(PyUnicode_READ(kind, data, q)):
            pos += 1
            continue
        while q < end and Py_UNICODE_ISSPACE(PyUnicode_READ(kind, data, q)):
            q += 1
        after = q
        if after < end:
            ch = PyUnicode_READ(kind, data, after)
            if not _opens_sentence(ch):
                brk = False
            elif PyUnicode_READ(kind, data, pos) != 46:
                brk = True
            elif PyUnicode_READ(kind, data, pos + 1) == 46 and pos + 2 < n and PyUnicode_READ(kind, data, pos + 2) == 46:
                brk = True  # an ellipsis written as three dots
            else:
                # the word after the last space: an ordinary word decides alone
                space = sent_start
                for k in range(pos - 1, sent_start - 1, -1):
                    if PyUnicode_READ(kind, data, k) == 32:
                        space = k + 1
                        break
                alpha = pos - space > 1
                if alpha:
                    for k in range(space, pos):
                        if not Py_UNICODE_ISALPHA(PyUnicode_READ(kind, data, k)):
                            alpha = False
                            break
                if alpha:
                    low = PyUnicode_Substring(text, space, pos).lower()
                    brk = low in final_abbreviations or low not in abbreviations
                elif pos - space == 1 and Py_UNICODE_ISALPHA(PyUnicode_READ(kind, data, space)):
                    # one letter: an abbreviation ("г.", "в.") or an initial ("А.") does not end
                    # the sentence; any other letter does (the rule's patterns all need a digit,
                    # a dot or a hyphen)
                    low = PyUnicode_Substring(text, space, pos).lower()
                    if low in final_abbreviations:
                        brk = True
                    elif low in abbreviations:
                        brk = False
                    else:
                        brk = not Py_UNICODE_ISUPPER(PyUnicode_READ(kind, data, space))
                else:
                    brk = is_break(text, sent_start, pos, after)
            if brk:
                spans.append((sent_start, group_end))
                sent_start = after
        pos = after
    if sent_start < end:
        spans.append((sent_start, end))
    return spans


cdef inline bint _ends_sentence(Py_UCS4 ch) noexcept:
    """One of ``.!?…:;»"”)|`` (``segment._SENTENCE_END``)."""
    return (ch == 46 or ch == 33 or ch == 63 or ch == 0x2026 or ch == 58 or ch == 59 or ch == 0x00BB
            or ch == 34 or ch == 0x201D or ch == 41 or ch == 124)


def paragraph_spans(str text not None, list_marker_match):
    """Offsets of the paragraphs of ``text``: the rule of
    :func:`talentflow.ingest.segment.paragraph_spans` in one scan of the characters, without
    cutting the text into lines. ``list_marker_match(text, position)``: the list-marker
    pattern's ``match``, asked only where a line would continue the paragraph before it."""
    cdef int kind = PyUnicode_KIND(text)
    cdef void* data = PyUnicode_DATA(text)
    cdef Py_ssize_t n = PyUnicode_GET_LENGTH(text)
    cdef Py_ssize_t line_start = 0, line_end, s, e, last_s = 0, last_e = 0
    cdef bint previous_blank = True, have = False
    cdef list out = []
    while line_start <= n:
        line_end = line_start
        while line_end < n and PyUnicode_READ(kind, data, line_end) != 10:
            line_end += 1
        # the line's content, spaces trimmed as ``str.strip`` trims them
        s = line_start
        while s < line_end and Py_UNICODE_ISSPACE(PyUnicode_READ(kind, data, s)):
            s += 1
        e = line_end
        while e > s and Py_UNICODE_ISSPACE(PyUnicode_READ(kind, data, e - 1)):
            e -= 1
        if s == e:
            previous_blank = True
        else:
            if (have and not previous_blank and Py_UNICODE_ISLOWER(PyUnicode_READ(kind, data, s))
                    and not _ends_sentence(PyUnicode_READ(kind, data, last_e - 1))
                    and list_marker_match(text, s) is None):
                last_e = e  # a hard-wrapped continuation of the paragraph before
            else:
                if have:
                    out.append((last_s, last_e))
                last_s, last_e, have = s, e, True
            previous_blank = False
        line_start = line_end + 1
    if have:
        out.append((last_s, last_e))
    return out


cdef extern from "Python.h":
    int PyObject_GenericSetAttr(object obj, object name, object value) except -1

cdef str _START = "start", _END = "end", _LANGUAGE = "language", _KIND = "kind"
cdef str _PARAGRAPH = "paragraph", _PART = "part"


def make_segments(type cls not None, list spans not None, str language, str kind, Py_ssize_t paragraph,
                  list out not None):
    """Append ``cls(start, end, language, kind, paragraph, 0)`` to ``out`` for each span.

    The fields are set in declaration order, past the frozen dataclass's ``__setattr__``, so
    each object keeps the compact attribute storage a class's instances share.
    """
    cdef object seg, p = paragraph, zero = 0
    for span in spans:
        seg = cls.__new__(cls)
        PyObject_GenericSetAttr(seg, _START, (<tuple?>span)[0])
        PyObject_GenericSetAttr(seg, _END, (<tuple>span)[1])
        PyObject_GenericSetAttr(seg, _LANGUAGE, language)
        PyObject_GenericSetAttr(seg, _KIND, kind)
        PyObject_GenericSetAttr(seg, _PARAGRAPH, p)
        PyObject_GenericSetAttr(seg, _PART, zero)
        out.append(seg)
