"""The documents of one page of hits, with what each kind of hit shows, in one query.

Why not ``select_related(…).in_bulk(ids)``: Django compiles that query anew on every request,
and for a page of hits the compiling (three joined tables, some forty columns) cost more CPU
than running the query and building the objects together (issue 13: a search the cache has
not seen ≤ 5 ms CPU). The SQL here is built once per kind of hit and database, from the
models' metadata, and the rows become model instances the way Django's own iterator makes
them (``Model.from_db``, each relation kept in the instance's cache of related objects, the
database's converters applied), so code reading ``document.recipe.slug`` or
``document.comment.author`` cannot tell the difference.

Long texts are left out (recipe bodies, chapter introductions, comments' Markdown, the
reports' sections, reversion's serialised data) and so are password hashes: the snippets come
from the document's own plain ``text``. Reading a column left out costs a query, as with
``defer()``; the query-count tests of the results page notice.
"""

from dataclasses import dataclass
from functools import lru_cache

from django.db import DEFAULT_DB_ALIAS, connections, models
from django.db.models.expressions import Col

from search.models import SearchDocument

# What a hit of each kind shows (a tab holds one kind), as select_related paths.
RELATIONS = {
    SearchDocument.Kind.RECIPE: ("chapter", "recipe"),
    SearchDocument.Kind.COMMENT: ("comment__author", "comment__recipe", "comment__chapter"),
    SearchDocument.Kind.PRACTICE: ("practice_report__kommune", "practice_report__recipe"),
}
_DOCUMENT_SKIPPED = {"title_terms", "body_terms"}  # the index's own copies of the text


def _loaded_fields(model, *, root=False):
    """The columns read of ``model``: a related row's long texts and secrets stay out."""
    return [
        field for field in model._meta.concrete_fields
        if not (root and field.name in _DOCUMENT_SKIPPED)
        and not (not root and isinstance(field, models.TextField))
        and field.name != "password"
    ]


@dataclass
class _Table:
    model: type
    alias: str
    fields: list
    start: int  # the first of its columns in a row
    parent: int | None  # index of the table whose foreign key leads here
    via: models.ForeignKey | None

    def __post_init__(self):
        self.attnames = frozenset(field.attname for field in self.fields)
        self.pk_offset = next(index for index, field in enumerate(self.fields) if field.primary_key)


@dataclass
class _Shape:
    tables: list
    select_from: str  # SELECT … FROM … JOINs, without the WHERE
    converters: list  # per column: [(converter, expression)]


@lru_cache(maxsize=16)
def _shape(kind, with_version, connection) -> _Shape:
    """Built once per kind and database connection (its converters are the connection's)."""
    quote = connection.ops.quote_name
    tables = [_Table(SearchDocument, "d0", _loaded_fields(SearchDocument, root=True), 0, None, None)]
    joins, by_path = [], {"": 0}
    paths = list(RELATIONS[kind]) + (["version"] if with_version else [])
    for path in paths:
        parent_path = ""
        for name in path.split("__"):
            own_path = f"{parent_path}__{name}" if parent_path else name
            if own_path not in by_path:
                parent = tables[by_path[parent_path]]
                foreign_key = parent.model._meta.get_field(name)
                model = foreign_key.related_model
                alias = f"d{len(tables)}"
                start = tables[-1].start + len(tables[-1].fields)
                tables.append(_Table(model, alias, _loaded_fields(model), start, by_path[parent_path], foreign_key))
                by_path[own_path] = len(tables) - 1
                joins.append(
                    f"LEFT OUTER JOIN {quote(model._meta.db_table)} {alias} ON "
                    f"{alias}.{quote(foreign_key.target_field.column)} = {parent.alias}.{quote(foreign_key.column)}")
            parent_path = own_path
    columns, converters = [], []
    for table in tables:
        for field in table.fields:
            columns.append(f"{table.alias}.{quote(field.column)}")
            expression = Col(table.alias, field)
            found = connection.ops.get_db_converters(expression) + expression.get_db_converters(connection)
            converters.append([(converter, expression) for converter in found])
    # Every name comes from the models' meta and is quoted; nothing from a request reaches it.
    select_from = (f"SELECT {', '.join(columns)} FROM {quote(SearchDocument._meta.db_table)} d0 "  # nosec B608
                   + " ".join(joins))
    return _Shape(tables, select_from, converters)


def documents_for_hits(ids, kind, *, with_version=False) -> dict:
    """``{id: SearchDocument}`` for ``ids`` (all of one ``kind``), each with the relations its
    hit shows loaded; ``with_version``: also the frozen version (hits in an edition's text)."""
    if not ids:
        return {}
    connection = connections[DEFAULT_DB_ALIAS]
    shape = _shape(kind, with_version, connection)
    placeholders = ", ".join(["%s"] * len(ids))
    with connection.cursor() as cursor:
        cursor.execute(f"{shape.select_from} WHERE d0.id IN ({placeholders})", list(ids))  # nosec B608 (constant SQL, bound ids)
        rows = cursor.fetchall()
    found = {}
    for row in rows:
        values = list(row)
        for index, steps in enumerate(shape.converters):
            for converter, expression in steps:
                values[index] = converter(values[index], expression, connection)
        objects = []
        for table in shape.tables:
            own = values[table.start:table.start + len(table.fields)]
            parent = objects[table.parent] if table.parent is not None else None
            if table.parent is not None and (parent is None or own[table.pk_offset] is None):
                instance = None  # no related row (an outer join), or under a missing one
            else:
                instance = table.model.from_db(connection.alias, table.attnames, own)
            if parent is not None:
                table.via.set_cached_value(parent, instance)
            objects.append(instance)
        found[objects[0].pk] = objects[0]
    return found
