"""Searching: turn a parsed query into a plan of terms, run it, and build the hits.

A plan has one group per query word: the word's own term, the known compounds that have it
at their start or end ("akt" → "aktenplan", "personalakt"), and, for a word the index has
never seen, the known terms most like it (a typo: "verwaltnug" → "verwalt"). Phrases are
matched term by term, without expansions. Every group and phrase must match.

Ranking, the same on both databases: documents whose title matches the whole query first,
then those that match with the words as typed (not only through compounds or typo guesses),
each tier in the book's reading order. (A term-frequency score such as ts_rank would have to
unpack the tsvector of every hit: too slow for broad queries on 10,000 recipes, and bm25 and
ts_rank would order the two databases differently.)

Cost per search, whatever the number of hits: one query for the lexicon, at most one to
check compound parts and one per unknown word for typos (at most ``MAX_QUERY_PARTS``), one
for the page of hits with both tabs' totals, one to load the page (or, with no hit, one to
count the other tab instead).
"""

from dataclasses import dataclass, field

from django.utils.safestring import mark_safe

from recipes.models import Recipe
from search import german
from search.backends import Filters, backend
from search.hit_documents import documents_for_hits
from search.models import SearchDocument
from search.snippets import highlight, snippet

MAX_COMPOUNDS = 60  # per word; the shortest (closest) compounds are kept
MAX_CANDIDATES = 2000  # compounds considered per word before checking their parts


@dataclass
class Group:
    word: german.Word
    compounds: list[str] = field(default_factory=list)
    guesses: list[str] = field(default_factory=list)

    def terms(self, *, exact=False) -> list[str]:
        if exact:
            return [self.word.term]
        return list(dict.fromkeys([self.word.term, *self.compounds, *self.guesses]))


@dataclass
class Plan:
    groups: list[Group]
    phrases: list[german.Phrase]

    @property
    def has_expansions(self) -> bool:
        return any(group.compounds or group.guesses for group in self.groups)

    @property
    def guessed(self) -> list[Group]:
        return [group for group in self.groups if group.guesses]

    def highlight_terms(self) -> set[str]:
        found = set()
        for group in self.groups:
            found.update(group.terms())
        for phrase in self.phrases:
            found.update(phrase.terms)
        return found


def make_plan(query: german.ParsedQuery) -> Plan:
    """Expand the query's words with compounds and typo guesses from the lexicon."""
    db = backend()
    groups = [Group(word) for word in query.words]
    open_groups = [group for group in groups if not group.word.exact]
    if not open_groups:
        return Plan(groups, query.phrases)

    # 1. Which words are known, and which known terms start or end with them.
    affixes = [group.word.term for group in open_groups if len(group.word.term) >= german.MIN_AFFIX_STEM]
    known, candidates = set(), {group.word.term: [] for group in open_groups}
    for term in db.known_and_affixed([group.word.term for group in open_groups], affixes):
        known.add(term)
        for group in open_groups:
            word_term = group.word.term
            if term != word_term and (term.startswith(word_term) or term.endswith(word_term)):
                candidates[word_term].append(term)

    # 2. A candidate is a compound when the other part (minus a linking element) is a word
    # of the book too: "personal|akt" is, "kont|akt" is not.
    keys = set()
    for word_term, found in candidates.items():
        found.sort(key=lambda term: (len(term), term))
        del found[MAX_CANDIDATES:]
        for candidate in found:
            keys |= german.compound_part_keys(candidate, word_term)
    known_terms, known_words = set(), set()
    for term, is_term, is_word in db.flags(sorted(keys)):
        if is_term:
            known_terms.add(term)
        if is_word:
            known_words.add(term)
    for group in open_groups:
        compounds = [
            candidate for candidate in candidates[group.word.term]
            if german.is_compound_of(candidate, group.word.term,
                                     known_terms=known_terms, known_words=known_words)
        ]
        group.compounds = compounds[:MAX_COMPOUNDS]

    # 3. A word the index has never seen is probably misspelt: try the most similar terms.
    for group in open_groups:
        term = group.word.term
        if term not in known and not group.compounds and len(term) >= german.MIN_FUZZY_STEM:
            group.guesses = german.best_guesses(term, db.similar_terms(term))
    return Plan(groups, query.phrases)


@dataclass
class Hit:
    document: SearchDocument
    title_html: str
    snippet_html: str
    in_title: bool
    tags_html: str = ""  # the tags that matched, marked, when neither title nor text shows a hit

    @property
    def url(self):
        document = self.document
        if document.kind == SearchDocument.Kind.COMMENT:
            return document.comment.target_url()
        if document.kind == SearchDocument.Kind.PRACTICE:
            return document.practice_report.get_absolute_url()
        if document.recipe_id is None:  # a chapter's introduction
            return document.chapter.get_absolute_url()
        if document.version_id:
            from django.contrib.contenttypes.models import ContentType
            from django.urls import reverse

            if document.version.content_type_id != ContentType.objects.get_for_model(Recipe).pk:
                # an imported edition's own text, in no recipe's history: its page in the edition
                edition = document.version.editions.order_by("-date").first()
                if edition is not None:
                    return reverse("edition_recipe", args=[edition.slug, document.recipe.slug])
            return reverse("recipe_version", args=[document.recipe.slug, document.version_id])
        return document.recipe.get_absolute_url()


def _name_matching_tags(hits, terms):
    """A hit whose title and text show no searched word was found by a tag ("Bürgerbeteiligung"
    as Stichwort): name that tag, or the hit looks random. One query, only when needed."""
    unmarked = {hit.document.pk: hit for hit in hits
                if "<mark>" not in hit.title_html and "<mark>" not in hit.snippet_html}
    if not unmarked:
        return
    links = SearchDocument.tags.through.objects.filter(searchdocument_id__in=unmarked).select_related("tag")
    for link in links.order_by("tag__kind", "tag__name"):
        if terms & set(german.terms(link.tag.name)):
            hit = unmarked[link.searchdocument_id]
            marked = highlight(link.tag.name, terms)
            hit.tags_html = mark_safe(f"{hit.tags_html}, {marked}" if hit.tags_html else marked)  # nosec B308 B703 (highlight escapes)


@dataclass
class Results:
    query: german.ParsedQuery
    plan: Plan | None
    hits: list[Hit]
    total: int
    other_total: int
    page: int
    pages: int
    more_totals: list = field(default_factory=list)  # the hits of ``more_filters`` (further tabs)


def search(query: german.ParsedQuery, *, filters: Filters, other_filters: Filters | None = None,
           more_filters=(), page: int = 1, per_page: int = 20) -> Results:
    """One page of hits for ``query``, and the number of hits in the other tabs."""
    if query.is_empty:
        return Results(query, None, [], 0, 0, 1, 1, [0 for _ in more_filters])
    db = backend()
    plan = make_plan(query)
    others = ([other_filters] if other_filters else []) + list(more_filters)
    result = db.page(plan, filters, limit=per_page, offset=(page - 1) * per_page, other=others)
    if not result.ids and page > 1:  # past the end (an old link): show the last page
        page = max(1, -(-db.count(plan, filters) // per_page))
        result = db.page(plan, filters, limit=per_page, offset=(page - 1) * per_page, other=others)
    total, other_totals = result.total, result.other_totals
    if not result.ids and others:  # nothing here: the other tabs may still have hits
        other_totals = db.counts(plan, others)
    other_total = other_totals[0] if other_filters else 0
    more_totals = other_totals[1:] if other_filters else other_totals[:len(more_filters)]
    documents = documents_for_hits(result.ids, filters.kind, with_version=filters.edition_id is not None)
    terms = plan.highlight_terms()
    hits = [
        Hit(
            document=documents[pk],
            title_html=highlight(documents[pk].title, terms),
            snippet_html=snippet(documents[pk].text, terms),
            in_title=pk in result.title_hits,
        )
        for pk in result.ids if pk in documents
    ]
    _name_matching_tags(hits, terms)
    return Results(query, plan, hits, total, other_total, page, max(1, -(-total // per_page)), more_totals)
