"""German for the search: fold, stem, split compounds, parse queries, measure typos.

Pure Python on plain strings, used by the indexer and by both database backends, so SQLite
and PostgreSQL see exactly the same terms. A *term* is what the index stores for a word:
the Snowball German stem of the word folded to lower-case ASCII ("Bürgerbüros",
"Buergerbueros" → "burgerburo"; "Straße", "Strasse" → "strass").
"""

import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache

import Stemmer

# Letters and digits; everything else (space, hyphen, dot, apostrophe, markup) separates words.
WORD_RE = re.compile(r"[^\W_]+")
# Words joined by hyphens, dots or slashes ("E-Akte", "7.1.3", "und/oder") are searched as
# a phrase of their parts, the way the index stores them.
JOINED_RE = re.compile(r"[^\W_]+(?:[-‐‑./][^\W_]+)+")
QUOTES = str.maketrans({c: '"' for c in "„“”«»‟″"})

MAX_QUERY_CHARS = 300
MAX_QUERY_PARTS = 10  # words and phrases; the rest of a very long query is ignored
MAX_TERM_CHARS = 60  # longer "words" (hashes, base64) are not indexed at all
MIN_AFFIX_STEM = 3  # shortest stem looked for at the start or end of a compound
MIN_COMPOUND_PART = 3  # shortest other part of such a compound ("Bau|akte")
MIN_FUZZY_STEM = 4  # shorter words have too few trigrams to guess a typo
FUZZY_THRESHOLD = 0.45  # pg_trgm similarity a typo needs to reach (≥ pg_trgm's 0.3)
FUZZY_LIMIT = 3  # best-matching known terms tried for an unknown word

# The linking elements ("Fugenelemente") between the parts of a compound:
# Verwaltung-s-akte, Akte-n-plan, Bürger-büro.
FUGEN = ("", "s", "es", "n", "en", "er", "e", "ens")
# Suffixes Snowball removes from a word but a compound keeps inside: Verwalt-ung-s-akte.
DERIVATIONS = ("ung", "heit", "keit", "lich", "isch", "ig", "end", "ik")

# Snowball's German stop word list, folded. Dropped from queries (not from the index, so a
# quoted phrase such as "Akte der Verwaltung" still matches word for word).
STOPWORDS = frozenset("""
aber alle allem allen aller alles als also am an ander andere anderem anderen anderer anderes
anderm andern anders auch auf aus bei bin bis bist da damit dann das dass dasselbe dazu dein
deine deinem deinen deiner deines dem demselben den denn denselben der derer derselbe derselben
des desselben dessen dich die dies diese dieselbe dieselben diesem diesen dieser dieses dir doch
dort du durch ein eine einem einen einer eines einig einige einigem einigen einiger einiges
einmal er es etwas euch euer eure eurem euren eurer eures fur gegen gewesen hab habe haben hat
hatte hatten hier hin hinter ich ihm ihn ihnen ihr ihre ihrem ihren ihrer ihres im in indem ins
ist jede jedem jeden jeder jedes jene jenem jenen jener jenes jetzt kann kein keine keinem keinen
keiner keines konnen konnte machen man manche manchem manchen mancher manches mein meine meinem
meinen meiner meines mich mir mit muss musste nach nicht nichts noch nun nur ob oder ohne sehr
sein seine seinem seinen seiner seines selbst sich sie sind so solche solchem solchen solcher
solches soll sollte sondern sonst um und uns unsere unserem unseren unser unseres unter viel vom
von vor wahrend war waren warst was weg weil weiter welche welchem welchen welcher welches wenn
werde werden wie wieder will wir wird wirst wo wollen wollte wurde wurden zu zum zur zwar
zwischen uber
""".split())

# PyStemmer: Snowball's own C code (the same stems as the pure-Python snowballstemmer, about a
# hundred times faster per word, and without loading the stemmers of 30 other languages).
_stemmer = Stemmer.Stemmer("german")
# Loan words ending in a vowel take a plural -s that Snowball keeps ("Büros", "Kitas", "Infos").
_VOWEL_S = re.compile(r"(?<=[aouy])s$")


# Bounded to the words of everyday queries and saves (about 250 bytes an entry): a worker keeps
# them for its life (worker memory, issue 13); a whole-book import stems the rest again.
@lru_cache(maxsize=20_000)
def fold(word: str) -> str:
    """Lower-case ASCII-ish form: "Bürgerbüro" → "burgerburo", "Straße" → "strasse", "Café" → "cafe"."""
    decomposed = unicodedata.normalize("NFKD", word.casefold())
    return "".join(char for char in decomposed if not unicodedata.combining(char))


@lru_cache(maxsize=20_000)
def stem(word: str) -> str:
    """The index term of one word ("" for a word too long to index).

    Snowball's German stemmer also reads the transcriptions ae/oe/ue as umlauts, so
    "Buergerbuero" and "Bürgerbüro" give the same term.
    """
    folded = fold(word)
    if not folded or len(folded) > MAX_TERM_CHARS:
        return ""
    term = _stemmer.stemWord(folded)
    if len(term) >= 5:
        term = _VOWEL_S.sub("", term)
    return term


def words(text: str) -> list[str]:
    return WORD_RE.findall(unicodedata.normalize("NFC", text))


def terms(text: str) -> list[str]:
    """The index terms of a text, in order (phrases need the order)."""
    return [term for term in map(stem, words(text)) if term]


def index_text(text: str) -> str:
    """What the full-text index stores: the terms, separated by single spaces."""
    return " ".join(terms(text))


def word_spans(text: str):
    """(start, end, term) for every word of ``text``; used to mark hits in snippets."""
    for match in WORD_RE.finditer(text):
        yield match.start(), match.end(), stem(match.group())


# --- Queries ------------------------------------------------------------------------------

@dataclass(frozen=True)
class Word:
    """One word of a query: matched by its term and, unless ``exact``, by expansions."""

    text: str
    term: str
    exact: bool = False  # quoted: no compound parts, no typo guesses


@dataclass(frozen=True)
class Phrase:
    """Words that must follow each other, e.g. "elektronische Akte" or E-Akte."""

    text: str
    terms: tuple[str, ...]


@dataclass
class ParsedQuery:
    raw: str
    words: list[Word] = field(default_factory=list)
    phrases: list[Phrase] = field(default_factory=list)
    dropped: list[str] = field(default_factory=list)  # stop words left out
    truncated: bool = False

    @property
    def is_empty(self) -> bool:
        return not self.words and not self.phrases

    def all_terms(self) -> set[str]:
        found = {word.term for word in self.words}
        for phrase in self.phrases:
            found.update(phrase.terms)
        return found


def parse_query(raw: str) -> ParsedQuery:
    """Words and "quoted phrases" of what someone typed; never fails, whatever the input.

    Every part must match (AND). Stop words are dropped unless nothing else is left. An
    unbalanced quote is ignored; so is everything that is not a letter or digit (search
    syntax of the databases included: the backends only ever see folded terms).
    """
    raw = unicodedata.normalize("NFC", raw or "")
    query = ParsedQuery(raw=raw)
    text = raw.translate(QUOTES)
    if len(text) > MAX_QUERY_CHARS:  # cut at a space, not inside a word
        cut = text[:MAX_QUERY_CHARS + 1]
        text = cut[:cut.rfind(" ")] if " " in cut else cut[:MAX_QUERY_CHARS]
        query.truncated = True

    parts = []  # (kind, value) in the order typed
    pieces = text.split('"')
    # Even pieces are outside quotes, odd ones inside; with an unbalanced quote the last
    # "inside" piece has no closing quote and is read as plain words.
    balanced = len(pieces) % 2 == 1
    for index, piece in enumerate(pieces):
        quoted = index % 2 == 1 and (balanced or index < len(pieces) - 1)
        if quoted:
            phrase_words = words(piece)
            if len(phrase_words) == 1:
                parts.append(("exact", phrase_words[0]))
            elif phrase_words:
                parts.append(("phrase", " ".join(phrase_words)))
            continue
        position = 0
        for joined in JOINED_RE.finditer(piece):
            parts.extend(("word", word) for word in words(piece[position:joined.start()]))
            parts.append(("phrase", joined.group()))
            position = joined.end()
        parts.extend(("word", word) for word in words(piece[position:]))

    seen_terms, seen_phrases, stopwords = set(), set(), []
    for kind, value in parts:
        if len(query.words) + len(query.phrases) >= MAX_QUERY_PARTS:
            query.truncated = True
            break
        if kind == "phrase":
            phrase_terms = tuple(terms(value))
            if len(phrase_terms) == 1:
                kind, value = "exact", value
            elif phrase_terms and phrase_terms not in seen_phrases:
                seen_phrases.add(phrase_terms)
                query.phrases.append(Phrase(text=value, terms=phrase_terms))
                continue
            else:
                continue
        term = stem(value)
        if not term or term in seen_terms:
            continue
        if kind == "word" and fold(value) in STOPWORDS:
            stopwords.append(Word(text=value, term=term))
            continue
        seen_terms.add(term)
        query.words.append(Word(text=value, term=term, exact=kind == "exact"))
    if query.is_empty and stopwords:  # "die Akte" drops "die"; "die" alone is kept
        query.words = stopwords[:MAX_QUERY_PARTS]
    else:
        query.dropped = [word.text for word in stopwords]
    return query


# --- Compounds ----------------------------------------------------------------------------

def compound_tails(candidate: str, term: str) -> list[str]:
    """What may follow ``term`` in the compound ``candidate`` (both terms), linking element
    removed: "aktenplan" after "akt" → "enplan", "nplan", "plan". The stem may have lost a
    suffix that the compound keeps: "verwalt|ung|s|akt" after "verwalt" → … "akt"."""
    if not candidate.startswith(term) or len(candidate) - len(term) < MIN_COMPOUND_PART:
        return []
    rest = candidate[len(term):]
    tails = [
        rest[len(suffix + fuge):]
        for suffix in ("", *DERIVATIONS) for fuge in FUGEN if rest.startswith(suffix + fuge)
    ]
    return list(dict.fromkeys(tail for tail in tails if len(tail) >= MIN_COMPOUND_PART))


def compound_heads(candidate: str, term: str) -> list[str]:
    """What may precede ``term`` in the compound ``candidate``, linking element removed:
    "verwaltungsakt" before "akt" → "verwaltungs", "verwaltung", …"""
    if not candidate.endswith(term) or len(candidate) - len(term) < MIN_COMPOUND_PART:
        return []
    head = candidate[:-len(term)]
    heads = [head[:len(head) - len(fuge)] for fuge in FUGEN if head.endswith(fuge)]
    return list(dict.fromkeys(head for head in heads if len(head) >= MIN_COMPOUND_PART))


def compound_part_keys(candidate: str, term: str) -> set[str]:
    """Everything ``is_compound_of`` may look up for this candidate."""
    keys = set()
    for tail in compound_tails(candidate, term):
        keys.update({tail, stem(tail)})
    keys.update(compound_heads(candidate, term))
    return keys - {""}


def is_compound_of(candidate: str, term: str, *, known_terms: set[str], known_words: set[str]) -> bool:
    """Whether ``candidate`` is ``term`` joined to another word of the book, at its start
    ("akt|en|plan": "plan" is a known term) or at its end ("personal|akt": "personal" is a
    known word).

    The part before must be a word as written (or a long known term, "kommunal|verwalt"),
    because a short term left over by chance is not a word: "kont|akt" is no compound of
    "Akte" even though "Konten" gives the term "kont".
    """
    for tail in compound_tails(candidate, term):
        keys = {tail, stem(tail)}
        if keys & known_terms and not keys & STOPWORDS:
            return True
    for head in compound_heads(candidate, term):
        if head in STOPWORDS:
            continue
        if head in known_words or (len(head) >= 5 and head in known_terms):
            return True
    return False


# --- Typos ----------------------------------------------------------------------------------

def trigrams(text: str) -> frozenset[str]:
    """Trigrams the way PostgreSQL's pg_trgm makes them: per word, padded "  w "."""
    found = set()
    for word in re.findall(r"[^\W_]+", text.lower()):
        padded = f"  {word} "
        found.update(padded[i:i + 3] for i in range(len(padded) - 2))
    return frozenset(found)


def similarity(a: str, b: str) -> float:
    """pg_trgm's similarity(): shared trigrams over all trigrams of both."""
    first, second = trigrams(a), trigrams(b)
    if not first or not second:
        return 0.0
    shared = len(first & second)
    return shared / (len(first) + len(second) - shared)


def best_guesses(term: str, candidates) -> list[str]:
    """The known terms most like an unknown ``term`` (a typo), best first."""
    scored = sorted(
        ((similarity(term, candidate), candidate) for candidate in set(candidates)
         if candidate != term and candidate not in STOPWORDS),
        key=lambda pair: (-pair[0], pair[1]),
    )
    return [candidate for score, candidate in scored[:FUZZY_LIMIT] if score >= FUZZY_THRESHOLD]
