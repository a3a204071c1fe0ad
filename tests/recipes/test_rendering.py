import pytest

from recipes import rendering
from recipes.rendering import render_markdown

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("hostile", [
    "<script>alert(1)</script>",
    "<SCRIPT SRC=//evil.example/x.js></SCRIPT>",
    '<img src="/x.png" onerror="alert(1)">',
    '<a href="javascript:alert(1)">klick</a>',
    "[klick](javascript:alert(1))",
    "[klick](JaVaScRiPt:alert(1))",
    "[klick](&#106;avascript:alert(1))",
    "[klick](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    '<div onmouseover="alert(1)">x</div>',
    '<iframe src="https://evil.example"></iframe>',
    '<svg onload="alert(1)"><circle r="1"/></svg>',
    '<p style="background:url(javascript:alert(1))">x</p>',
    "![x](javascript:alert(1))",
    '<a href="vbscript:msgbox(1)">x</a>',
    '<object data="evil.swf"></object>',
    '<form action="https://evil.example"><input name="q"></form>',
])
def test_sanitiser_removes_executable_markup(hostile):
    html = render_markdown(f"Text davor.\n\n{hostile}\n\nText danach.").html.lower()
    for forbidden in ("<script", "javascript:", "vbscript:", "data:text", "onerror", "onload",
                      "onmouseover", "<iframe", "<svg", "<object", "<form", "<input", "style="):
        assert forbidden not in html
    assert "text danach." in html


def test_external_links_get_nofollow_ugc_noopener_and_internal_links_do_not():
    html = render_markdown("[Bund](https://www.bund.de) und [intern](/kapitel/1-x/)").html
    assert '<a href="https://www.bund.de" rel="nofollow ugc noopener">Bund</a>' in html
    assert '<a href="/kapitel/1-x/">intern</a>' in html


def test_bare_urls_become_links_but_not_inside_code():
    html = render_markdown("Siehe https://www.it-planungsrat.de und `https://nicht.verlinkt`").html
    assert 'href="https://www.it-planungsrat.de"' in html
    assert 'href="https://nicht.verlinkt"' not in html


def test_images_only_from_this_site():
    html = render_markdown("![Plan](/media/plan.png) ![Tracker](https://tracker.example/p.gif)").html
    assert 'src="/media/plan.png"' in html
    assert "tracker.example" not in html


def test_tables_footnotes_and_lists_are_rendered():
    source = "| Vorhaben | Dauer |\n|---|--:|\n| E-Akte | 2 Jahre |\n\n1. eins\n2. zwei\n\nText[^1]\n\n[^1]: Quelle."
    html = render_markdown(source).html
    assert "<table>" in html and '<td align="right">2 Jahre</td>' in html
    assert "<ol>" in html and 'class="footnote"' in html


def test_headings_get_ids_and_a_table_of_contents_and_no_second_h1():
    rendered = render_markdown("# Überblick\n\nText\n\n## Schritte im Bürgerbüro\n\n### Details")
    assert "<h1" not in rendered.html
    assert '<h2 id="abschnitt-uberblick">Überblick</h2>' in rendered.html
    assert [entry["name"] for entry in rendered.toc] == ["Überblick", "Schritte im Bürgerbüro"]
    assert rendered.toc[1]["children"][0]["name"] == "Details"


def test_wiki_links_by_number_title_and_with_label(small_book):
    html = render_markdown(
        "Siehe [[7.1.3]], [[Sachbearbeitung]], [[sachbearbeitung]] und [[7.1.4|die Bearbeitung]]."
    ).html
    assert '<a class="wikilink" href="/rezepte/eingangsbearbeitung-in-der-kommunalverwaltung/">' \
           "7.1.3 Eingangsbearbeitung in der Kommunalverwaltung</a>" in html
    assert html.count('href="/rezepte/sachbearbeitung/"') == 3
    assert ">die Bearbeitung</a>" in html


def test_wiki_link_to_a_missing_recipe_is_shown_as_missing(small_book):
    html = render_markdown("Noch offen: [[Musterdienstanweisung E-Akte]].").html
    assert '<span class="wikilink-missing"' in html and "Musterdienstanweisung E-Akte</span>" in html
    assert "<a" not in html


def test_wiki_link_turns_into_a_link_once_the_recipe_exists(small_book):
    from tests.factories import make_recipe

    assert "wikilink-missing" in render_markdown("[[7.1.9]]").html
    make_recipe("7.1.9", "Überwachung der Umsetzung")
    assert 'class="wikilink"' in render_markdown("[[7.1.9]]").html


def test_hostile_wiki_link_text_is_escaped(small_book):
    html = render_markdown('[[<script>alert(1)</script>]] [[7.1.3|<img src=x onerror=alert(1)>]]').html
    assert "<script" not in html and "onerror" not in html


def test_comment_profile_allows_no_headings_or_tables():
    html = render_markdown("## Titel\n\n| a |\n|---|\n| b |\n\n> Zitat *kursiv*", profile="comment").html
    assert "<h2" not in html and "<table" not in html
    assert "<blockquote>" in html and "<em>kursiv</em>" in html


def test_the_same_source_is_rendered_once_and_then_served_from_the_cache(monkeypatch):
    calls = []
    real = rendering._render_uncached
    monkeypatch.setattr(rendering, "_render_uncached", lambda *args: calls.append(1) or real(*args))
    first = render_markdown("Ein **kurzer** Text.")
    second = render_markdown("Ein **kurzer** Text.")
    render_markdown("Ein anderer Text.")
    assert first.html == second.html
    assert len(calls) == 2


def test_a_new_renderer_version_does_not_reuse_old_html(monkeypatch):
    render_markdown("Text")
    calls = []
    real = rendering._render_uncached
    monkeypatch.setattr(rendering, "_render_uncached", lambda *args: calls.append(1) or real(*args))
    monkeypatch.setattr(rendering, "RENDERER_VERSION", "test-next")
    render_markdown("Text")
    assert calls == [1]


def test_wiki_link_with_label_works_inside_a_table(small_book):
    html = render_markdown("| Baustein | Rezept |\n|---|---|\n| Eingang | [[7.1.3|zum Eingang]] |").html
    assert '<td><a class="wikilink" href="/rezepte/eingangsbearbeitung-in-der-kommunalverwaltung/">zum Eingang</a></td>' in html


def test_user_text_cannot_take_over_the_ids_the_page_relies_on():
    """An id like "kb-main" or "id_body" in a recipe would hijack the skip link or the editor."""
    html = render_markdown(
        '<h2 id="kb-main">A</h2>\n\n<h3 id="id_body">B</h3>\n\n<sup id="kommentare">1</sup>\n\n'
        '<ol><li id="kommentar-form">x</li></ol>\n\n## Kb main\n\n## Kb main'
    ).html
    for taken in ("kb-main", "id_body", "kommentare", "kommentar-form"):
        assert f'id="{taken}"' not in html
    assert 'id="abschnitt-kb-main"' in html and 'id="abschnitt-kb-main_1"' in html


@pytest.mark.parametrize("href", ["/\\evil.example/", "/&#9;/evil.example/", "HTTPS://evil.example/"])
def test_links_leaving_the_site_in_disguise_are_marked_external(href):
    html = render_markdown(f'<a href="{href}">weg</a>').html
    assert f'rel="{rendering.EXTERNAL_REL}"' in html
