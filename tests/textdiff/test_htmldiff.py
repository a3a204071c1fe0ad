"""Word diff of rendered HTML (pure Python, no database)."""

import re
from html.parser import HTMLParser

from textdiff import html_diff, html_diff_side_by_side

OLD = """<h2 id="eingang">7.1.3 Eingang</h2>
<p>Die Kommune <strong>Düren</strong> prüft jeden Antrag &amp; jede Anzeige zunächst automatisch. \
Danach entscheidet das Fachamt.</p>
<ul>
<li>Antragsformular im Portal bereitstellen</li>
<li>Eingang im Fachverfahren bestätigen</li>
</ul>
<table>
<thead>
<tr><th>Schritt</th><th>Dauer</th></tr>
</thead>
<tbody>
<tr><td>Eingang prüfen</td><td>1 Tag</td></tr>
</tbody>
</table>
<p>Siehe <a href="/rezepte/7-1-2/">7.1.2</a>.</p>"""

VOID = {"br", "hr", "img", "input", "meta", "link", "wbr", "col", "area", "source"}


class _Checker(HTMLParser):
    """Fails on any end tag that does not close the innermost open element."""

    def __init__(self):
        super().__init__(convert_charrefs=False)
        self.stack = []

    def handle_starttag(self, tag, attrs):
        if tag not in VOID:
            self.stack.append(tag)

    def handle_endtag(self, tag):
        assert self.stack and self.stack[-1] == tag, f"</{tag}> closes {self.stack[-1:]}"
        self.stack.pop()


def assert_well_formed(html):
    checker = _Checker()
    checker.feed(html)
    checker.close()
    assert checker.stack == []
    # Markers only ever wrap text, never a tag.
    for marked in re.findall(r"<(?:ins|del) [^>]*>(.*?)</(?:ins|del)>", html, re.S):
        assert "<" not in marked


def unwrap(html, drop):
    """Remove the marker elements ``drop`` (with content) and the markers of the other kind."""
    html = re.sub(rf"<{drop} [^>]*>.*?</{drop}>", "", html, flags=re.S)
    return re.sub(r"</?(?:ins|del)(?: [^>]*)?>", "", html)


def test_a_changed_word_is_marked_inside_the_unchanged_structure():
    new = OLD.replace("zunächst automatisch", "zunächst maschinell")
    result = html_diff(OLD, new)
    assert ('zunächst <del class="diff-del">automatisch</del>'
            '<ins class="diff-ins">maschinell</ins>. Danach') in result
    assert_well_formed(result)


def test_inline_diff_is_the_new_html_plus_marked_deletions():
    new = (OLD.replace("Fachamt", "zuständige Fachamt")
           .replace("<li>Eingang im Fachverfahren bestätigen</li>\n", "")
           .replace("1 Tag", "2 Tage"))
    result = html_diff(OLD, new)
    assert_well_formed(result)
    assert unwrap(result, "del") == new
    assert '<del class="diff-del">Eingang im Fachverfahren bestätigen</del>' in result
    assert '<td><del class="diff-del">1 Tag</del><ins class="diff-ins">2 Tage</ins></td>' in result


def test_side_by_side_marks_deletions_in_the_old_and_insertions_in_the_new_html():
    new = OLD.replace("Antrag &amp; jede Anzeige", "Antrag") + "\n<p>Neu: Rückfragen per Telefon.</p>"
    left, right = html_diff_side_by_side(OLD, new)
    assert_well_formed(left)
    assert_well_formed(right)
    assert unwrap(left, "ins") == OLD
    assert unwrap(right, "del") == new
    assert 'Antrag <del class="diff-del">&amp; jede Anzeige </del>zunächst' in left
    assert '<p><ins class="diff-ins">Neu: Rückfragen per Telefon.</ins></p>' in right
    assert "diff-ins" not in left and "diff-del" not in right


def test_a_word_that_only_became_bold_shows_as_deleted_and_inserted():
    new = OLD.replace("jeden Antrag", "jeden <strong>Antrag</strong>")
    result = html_diff(OLD, new)
    assert ('<del class="diff-del">Antrag</del><strong><ins class="diff-ins">Antrag</ins>'
            '</strong>') in result
    assert_well_formed(result)


def test_a_changed_link_target_marks_the_link_text():
    new = OLD.replace("/rezepte/7-1-2/", "/rezepte/7-1-4/")
    left, right = html_diff_side_by_side(OLD, new)
    assert '<a href="/rezepte/7-1-2/"><del class="diff-del">7.1.2</del></a>' in left
    assert '<a href="/rezepte/7-1-4/"><ins class="diff-ins">7.1.2</ins></a>' in right


def test_entities_are_copied_verbatim_and_never_escaped_twice():
    new = OLD.replace("&amp; jede Anzeige", "&amp; jede &lt;Anzeige&gt;")
    result = html_diff(OLD, new)
    assert "&amp;amp;" not in result and "&amp;lt;" not in result
    assert '<ins class="diff-ins">&lt;</ins>Anzeige<ins class="diff-ins">&gt;</ins>' in result


def test_a_changed_heading_id_does_not_mark_the_unchanged_heading_words():
    new = OLD.replace('<h2 id="eingang">7.1.3 Eingang</h2>', '<h2 id="posteingang">7.1.3 Posteingang</h2>')
    result = html_diff(OLD, new)
    assert result.startswith('<h2 id="posteingang">7.1.3 <del class="diff-del">Eingang</del>'
                             '<ins class="diff-ins">Posteingang</ins></h2>')


def test_deleted_list_items_stay_out_of_the_list_structure():
    new = OLD.replace("<li>Antragsformular im Portal bereitstellen</li>\n", "").replace(
        "<li>Eingang im Fachverfahren bestätigen</li>\n", "")
    result = html_diff(OLD, new)
    assert_well_formed(result)
    assert "<ul>\n</ul>" in result


def test_identical_html_comes_back_unchanged():
    assert html_diff(OLD, OLD) == OLD
    assert html_diff_side_by_side(OLD, OLD) == (OLD, OLD)


def test_a_long_rendered_recipe_diffs_into_well_formed_html():
    paragraphs = [
        f"<p>Die Kommune Nr. {i} prüft den Antrag {i} und die <em>Anzeige {i}</em> sorgfältig.</p>"
        for i in range(400)
    ]
    old = "\n".join(paragraphs)
    new = "\n".join(
        p.replace("sorgfältig", "zügig") if i % 9 == 0 else p.replace("<em>", "<em>neue ") if i % 13 == 0 else p
        for i, p in enumerate(paragraphs)
    )
    result = html_diff(old, new)
    assert_well_formed(result)
    assert unwrap(result, "del") == new
    assert result.count('<ins class="diff-ins">zügig</ins>') == 45
