# cython: language_level=3, boundscheck=False, wraparound=False, cdivision=True
"""Compiled text scans: the loops over every character that Python runs slowly.

Each function here has a pure-Python twin in :mod:`talentflow.nlp.scan` with exactly the same
results (the tests compare the two on real and generated text); :mod:`talentflow.nlp.scan`
uses this module when it was built and falls back to the twins otherwise. Characters are read
straight from the string's storage and classified the way Python's ``re`` module classifies
them (``\\w`` is ``str.isalnum()`` or ``_``; ``\\d`` is a decimal digit), so token boundaries
are those of ``TOKEN_RE`` (the boundary functions are shared with :mod:`talentflow.nlp._sequences`
through ``_tokens.pxd``).
"""

from cpython.dict cimport PyDict_GetItem
from cpython.ref cimport PyObject
from cpython.set cimport PySet_Contains
from cpython.unicode cimport (
    PyUnicode_DATA,
    PyUnicode_GET_LENGTH,
    PyUnicode_KIND,
    PyUnicode_READ,
    Py_UNICODE_ISALNUM,
    Py_UNICODE_ISDECIMAL,
    Py_UNICODE_ISSPACE,
)

from libc.stdint cimport uint16_t

from talentflow.nlp._tokens cimport _next_token, _sketch, _span_sketch2

cdef extern from "Python.h":
    object PyUnicode_Substring(object text, Py_ssize_t start, Py_ssize_t end)
    const Py_ssize_t PY_SSIZE_T_MAX


cdef list _tokens(str text, Py_ssize_t start, Py_ssize_t end, Py_ssize_t count, bint spans):
    """The first ``count`` tokens of ``text[start:end]``: their forms, or their offsets."""
    cdef int kind = PyUnicode_KIND(text)
    cdef void* data = PyUnicode_DATA(text)
    cdef Py_ssize_t n = PyUnicode_GET_LENGTH(text)
    cdef Py_ssize_t pos, stop, found = 0
    cdef list out = []
    if end > n:
        end = n
    pos = _next_token(kind, data, start if start > 0 else 0, end, &stop)
    while pos < end and found < count:
        out.append((pos, stop) if spans else PyUnicode_Substring(text, pos, stop))
        found += 1
        pos = _next_token(kind, data, stop, end, &stop)
    return out


def tokens(str text not None, Py_ssize_t start, Py_ssize_t end):
    """``TOKEN_RE.findall(text, start, end)``."""
    return _tokens(text, start, end, PY_SSIZE_T_MAX, False)


def token_slots(str text not None, Py_ssize_t start, Py_ssize_t end, dict cache not None):
    """The tokens of ``text[start:end]`` and, per token, ``cache.get(token)``: two lists in one
    scan (:func:`talentflow.nlp.scan.token_slots`)."""
    cdef int kind = PyUnicode_KIND(text)
    cdef void* data = PyUnicode_DATA(text)
    cdef Py_ssize_t n = PyUnicode_GET_LENGTH(text)
    cdef Py_ssize_t pos, stop
    cdef list forms = [], slots = []
    cdef PyObject* got
    if end > n:
        end = n
    pos = _next_token(kind, data, start if start > 0 else 0, end, &stop)
    while pos < end:
        form = PyUnicode_Substring(text, pos, stop)
        forms.append(form)
        got = PyDict_GetItem(cache, form)
        slots.append(<object>got if got is not NULL else None)
        pos = _next_token(kind, data, stop, end, &stop)
    return forms, slots


def clause_breaks(str text not None, Py_ssize_t start, Py_ssize_t end):
    """Offsets of the matches of ``[,;:()\\[\\]]|\\s[–—-]\\s`` in ``text[start:end]``
    (:data:`talentflow.nlp.scan.CLAUSE_BREAK_RE`), as ``finditer`` finds them."""
    cdef int kind = PyUnicode_KIND(text)
    cdef void* data = PyUnicode_DATA(text)
    cdef Py_ssize_t n = PyUnicode_GET_LENGTH(text), pos
    cdef Py_UCS4 ch, dash
    cdef list out = []
    if end > n:
        end = n
    pos = start if start > 0 else 0
    while pos < end:
        ch = PyUnicode_READ(kind, data, pos)
        if ch == 44 or ch == 59 or ch == 58 or ch == 40 or ch == 41 or ch == 91 or ch == 93:
            out.append(pos)
        elif pos + 2 < end and Py_UNICODE_ISSPACE(ch):
            dash = PyUnicode_READ(kind, data, pos + 1)
            if (dash == 0x2013 or dash == 0x2014 or dash == 45) and Py_UNICODE_ISSPACE(PyUnicode_READ(kind, data, pos + 2)):
                out.append(pos)
                pos += 3
                continue
        pos += 1
    return out


def token_spans(str text not None, Py_ssize_t start, Py_ssize_t end, Py_ssize_t count):
    """The (start, end) offsets of the first ``count`` tokens of ``text[start:end]``."""
    return _tokens(text, start, end, count, True)


def char_positions(str text not None, str chars not None, Py_ssize_t limit=-1):
    """Offsets of the characters of ``text`` that are one of ``chars``, ascending (the first
    ``limit`` of them; all when ``limit`` is negative). One pass with a bitmap of the Basic
    Multilingual Plane: ``str.find`` per character looks for the low byte of a two-byte
    character and stops at every Cyrillic letter sharing it ("ń" U+0144 at every "ф" U+0444)."""
    cdef int kind = PyUnicode_KIND(text)
    cdef void* data = PyUnicode_DATA(text)
    cdef Py_ssize_t n = PyUnicode_GET_LENGTH(text), pos
    cdef unsigned char bitmap[8192]
    cdef unsigned int code
    cdef const uint16_t* units
    cdef list out = []
    cdef set beyond = set()  # code points outside the plane, rare: looked up one by one
    cdef Py_ssize_t k
    for k in range(8192):
        bitmap[k] = 0
    for k in range(PyUnicode_GET_LENGTH(chars)):
        code = PyUnicode_READ(PyUnicode_KIND(chars), PyUnicode_DATA(chars), k)
        if code < 65536:
            bitmap[code >> 3] |= 1 << (code & 7)
        else:
            beyond.add(code)
    if limit == 0:
        return out
    if kind == 2:  # the common case of Cyrillic text: a tight loop over two-byte code units
        units = <const uint16_t*>data
        for pos in range(n):
            code = units[pos]
            if bitmap[code >> 3] & (1 << (code & 7)):
                out.append(pos)
                if len(out) == limit:
                    break
        return out
    for pos in range(n):
        code = PyUnicode_READ(kind, data, pos)
        if code < 65536:
            if bitmap[code >> 3] & (1 << (code & 7)):
                out.append(pos)
                if len(out) == limit:
                    break
        elif code in beyond:
            out.append(pos)
            if len(out) == limit:
                break
    return out


cdef class TokenSet:
    """A set of token forms, for asking whether a span of text holds any of them.

    Two 64-kbit sketches of the forms, one of (first letter, last letter, length) and one of
    the first two and last two letters and the length, reject nearly every other token before
    a string is made of it for the set lookup (the first alone lets a quarter of the words of
    Russian prose through: inflected forms share their first and last letters and lengths).
    """

    cdef readonly frozenset forms
    cdef unsigned char sketch[8192]
    cdef unsigned char sketch2[8192]

    def __init__(self, forms):
        cdef str form
        cdef unsigned int h
        cdef Py_ssize_t n
        self.forms = frozenset(forms)
        for h in range(8192):
            self.sketch[h] = 0
            self.sketch2[h] = 0
        for form in self.forms:
            n = len(form)
            if n:
                h = _sketch(form[0], form[n - 1], n)
                self.sketch[h >> 3] |= 1 << (h & 7)
                h = _span_sketch2(PyUnicode_KIND(form), PyUnicode_DATA(form), 0, n)
                self.sketch2[h >> 3] |= 1 << (h & 7)

    def any_in(self, str text not None, Py_ssize_t start, Py_ssize_t end):
        """Whether a token (``TOKEN_RE``) of ``text[start:end]`` is one of the forms."""
        return self._any_in(text, start, end)

    def first_in(self, list segments not None, Py_ssize_t k, str text not None, language):
        """The index of the first of ``segments[k:]`` whose language is not ``language`` or
        which holds one of the forms (:meth:`any_in` of its span); ``len(segments)`` if none."""
        cdef Py_ssize_t n = len(segments)
        if k < 0:
            k = 0
        while k < n:
            seg = segments[k]
            if seg.language != language or self._any_in(text, seg.start, seg.end):
                return k
            k += 1
        return n

    cdef bint _any_in(self, str text, Py_ssize_t start, Py_ssize_t end):
        cdef int kind = PyUnicode_KIND(text)
        cdef void* data = PyUnicode_DATA(text)
        cdef Py_ssize_t n = PyUnicode_GET_LENGTH(text)
        cdef Py_ssize_t pos, stop
        cdef unsigned int h
        if end > n:
            end = n
        pos = _next_token(kind, data, start if start > 0 else 0, end, &stop)
        while pos < end:
            h = _sketch(PyUnicode_READ(kind, data, pos), PyUnicode_READ(kind, data, stop - 1), stop - pos)
            if self.sketch[h >> 3] & (1 << (h & 7)):
                h = _span_sketch2(kind, data, pos, stop)
                if self.sketch2[h >> 3] & (1 << (h & 7)) and PySet_Contains(self.forms, PyUnicode_Substring(text, pos, stop)):
                    return True
            pos = _next_token(kind, data, stop, end, &stop)
        return False


cdef inline int _basic_code(Py_UCS4 ch) noexcept:
    """A letter's code, either case: 1-32 for а-я, 33 for ё; 34 and 35 for the apostrophes '
    and ’; else 0."""
    if 0x0430 <= ch <= 0x044F:
        return <int>ch - 0x0430 + 1
    if 0x0410 <= ch <= 0x042F:
        return <int>ch - 0x0410 + 1
    if ch == 0x0451 or ch == 0x0401:
        return 33
    if ch == 39:
        return 34
    if ch == 0x2019:
        return 35
    return 0


cdef inline int _list_code(Py_UCS4 ch) noexcept:
    """``_basic_code`` for the word and ending lists, which are compared with lower-cased text
    as written: an upper-case letter there can never match, so it packs as 0."""
    if 0x0410 <= ch <= 0x042F or ch == 0x0401:
        return 0
    return _basic_code(ch)


cdef enum:
    _MAX_PACKED = 10  # letters of a word packed into 64 bits, six bits a letter
    _MAX_ENDING = 4
    _TABLE_BITS = 11
    _TABLE_SIZE = 2048  # open addressing, at most half full
    _MAX_ENTRIES = 1024
    _TEXT_LIMIT = 1000000  # under this many characters no field of the packed sum overflows
    _KK = 1
    _RU = 2

cdef unsigned long long _ENDING_FLAG = 1ULL << 59
cdef unsigned long long _TAIL_MASK = (1ULL << (6 * _MAX_ENDING)) - 1


cdef inline Py_ssize_t _slot(unsigned long long key) noexcept:
    return <Py_ssize_t>((key * 0x9E3779B97F4A7C15ULL) >> (64 - _TABLE_BITS))


cdef class CyrillicScorer:
    """Language points of texts whose letters are all а-я and ё, computed without a word cache.

    A word is packed into an integer, six bits a letter (the last letter lowest, its length in
    the top bits), and looked up in a small open-addressing table that holds the function words
    and the endings of both languages; the table stays in the processor's cache where a
    dictionary of every word seen would not. Endings are only looked up at the lengths that
    some ending with the word's last letter has.
    """

    cdef unsigned long long keys[_TABLE_SIZE]
    cdef unsigned char values[_TABLE_SIZE]
    cdef unsigned char ending_lengths[64]  # last letter's code → bit k set: an ending of length k
    cdef int entries

    def __init__(self, kk_words, ru_words, kk_endings, ru_endings):
        cdef int k
        for k in range(_TABLE_SIZE):
            self.keys[k] = 0
            self.values[k] = 0
        for k in range(64):
            self.ending_lengths[k] = 0
        self.entries = 0
        self._add(kk_words, _KK, _MAX_PACKED, False)
        self._add(ru_words, _RU, _MAX_PACKED, False)
        self._add(kk_endings, _KK, _MAX_ENDING, True)
        self._add(ru_endings, _RU, _MAX_ENDING, True)

    cdef int _add(self, strings, unsigned char language, int longest, bint ending) except -1:
        """Pack the strings made only of lower-case а-я/ё and apostrophes (others can never
        equal such a word, or end one) into the table."""
        cdef unsigned long long key
        cdef int code, last
        cdef str s
        cdef Py_UCS4 ch
        for s in strings:
            key = 0
            last = 0
            if len(s) == 0:
                raise ValueError("an empty word or ending")
            for ch in s:
                code = _list_code(ch)
                if code == 0:
                    break
                key = (key << 6) | code
                last = code
            else:
                if len(s) > longest:
                    raise ValueError(f"{s!r}: longer than {longest} letters")
                key |= <unsigned long long>len(s) << 60
                if ending:
                    key |= _ENDING_FLAG
                    self.ending_lengths[last] |= 1 << len(s)
                self._put(key, language)
        return 0

    cdef int _put(self, unsigned long long key, unsigned char language) except -1:
        cdef Py_ssize_t slot = _slot(key)
        while self.keys[slot] != 0 and self.keys[slot] != key:
            slot = (slot + 1) & (_TABLE_SIZE - 1)
        if self.keys[slot] == 0:
            if self.entries >= _MAX_ENTRIES:
                raise ValueError(f"more than {_MAX_ENTRIES} distinct words and endings")
            self.entries += 1
        self.keys[slot] = key
        self.values[slot] |= language
        return 0

    cdef inline unsigned char _get(self, unsigned long long key) noexcept:
        cdef Py_ssize_t slot = _slot(key)
        while self.keys[slot] != 0:
            if self.keys[slot] == key:
                return self.values[slot]
            slot = (slot + 1) & (_TABLE_SIZE - 1)
        return 0

    def points(self, str text not None, Py_ssize_t start=0, end=None):
        """``(kk << 42) | (ru << 21) | words`` summed over the words ``[а-яё]+(?:['’][а-яё]+)*``
        of the lower-cased ``text[start:end]`` (``0 <= start <= end <= len(text)``, else
        ValueError), or -1 when it has any other letter. Spans of a million characters or more
        are refused (a field of the sum could overflow)."""
        cdef int kind = PyUnicode_KIND(text)
        cdef void* data = PyUnicode_DATA(text)
        cdef Py_ssize_t n = PyUnicode_GET_LENGTH(text) if end is None else <Py_ssize_t>end
        cdef Py_ssize_t pos = start, length
        cdef Py_UCS4 ch
        cdef int code, k
        cdef unsigned char found, lengths, ending
        cdef long long kk = 0, ru = 0, words = 0
        cdef unsigned long long packed, tail
        if not 0 <= start <= n <= PyUnicode_GET_LENGTH(text):
            raise ValueError(f"span {start}:{n} outside a text of {PyUnicode_GET_LENGTH(text)} characters")
        if n - start >= _TEXT_LIMIT:
            raise ValueError(f"text of {n - start} characters: the limit is {_TEXT_LIMIT - 1}")
        while pos < n:
            ch = PyUnicode_READ(kind, data, pos)
            code = _basic_code(ch)
            if 0 < code < 34:
                packed = 0
                length = 0
                while True:
                    while pos < n:
                        code = _basic_code(PyUnicode_READ(kind, data, pos))
                        if code == 0 or code >= 34:
                            break
                        packed = (packed << 6) | code
                        length += 1
                        pos += 1
                    # an apostrophe between two letters joins them into one word
                    if code >= 34 and pos + 1 < n and 0 < _basic_code(PyUnicode_READ(kind, data, pos + 1)) < 34:
                        packed = (packed << 6) | code
                        length += 1
                        pos += 1
                        continue
                    break
                # a function word scores 2; a word of more than four letters with an ending, 1
                # (bits above the tenth letter have left ``packed``; the last four are intact)
                if length <= _MAX_PACKED:
                    found = self._get(packed | (<unsigned long long>length << 60))
                    kk += 2 * ((found & _KK) != 0)
                    ru += 2 * ((found & _RU) != 0)
                if length > 4:
                    tail = packed & _TAIL_MASK
                    lengths = self.ending_lengths[tail & 63]
                    ending = 0
                    for k in range(1, _MAX_ENDING + 1):
                        if lengths & (1 << k):
                            ending |= self._get((tail & ((1ULL << (6 * k)) - 1)) | _ENDING_FLAG
                                                | (<unsigned long long>k << 60))
                    kk += (ending & _KK) != 0
                    ru += (ending & _RU) != 0
                words += 1
                continue
            if ch >= 128 and code == 0 and Py_UNICODE_ISALNUM(ch) and not Py_UNICODE_ISDECIMAL(ch):
                return -1  # a letter (or a non-decimal numeral) other than а-я/ё
            if (65 <= ch <= 90) or (97 <= ch <= 122):
                return -1  # a Latin letter
            pos += 1
        return (kk << 42) | (ru << 21) | words


cdef extern from "Python.h":
    object PyUnicode_FromKindAndData(int kind, const void* buffer, Py_ssize_t size)

from cpython.mem cimport PyMem_Free, PyMem_Malloc


cdef class CharTable:
    """A one-character-to-one-character mapping of the Basic Multilingual Plane, applied to a
    whole text in one pass (:func:`talentflow.nlp.normalize.normalize_text`'s lower-casing and
    replacements). ``table``: per code point below 65,536, the character it becomes, or any
    other string ("") where the mapping is not one character to one (the caller's own path
    decides then)."""

    cdef Py_UCS4* _map
    cdef bint* _fallback

    def __cinit__(self, table):
        cdef Py_ssize_t cp
        cdef str v
        if len(table) != 65536:
            raise ValueError("one entry per code point of the Basic Multilingual Plane is needed")
        self._map = <Py_UCS4*>PyMem_Malloc(65536 * sizeof(Py_UCS4))
        self._fallback = <bint*>PyMem_Malloc(65536 * sizeof(bint))
        if self._map is NULL or self._fallback is NULL:
            raise MemoryError()
        for cp in range(65536):
            v = table[cp]
            self._fallback[cp] = len(v) != 1
            self._map[cp] = cp if self._fallback[cp] else ord(v)

    def __dealloc__(self):
        PyMem_Free(self._map)
        PyMem_Free(self._fallback)

    def apply(self, str text not None):
        """``text`` with every character mapped, or None when one of its characters has no
        one-to-one entry (outside the plane, or marked -1)."""
        cdef int kind = PyUnicode_KIND(text)
        cdef void* data = PyUnicode_DATA(text)
        cdef Py_ssize_t n = PyUnicode_GET_LENGTH(text), k
        cdef Py_UCS4 ch
        cdef Py_UCS4* buf
        if n == 0:
            return text
        buf = <Py_UCS4*>PyMem_Malloc(n * sizeof(Py_UCS4))
        if buf is NULL:
            raise MemoryError()
        try:
            for k in range(n):
                ch = PyUnicode_READ(kind, data, k)
                if ch >= 65536 or self._fallback[ch]:
                    return None
                buf[k] = self._map[ch]
            return PyUnicode_FromKindAndData(4, buf, n)
        finally:
            PyMem_Free(buf)
