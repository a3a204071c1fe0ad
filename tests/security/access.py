"""Shared ground for the authorisation tests: one small world with an object of every kind,
the five roles as signed-in test clients, a record of the tables a request wrote to, and a
short name for what a response did ("login" for the redirect to the sign-in page, "403" …).
"""

import datetime
import re
from dataclasses import dataclass, field

from django.contrib.sessions.models import Session
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.urls import reverse

from accounts.roles import MITWIRKENDE, MODERATION, REDAKTION
from comments.models import Comment, Report
from comments.services import comment_hide, comment_report, thread_resolve
from editions.models import ImportJob
from editions.services import edition_publish
from kommunen.models import Kommune
from practice.services import report_create, report_flag, report_hide
from proposals.services import proposal_create
from recipes.models import Chapter, Recipe, Tag
from recipes.versions import latest_version_id
from tests.factories import make_comment, make_recipe, make_user

# The five roles of the matrix, in the order of its columns.
ANONYM, UNBESTAETIGT, MITWIRKEND, MODERATOR, REDAKTEURIN = ROLES = (
    "anonym", "unbestätigt", "Mitwirkende", "Moderation", "Redaktion",
)


@dataclass
class World:
    """Everything the URLs of the site can point at, owned by different people."""

    users: dict  # role → user (None for anonym)
    other: object  # a second Mitwirkende, the owner of "someone else's" things
    chapter: Chapter
    recipe: Recipe  # 7.1.3: the comments live here
    other_recipe: Recipe  # 7.1.4: the proposals live here
    tag: Tag
    own_comment: Comment  # by the Mitwirkende
    others_comment: Comment  # by the other Mitwirkende, visible, reported by the Mitwirkende
    hidden_comment: Comment
    held_comment: Comment
    resolved_thread: Comment
    chapter_comment: Comment
    report: Report
    own_proposal: object  # by the Mitwirkende, waiting
    others_proposal: object  # by the other Mitwirkende, waiting
    edition: object
    import_job: ImportJob
    api_token: object = None  # the Mitwirkende's personal API token
    sessions: dict = field(default_factory=dict)  # role → key of a session signed in for the module
    # Nachgekocht (practice/): Mia's report for her Kommune Düren, Omar's for Gütersloh (which
    # Mia flagged), and a hidden one of Omar's.
    kommune: object = None
    own_practice_report: object = None
    others_practice_report: object = None
    hidden_practice_report: object = None
    practice_flag: object = None

    @property
    def recipe_version(self):
        return latest_version_id(self.recipe)

    @property
    def chapter_version(self):
        return latest_version_id(self.chapter)


PROPOSED_BODY = "Die Sachbearbeitung folgt, und zwar digital."


def build_world() -> World:
    """The small book plus one object of every kind; built through the services."""
    make_recipe("6.1", "IT-Komponenten im Überblick", "Die **Komponenten** im Überblick.")
    make_recipe("7.1", "Bausteine eines kommunalen Musterprozesses", "Zwölf Bausteine.")
    recipe = make_recipe("7.1.3", "Eingangsbearbeitung", "Der Posteingang wird gescannt.",
                         thema=["Prozesse"])
    other_recipe = make_recipe("7.1.4", "Sachbearbeitung", "Die Sachbearbeitung folgt.")
    users = {
        ANONYM: None,
        UNBESTAETIGT: make_user("udo@kommune.example", verified=False, display_name="Udo"),
        MITWIRKEND: make_user("mia@kommune.example", role=MITWIRKENDE, display_name="Mia"),
        MODERATOR: make_user("moritz@kommune.example", role=MODERATION, display_name="Moritz"),
        REDAKTEURIN: make_user("rita@kommune.example", role=REDAKTION, display_name="Rita"),
    }
    mia, moritz, rita = users[MITWIRKEND], users[MODERATOR], users[REDAKTEURIN]
    other = make_user("omar@kommune.example", role=MITWIRKENDE, display_name="Omar")

    others_comment = make_comment(recipe, other, "Omars sichtbarer Kommentar.")
    hidden_comment = make_comment(recipe, other, "GEHEIMER ausgeblendeter Text.")
    comment_hide(comment=hidden_comment, moderator=moritz, reason="Beleidigend")
    held_comment = make_comment(recipe, other, "WARTENDER Text, noch nicht freigegeben.")
    Comment.objects.filter(pk=held_comment.pk).update(status=Comment.Status.HELD)
    resolved_thread = make_comment(recipe, other, "Erledigte Frage.")
    thread_resolve(comment=resolved_thread, user=moritz)
    report = comment_report(comment=others_comment, reporter=mia, reason="Werbung")

    def propose(author, body):
        return proposal_create(recipe=other_recipe, author=author, title=other_recipe.title,
                               body=body, summary="Digital.",
                               base_version_id=latest_version_id(other_recipe), rate_limited=False)

    world = World(
        users=users, other=other, chapter=recipe.chapter, recipe=recipe, other_recipe=other_recipe,
        tag=Tag.objects.get(slug="prozesse"),
        own_comment=make_comment(recipe, mia, "Mias eigener Kommentar."),
        others_comment=others_comment, hidden_comment=hidden_comment,
        held_comment=Comment.objects.get(pk=held_comment.pk), resolved_thread=resolved_thread,
        chapter_comment=make_comment(recipe.chapter, other, "Zum Kapitel."),
        report=report,
        own_proposal=propose(mia, PROPOSED_BODY),
        others_proposal=propose(other, PROPOSED_BODY + " Omars Fassung."),
        edition=edition_publish(name="Ausgabe 2027", date=datetime.date(2027, 3, 1), user=rita),
        import_job=ImportJob.objects.create(
            upload="imports/ausgabe.pdf", original_name="ausgabe.pdf", edition_name="Ausgabe 2030",
            status=ImportJob.Status.PREVIEW, created_by=rita,
        ),
    )
    from api.services import token_create

    world.api_token = token_create(user=mia, name="Skript", scopes=["comment", "propose"])[0]
    world.kommune = Kommune.objects.get(name="Düren", is_model=True)
    mia.kommune, other.kommune = world.kommune, Kommune.objects.get(name="Gütersloh", is_model=True)
    mia.save(update_fields=["kommune"])
    other.save(update_fields=["kommune"])
    world.own_practice_report = report_create(author=mia, recipe=recipe, status="umgesetzt")
    world.others_practice_report = report_create(author=other, recipe=recipe, status="geplant")
    world.hidden_practice_report = report_hide(
        report=report_create(author=other, recipe=other_recipe, status="geplant"),
        moderator=moritz, reason="Werbung")
    world.practice_flag = report_flag(report=world.others_practice_report, reporter=mia, reason="Falsch")
    cache.clear()  # building the world must not use up anyone's rate limit
    return world


def client_for(user, **client_options) -> Client:
    """A test client signed in as ``user`` (anonymous for None).

    Moderation and Redaktion have TOTP set up (tests.factories), so the second-factor
    middleware lets them through, as after a real sign-in with their code.
    """
    client = Client(**client_options)
    if user is not None:
        client.force_login(user)
    return client


def outcome(response) -> str:
    """What a response did, in the words of the matrix."""
    if response.status_code in (301, 302):
        location = response["Location"]
        for prefix, word in ((reverse("account_login"), "login"), (reverse("admin:login"), "admin"),
                             (reverse("mfa_activate_totp"), "2fa")):
            if location.startswith(prefix):
                return word
    return str(response.status_code)


WRITE = re.compile(r'^\s*(?:INSERT\s+INTO|UPDATE|DELETE\s+FROM)\s+"?(\w+)"?', re.IGNORECASE)


class WrittenTables:
    """The tables a block of code sent INSERT, UPDATE or DELETE statements to.

    Sessions aside: signing in and out writes them. Counting statements rather than comparing
    contents is the stricter test: even an attempted write that changes nothing shows up.
    """

    def __init__(self):
        self.tables = set()

    def __enter__(self):
        self._wrapper = connection.execute_wrapper(self)
        self._wrapper.__enter__()
        return self

    def __exit__(self, *exc_info):
        self._wrapper.__exit__(*exc_info)

    def __call__(self, execute, sql, params, many, context):
        match = WRITE.match(sql)
        if match and match.group(1) != Session._meta.db_table:
            self.tables.add(match.group(1))
        return execute(sql, params, many, context)
