# cython: language_level=3, boundscheck=False, wraparound=False, cdivision=True
"""Compiled text scans: the loops over every character that Python runs slowly.

Each function here has a pure-Python twin in :mod:`talentflow.nlp.scan` with exactly the same
results (the tests compare the two on real and generated text); :mod:`talentflow.nlp.scan`
uses this module when it was built and falls back to the twins otherwise. Characters are read
straight from the string's storage and classified the way Python's ``re`` module classifies
them (``\\w`` is ``str.isalnum()`` or ``_``; ``\\d`` is a decimal digit), so token boundaries
are those of ``TOKEN_RE``.
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
)

cdef extern from "Python.h":
    object PyUnicode_Substring(object text, Py_ssize_t start, Py_ssize_t end)


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


def tokens(str text, Py_ssize_t start, Py_ssize_t end):
    """``TOKEN_RE.findall(text, start, end)``."""
    cdef int kind = PyUnicode_KIND(text)
    cdef void* data = PyUnicode_DATA(text)
    cdef Py_ssize_t n = PyUnicode_GET_LENGTH(text)
    cdef Py_ssize_t pos, stop
    cdef list out = []
    if end > n:
        end = n
    pos = start if start > 0 else 0
    while pos < end:
        if _is_word(PyUnicode_READ(kind, data, pos)):
            stop = _token_end(kind, data, pos, end)
            out.append(PyUnicode_Substring(text, pos, stop))
            pos = stop
        else:
            pos += 1
    return out


def any_token_in(str text, Py_ssize_t start, Py_ssize_t end, set forms, Py_ssize_t shortest, Py_ssize_t longest):
    """Whether a token of ``text[start:end]`` is in ``forms``.

    Only tokens between ``shortest`` and ``longest`` characters long (the lengths of the
    forms) are looked up, so most tokens cost a scan of their characters and nothing more.
    """
    cdef int kind = PyUnicode_KIND(text)
    cdef void* data = PyUnicode_DATA(text)
    cdef Py_ssize_t n = PyUnicode_GET_LENGTH(text)
    cdef Py_ssize_t pos, stop
    if end > n:
        end = n
    pos = start if start > 0 else 0
    while pos < end:
        if _is_word(PyUnicode_READ(kind, data, pos)):
            stop = _token_end(kind, data, pos, end)
            if shortest <= stop - pos <= longest:
                if PySet_Contains(forms, PyUnicode_Substring(text, pos, stop)):
                    return True
            pos = stop
        else:
            pos += 1
    return False


cdef inline int _basic_code(Py_UCS4 ch) noexcept:
    """1-32 for а-я, 33 for ё, 34 and 35 for the apostrophes ' and ’ (either case); else 0."""
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


cdef enum:
    _MAX_PACKED = 10  # letters of a word packed into 64 bits, six bits a letter
    _MAX_ENDING = 4


cdef class CyrillicScorer:
    """Language points of texts whose letters are all а-я and ё, computed without a word cache.

    A word is packed into an integer, six bits a letter (the last letter lowest); a function
    word is then one binary search in a sorted array and an ending one in another, which
    stays in the processor's cache where a dictionary of every word seen would not.
    """

    cdef unsigned long long kk_words[256]
    cdef unsigned long long ru_words[256]
    cdef unsigned long long kk_endings[256]
    cdef unsigned long long ru_endings[256]
    cdef int n_kk_words, n_ru_words, n_kk_endings, n_ru_endings

    def __init__(self, kk_words, ru_words, kk_endings, ru_endings):
        self.n_kk_words = _fill(self.kk_words, kk_words, _MAX_PACKED)
        self.n_ru_words = _fill(self.ru_words, ru_words, _MAX_PACKED)
        self.n_kk_endings = _fill(self.kk_endings, kk_endings, _MAX_ENDING)
        self.n_ru_endings = _fill(self.ru_endings, ru_endings, _MAX_ENDING)

    cdef inline int _points(self, unsigned long long packed, Py_ssize_t length, unsigned long long tail,
                            unsigned long long* words, int n_words, unsigned long long* endings,
                            int n_endings) noexcept:
        cdef int points = 0
        cdef int k
        cdef unsigned long long mask
        if length <= _MAX_PACKED and _contains(words, n_words, packed | (<unsigned long long>length << 60)):
            points = 2
        if length > 4:
            for k in range(2, _MAX_ENDING + 1):
                mask = (1ULL << (6 * k)) - 1
                if _contains(endings, n_endings, (tail & mask) | (<unsigned long long>k << 60)):
                    return points + 1
            if _contains(endings, n_endings, (tail & 63) | (1ULL << 60)):
                return points + 1
        return points

    def points(self, str text):
        """``(kk << 42) | (ru << 21) | words`` summed over the words ``[а-яё]+(?:['’][а-яё]+)*``
        of the lower-cased text, or -1 when the text has any other letter."""
        cdef int kind = PyUnicode_KIND(text)
        cdef void* data = PyUnicode_DATA(text)
        cdef Py_ssize_t n = PyUnicode_GET_LENGTH(text)
        cdef Py_ssize_t pos = 0, length
        cdef Py_UCS4 ch
        cdef int code
        cdef long long kk = 0, ru = 0, words = 0
        cdef unsigned long long packed, tail
        while pos < n:
            ch = PyUnicode_READ(kind, data, pos)
            code = _basic_code(ch)
            if 0 < code < 34:
                packed = tail = 0
                length = 0
                while True:
                    while pos < n:
                        code = _basic_code(PyUnicode_READ(kind, data, pos))
                        if code == 0 or code >= 34:
                            break
                        packed = (packed << 6) | code
                        tail = ((tail << 6) | code) & ((1ULL << (6 * _MAX_ENDING)) - 1)
                        length += 1
                        pos += 1
                    # an apostrophe between two letters joins them into one word
                    if code >= 34 and pos + 1 < n and 0 < _basic_code(PyUnicode_READ(kind, data, pos + 1)) < 34:
                        packed = (packed << 6) | code
                        tail = ((tail << 6) | code) & ((1ULL << (6 * _MAX_ENDING)) - 1)
                        length += 1
                        pos += 1
                        continue
                    break
                if length > _MAX_PACKED:
                    packed = 0
                kk += self._points(packed, length, tail, self.kk_words, self.n_kk_words,
                                   self.kk_endings, self.n_kk_endings)
                ru += self._points(packed, length, tail, self.ru_words, self.n_ru_words,
                                   self.ru_endings, self.n_ru_endings)
                words += 1
                continue
            if ch >= 128 and code == 0 and Py_UNICODE_ISALNUM(ch) and not Py_UNICODE_ISDECIMAL(ch):
                return -1  # a letter (or a non-decimal numeral) other than а-я/ё
            if (65 <= ch <= 90) or (97 <= ch <= 122):
                return -1  # a Latin letter
            pos += 1
        return (kk << 42) | (ru << 21) | words


cdef int _fill(unsigned long long* table, strings, int longest) except -1:
    """Pack the strings made only of а-я/ё (others can never equal such a word) into ``table``,
    sorted; the length goes into the top bits so that "аб" and "б" differ."""
    cdef list keys = []
    cdef unsigned long long key
    cdef int code
    cdef str s
    cdef Py_UCS4 ch
    for s in strings:
        key = 0
        for ch in s:
            code = _basic_code(ch)
            if code == 0:
                break
            key = (key << 6) | code
        else:
            if len(s) > longest:
                raise ValueError(f"{s!r}: longer than {longest} letters")
            keys.append(key | (<unsigned long long>len(s) << 60))
    keys.sort()
    if len(keys) > 256:
        raise ValueError("more than 256 words")
    for i, k in enumerate(keys):
        table[i] = k
    return len(keys)


cdef inline bint _contains(unsigned long long* table, int n, unsigned long long key) noexcept:
    cdef int lo = 0, hi = n, mid
    while lo < hi:
        mid = (lo + hi) >> 1
        if table[mid] < key:
            lo = mid + 1
        else:
            hi = mid
    return lo < n and table[lo] == key


cdef inline bint _is_basic_upper(Py_UCS4 ch) noexcept:
    return 0x0410 <= ch <= 0x042F or ch == 0x0401


cdef inline bint _is_basic(Py_UCS4 ch) noexcept:
    """а-я and ё, either case."""
    return 0x0430 <= ch <= 0x044F or 0x0410 <= ch <= 0x042F or ch == 0x0451 or ch == 0x0401
