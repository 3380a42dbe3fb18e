# cython: language_level=3
"""Token boundaries of ``TOKEN_RE`` (``\\w+(?:[-'\\u00ad]\\w+)*``) read straight from a string's
storage, shared by the compiled modules (:mod:`talentflow.nlp._scan`,
:mod:`talentflow.nlp._sequences`) so that every compiled scan cuts tokens exactly alike.
Characters are classified the way Python's ``re`` module classifies them (``\\w`` is
``str.isalnum()`` or ``_``)."""

from cpython.unicode cimport PyUnicode_READ, Py_UNICODE_ISALNUM
from libc.stdint cimport uint16_t


cdef inline bint _is_word(Py_UCS4 ch) noexcept:
    """``\\w`` of Python's ``re`` for str patterns, with the common scripts decided inline."""
    if ch < 128:
        return (ch >= 97 and ch <= 122) or (ch >= 65 and ch <= 90) or (ch >= 48 and ch <= 57) or ch == 95
    if 0x0430 <= ch <= 0x044F or 0x0410 <= ch <= 0x042F:
        return True
    return Py_UNICODE_ISALNUM(ch)


cdef inline bint _is_joiner(Py_UCS4 ch) noexcept:
    """A character that joins two word runs into one token: hyphen, apostrophe, soft hyphen."""
    return ch == 45 or ch == 39 or ch == 0x00AD


cdef inline Py_ssize_t _token_end(int kind, void* data, Py_ssize_t pos, Py_ssize_t end) noexcept:
    """End of the ``\\w+(?:[-'\\u00ad]\\w+)*`` token that starts at ``pos`` (a word character)."""
    pos += 1
    while True:
        while pos < end and _is_word(PyUnicode_READ(kind, data, pos)):
            pos += 1
        if pos + 1 < end and _is_joiner(PyUnicode_READ(kind, data, pos)) and _is_word(PyUnicode_READ(kind, data, pos + 1)):
            pos += 2
            continue
        return pos


cdef inline Py_ssize_t _token_end_ucs2(const uint16_t* units, Py_ssize_t pos, Py_ssize_t end) noexcept:
    """:func:`_token_end` of a two-byte string (Cyrillic text), read without the kind switch."""
    pos += 1
    while True:
        while pos < end and _is_word(units[pos]):
            pos += 1
        if pos + 1 < end and _is_joiner(units[pos]) and _is_word(units[pos + 1]):
            pos += 2
            continue
        return pos


cdef inline Py_ssize_t _next_token(int kind, void* data, Py_ssize_t pos, Py_ssize_t end, Py_ssize_t* stop) noexcept:
    """Start of the first token at or after ``pos`` (``end`` when there is none); its end goes
    to ``stop``. Two-byte strings (any Cyrillic text) take a loop over their code units."""
    cdef const uint16_t* units
    if kind == 2:
        units = <const uint16_t*>data
        while pos < end and not _is_word(units[pos]):
            pos += 1
        if pos < end:
            stop[0] = _token_end_ucs2(units, pos, end)
        return pos
    while pos < end and not _is_word(PyUnicode_READ(kind, data, pos)):
        pos += 1
    if pos < end:
        stop[0] = _token_end(kind, data, pos, end)
    return pos


cdef inline unsigned int _sketch(Py_UCS4 first, Py_UCS4 last, Py_ssize_t length) noexcept:
    """A 16-bit hash of a token's first and last character and its length."""
    return <unsigned int>(((<unsigned long long>first * 0x9E3779B1ULL) ^ (<unsigned long long>last * 0x85EBCA77ULL)
                           ^ (<unsigned long long>length * 0xC2B2AE3DULL)) >> 7) & 0xFFFF


cdef inline unsigned int _sketch2(Py_UCS4 first, Py_UCS4 second, Py_UCS4 before_last, Py_UCS4 last,
                                  Py_ssize_t length) noexcept:
    """A second 16-bit hash, of the first two and last two characters and the length (the
    second and the one before the last are 0 in a one-character token). Forms of one word
    share their first letter, last letter and length far more often than all five: a set's
    second sketch rejects most tokens the first lets through."""
    cdef unsigned long long h = ((<unsigned long long>first * 0x9E3779B1ULL) ^ (<unsigned long long>last * 0x85EBCA77ULL)
                                 ^ (<unsigned long long>length * 0xC2B2AE3DULL)
                                 ^ (<unsigned long long>second * 0x27D4EB2F165667C5ULL)
                                 ^ (<unsigned long long>before_last * 0x165667B19E3779F9ULL))
    return <unsigned int>((h * 0x9E3779B97F4A7C15ULL) >> 48)


cdef inline unsigned int _span_sketch2(int kind, void* data, Py_ssize_t pos, Py_ssize_t stop) noexcept:
    """:func:`_sketch2` of the token ``[pos, stop)`` of a string's storage."""
    cdef Py_ssize_t n = stop - pos
    if n > 1:
        return _sketch2(PyUnicode_READ(kind, data, pos), PyUnicode_READ(kind, data, pos + 1),
                        PyUnicode_READ(kind, data, stop - 2), PyUnicode_READ(kind, data, stop - 1), n)
    return _sketch2(PyUnicode_READ(kind, data, pos), 0, 0, PyUnicode_READ(kind, data, pos), n)
