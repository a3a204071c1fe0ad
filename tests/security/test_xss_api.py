"""Issue 15, XSS: the hostile corpus through the API. Every ``*_html`` field of every answer is
free of executable markup, plain-text fields come back exactly as written (JSON, never HTML),
and API answers cannot be read as HTML by a browser (JSON type, nosniff)."""

import json

import pytest
from django.conf import settings
from django.urls import reverse

from accounts.roles import MITWIRKENDE
from api.services import token_create
from recipes.models import Recipe
from recipes.services import recipe_save
from recipes.versions import latest_version_id
from tests.api.openapi import ApiClient
from tests.factories import make_recipe, make_user
from tests.security.html_safety import executable_markup
from tests.security.test_xss import BATCH, CORPUS, HOSTILE_PROFILE, lead
from tests.security.xss_corpus import as_markdown, batches, packs
from tests.security.xss_pages import PageCheck, signed_in

pytestmark = pytest.mark.django_db


def html_fields(value, path=""):
    """(path, html) of every string under a key ending in "_html", at any depth."""
    if isinstance(value, dict):
        for key, inner in value.items():
            if key.endswith("_html") and isinstance(inner, str):
                yield f"{path}.{key}", inner
            else:
                yield from html_fields(inner, f"{path}.{key}")
    elif isinstance(value, list):
        for index, inner in enumerate(value):
            yield from html_fields(inner, f"{path}[{index}]")


@pytest.fixture
def hostile_world(small_book, settings):
    settings.COMMENTS_RATE_LIMIT = settings.PROPOSALS_RATE_LIMIT = "100000/h"
    profile = {key: value for key, value in HOSTILE_PROFILE.items() if not key.startswith("show_")}
    person = make_user("hostile@kommune.example", role=MITWIRKENDE, **profile)
    recipe = Recipe.objects.get(number="7.1.3")
    titles = packs(CORPUS, 200)
    for step, batch in enumerate(batches(CORPUS, BATCH)):
        recipe.body = lead(step) + as_markdown(batch)
        recipe.title = titles[step % len(titles)]
        recipe_save(recipe=recipe, user=person, comment=titles[(step + 1) % len(titles)][:200])
    make_recipe("7.2", titles[-1], as_markdown(CORPUS[:BATCH]))
    return person, Recipe.objects.get(pk=recipe.pk)


def test_hostile_texts_written_and_read_through_the_api_carry_no_executable_markup(hostile_world):
    person, recipe = hostile_world
    api = ApiClient()
    secret = token_create(user=person, name="Skript", scopes=["comment", "propose"])[1]
    auth = {"HTTP_AUTHORIZATION": f"Bearer {secret}"}
    for step, batch in enumerate(batches(CORPUS, BATCH)):
        for target in (f"/api/v1/recipes/{recipe.slug}/comments/", f"/api/v1/chapters/{recipe.chapter.slug}/comments/"):
            response = api.post(target, json.dumps({"body": lead(step) + as_markdown(batch)}),
                                content_type="application/json", **auth)
            assert response.status_code == 201, response.content
    for step, summary in enumerate(packs(CORPUS, 1000)[:5]):
        response = api.post(f"/api/v1/recipes/{recipe.slug}/proposals/", json.dumps({
            "base_version": latest_version_id(recipe), "title": packs(CORPUS, 200)[step],
            "body": recipe.body + f"\n\nNeu {step}.", "summary": summary}), content_type="application/json", **auth)
        assert response.status_code == 201, response.content

    versions = api.get(f"/api/v1/recipes/{recipe.slug}/versions/").json()["results"]
    urls = [
        "/api/v1/", "/api/v1/chapters/", f"/api/v1/chapters/{recipe.chapter.slug}/",
        f"/api/v1/chapters/{recipe.chapter.slug}/comments/", "/api/v1/recipes/", f"/api/v1/recipes/{recipe.slug}/",
        f"/api/v1/recipes/{recipe.slug}/versions/", f"/api/v1/recipes/{recipe.slug}/comments/",
        f"/api/v1/recipes/{recipe.slug}/diff/?from={versions[-1]['id']}&to={versions[0]['id']}",
        f"/api/v1/recipes/{recipe.slug}/diff/", *[version["url"] for version in versions[:6]],
        "/api/v1/search/?q=Posteingang", "/api/v1/search/?q=Posteingang&in=comments", "/api/v1/dump/",
    ]
    problems, html_count = [], 0
    pending = list(urls)
    while pending:
        url = pending.pop(0)
        response = api.get(url)
        assert response.status_code == 200, url
        assert response["Content-Type"] == "application/json" and response["X-Content-Type-Options"] == "nosniff"
        for where, html in html_fields(response.json()):
            html_count += 1
            problems += [f"{url} {where}: {finding}" for finding in executable_markup(html, fragment=True)]
        following = response.json().get("next") if isinstance(response.json(), dict) else None
        if following and "/comments/" in url:  # every page of the threads, not just the first
            pending.append(following.removeprefix(settings.SITE_URL))
    assert html_count > 50
    assert not problems, "\n".join(problems[:80])

    # Plain text comes back exactly as written, as JSON data.
    detail = api.get(f"/api/v1/recipes/{recipe.slug}/").json()
    assert detail["title"] == recipe.title
    assert detail["authors"][0]["name"] == HOSTILE_PROFILE["display_name"]
    assert HOSTILE_PROFILE["funktion"] in detail["authors"][0]["details"]


def test_hostile_token_names_are_text_on_the_token_page(small_book):
    person = make_user("hostile@kommune.example", role=MITWIRKENDE)
    client = signed_in(person)
    checks = PageCheck()
    names = packs(CORPUS, 80)
    for name in names[:9]:
        token_create(user=person, name=name, scopes=["comment"])
    checks.get(client, reverse("api_tokens"), shows=[" ".join(name.split()) for name in names[:9]])
    checks.post(client, reverse("api_tokens"), {"name": names[10], "scopes": ["propose"]}, expect=200,
                shows=[" ".join(names[10].split())])
    checks.assert_clean(at_least=2)


def test_hostile_erfahrungsberichte_through_the_api_carry_no_executable_markup(small_book, contributor, settings):
    """Nachgekocht in the API: the four Markdown fields as sanitised HTML, the contact and the
    links as plain JSON strings, in the list, the report and its Kommune (issue 18)."""
    from kommunen.models import Kommune
    from practice.services import report_create

    settings.PRACTICE_RATE_LIMIT = "100000/h"
    contributor.kommune = Kommune.objects.get(name="Düren", is_model=True)
    contributor.save(update_fields=["kommune"])
    recipe = Recipe.objects.get(number="7.1.3")
    texts = [as_markdown(batch) for batch in batches(CORPUS, 6)]
    contacts = packs(CORPUS, 200)
    fields = ["adaptations", "results", "figures", "lessons"]
    reports = []
    for start in range(0, len(texts), len(fields)):
        reports.append(report_create(
            author=contributor, recipe=recipe, status="umgesetzt", show_contact=True,
            contact=contacts[(start // 4) % len(contacts)],
            links="https://x.example/?q=%22%3E%3Cscript%3EkbXss(0)%3C/script%3E",
            **dict(zip(fields, texts[start:start + len(fields)]))))
    api = ApiClient()
    problems, html_count = [], 0
    urls = ["/api/v1/reports/", f"/api/v1/kommunen/{contributor.kommune_id}/", "/api/v1/kommunen/?q=d%C3%BCren",
            *[f"/api/v1/reports/{report.pk}/" for report in reports]]
    for url in urls:
        response = api.get(url)
        assert response.status_code == 200, url
        assert response["Content-Type"] == "application/json" and response["X-Content-Type-Options"] == "nosniff"
        for where, html in html_fields(response.json()):
            html_count += 1
            problems += [f"{url} {where}: {finding}" for finding in executable_markup(html, fragment=True)]
    assert html_count >= len(texts)
    assert not problems, "\n".join(problems[:80])
    first = api.get(f"/api/v1/reports/{reports[0].pk}/").json()
    assert first["adaptations_markdown"] == reports[0].adaptations  # the source, exactly as written
    assert first["contact"] == reports[0].contact
    # Hostile query strings are refused or find nothing, never an error page.
    for value in ["<script>alert(1)</script>", "' OR 1=1 --", "%00", "x" * 5000]:
        for url in ("/api/v1/kommunen/?q=", "/api/v1/reports/?recipe=", "/api/v1/reports/?chapter=",
                    "/api/v1/kommunen/?ags=", "/api/v1/reports/?status="):
            assert api.get(url + value).status_code in (200, 400, 404), (url, value[:20])
