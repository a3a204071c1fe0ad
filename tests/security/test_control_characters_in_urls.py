"""Issue 11, item 4: control characters in any part of an address give 400, never a 500.

``GET /abschnitt/%00/`` ended in a 500 on PostgreSQL ("A string literal cannot contain NUL").
The test walks every URL pattern of the project, fills each parameter with values holding
NUL and other control characters, adds them to query strings, and expects the German 400 page
(kochbuch.middleware.RefuseControlCharactersMiddleware) on SQLite and PostgreSQL alike.
"""

import re

import pytest
from django.test import Client
from django.urls import get_resolver
from django.urls.resolvers import RegexPattern, RoutePattern, URLResolver

from recipes.models import Recipe

pytestmark = pytest.mark.django_db

# Percent-encoded as a client sends them: NUL, SOH, US, DEL, and C1 controls (U+0085, U+009F).
CONTROL_VALUES = ["%00", "1%00", "a%01b", "x%1F", "%7F", "%C2%85", "a%0A%00", "%C2%9F"]
QUERIES = ["q=%00", "page=%00", "next=%2F%00", "seite=1%00", "a%00=1", "q=Akte%01"]
_CONVERTER = re.compile(r"<(?:(?P<kind>[^>:]+):)?(?P<name>[^>]+)>")


def _walk(patterns, prefix=()):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            yield from _walk(pattern.url_patterns, (*prefix, pattern.pattern))
        else:
            yield (*prefix, pattern.pattern), pattern.name or pattern.lookup_str


def _regex_route(regex: str, value: str) -> str:
    """A regex pattern as a path: every group replaced by ``value``, anchors dropped."""
    out, depth = [], 0
    for char in regex.strip("^$"):
        if char == "(":
            if depth == 0:
                out.append(value)
            depth += 1
        elif char == ")":
            depth -= 1
        elif depth == 0:
            out.append(char)
    return "".join(out).replace("\\", "").replace("$", "")


def _route(parts, value_for):
    path = ""
    for part in parts:
        if isinstance(part, RoutePattern):
            path += _CONVERTER.sub(lambda match: value_for(match.group("kind") or "str"), str(part))
        elif isinstance(part, RegexPattern):
            path += _regex_route(str(part._regex), value_for("str"))
        else:  # pragma: no cover – LocalePrefixPattern or another kind the project may add
            path += str(part)
    return "/" + path


def _valid(kind):
    return "1" if kind == "int" else "a"


def every_pattern():
    return sorted(set(_walk(get_resolver().url_patterns)), key=lambda item: str(item[1]))


def test_the_walk_sees_every_app_and_both_kinds_of_pattern():
    patterns = every_pattern()
    routes = [_route(parts, _valid) for parts, _name in patterns]
    assert len(patterns) > 150
    for prefix in ("/rezepte/", "/kapitel/", "/abschnitt/", "/kommentare/", "/vorschlaege/",
                   "/ausgaben/", "/suche/", "/konto/", "/verwaltung/"):
        assert any(route.startswith(prefix) for route in routes), prefix
    assert any(isinstance(part, RegexPattern) for parts, _name in patterns for part in parts)


def _assert_refused(client, url, failures):
    response = client.get(url)
    if response.status_code != 400:
        failures.append(f"{url}: {response.status_code}")
    elif url.startswith("/api/"):
        if response.json()["error"]["code"] != "control_characters":
            failures.append(f"{url}: 400 ohne die deutsche JSON-Antwort")
    elif "Ungültige Anfrage" not in response.content.decode():
        failures.append(f"{url}: 400 ohne die deutsche Seite")


def test_control_characters_in_any_parameter_or_query_of_every_pattern_give_400(small_book, editor):
    """Anonymous and signed in (an editor reaches the most views); every value of
    ``CONTROL_VALUES`` in every parameter across the patterns, and in query strings."""
    anonymous, signed_in = Client(), Client()
    signed_in.force_login(editor)
    failures, requests = [], 0
    for number, (parts, _name) in enumerate(every_pattern()):
        value = CONTROL_VALUES[number % len(CONTROL_VALUES)]
        other = CONTROL_VALUES[(number + 3) % len(CONTROL_VALUES)]
        valid = _route(parts, _valid)
        query = QUERIES[number % len(QUERIES)]
        urls = {
            _route(parts, lambda kind, value=value: value),
            _route(parts, lambda kind, other=other: _valid(kind) + other),
            valid.rstrip("/") + value + "/",
            f"{valid}?{query}",
        }
        for url in sorted(urls - {valid}):
            for client in (anonymous, signed_in):
                _assert_refused(client, url, failures)
                requests += 1
    assert requests > 1000
    assert not failures, "\n".join(failures)


def test_the_reported_address_and_a_search_with_nul_give_the_german_400(client, small_book):
    for url in ("/abschnitt/%00/", "/suche/?q=%00", "/suche/?q=Akte&seite=%00", "/rezepte/%00/",
                "/static/%00.css"):
        response = client.get(url)
        assert response.status_code == 400, url
        page = response.content.decode()
        assert "Ungültige Anfrage" in page and "Steuerzeichen" in page
        assert response.headers["Content-Security-Policy"]


def test_ordinary_addresses_and_tabs_in_a_search_are_not_refused(client, small_book):
    recipe = Recipe.objects.get(number="7.1.3")
    assert client.get("/abschnitt/7.1.3/").status_code in (301, 302)
    assert client.get(recipe.get_absolute_url()).status_code == 200
    assert client.get("/suche/?q=Posteingang%09gescannt").status_code == 200
    assert client.get("/suche/?q=B%C3%BCrgerb%C3%BCro").status_code == 200
    assert client.get("/abschnitt/99.99/").status_code == 404
