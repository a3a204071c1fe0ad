"""The SQL that differs between SQLite (FTS5) and PostgreSQL (tsvector, GIN, pg_trgm).

(The ``nosec B608`` marks: the SQL is assembled from constant fragments and table names;
every value is a bound parameter.)

Both get the same plan (``search.engine.Plan``): groups of alternative terms that must all
match, and phrases. Only folded terms from ``search.german`` (letters and digits) ever reach
a query string, so nothing typed can inject FTS5 or tsquery syntax; every value is a bound
parameter.
"""

import math
from dataclasses import dataclass, field

from django.db import connection

from comments.models import Comment
from editions.models import EditionVersion
from practice.models import PracticeReport
from search import german
from search.models import SearchDocument, SearchTerm

DOCS = SearchDocument._meta.db_table
TAGS = SearchDocument.tags.through._meta.db_table
COMMENTS = Comment._meta.db_table
PRACTICE_REPORTS = PracticeReport._meta.db_table
EDITION_VERSIONS = EditionVersion._meta.db_table
TERMS = SearchTerm._meta.db_table


@dataclass
class Filters:
    kind: str
    chapter_id: int | None = None
    tag_id: int | None = None
    edition_id: int | None = None  # None: the current texts


@dataclass
class Page:
    ids: list[int]
    title_hits: set[int]
    total: int
    other_total: int = 0  # the hits of ``other`` filters (the other tab), when asked for
    other_totals: list = field(default_factory=list)  # one per ``other`` filter, when several


def _where(filters: Filters, alias="d"):
    """SQL conditions (with parameters) for the filters, the same on both databases."""
    sql, params = [f"{alias}.kind = %s"], [filters.kind]
    if filters.kind == SearchDocument.Kind.COMMENT:
        # Only what every reader sees; checked live, so hiding a comment needs no re-indexing.
        sql.append(f"{alias}.comment_id IN (SELECT id FROM {COMMENTS} WHERE status = %s)")  # nosec B608
        params.append(Comment.Status.VISIBLE)
    elif filters.kind == SearchDocument.Kind.PRACTICE:
        sql.append(f"{alias}.practice_report_id IN (SELECT id FROM {PRACTICE_REPORTS} WHERE moderation = %s)")  # nosec B608
        params.append(PracticeReport.Moderation.VISIBLE)
    elif filters.edition_id is None:
        sql.append(f"{alias}.version_id IS NULL")
    else:
        in_edition = f"SELECT version_id FROM {EDITION_VERSIONS} WHERE edition_id = %s"  # nosec B608
        sql.append(f"{alias}.version_id IN ({in_edition})")
        params.append(filters.edition_id)
    if filters.chapter_id is not None:
        sql.append(f"{alias}.chapter_id = %s")
        params.append(filters.chapter_id)
    if filters.tag_id is not None:
        tagged = f"SELECT 1 FROM {TAGS} t WHERE t.searchdocument_id = {alias}.id AND t.tag_id = %s"  # nosec B608
        sql.append(f"EXISTS ({tagged})")
        params.append(filters.tag_id)
    return " AND ".join(sql), params


class _Lexicon:
    """The lexicon's two look-ups, in SQL of their own: the ORM's compiling of them cost more
    than the search's queries themselves (issue 13: an uncached search ≤ 5 ms CPU)."""

    def known_and_affixed(self, terms, affixes) -> list[str]:
        """The index terms among ``terms``, and those that start or end with one of
        ``affixes`` (compound candidates: "akt" → "aktenplan", "personalakt")."""
        conditions, params = [f"term IN ({', '.join(['%s'] * len(terms))})"], list(terms)
        for affix in affixes:
            for column, value in (("term", affix), ("reversed_term", affix[::-1])):
                sql, more = self.prefix_sql(column, value)
                conditions.append(sql)
                params += more
        sql = f"SELECT term FROM {TERMS} WHERE is_term AND ({' OR '.join(conditions)})"  # nosec B608
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            return [row[0] for row in cursor.fetchall()]

    def flags(self, terms) -> list[tuple[str, bool, bool]]:
        """(term, is_term, is_word) of those of ``terms`` the lexicon knows."""
        if not terms:
            return []
        sql = f"SELECT term, is_term, is_word FROM {TERMS} WHERE term IN ({', '.join(['%s'] * len(terms))})"  # nosec B608
        with connection.cursor() as cursor:
            cursor.execute(sql, list(terms))
            return cursor.fetchall()


class SQLiteBackend(_Lexicon):
    """An FTS5 table over the pre-stemmed terms; its column filter gives the title tier."""

    @staticmethod
    def _group(terms):
        quoted = [f'"{term}"' for term in terms]
        return quoted[0] if len(quoted) == 1 else "(" + " OR ".join(quoted) + ")"

    def match_expression(self, plan, *, exact=False, title=False):
        parts = [self._group(group.terms(exact=exact)) for group in plan.groups]
        parts += ['"' + " ".join(phrase.terms) + '"' for phrase in plan.phrases]
        expression = " AND ".join(parts)
        return "{title_terms} : (" + expression + ")" if title else expression

    @staticmethod
    def prefix_sql(column, prefix):
        # BINARY comparison, so the index on the column is used (LIKE would be case-blind).
        return f"({column} >= %s AND {column} < %s)", [prefix, prefix + "\U0010ffff"]

    def similar_terms(self, term):
        """Known terms sharing enough trigrams with ``term`` to reach the threshold.

        The count of shared trigrams is computed exactly in SQL (padded trigrams are
        start/end tests); similarity ≤ shared / trigrams(term), so nothing that could reach
        the threshold is left out. The exact similarity is computed in Python.
        """
        checks, params = [], []
        grams = german.trigrams(term)
        for gram in sorted(grams):
            if gram.startswith("  "):
                checks.append("(substr(term, 1, 1) = %s)")
                params.append(gram[2:])
            elif gram.startswith(" ") and gram.endswith(" "):
                checks.append("(term = %s)")
                params.append(gram.strip())
            elif gram.startswith(" "):
                checks.append("(substr(term, 1, 2) = %s)")
                params.append(gram[1:])
            elif gram.endswith(" "):
                checks.append("(substr(term, -2, 2) = %s AND length(term) >= 2)")
                params.append(gram[:2])
            else:
                checks.append("(instr(term, %s) > 0)")
                params.append(gram)
        needed = math.ceil(german.FUZZY_THRESHOLD * len(grams) - 1e-9)
        sql = f"SELECT term FROM {TERMS} WHERE is_term AND ({' + '.join(checks)}) >= %s"  # nosec B608
        with connection.cursor() as cursor:
            cursor.execute(sql, [*params, needed])
            return [row[0] for row in cursor.fetchall()]

    def page(self, plan, filters: Filters, *, limit, offset, other=None) -> Page:
        def fts(expression):
            return "d.id IN (SELECT rowid FROM search_fts WHERE search_fts MATCH %s)", [expression]

        where, params = _where(filters)
        tiers = _tiers(
            plan, title_test=fts, body_test=fts,
            title=lambda exact: self.match_expression(plan, exact=exact, title=True),
            body=lambda exact: self.match_expression(plan, exact=exact),
        )
        other_sql, other_params = _others([self._count_sql(plan, each) for each in _as_list(other)])
        sql = f"""
            SELECT d.id, {tiers.select}, {other_sql}, COUNT(*) OVER () AS total
            FROM search_fts JOIN {DOCS} d ON d.id = search_fts.rowid
            WHERE search_fts MATCH %s AND {where}
            ORDER BY {tiers.order}, d.sort_key, d.id
            LIMIT %s OFFSET %s
        """  # nosec B608
        return _page(sql, [*tiers.params, *other_params, self.match_expression(plan), *params, limit, offset],
                     title_column=tiers.title_column, others=len(_as_list(other)))

    def _count_sql(self, plan, filters):
        where, params = _where(filters, alias="o")
        sql = f"""SELECT COUNT(*) FROM search_fts JOIN {DOCS} o ON o.id = search_fts.rowid
                  WHERE search_fts MATCH %s AND {where}"""  # nosec B608
        return sql, [self.match_expression(plan), *params]

    def count(self, plan, filters: Filters) -> int:
        return _count(*self._count_sql(plan, filters))

    def counts(self, plan, filters_list) -> list[int]:
        """The hits under each of several filters, in one query."""
        parts = [self._count_sql(plan, filters) for filters in filters_list]
        return _counts("SELECT " + ", ".join(f"({sql})" for sql, _params in parts),
                       [param for _sql, params in parts for param in params])


# The matching documents, found by the GIN index alone. Kept apart from the filters
# (MATERIALIZED) so the planner cannot prefer another index and then test ``@@`` row by row,
# which would unpack every hit's TOASTed tsvector.
MATCHES = f"SELECT id FROM {DOCS} WHERE search_vector @@ to_tsquery('simple', %s)"  # nosec B608


class PostgresBackend(_Lexicon):
    """GIN-indexed tsvectors ('simple' configuration over the pre-stemmed terms): one over
    title and body for matching, a small one over the title for the title tier; pg_trgm
    finds the candidates for typos."""

    @staticmethod
    def _group(terms):
        return terms[0] if len(terms) == 1 else "(" + " | ".join(terms) + ")"

    def match_expression(self, plan, *, exact=False):
        parts = [self._group(group.terms(exact=exact)) for group in plan.groups]
        parts += ["(" + " <-> ".join(phrase.terms) + ")" for phrase in plan.phrases]
        return " & ".join(parts)

    @staticmethod
    def prefix_sql(column, prefix):
        # LIKE 'x%', served by the *_like index; terms are letters and digits (no % or _).
        return f"{column} LIKE %s", [prefix + "%"]

    def similar_terms(self, term):
        # "%" uses the trigram index with pg_trgm.similarity_threshold (0.3 by default, below
        # german.FUZZY_THRESHOLD); the exact similarity is checked in Python.
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT term FROM {TERMS} WHERE is_term AND term %% %s", [term])  # nosec B608
            return [row[0] for row in cursor.fetchall()]

    @staticmethod
    def _index_preferred(sql):
        """``sql`` with the planner told to answer from the GIN index.

        For a broad query the planner would rather scan the table and test ``@@`` on every
        row, which unpacks every (TOASTed) tsvector; the bitmap scan of the GIN index answers
        from the index alone and is several times faster (bench/search.py). Sent with the query
        in one message, the SET LOCAL and the query run in one implicit transaction, and the
        setting ends with it: no BEGIN, SET and COMMIT of their own (three round trips of an
        uncached search, issue 13). Inside a caller's transaction it lasts until that ends.
        """
        return "SET LOCAL enable_seqscan = off; " + sql

    def page(self, plan, filters: Filters, *, limit, offset, other=None) -> Page:
        def title_vector(expression):
            return "d.title_vector @@ to_tsquery('simple', %s)", [expression]

        def body_vector(expression):
            # A semi-join the GIN index answers: testing d.search_vector row by row would
            # unpack every hit's tsvector.
            sql = f"d.id IN (SELECT id FROM {DOCS} WHERE search_vector @@ to_tsquery('simple', %s))"  # nosec B608
            return sql, [expression]

        where, params = _where(filters)
        tiers = _tiers(
            plan, title_test=title_vector, body_test=body_vector,
            title=lambda exact: self.match_expression(plan, exact=exact),
            body=lambda exact: self.match_expression(plan, exact=exact),
        )
        other_sql, other_params = _others([self._count_sql(each) for each in _as_list(other)])
        sql = f"""
            WITH matches AS MATERIALIZED ({MATCHES})
            SELECT d.id, {tiers.select}, {other_sql}, COUNT(*) OVER () AS total
            FROM {DOCS} d JOIN matches ON matches.id = d.id
            WHERE {where}
            ORDER BY {tiers.order}, d.sort_key, d.id
            LIMIT %s OFFSET %s
        """  # nosec B608
        return _page(self._index_preferred(sql),
                     [self.match_expression(plan), *tiers.params, *other_params, *params, limit, offset],
                     title_column=tiers.title_column, others=len(_as_list(other)))

    @staticmethod
    def _count_sql(filters):
        """Counts the CTE ``matches`` under ``filters`` (which are on alias ``o``)."""
        where, params = _where(filters, alias="o")
        return f"SELECT COUNT(*) FROM {DOCS} o JOIN matches ON matches.id = o.id WHERE {where}", params  # nosec B608

    def count(self, plan, filters: Filters) -> int:
        sql, params = self._count_sql(filters)
        return _count(self._index_preferred(f"WITH matches AS MATERIALIZED ({MATCHES}) {sql}"),
                      [self.match_expression(plan), *params])

    def counts(self, plan, filters_list) -> list[int]:
        """The hits under each of several filters, in one query."""
        parts = [self._count_sql(filters) for filters in filters_list]
        select = ", ".join(f"({sql})" for sql, _params in parts)
        return _counts(self._index_preferred(f"WITH matches AS MATERIALIZED ({MATCHES}) SELECT {select}"),
                       [self.match_expression(plan), *[param for _sql, params in parts for param in params]])


@dataclass
class Tiers:
    select: str
    order: str
    params: list
    title_column: int  # where title_hit is in a result row (the id comes first)


def _tiers(plan, *, title_test, body_test, title, body) -> Tiers:
    """The ranking columns, best first: the title matches the query as typed; the title
    matches (also through compounds or typo guesses); the text matches as typed. Without
    expansions the "as typed" tiers equal the others and are left out.

    ``title(exact)``/``body(exact)`` give the match expression, ``title_test``/``body_test``
    turn one into SQL and its parameters."""
    columns = [("title_hit", *title_test(title(False)))]
    if plan.has_expansions:
        columns.insert(0, ("title_exact", *title_test(title(True))))
        columns.append(("exact_hit", *body_test(body(True))))
    return Tiers(
        select=", ".join(f"{sql} AS {name}" for name, sql, _ in columns),
        order=", ".join(f"{name} DESC" for name, _, _ in columns),
        params=[param for _, _, params in columns for param in params],
        title_column=1 + [name for name, _, _ in columns].index("title_hit"),
    )


def _as_list(other) -> list:
    """``other`` of ``page``: no filters, one (the other tab) or a list (the other tabs)."""
    if other is None:
        return []
    return list(other) if isinstance(other, (list, tuple)) else [other]


def _others(counts) -> tuple[str, list]:
    """The count columns of the other tabs, in the page's own query (no query per tab)."""
    if not counts:
        return "0 AS other_total_0", []
    return (", ".join(f"({sql}) AS other_total_{index}" for index, (sql, _params) in enumerate(counts)),
            [param for _sql, params in counts for param in params])


def _page(sql, params, *, title_column, others=1) -> Page:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    count = max(others, 1)
    other_totals = list(rows[0][-1 - count:-1]) if rows else [0] * count
    return Page(ids=[row[0] for row in rows], title_hits={row[0] for row in rows if row[title_column]},
                total=rows[0][-1] if rows else 0, other_total=other_totals[0], other_totals=other_totals)


def _counts(sql, params) -> list[int]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return list(cursor.fetchone())


def _count(sql, params) -> int:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchone()[0]


def backend():
    return PostgresBackend() if connection.vendor == "postgresql" else SQLiteBackend()
