"""Who wrote each word: token persistence over a recipe's versions, in the spirit of WikiWho.

Pure Python on plain data (no database). Every token of a version's text is attributed to an
*origin*: the id of the version that first brought it in. A new version is attributed from the
one before it and from a *memory* of the sentences that earlier versions had and later lost:

1. a sentence found unchanged in the previous version keeps its words' origins, wherever it
   stands now (moved sentences and paragraphs keep their authors);
2. a sentence found in the memory gets back the origins it had when it was removed (text that
   was deleted and later restored keeps its original author; a revert restores attribution);
3. the remaining sentences are diffed word by word (``textdiff``, the project's own
   engine) against the previous version's remaining sentences: equal words keep their
   origins, everything else is new and belongs to the new version.

This is WikiWho's paragraph/sentence/token cascade (Flöck & Acosta, WWW 2014) with sentences
as the only block level, as a Markdown paragraph is usually a handful of sentences.
Whitespace has no author of its own: it takes the origin of the word before it, which keeps
the stored runs short.

Stored form: ``runs`` = ``[[origin, count], …]`` over the tokens of ``textdiff.tokenize``;
the memory is ``{sentence_key: runs}`` over the sentence's tokens without surrounding space.
"""

from __future__ import annotations

import hashlib
import re
from collections import deque
from dataclasses import dataclass, field
from functools import lru_cache

from textdiff import diff_tokens, sentence_ids, tokenize
from textdiff.tokens import BREAK, SPACE, WORD
from textdiff.tokens import kinds as token_kinds

# The memory keeps at most this many removed sentences (the oldest are forgotten first).
MEMORY_LIMIT = 5000
_BLANK = frozenset({SPACE, BREAK})
_URL_STARTS = ("http://", "https://", "ftp://")


@dataclass
class Attribution:
    """The tokens of one version's text and, for each, the version that introduced it."""

    tokens: list[str]
    origins: list[int]
    _kinds: list[str] | None = field(default=None, repr=False, compare=False)
    _sentences: list | None = field(default=None, repr=False, compare=False)

    @property
    def runs(self) -> list[list[int]]:
        return compress(self.origins)

    @classmethod
    def from_runs(cls, text: str, runs: list[list[int]]) -> Attribution:
        tokens, kinds, sentences = analyse(text)
        origins = expand(runs)
        if len(origins) != len(tokens):
            raise ValueError("Die gespeicherte Autorschaft passt nicht zu diesem Text.")
        return cls(tokens, origins, kinds, sentences)

    def words(self) -> list[tuple[str, int]]:
        """``(word, origin)`` for the words only (no whitespace, markup, punctuation or URLs)."""
        kinds = self._kinds if self._kinds is not None else token_kinds(self.tokens)
        return [(t, o) for t, o, k in zip(self.tokens, self.origins, kinds)
                if k == WORD and not t.startswith(_URL_STARTS)]

    def share(self) -> dict[int, int]:
        """Number of words per origin."""
        counts: dict[int, int] = {}
        for _, origin in self.words():
            counts[origin] = counts.get(origin, 0) + 1
        return counts


def compress(origins: list[int]) -> list[list[int]]:
    runs: list[list[int]] = []
    for origin in origins:
        if runs and runs[-1][0] == origin:
            runs[-1][1] += 1
        else:
            runs.append([origin, 1])
    return runs


def expand(runs: list[list[int]]) -> list[int]:
    origins: list[int] = []
    for origin, count in runs:
        origins.extend([origin] * count)
    return origins


@dataclass
class _Sentence:
    start: int  # token range of the whole sentence, surrounding whitespace included
    end: int
    core_start: int  # without the whitespace around it
    core_end: int
    key: str | None  # None for a sentence without words (markup, a table rule): never matched


_SPACES = re.compile(r"\s+")


def _sentences(tokens: list[str], kinds: list[str]) -> list[_Sentence]:
    ids = sentence_ids(tokens, kinds)
    out: list[_Sentence] = []
    start = 0
    n = len(tokens)
    for i in range(1, n + 1):
        if i < n and ids[i] == ids[start]:
            continue
        s, e = start, i
        while s < e and kinds[s] in _BLANK:
            s += 1
        while e > s and kinds[e - 1] in _BLANK:
            e -= 1
        key = None
        if WORD in kinds[s:e]:
            # Inner whitespace counts as one space, so re-wrapping a line changes nothing; the
            # tokens are joined with a separator, so the same characters tokenised differently
            # ("1. " as a list marker or as a number and a dot) are another sentence.
            normal = _SPACES.sub(" ", "\x00".join(tokens[s:e]))
            key = hashlib.blake2b(normal.encode(), digest_size=12).hexdigest()
        out.append(_Sentence(start, i, s, e, key))
        start = i
    return out


_PARAGRAPH_BREAK = re.compile(r"((?:\r\n|\r|\n){2,})")


@lru_cache(maxsize=4096)  # paragraphs with their tokens, kept for the life of a worker: bounded
def _paragraph(text: str):
    tokens = tokenize(text)
    kinds = token_kinds(tokens)
    return tokens, kinds, _sentences(tokens, kinds)


def analyse(text: str) -> tuple[list[str], list[str], list[_Sentence]]:
    """Tokens, their kinds and the sentences of ``text``, the same as tokenising it whole.

    Paragraphs are analysed one by one and remembered: most of a new version's paragraphs
    are those of the version before, so a history costs little more than its changes.
    """
    tokens: list[str] = []
    kinds: list[str] = []
    sentences: list[_Sentence] = []
    for index, part in enumerate(_PARAGRAPH_BREAK.split(text)):
        if not part:
            continue
        offset = len(tokens)
        if index % 2:  # a paragraph break: one token, ending the sentence before it
            tokens.append(part)
            kinds.append(BREAK)
            if sentences:
                last = sentences[-1]
                core = (last.core_start, last.core_end) if last.core_end > last.core_start \
                    else (offset + 1, offset + 1)  # nothing but whitespace: an empty core at its end
                sentences[-1] = _Sentence(last.start, offset + 1, *core, last.key)
            else:
                sentences.append(_Sentence(offset, offset + 1, offset + 1, offset + 1, None))
            continue
        part_tokens, part_kinds, part_sentences = _paragraph(part)
        tokens.extend(part_tokens)
        kinds.extend(part_kinds)
        sentences.extend(
            _Sentence(x.start + offset, x.end + offset, x.core_start + offset, x.core_end + offset, x.key)
            for x in part_sentences
        )
    return tokens, kinds, sentences


def _analysis(attribution: Attribution | None):
    """Kinds and sentences of an attribution's tokens, computed once per attribution."""
    if attribution is None:
        return [], []
    if attribution._kinds is None:
        attribution._kinds = token_kinds(attribution.tokens)
        attribution._sentences = _sentences(attribution.tokens, attribution._kinds)
    return attribution._kinds, attribution._sentences


def attribute(text: str, origin: int, previous: Attribution | None = None,
              memory: dict[str, list[list[int]]] | None = None) -> Attribution:
    """Attribute ``text``, the version ``origin``, given the version before it.

    ``memory`` (sentence key → runs) is read and extended in place with the sentences of
    ``previous`` that ``text`` no longer has; pass the same dict along the whole history.
    """
    if memory is None:
        memory = {}
    tokens, kinds, sentences = analyse(text)
    origins: list[int | None] = [None] * len(tokens)
    prev_tokens = previous.tokens if previous else []
    prev_origins = previous.origins if previous else []
    _, prev_sentences = _analysis(previous)

    # 1. Sentences still there, in place or moved.
    available: dict[str, deque[int]] = {}
    for index, sentence in enumerate(prev_sentences):
        if sentence.key:
            available.setdefault(sentence.key, deque()).append(index)
    prev_used = [False] * len(prev_sentences)
    unmatched: list[_Sentence] = []
    for sentence in sentences:
        queue = available.get(sentence.key) if sentence.key else None
        if queue:
            index = queue[0]
            old = prev_sentences[index]
            if old.core_end - old.core_start == sentence.core_end - sentence.core_start:
                queue.popleft()
                prev_used[index] = True
                origins[sentence.core_start:sentence.core_end] = prev_origins[old.core_start:old.core_end]
                continue
        # 2. Sentences restored from an earlier version.
        runs = memory.get(sentence.key) if sentence.key else None
        if runs is not None:
            restored = expand(runs)
            if len(restored) == sentence.core_end - sentence.core_start:
                origins[sentence.core_start:sentence.core_end] = restored
                continue
        unmatched.append(sentence)

    # 3. Word diff of what is left on both sides.
    new_rest = [k for s in unmatched for k in range(s.start, s.end)]
    prev_rest = [k for s, used in zip(prev_sentences, prev_used) if not used
                 for k in range(s.start, s.end)]
    if new_rest and prev_rest:
        ops = diff_tokens([prev_tokens[k] for k in prev_rest], [tokens[k] for k in new_rest],
                          readable=False)
        for op in ops:
            if op.tag == "equal":
                for offset in range(op.a_end - op.a_start):
                    origins[new_rest[op.b_start + offset]] = prev_origins[prev_rest[op.a_start + offset]]

    # New words belong to this version; whitespace follows the word before it.
    last = None
    for k, kind in enumerate(kinds):
        if kind in (SPACE, BREAK):
            origins[k] = last if last is not None else origin
        elif origins[k] is None:
            origins[k] = origin
        last = origins[k]
    # A text starting with whitespace: it follows the first word instead.
    first_word = next((o for o, kind in zip(origins, kinds) if kind not in (SPACE, BREAK)), origin)
    for k, kind in enumerate(kinds):
        if kind not in (SPACE, BREAK):
            break
        origins[k] = first_word

    # Remember what this version lost, so that restoring it restores its authors.
    for sentence, used in zip(prev_sentences, prev_used):
        if not used and sentence.key and sentence.key not in memory:
            memory[sentence.key] = compress(prev_origins[sentence.core_start:sentence.core_end])
    while len(memory) > MEMORY_LIMIT:
        del memory[next(iter(memory))]
    return Attribution(tokens, origins, kinds, sentences)  # type: ignore[arg-type]


def attribute_history(texts: list[tuple[int, str]]) -> list[Attribution]:
    """Attribute every version of a history given oldest first as ``(origin, text)``."""
    memory: dict[str, list[list[int]]] = {}
    result: list[Attribution] = []
    previous = None
    for origin, text in texts:
        previous = attribute(text, origin, previous, memory)
        result.append(previous)
    return result
