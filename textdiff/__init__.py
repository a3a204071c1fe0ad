"""Text diff and merge engine for Kochbuch recipes (pure Python, no Django).

- ``tokenize``: Markdown source → word-level tokens that join back to the exact text.
- ``diff_tokens`` / ``diff_words``: fast, readable word diff of two token lists / texts.
- ``html_diff`` / ``html_diff_side_by_side``: word diff of rendered, sanitised HTML.
- ``hunks`` / ``apply_hunks``: a proposal's changes per sentence; accept some of them.
- ``merge3`` / ``merge3_segments``: three-way merge with conflicts to resolve;
  ``merge_proposal``: accept all or some hunks of a proposal onto the current version.
"""

from .htmldiff import html_diff, html_diff_side_by_side
from .hunks import Hunk, apply_hunks, hunks
from .merge import Conflict, MergeResult, Segment, merge3, merge3_segments, merge_proposal
from .sentences import sentence_ids
from .seqmatch import Op
from .tokens import tokenize
from .wordiff import diff_tokens, diff_words

__all__ = [
    "Conflict",
    "Hunk",
    "MergeResult",
    "Op",
    "Segment",
    "apply_hunks",
    "diff_tokens",
    "diff_words",
    "html_diff",
    "html_diff_side_by_side",
    "hunks",
    "merge3",
    "merge3_segments",
    "merge_proposal",
    "sentence_ids",
    "tokenize",
]
