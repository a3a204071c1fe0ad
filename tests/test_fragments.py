"""Signed-in reading pages are rendered once per role and made personal per request
(kochbuch/fragments.py): nothing personal crosses between people, and every change shows at the
next request, to its author and to everyone else."""

import re

import pytest
from django.core.cache import caches
from django.test import Client
from django.urls import reverse

from accounts.roles import MITWIRKENDE, perm
from comments import services as comments
from comments.models import Comment
from inbox.models import Notification
from inbox.services import unread_key
from kochbuch import fragments, pagecache
from proposals.services import proposal_accept, proposal_create
from recipes.actions import watch_button_reads
from recipes.models import Recipe, Watch
from recipes.versions import latest_version_id
from tests.factories import make_user

pytestmark = pytest.mark.django_db


def html(response):
    assert response.status_code == 200
    return response.content.decode()


def signed_in(user, **options):
    client = Client(**options)
    client.force_login(user)
    return client


def article(page, comment):
    """The markup of one comment on the page."""
    match = re.search(rf'<article class="([^"]*)" id="kommentar-{comment.pk}".*?</article>', page, re.S)
    assert match, f"comment {comment.pk} not on the page"
    return match.group(0)


@pytest.fixture
def recipe(small_book):
    return Recipe.objects.get(number="7.1.3")


@pytest.fixture
def discussion(recipe, contributor, other_contributor):
    """A thread by Mia with a reply by Omar."""
    mia = comments.comment_create(author=contributor, recipe=recipe, body="Mias Frage zum Scannen")
    omar = comments.comment_create(author=other_contributor, recipe=recipe, parent=mia, body="Omars Antwort")
    return mia, omar


def test_two_people_of_one_role_and_a_moderator_each_see_only_their_own_links_names_and_notices(
    recipe, discussion, contributor, other_contributor, moderator
):
    mia_comment, omar_comment = discussion
    mia, omar, moritz = signed_in(contributor), signed_in(other_contributor), signed_in(moderator)
    mia.post(reverse("recipe_watch", args=[recipe.slug]))  # Mia watches, Omar does not
    proposal_create(recipe=recipe, author=other_contributor, base_version_id=latest_version_id(recipe),
                    title=recipe.title, body=recipe.body + "\n\nOmars Ergänzung.", summary="Ergänzung")
    url = recipe.get_absolute_url()

    for _round in range(2):  # the first round fills the shared pages, the second reads them
        for client, me, other in ((mia, contributor, other_contributor), (omar, other_contributor, contributor),
                                  (moritz, moderator, contributor)):
            page = html(client.get(url))
            header = page.split('<main', 1)[0]
            assert f">{me.public_name}</a>" in header
            assert f">{other.public_name}</a>" not in header
            own, others = (mia_comment, omar_comment) if me == contributor else (omar_comment, mia_comment)
            if me != moderator:
                assert "comment--own" in article(page, own) and "comment--own" not in article(page, others)
                assert reverse("comment_edit", args=[own.pk]) in article(page, own)
                assert reverse("comment_report", args=[own.pk]) not in article(page, own)
                assert reverse("comment_edit", args=[others.pk]) not in page
                assert reverse("comment_report", args=[others.pk]) in article(page, others)
            else:  # the moderator wrote neither: no edit links, the moderation tools on both
                assert "comment--own" not in page and "/bearbeiten/" not in page.split('id="kommentare"')[1]
                assert reverse("comment_hide", args=[mia_comment.pk]) in page
            assert ("Nicht mehr beobachten" in page) == (me == contributor)
            assert ("Ihr Vorschlag vom" in page) == (me == other_contributor)
            assert (reverse("comment_hide", args=[mia_comment.pk]) in page) == (me == moderator)


def test_every_reader_gets_their_own_working_csrf_token(recipe, discussion, contributor, other_contributor):
    url = recipe.get_absolute_url()
    mia = signed_in(contributor, enforce_csrf_checks=True)
    omar = signed_in(other_contributor, enforce_csrf_checks=True)
    html(mia.get(url))  # fills the shared page
    for client in (omar, mia):
        page = html(client.get(url))
        assert "kbslot" not in page
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
        response = client.post(reverse("recipe_watch", args=[recipe.slug]), {"csrfmiddlewaretoken": token})
        assert response.status_code == 302  # accepted: the token is this session's
    assert Watch.objects.filter(recipe=recipe).count() == 2


def test_messages_are_shown_to_the_person_they_are_for_only(recipe, contributor, other_contributor):
    url = recipe.get_absolute_url()
    mia, omar = signed_in(contributor), signed_in(other_contributor)
    html(omar.get(url))
    response = mia.post(reverse("comment_create_recipe", args=[recipe.pk]), {"body": "Mein erster Kommentar"})
    assert response.status_code == 302
    assert "Ihr Kommentar ist veröffentlicht." in html(mia.get(url))
    assert "Ihr Kommentar ist veröffentlicht." not in html(omar.get(url))
    assert "Ihr Kommentar ist veröffentlicht." not in html(mia.get(url))  # shown once


def test_a_new_comment_an_edit_and_a_moderators_decision_show_at_the_next_request_to_everyone(
    recipe, discussion, contributor, other_contributor, moderator
):
    url = recipe.get_absolute_url()
    mia, omar, moritz = signed_in(contributor), signed_in(other_contributor), signed_in(moderator)
    for client in (mia, omar, moritz):
        html(client.get(url))  # everyone has the shared page of their role

    mia.post(reverse("comment_create_recipe", args=[recipe.pk]), {"body": "Nachtrag von Mia"})
    new = Comment.objects.get(body="Nachtrag von Mia")
    assert reverse("comment_edit", args=[new.pk]) in html(mia.get(url))
    page = html(omar.get(url))
    assert "Nachtrag von Mia" in page and reverse("comment_edit", args=[new.pk]) not in page

    mia.post(reverse("comment_edit", args=[new.pk]), {"body": "Nachtrag von Mia, berichtigt"})
    for client in (mia, omar, moritz):
        assert "Nachtrag von Mia, berichtigt" in html(client.get(url))

    moritz.post(reverse("comment_hide", args=[new.pk]), {"reason": "Doppelt"})
    for client in (mia, omar):
        page = html(client.get(url))
        assert "Grund: Doppelt" in page and "berichtigt" not in page  # hidden text: moderators only
    page = html(moritz.get(url))
    assert "Grund: Doppelt" in page and "berichtigt" in page

    proposal = proposal_create(recipe=recipe, author=other_contributor, base_version_id=latest_version_id(recipe),
                               title=recipe.title, body=recipe.body + "\n\nOmars neuer Absatz.", summary="Neu")
    assert "Ihr Vorschlag vom" in html(omar.get(url))
    proposal_accept(proposal=proposal, reviewer=moderator)
    for client in (mia, omar, moritz):
        page = html(client.get(url))
        assert "Omars neuer Absatz." in page and "Ihr Vorschlag vom" not in page


def test_a_held_comment_is_seen_by_its_author_and_the_moderators_only(
    recipe, discussion, contributor, moderator, settings
):
    settings.COMMENTS_HOLD_FIRST = 10
    newcomer = make_user("neu@kommune.example", role=MITWIRKENDE, display_name="Nele Neu")
    url = recipe.get_absolute_url()
    nele, mia, moritz = signed_in(newcomer), signed_in(contributor), signed_in(moderator)
    for client in (nele, mia, moritz):
        html(client.get(url))
    nele.post(reverse("comment_create_recipe", args=[recipe.pk]), {"body": "Wartet auf Freigabe"})
    assert Comment.objects.get(body="Wartet auf Freigabe").is_held
    assert "Wartet auf Freigabe" in html(nele.get(url))
    assert "Wartet auf Freigabe" not in html(mia.get(url))
    assert "Wartet auf Freigabe" in html(moritz.get(url))
    assert "Wartet auf Freigabe" not in html(Client().get(url))


def test_a_report_shows_on_the_moderators_page_at_once(recipe, discussion, contributor, moderator):
    mia_comment, omar_comment = discussion
    url = recipe.get_absolute_url()
    moritz = signed_in(moderator)
    assert "1 Meldung" not in html(moritz.get(url))
    signed_in(contributor).post(reverse("comment_report", args=[omar_comment.pk]), {"reason": "Bitte prüfen"})
    assert "1 Meldung" in html(moritz.get(url))


def test_a_new_display_name_reaches_the_other_readers_shared_pages(recipe, discussion, contributor, other_contributor):
    url = recipe.get_absolute_url()
    omar = signed_in(other_contributor)
    assert "Mia Muster" in html(omar.get(url))
    response = signed_in(contributor).post(reverse("profile_edit"), {
        "display_name": "Mia Neuname", "funktion": "", "institution": "Stadt Musterstadt", "bundesland": "NW",
        "show_institution": "on", "show_bundesland": "on"})
    assert response.status_code == 302
    page = html(omar.get(url))
    assert "Mia Neuname" in page and "Mia Muster" not in page


@pytest.mark.parametrize("page", ["book", "chapter", "history", "version", "recent_changes"])
def test_other_reading_pages_show_each_reader_their_own_header_and_their_roles_tools(
    recipe, contributor, other_contributor, moderator, page
):
    version = latest_version_id(recipe)
    url = {
        "book": reverse("book"), "chapter": recipe.chapter.get_absolute_url(),
        "history": reverse("recipe_history", args=[recipe.slug]),
        "version": reverse("recipe_version", args=[recipe.slug, version]),
        "recent_changes": reverse("recent_changes"),
    }[page]
    for _round in range(2):
        for user in (contributor, other_contributor, moderator):
            text = html(signed_in(user).get(url))
            names = {person.public_name for person in (contributor, other_contributor, moderator)}
            assert f">{user.public_name}</a>" in text
            assert not any(f">{name}</a>" in text.split("<main", 1)[0] for name in names - {user.public_name})
            header = text.split("<main", 1)[0]
            assert (f'href="{reverse("proposal_queue")}"' in header) == (user == moderator)  # the role's tools
            assert "kbslot" not in text


def _without_tokens(page):
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", page)


@pytest.mark.parametrize("reader", ["contributor", "other_contributor", "moderator"])
def test_a_shared_page_made_personal_is_the_page_rendered_for_the_person_alone(
    recipe, discussion, request, reader, monkeypatch
):
    user = request.getfixturevalue(reader)
    client = signed_in(user)
    url = recipe.get_absolute_url()
    html(client.get(url))
    shared = _without_tokens(html(client.get(url)))
    monkeypatch.setattr(pagecache, "generation", lambda known=None: None)  # as with the cache down: rendered alone
    alone = _without_tokens(html(client.get(url)))
    assert shared == alone


def test_the_shared_render_sees_nobody_but_a_role(contributor, moderator):
    stand_in = fragments.RoleStandIn(contributor)
    assert stand_in.pk is None and str(stand_in) == "" and stand_in.is_authenticated
    assert stand_in.has_perm(perm("comment")) and not stand_in.has_perm(perm("moderate"))
    assert fragments.role_key(stand_in) == fragments.role_key(contributor)
    assert fragments.role_key(contributor) != fragments.role_key(moderator)


def test_the_redaktions_tools_stay_with_the_redaktion_when_pages_are_shared(recipe, contributor, editor):
    url, edit_url = recipe.get_absolute_url(), reverse("recipe_edit", args=[recipe.slug])
    rita, mia = signed_in(editor), signed_in(contributor)
    for _round in range(2):
        assert edit_url in html(rita.get(url))
        page = html(mia.get(url))
        assert edit_url not in page and "Rita Redaktion" not in page


def _queue_row(page, proposal):
    match = re.search(rf'<tr>\s*<td class="proposal-table__select">(?:(?!</tr>).)*#{proposal.pk} .*?</tr>', page, re.S)
    assert match, f"proposal {proposal.pk} not in the queue"
    return match.group(0)


def test_the_proposal_queue_shows_each_moderator_their_own_proposals_as_their_own(
    recipe, contributor, moderator, monkeypatch
):
    """The queue is shared by the moderators; a moderator's own proposal is theirs alone: no
    checkbox, no review link, "eigener"; for the others it is one to decide."""
    monkeypatch.setattr(fragments.time, "time", lambda: 1_000_000.0)  # one shared page throughout
    mona = make_user("mona@kommune.example", role="Moderation", display_name="Mona Moderation")
    base = latest_version_id(recipe)
    by_moritz = proposal_create(recipe=recipe, author=moderator, base_version_id=base, title=recipe.title,
                                body=recipe.body + "\n\nVon Moritz.", summary="Von Moritz")
    other = Recipe.objects.get(number="7.1.4")
    by_mia = proposal_create(recipe=other, author=contributor, base_version_id=latest_version_id(other),
                             title=other.title, body=other.body + "\n\nVon Mia.", summary="Von Mia")
    moritz, mona_client = signed_in(moderator), signed_in(mona)
    url = reverse("proposal_queue")
    review = {p.pk: reverse("proposal_review", args=[p.pk]) for p in (by_moritz, by_mia)}
    for _round in range(2):  # the first round fills the shared page, the second reads it
        for client, me in ((moritz, moderator), (mona_client, mona)):
            page = html(client.get(url))
            assert "kbslot" not in page
            header = page.split("<main", 1)[0]
            assert f">{me.public_name}</a>" in header
            own_row, mias_row = _queue_row(page, by_moritz), _queue_row(page, by_mia)
            assert ('name="auswahl"' in own_row) == (me == mona)
            assert (review[by_moritz.pk] in own_row) == (me == mona)
            assert ("eigener" in own_row) == (me == moderator)
            assert 'name="auswahl"' in mias_row and review[by_mia.pk] in mias_row and "eigener" not in mias_row


def test_a_decision_in_the_queue_shows_at_the_next_request_to_every_moderator(
    recipe, contributor, moderator, monkeypatch
):
    monkeypatch.setattr(fragments.time, "time", lambda: 1_000_000.0)  # no new page from the clock
    mona = make_user("mona@kommune.example", role="Moderation", display_name="Mona Moderation")
    proposal = proposal_create(recipe=recipe, author=contributor, base_version_id=latest_version_id(recipe),
                               title=recipe.title, body=recipe.body + "\n\nNeu.", summary="Ein Vorschlag")
    moritz, mona_client = signed_in(moderator), signed_in(mona)
    url = reverse("proposal_queue")
    for client in (moritz, mona_client):
        assert f"#{proposal.pk} " in html(client.get(url))
    response = moritz.post(reverse("proposal_review", args=[proposal.pk]), {"aktion": "ablehnen", "nachricht": "Nein"})
    assert response.status_code == 302
    for client in (moritz, mona_client):
        page = html(client.get(url))
        assert f"#{proposal.pk} " not in page and "Es wartet nichts auf Sie." in page
    again = proposal_create(recipe=recipe, author=contributor, base_version_id=latest_version_id(recipe),
                            title=recipe.title, body=recipe.body + "\n\nNoch einmal.", summary="Zweiter Anlauf")
    for client in (mona_client, moritz):
        assert "Zweiter Anlauf" in html(client.get(url))
    assert "Zweiter Anlauf" not in html(signed_in(contributor).get(reverse("book")))  # not theirs to see
    assert signed_in(contributor).get(url).status_code == 403  # checked at every request
    assert again.pk


def test_the_queues_age_column_is_rendered_anew_every_minute(recipe, contributor, moderator, monkeypatch):
    now = [1_000_000.0]
    monkeypatch.setattr(fragments.time, "time", lambda: now[0])
    proposal_create(recipe=recipe, author=contributor, base_version_id=latest_version_id(recipe),
                    title=recipe.title, body=recipe.body + "\n\nNeu.", summary="Ein Vorschlag")
    moritz = signed_in(moderator)
    url = reverse("proposal_queue")
    calls = []
    from proposals import review_views

    original = review_views.render
    monkeypatch.setattr(review_views, "render", lambda *args, **kwargs: calls.append(1) or original(*args, **kwargs))
    html(moritz.get(url))
    html(moritz.get(url))
    assert len(calls) == 1  # shared
    now[0] += review_views.QUEUE_MAX_AGE
    html(moritz.get(url))
    assert len(calls) == 2


def test_the_shared_queue_made_personal_is_the_queue_rendered_for_the_moderator_alone(
    recipe, contributor, moderator, monkeypatch
):
    monkeypatch.setattr(fragments.time, "time", lambda: 1_000_000.0)
    for author, text in ((moderator, "Von Moritz."), (contributor, "Von Mia.")):
        current = Recipe.objects.get(pk=recipe.pk)
        proposal_create(recipe=current, author=author, base_version_id=latest_version_id(current),
                        title=current.title, body=current.body + f"\n\n{text}", summary=text)
    client = signed_in(moderator)
    url = reverse("proposal_queue")
    html(client.get(url))
    shared = _without_tokens(html(client.get(url)))
    monkeypatch.setattr(pagecache, "generation", lambda known=None: None)  # as with the cache down: rendered alone
    alone = _without_tokens(html(client.get(url)))
    assert shared == alone and "eigener" in alone


def test_a_fragment_gives_each_owner_their_own_pieces_and_everyone_else_the_others(rf):
    shared = fragments._Builder()
    html = (f"<p>{shared.mine(1, 'A1', 'a')}-{shared.mine(2, 'B22', 'bb')}{shared.mine(1, 'C1', '')}"
            f"<input value=\"{shared.csrf_token}\"></p>{shared.mine(2, 'D2', 'ddd')}!")
    fragment = shared.finish(200, [], html)
    token = re.compile(r'value="[^"]+"')

    def page(viewer):
        request = rf.get("/")
        request.user = type("Reader", (), {"pk": viewer})()
        return token.sub('value="T"', fragment.apply(request))

    assert page(None) == page(3) == '<p>a-bb<input value="T"></p>ddd!'
    assert page(1) == '<p>A1-bbC1<input value="T"></p>ddd!'
    assert page(2) == '<p>a-B22<input value="T"></p>D2!'


def test_a_shared_page_enters_the_processs_store_only_when_asked_for_again(recipe, contributor):
    """As with anonymous pages (kochbuch/pagecache.py): what is asked for once stays in Redis."""
    client = Client()
    client.force_login(contributor)
    client.get(recipe.get_absolute_url())
    assert not fragments._local.pages
    client.get(recipe.get_absolute_url())
    assert len(fragments._local.pages) == 1


def test_a_page_rendered_now_fills_its_slots_from_what_was_read_with_the_person(
        recipe, contributor, other_contributor, monkeypatch):
    """The person's row, rights and slot values (the unread count, the watch state) come in one
    round trip; a shared page rendered now uses them too, since its view ran as nobody and
    cannot have changed them (issue 13: before, each render read them again, one by one)."""
    Watch.objects.create(user=contributor, recipe=recipe)
    comments.comment_create(author=other_contributor, recipe=recipe, body="Eine Antwort für Mia")
    client = signed_in(contributor)
    client.get(recipe.get_absolute_url())  # the session and the person's row are cached
    pagecache.content_changed()  # the next request renders the shared page anew
    reads, inside = [], []
    store = caches["default"]
    for name in ("get", "get_many"):
        def recorded(key, *args, _read=getattr(store, name), _name=name, **kwargs):
            if not inside:  # (the local-memory cache's get_many calls its get)
                reads.append((_name, key))
            inside.append(_name)
            try:
                return _read(key, *args, **kwargs)
            finally:
                inside.pop()
        monkeypatch.setattr(store, name, recorded)

    page = html(client.get(recipe.get_absolute_url()))

    slot_keys = set(fragments.reader_keys(contributor.pk)) - {pagecache.GENERATION_KEY}
    assert {unread_key(contributor.pk), *watch_button_reads(contributor.pk)} <= slot_keys
    read_together = [set(keys) for name, keys in reads if name == "get_many" and set(keys) & slot_keys]
    assert len(read_together) == 1 and slot_keys <= read_together[0]  # with the person's row
    assert not [key for name, key in reads if name == "get" and key in slot_keys]
    assert "Nicht mehr beobachten" in page  # the watch state read with the person
    unread = Notification.objects.unread().filter(user=contributor).count()
    assert unread and f'<span class="badge">{unread}<' in page  # and the unread count


def test_shared_renders_leave_the_regular_expression_cache_alone(recipe, contributor, moderator):
    """Each render's slot markers carry a token of their own: as regular expressions they would
    fill re's cache (512 places) with patterns never used again, pushing out those code reuses."""
    re.purge()
    for person in (contributor, moderator):
        for _ in range(2):
            pagecache.content_changed()  # a new shared render each time
            assert "kbslot" not in html(signed_in(person).get(recipe.get_absolute_url()))
    cached = [key for key in re._cache if "kbslot" in str(key)]  # (re's own cache: no API)
    assert not cached
