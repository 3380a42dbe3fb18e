"""Text normalisation, tokens and per-language word matching for ru, kk and en.

Matching never relies on exact word forms: Russian lexicon entries are expanded to all their
inflections once (so text is looked up, never analysed), Kazakh text words are stripped of
case, possessive and plural endings, English words are compared by Snowball stem.
"""

from talentflow.nlp.matcher import Match, TermMatcher, TermSpec
from talentflow.nlp.normalize import normalize_text, normalize_word
from talentflow.nlp.tokens import TOKEN_RE, Token, tokenize

__all__ = [
    "TOKEN_RE",
    "Match",
    "TermMatcher",
    "TermSpec",
    "Token",
    "normalize_text",
    "normalize_word",
    "tokenize",
]
