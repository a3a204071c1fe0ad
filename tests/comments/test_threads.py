"""Building the thread a reader sees from a flat list of comments (pure Python)."""

from types import SimpleNamespace

from comments.threads import MAX_LEVEL, build_thread


def c(pk, parent=None, status="visible", author=1):
    return SimpleNamespace(pk=pk, parent_id=parent, status=status, author_id=author)


def _markup(entries):
    """The list markup the template produces, to check that every list is closed."""
    out = ["<ol>"]
    for entry in entries:
        out.append(f"<li>{entry.comment.pk}")
        if entry.opens:
            out.append("<ol>")
        else:
            out.append("</li>")
            out.extend("</ol></li>" for _ in entry.closes)
    out.append("</ol>")
    return "".join(out)


def test_replies_follow_their_comment_in_reading_order():
    comments = [c(1), c(2), c(3, parent=1), c(4, parent=3), c(5, parent=1)]
    entries = build_thread(comments)
    assert [(e.comment.pk, e.depth) for e in entries] == [(1, 0), (3, 1), (4, 2), (5, 1), (2, 0)]
    assert _markup(entries) == "<ol><li>1<ol><li>3<ol><li>4</li></ol></li><li>5</li></ol></li><li>2</li></ol>"


def test_indentation_stops_at_the_maximum_level_and_deeper_replies_name_their_parent():
    chain = [c(1)] + [c(pk, parent=pk - 1) for pk in range(2, 1001)]
    entries = build_thread(chain)
    assert len(entries) == 1000
    assert max(entry.level for entry in entries) == MAX_LEVEL
    assert entries[-1].depth == 999 and entries[-1].reply_to.pk == 999
    assert entries[MAX_LEVEL].reply_to is None
    markup = _markup(entries)
    assert markup.count("<ol>") == markup.count("</ol>") == MAX_LEVEL + 1


def test_a_deleted_comment_stays_as_a_placeholder_only_while_a_reply_is_shown():
    comments = [c(1, status="deleted"), c(2, parent=1), c(3, status="deleted"), c(4, parent=3, status="deleted")]
    assert [e.comment.pk for e in build_thread(comments)] == [1, 2]


def test_a_held_comment_is_shown_only_to_its_author_and_moderators():
    comments = [c(1), c(2, status="held", author=7)]
    assert [e.comment.pk for e in build_thread(comments, viewer_id=8)] == [1]
    assert [e.comment.pk for e in build_thread(comments, viewer_id=7)] == [1, 2]
    assert [e.comment.pk for e in build_thread(comments, viewer_id=8, moderator=True)] == [1, 2]


def test_a_hidden_comment_keeps_its_place_for_everyone():
    comments = [c(1, status="hidden"), c(2, parent=1)]
    assert [e.comment.pk for e in build_thread(comments)] == [1, 2]
