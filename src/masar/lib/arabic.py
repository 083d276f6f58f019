"""Normalise Iraqi personal names so that the same name written differently compares equal.

Why: help-desk staff, callers and partner lists write one Iraqi name in many ways. The
same person may arrive as "أحمد عبد الله", "احمد عبدالله", "اَحمد عبـد‌الله" (with tashkeel,
tatweel and a zero-width non-joiner), in Kurdish (Sorani) letters such as "عەبدوڵڵا", or in
Latin as "Ahmed Abdullah" / "Ahmad Abdalla". Duplicate detection and search must see through
these differences without merging genuinely different names.

Two levels are offered:

- ``normalize_name`` removes differences of *spelling convention* only (letter variants,
  diacritics, invisible characters, digits, case, punctuation, split compounds). Distinct
  Arabic letters stay distinct, so equal output is strong evidence of the same name.
- ``latin_key`` is a looser, transliteration-aware consonant skeleton on which Arabic-script
  and Latin spellings of a name meet ("محمد", "Mohammed", "Muhammad" → "mhmd"). Use it to
  *suggest* candidates, never to merge records on its own.

Both run on about a million names per batch, so each character is handled by ``str.translate``
with tables built at import (or cached on first sight of a character) and regexes compiled once.
"""

import functools
import re
import unicodedata

# Letter variants folded into one base letter. Every entry is a spelling convention, not a
# different letter, in names as Iraqis write them.
_LETTER_VARIANTS = {
    # Alef with hamza above/below, with madda, and alef wasla: hamza placement is
    # written inconsistently (أحمد / احمد), so all become bare alef.
    "أ": "ا",
    "إ": "ا",
    "آ": "ا",
    "ٱ": "ا",
    # Alef maqsura is routinely typed as yeh and vice versa (علي / على).
    "ى": "ي",
    # Teh marbuta is pronounced and often typed as heh at the end of a name (فاطمة / فاطمه).
    "ة": "ه",
    # Waw and yeh carrying hamza are often written without it (مؤمن / مومن, هانئ / هاني).
    "ؤ": "و",
    "ئ": "ي",
    # Persian/Kurdish keyboards produce their own code points for the same letters:
    # keheh (ک) for kaf, Farsi yeh (ی) for yeh.
    "ک": "ك",
    "ی": "ي",
    # Sorani Kurdish spellings of the same names: ae (ە) is the Kurdish heh/teh-marbuta,
    # ێ (yeh with small v) and ۆ (waw with small v) are vowel-marked yeh and waw,
    # ڕ (reh with small v below) is a trilled r and ڵ (lam with small v) a velarised l.
    "ە": "ه",
    "ێ": "ي",
    "ۆ": "و",
    "ڕ": "ر",
    "ڵ": "ل",
}

# Tashkeel and Quranic marks listed explicitly because some of them (small waw/yeh, U+06E5–6)
# are letters by Unicode category and would otherwise survive; tatweel is only a stretch.
_ARABIC_MARKS = [
    *range(0x064B, 0x0660),  # fathatan .. wavy hamza below
    0x0670,  # superscript alef
    *range(0x06D6, 0x06EE),  # Quranic annotation signs
    0x0640,  # tatweel
]

# Categories dropped wholesale: combining marks (accents, tashkeel) and format characters
# (ZWNJ, ZWJ, directional marks) that are invisible yet make otherwise equal strings differ.
_DROPPED_CATEGORIES = frozenset({"Mn", "Mc", "Me", "Cf"})


class _NameTable(dict):
    """``str.translate`` table for ``normalize_name``, filled lazily and cached per character.

    Why lazy: scanning all of Unicode at import costs about half a second; names use a few
    hundred distinct characters, so each is classified once on first sight and then looked up
    at C speed.
    """

    def __missing__(self, codepoint: int) -> str | int | None:
        char = chr(codepoint)
        if unicodedata.category(char) in _DROPPED_CATEGORIES:
            value: str | int | None = None
        elif (digit := unicodedata.digit(char, None)) is not None:
            # Arabic-Indic (٠-٩), Extended Arabic-Indic (۰-۹) and any other script's digits.
            value = str(digit)
        else:
            value = codepoint
        self[codepoint] = value
        return value


_NAME_TABLE = _NameTable(
    {ord(k): v for k, v in _LETTER_VARIANTS.items()} | dict.fromkeys(_ARABIC_MARKS)
)

_SEPARATORS = re.compile(r"[\W_]+")

# First parts of compound names written as one word or two ("عبد الله" / "عبدالله"):
# joined to the following token so both spellings give the same tokens.
_COMPOUND_PREFIXES = frozenset({"عبد", "ابو", "abd", "abdul", "abdel", "abdal", "abu", "abou"})


def _join_compounds(tokens: list[str]) -> list[str]:
    """Glue each compound prefix to the token after it.

    A prefix absorbs the next token; absorbing continues while the result or the token just
    absorbed is itself a prefix, so "abd ul rahman" and "ابو عبد الله" become one token each
    and a second pass finds nothing left to join (idempotence). A trailing prefix stays alone.
    """
    joined: list[str] = []
    tokens_iter = iter(tokens)
    for token in tokens_iter:
        current = piece = token
        while current in _COMPOUND_PREFIXES or piece in _COMPOUND_PREFIXES:
            piece = next(tokens_iter, "")
            if not piece:
                break
            current += piece
        joined.append(current)
    return joined


def normalize_name(text: str) -> str:
    """Return the name as space-separated tokens with spelling-convention differences removed.

    Steps: NFKC (Arabic presentation forms → base letters), casefold, canonical decomposition
    so accents and hamza/madda marks become separate marks, one table pass (drop marks, tatweel
    and format characters, fold letter variants, digits → ASCII), recomposition, punctuation →
    space, compound names joined. Articles are kept; see ``strip_article``.
    """
    text = unicodedata.normalize("NFKC", text).casefold()
    text = unicodedata.normalize("NFKD", text).translate(_NAME_TABLE)
    text = _SEPARATORS.sub(" ", unicodedata.normalize("NFC", text))
    return " ".join(_join_compounds(text.split()))


def strip_article(token: str) -> str:
    """Drop a leading "ال" or "al" when at least two letters remain.

    Why optional: "الجبوري" and "جبوري" are often the same family, but the article is part of
    how the name is written, so callers choose when to ignore it. Short words ("الم") are left
    alone because there the letters are rarely an article.
    """
    for article in ("ال", "al"):
        if token.startswith(article) and len(token) - len(article) >= 2:
            return token[len(article) :]
    return token


def name_tokens(text: str, *, drop_article: bool = False) -> list[str]:
    """Split a name into normalised tokens, optionally without their leading article."""
    tokens = normalize_name(text).split()
    return [strip_article(t) for t in tokens] if drop_article else tokens


# --- Transliteration-aware key -------------------------------------------------------------

# Arabic letters (after normalize_name) → Latin consonant classes. Letters that romanisations
# write as vowels or leave out (ا ع ء, and و ي after the first letter) are dropped; emphatic and
# plain pairs share a class because Latin spellings rarely distinguish them (ص/س → s).
_ARABIC_TO_LATIN = {
    "ب": "b",
    "ت": "t",
    "ث": "t",
    "ج": "j",
    "ح": "h",
    "خ": "k",
    "د": "d",
    "ذ": "d",
    "ر": "r",
    "ز": "z",
    "س": "s",
    "ش": "s",
    "ص": "s",
    "ض": "d",
    "ط": "t",
    "ظ": "z",
    "غ": "g",
    "ف": "f",
    "ق": "k",
    "ك": "k",
    "ل": "l",
    "م": "m",
    "ن": "n",
    "ه": "h",
    # Persian/Kurdish letters found in Iraqi names, mapped like their usual Latin spellings.
    "پ": "b",
    "چ": "s",
    "ژ": "z",
    "گ": "g",
    "ڤ": "f",
    # Vowels written as letters: kept here only as markers so word-initial و/ي can become w/y.
    "و": "w",
    "ي": "y",
}

# Latin letters folded into the same classes: q/c → k, v → f, p → b, x → ks.
_LATIN_FOLDS = {"q": "k", "c": "k", "v": "f", "p": "b", "x": "ks"}

_KEY_TABLE = str.maketrans(_ARABIC_TO_LATIN | _LATIN_FOLDS)

# Applied before normalize_name. Apostrophes often stand for ع or ء inside a Latin name
# ("Sa'ad"); removing them keeps the name one token, as its Arabic spelling is. Sorani ە is
# the vowel e/a inside a word (عەبدوڵڵا, Abdulla), so for the key it is a vowel, not ه.
_KEY_PREPARE = str.maketrans(dict.fromkeys("'’‘`ʼ") | {"ە": "ا"})

# Latin digraphs for single Arabic letters (kh خ, gh غ, sh ش, th ث, dh ذ, ch چ).
_DIGRAPHS = re.compile(r"kh|gh|sh|th|dh|ch")
_DIGRAPH_CLASS = {"kh": "k", "gh": "g", "sh": "s", "th": "t", "dh": "d", "ch": "s"}


def _digraph_class(match: re.Match[str]) -> str:
    return _DIGRAPH_CLASS[match.group()]


# After the first letter, vowels and w/y are dropped; anything not ASCII-lowercase too.
_NON_CONSONANTS = re.compile(r"[^bdfghjklmnrstz]")
_REPEATS = re.compile(r"(.)\1+")

_ARTICLES = frozenset({"al", "el", "ال"})


@functools.lru_cache(maxsize=1 << 16)
def _token_key(token: str) -> str:
    """Consonant skeleton of one normalised token (possibly empty).

    Cached because given names and tribe names repeat heavily across a million records.
    """
    if token.startswith("ال"):
        token = strip_article(token)
    # Digraphs first, on the Latin letters only: "سه" becomes "sh" after translation but is
    # two letters (سهيل, Suhail), not ش.
    token = _DIGRAPHS.sub(_digraph_class, token).translate(_KEY_TABLE)
    head = token[:1] if token[:1] in ("w", "y") else ""
    skeleton = _REPEATS.sub(r"\1", head + _NON_CONSONANTS.sub("", token[len(head) :]))
    return skeleton.removesuffix("h")


def latin_key(text: str) -> str:
    """Return a phonetic consonant key, one part per name token, joined by spaces.

    Why: the same Iraqi name is romanised many ways (Mohammed, Muhammad, Mohamad) and also
    written in Arabic script; the short vowels and doubled letters where these differ are not
    written in Arabic at all. Keeping only consonant classes lets all of them meet: vowels,
    ا ع ء and non-initial و ي are dropped, a word-initial و/ي or w/y is kept as w/y, repeated
    consonants collapse, and a final h goes (فاطمة/Fatima, عبدالله/Abdulla).

    Articles: standalone "al"/"el"/"ال" tokens and an attached "ال" are dropped, so
    "Al-Jubouri" meets "الجبوري". An attached Latin "al" is kept because it is usually part of
    the name itself (Ali, Alaa, Alwan).

    The key is ASCII lowercase letters and spaces only. It is deliberately lossy: use it to find
    candidates, then compare with ``normalize_name``.
    """
    tokens = normalize_name(text.translate(_KEY_PREPARE)).split()
    keys = (_token_key(token) for token in tokens if token not in _ARTICLES)
    return " ".join(key for key in keys if key)
