"""The one Vietnamese text normaliser shared by NLU, knowledge search and analytics.

No Rasa import here: this module runs both in the Rasa virtualenv and in the gateway's.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from underthesea.pipeline.text_normalize import token_normalize

from nlu import slips
from nlu.residents_words import AS_SPEAKER, END, SOUTHERN, SOUTHERN_IF, SYNONYMS, TEENCODE
from nlu.spoken_numbers import read_numbers

_WORD = re.compile(r"\w+", re.UNICODE)


def nfc(text: str) -> str:
    """Unicode NFC: one code point per accented letter, whatever the keyboard sent."""
    return unicodedata.normalize("NFC", text)


@lru_cache(maxsize=65536)
def fold_char(char: str) -> str:
    """One character without its Vietnamese diacritics, lower-cased ("Ổ" → "o", "đ" → "d")."""
    if char in "đĐ":
        return "d"
    base = unicodedata.normalize("NFD", char)[0]
    return base.lower() if len(base) == 1 else char.lower()


def fold(text: str) -> str:
    """Accent-folded, lower-cased form: "Đăng ký tạm trú" → "dang ky tam tru"."""
    return "".join(fold_char(c) for c in nfc(text))


def fix_tones(word: str) -> str:
    """Old/new tone-mark placement made uniform ("hoà" → "hòa", "thuỷ" → "thủy")."""
    # underthesea has no type information; token_normalize gives back the token or its replacement, both str
    normalized: str = token_normalize(word)
    return normalized


def expand_teencode(words: list[str]) -> list[str]:
    """Replace chat shorthand and Southern words word by word (input already lower-cased NFC).

    A few Southern words are also ordinary words elsewhere ("biểu mẫu", "bị hỏng" typed "bi hong"):
    those are read by their neighbours (`_is_southern_here`); and "mk" before a verb is the speaker, not the
    password (AS_SPEAKER).
    """
    out: list[str] = []
    for i, word in enumerate(words):
        if word in AS_SPEAKER and i + 1 < len(words) and words[i + 1] in AS_SPEAKER[word][1]:
            out.append(AS_SPEAKER[word][0])
        elif word in TEENCODE:
            out.extend(TEENCODE[word].split())
        elif word in SOUTHERN and _is_southern_here(word, words[i - 1] if i else "", words[i + 1] if i + 1 < len(words) else ""):
            out.extend(SOUTHERN[word].split())
        else:
            out.append(word)
    # Southern "tốn nhiêu tiền", "nhiu": "bao nhiêu" with its "bao" left out
    return [
        w
        for i, word in enumerate(out)
        for w in (("bao", word) if word == "nhiêu" and (i == 0 or out[i - 1] != "bao") else (word,))
    ]


def _is_southern_here(word: str, previous: str, following: str) -> bool:
    """True unless the word is one that is Southern only beside some neighbours, and these are not them."""
    rule = SOUTHERN_IF.get(word)
    if rule is None:
        return True
    never_after, after, before = rule
    return previous not in never_after and (previous in after or (following or END) in before)


_DOUBLED = re.compile(r"([^\Wo\d])\1+", re.UNICODE)


def collapse_doubled(word: str) -> str:
    """Letters typed twice or more ("thuongg", "khôngg", "đượcc") once, when that makes a Vietnamese syllable
    (Vietnamese doubles only "o", as in "xoong"; "vssid" and "app" stay as they are). A syllable that is one
    already stays: typed without accents, "ưu" is "uu" ("luu tru", "luong huu", "tra cuu", "buu dien")."""
    if len(word) < 3 or word in TEENCODE or word in SOUTHERN or len(set(word)) == 1:
        return word
    accented, folded = _known_syllables()
    if word in (accented if has_diacritics(word) else folded):
        return word
    collapsed = _DOUBLED.sub(r"\1", word)
    return collapsed if collapsed != word and collapsed in (accented if has_diacritics(collapsed) else folded) else word


@lru_cache(maxsize=1)
def _known_syllables() -> tuple[frozenset[str], frozenset[str]]:
    """Vietnamese syllables (accented, and folded) from underthesea's own word list (Viet74K, in the package)."""
    from underthesea.corpus import viet_dict_74K

    accented = {s for word in viet_dict_74K.words for s in nfc(word.lower()).replace("-", " ").split()}
    return frozenset(accented), frozenset(fold(s) for s in accented)


_VOWEL = re.compile("[aeiouy]")
# Final consonants residents confuse when typing (Southern speech merges them): each is tried for the others.
_FINALS = (("c", "t"), ("t", "c"), ("n", "ng"), ("ng", "n"), ("nh", "n"), ("n", "nh"), ("ch", "t"), ("t", "ch"))


@lru_cache(maxsize=65536)
def fix_spelling(word: str) -> str:
    """A syllable that is no Vietnamese syllable, mended by the commonest slips: a final "g" without its "n"
    ("khog" → "khong"), a confused final consonant ("quyếc" → "quyết", "chứn" → "chứng"), "f" for "ph" ("fí").
    Known words,
    numbers, English and chat words are left as they are."""
    if len(word) < 2 or not word.isalpha() or word in TEENCODE or word in SOUTHERN:
        return word
    accented, folded = _known_syllables()
    known = accented if has_diacritics(word) else folded
    if word in known:
        return word
    candidates = []
    if word.startswith("f"):  # chat spelling of "ph" ("fí", "fải"): Vietnamese has no "f"
        candidates.append("ph" + word[1:])
    if word.endswith("g") and not word.endswith("ng"):
        candidates.append(word[:-1] + "ng")
    for written, meant in _FINALS:
        # what stays before the final must hold a vowel: "ơng" is "ơn" ("cảm ơng"), "bt" and "nc" are chat words
        if word.endswith(written) and _VOWEL.search(fold(word[: -len(written)])):
            candidates.append(word[: -len(written)] + meant)
    return next((c for c in candidates if c in known), word)


@lru_cache(maxsize=65536)
def mend(word: str) -> str:
    """One lower-cased word with its tone marks placed, doubled letters and spelling slips mended."""
    return fix_spelling(collapse_doubled(fix_tones(word)))


@lru_cache(maxsize=1)
def _known_pairs() -> frozenset[str]:
    """Two-syllable Vietnamese words ("tạm trú", "gia hạn", "kết quả") from underthesea's word list: a slip that
    makes a real syllable is read by them (nlu/slips.py)."""
    from underthesea.corpus import viet_dict_74K

    return frozenset(w for w in (nfc(word.lower()) for word in viet_dict_74K.words) if w.count(" ") == 1)


# The classifier "cái" ("cái app", "cái sổ đỏ", "cái số điện thoại tui xài"), which Southern residents put before
# most nouns: folded, it would read "cài" (install) and pull a question towards installing apps. Only the accented
# form is dropped ("cai" may be either), and not in "con cái" (children).
_CLASSIFIER = "cái"


def drop_classifiers(words: list[str]) -> list[str]:
    """The words without the classifier "cái" (kept after "con": "con cái")."""
    return [w for i, w in enumerate(words) if w != _CLASSIFIER or (i > 0 and words[i - 1] == "con")]


# "tuổi" as phones misspell it after an age ("ông nhà tôi 78 tủi"); "tủi" is a word of its own (tủi thân), so only
# after a number
_AGE_SLIPS = frozenset({"tủi", "tũi", "tuôi", "tuối", "tuỗi", "tuỏi", "tuõi", "tuởi"})


def mend_ages(words: list[str]) -> list[str]:
    """The words with "tuổi" mended where a number is followed by one of its slips."""
    return ["tuổi" if w in _AGE_SLIPS and i > 0 and words[i - 1].isdigit() else w for i, w in enumerate(words)]


def words(text: str, mend_slips: bool = True) -> list[str]:
    """Lower-cased, tone-fixed, spelling-mended, teencode- and Southern-expanded words of a text, without the
    classifier "cái"; punctuation dropped. `mend_slips=False` leaves slips that make real syllables (nlu/slips.py)
    as typed: the counts those are mended by are made that way."""
    # numbers first: "tám mươi mốt" is no slip for "mốc"
    said = mend_ages(read_numbers(expand_teencode(drop_classifiers([mend(w) for w in _WORD.findall(nfc(text).lower())]))))
    return slips.mend_slips(said, _known_pairs()) if mend_slips else said


def normalize(text: str) -> str:
    """Normalised text with diacritics kept: NFC, lower case, tones fixed, teencode expanded."""
    return " ".join(words(text))


def match_key(text: str) -> str:
    """The form used to compare texts: normalised, then accent-folded."""
    return fold(normalize(text))


def has_diacritics(text: str) -> bool:
    """True if the text carries any Vietnamese diacritic (so it was typed with accents)."""
    text = nfc(text)
    return any(fold_char(c) != c.lower() for c in text if c.isalpha())


def uses_teencode(text: str) -> bool:
    """True if any word of the text is chat shorthand that the normaliser expands."""
    return any(w in TEENCODE and TEENCODE[w] != w for w in _WORD.findall(nfc(text).lower()))


# Sounds residents confuse when spelling (southern accent and common slips), on folded syllables.
_ONSETS = (
    ("ngh", "ng"),
    ("gh", "g"),
    ("gi", "z"),
    ("tr", "ch"),
    ("ch", "ch"),
    ("x", "s"),
    ("d", "z"),
    ("r", "z"),
    ("l", "n"),
    ("q", "k"),
    ("c", "k"),
)
_CODAS = (("nh", "n"), ("ng", "n"), ("ch", "t"), ("c", "t"), ("y", "i"))


def sound_key(syllable: str) -> str:
    """A folded syllable with easily confused spellings merged (s/x, tr/ch, d/gi/r, l/n, i/y, n/ng…)."""
    for written, heard in _ONSETS:
        if syllable.startswith(written):
            syllable = heard + syllable[len(written) :]
            break
    for written, heard in _CODAS:
        if syllable.endswith(written) and len(syllable) > len(written):
            syllable = syllable[: -len(written)] + heard
            break
    return syllable


def sound_text(text: str, drop_fillers: bool = False) -> str:
    """The whole text as sound keys: "xin giấy tạm chú" and "sin dấy tạm trú" meet."""
    words = match_key(text).split()
    return " ".join(sound_key(w) for w in (content_words(words) if drop_fillers else words))


# Politeness, address and question words that say nothing about the topic of a question
# (folded forms). Search drops them: "cháu ơi cho bác hỏi làm sao…" is mostly these. Not "do": folded, "đó"
# is also the "đỏ" of "sổ đỏ".
FILLERS = frozenset(
    """a ad admin ah anh ba bac ban cach chau chi cho co con cu da dau de duoc em gi giup ha hoi huong dan
    khi khong la lam ma may minh muon nao nay nha nhe nhu o oi phai roi sao thi toi ve voi vay xin biet""".split()
)


def content_words(words: list[str]) -> list[str]:
    """Folded words without the fillers (all of them if nothing else is left)."""
    kept = [w for w in words if w not in FILLERS]
    return kept or words


_SYNONYM = re.compile(r"\b(" + "|".join(sorted(map(re.escape, SYNONYMS), key=len, reverse=True)) + r")\b")


def canonical(text: str) -> str:
    """The text with residents' everyday terms replaced by the official ones ("bằng lái" → "giấy phép lái xe").

    Matching is done on the folded text, which has the same length as the NFC text, so
    accented, unaccented and mixed spellings are all found.
    """
    text = nfc(text)
    folded = "".join(fold_char(c) for c in text).replace(".", " ")
    pieces, last = [], 0
    for match in _SYNONYM.finditer(folded):
        pieces += [text[last : match.start()], SYNONYMS[match.group(1)]]
        last = match.end()
    return "".join(pieces) + text[last:] if pieces else text
