"""Every kind of page passes axe-core (WCAG 2.0/2.1 A and AA) without serious or critical findings.

axe-core comes with the Python package axe-playwright-python (its bundled axe.min.js is injected
into the page), so nothing is fetched from the internet. Every page is checked signed out and
signed in with the role that may see it (one test per role); the main pages are also photographed at phone and
desktop width into test-artifacts/.
"""

import datetime

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from axe_playwright_python.sync_playwright import Axe
from django.urls import reverse

from comments.services import comment_report
from editions.services import edition_publish
from proposals.services import proposal_create
from recipes.models import Chapter, Recipe
from recipes.services import recipe_save
from recipes.versions import latest_version_id
from tests.browser.conftest import screenshot, sideways_overflow
from tests.browser.second_factor import totp_code
from tests.browser.test_comments import conversation, sign_in
from tests.factories import PASSWORD, make_comment

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WCAG_A_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
BLOCKING = {"serious", "critical"}
REFLOW, PHONE, DESKTOP = 320, 390, 1280
# allauth asks for the password again before these (its "reauthentication").
FRESH_SIGN_IN = {"mfa-activate", "mfa-recovery-codes"}


def build_site(contributor, other_contributor, moderator, editor):
    """Content for every page: two versions, a discussion with a report, a proposal, two editions."""
    recipe = Recipe.objects.get(number="7.1.3")
    conversation(recipe, (contributor, other_contributor, moderator))
    reported = make_comment(recipe, other_contributor, "Das stimmt so nicht, siehe Anlage.")
    comment_report(comment=reported, reporter=contributor, reason="Beleidigend gegenüber der Poststelle.")
    old_edition = edition_publish(name="Ausgabe 2026", date=datetime.date(2026, 1, 15), user=editor)
    first_version = latest_version_id(recipe)
    recipe.body += "\n\nDie Poststelle prüft außerdem die **Vollständigkeit** des Eingangs."
    recipe = recipe_save(recipe=recipe, user=editor, comment="Vollständigkeit ergänzt")
    new_edition = edition_publish(name="Ausgabe 2027", date=datetime.date(2027, 3, 1), user=editor)
    RecoveryCodes.activate(moderator)  # what allauth makes alongside the authenticator app
    proposal = proposal_create(
        recipe=recipe, author=contributor, base_version_id=latest_version_id(recipe), title=recipe.title,
        body=recipe.body.replace("wird gescannt", "wird jeden Morgen digital gescannt"),
        summary="Bei uns wird seit 2024 digital gescannt.",
    )
    slug = recipe.slug
    from editions.models import ImportJob  # an import waiting in its preview (forecast on view)

    import_job = ImportJob.objects.create(
        upload="imports/kochbuch.pdf", original_name="kochbuch-2016.pdf", edition_name="Ausgabe 2016",
        created_by=editor, status=ImportJob.Status.PREVIEW, preview={"pages": 150, "warnings": [], "headings": [
            {"level": 1, "number": "7", "title": "Die Gerichte", "subtitle": "", "teaser": "", "page": 90,
             "page_end": 120, "markdown": "Einleitung.\n"},
            {"level": 3, "number": "7.1.3", "title": recipe.title, "page": 101, "page_end": 102,
             "markdown": "Der Posteingang wird gescannt.\n"},
            {"level": 3, "number": "7.1.9", "title": "Neu in der Ausgabe", "page": 110, "page_end": 110,
             "markdown": "Ein neuer Abschnitt.\n"}]})
    return {
        "start": reverse("book"),
        "chapter": Chapter.objects.get(number=7).get_absolute_url(),
        "recipe": recipe.get_absolute_url(),
        "history": reverse("recipe_history", args=[slug]),
        "diff": reverse("recipe_compare", args=[slug]),
        "diff-side-by-side": reverse("recipe_compare", args=[slug]) + "?ansicht=nebeneinander",
        "old-version": reverse("recipe_version", args=[slug, first_version]),
        "chapter-history": reverse("chapter_history", args=[Chapter.objects.get(number=7).slug]),
        "tag": recipe.tags.first().get_absolute_url(),
        "search": reverse("search") + "?q=Posteingang",
        "search-empty": reverse("search") + "?q=Xylophonorchester",
        "recent-changes": reverse("recent_changes"),
        "recent-comments": reverse("comments_recent"),
        "editions": reverse("edition_list"),
        "edition": old_edition.get_absolute_url(),
        "edition-recipe": reverse("edition_recipe", args=[old_edition.slug, slug]),
        "edition-compare": reverse("edition_compare", args=[old_edition.slug, new_edition.slug]),
        "accessibility": reverse("accessibility"),
        "privacy": reverse("privacy"),
        "imprint": reverse("imprint"),
        "sign-in": reverse("account_login"),
        "sign-up": reverse("account_signup"),
        "password-reset": reverse("account_reset_password"),
        "sign-in-with-app": reverse("signin_second_factor"),
        "sign-in-code": reverse("account_request_login_code"),
        "public-profile": reverse("profile", args=[other_contributor.pk]),
        "profile-edit": reverse("profile_edit"),
        "account-delete": reverse("account_delete"),
        "reauthenticate": reverse("account_reauthenticate"),
        "mfa-overview": reverse("mfa_index"),
        "mfa-activate": reverse("mfa_activate_totp"),
        "mfa-recovery-codes": reverse("mfa_view_recovery_codes"),
        "proposal-form": reverse("proposal_create", args=[slug]),
        "proposal-new-recipe": reverse("proposal_create_recipe", args=[recipe.chapter.slug]),
        "proposal": reverse("proposal_detail", args=[proposal.pk]),
        "my-proposals": reverse("proposal_mine"),
        "proposal-queue": reverse("proposal_queue"),
        "proposal-review": reverse("proposal_review", args=[proposal.pk]),
        "proposal-review-edit": reverse("proposal_review_edit", args=[proposal.pk]),
        "moderation-queue": reverse("moderation_queue"),
        "comment-report": reverse("comment_report", args=[reported.pk]),
        "recipe-edit": reverse("recipe_edit", args=[slug]),
        "edition-publish": reverse("edition_publish"),
        "import-upload": reverse("import_start"),
        "import-preview": import_job.get_absolute_url(),
    }


# (page, who looks at it): None is a reader who is not signed in.
PAGES = [
    *[(name, None) for name in (
        "start", "chapter", "recipe", "history", "diff", "diff-side-by-side", "old-version",
        "chapter-history", "tag", "search", "search-empty", "recent-changes", "recent-comments",
        "editions", "edition", "edition-recipe", "edition-compare",
        "accessibility", "privacy", "imprint", "sign-in", "sign-up", "password-reset", "public-profile",
        "sign-in-with-app", "sign-in-code",
    )],
    *[(name, "contributor") for name in (
        "start", "recipe", "history", "search", "recent-comments", "profile-edit", "account-delete",
        "reauthenticate", "mfa-overview", "mfa-activate", "proposal-form", "proposal-new-recipe",
        "proposal", "my-proposals", "comment-report",
    )],
    *[(name, "moderator") for name in (
        "recipe", "proposal-queue", "proposal-review", "proposal-review-edit", "moderation-queue",
        "mfa-overview", "mfa-recovery-codes",
    )],
    *[(name, "editor") for name in ("recipe", "recipe-edit", "editions", "edition-publish", "import-upload",
                                    "import-preview")],
]

# Photographed at both widths (recipe with its comments, review and queue as moderator).
SCREENSHOTS = [
    ("start", None), ("chapter", None), ("recipe", "contributor"), ("history", None), ("diff", None),
    ("proposal-review", "moderator"), ("search", None), ("sign-in", None), ("profile-edit", "contributor"),
    ("moderation-queue", "moderator"), ("import-preview", "editor"), ("proposal-queue", "moderator"),
]


@pytest.fixture
def site(small_book, contributor, other_contributor, moderator, editor):
    people = {"contributor": contributor, "moderator": moderator, "editor": editor}
    return build_site(contributor, other_contributor, moderator, editor), people


def blocking_violations(page):
    """Serious and critical findings, including those axe could only half decide ("incomplete").

    Half-decided contrast is left out: axe gives up wherever a gradient or picture lies behind
    text (the start page's hero); those colours were measured by hand (at least 5.6:1).
    """
    options = {"runOnly": {"type": "tag", "values": WCAG_A_AA}, "resultTypes": ["violations", "incomplete"]}
    results = Axe().run(page, options=options).response
    undecided = [dict(finding, id=f"{finding['id']} (unentschieden)") for finding in results["incomplete"]
                 if finding["id"] != "color-contrast"]
    return [finding for finding in results["violations"] + undecided if finding["impact"] in BLOCKING]


def describe(violations):
    """One block per rule: what is wrong, where (CSS selector), and axe's own explanation."""
    lines = []
    for violation in violations:
        lines.append(f"\n[{violation['impact']}] {violation['id']}: {violation['help']} ({violation['helpUrl']})")
        for node in violation["nodes"]:
            lines.append(f"    {' '.join(map(str, node['target']))}")
            lines.append(f"      {node['html'][:200]}")
            summary = node.get("failureSummary") or "axe konnte es nicht entscheiden – bitte von Hand prüfen"
            lines.append("      " + summary.replace("\n", "\n      "))
    return "\n".join(lines)


def enter_password(page, live_server, user):
    page.goto(live_server.url + reverse("account_login"))
    page.get_by_label("E-Mail").fill(user.email)
    page.get_by_label("Passwort").fill(PASSWORD)
    page.locator("main form button[type=submit]").first.click()
    page.wait_for_url(lambda url: reverse("account_login") not in url)


def reenter_password(page, path, person=None):
    """allauth's "Bitte bestätigen Sie Ihr Passwort" before changing the second factor; with a
    second factor, its code instead (accounts.adapter)."""
    if person is not None and Authenticator.objects.filter(user=person).exists():
        page.wait_for_url("**" + reverse("mfa_reauthenticate") + "*")
        page.get_by_label("Code").fill(totp_code(person))
    else:
        page.wait_for_url("**" + reverse("account_reauthenticate") + "*")
        page.get_by_label("Passwort").fill(PASSWORD)
    page.locator("main form button[type=submit]").first.click()
    page.wait_for_url("**" + path)


def visit(page, live_server, path, person, *, fresh=False):
    if person is not None:
        sign_in(page, live_server, person)
    response = page.goto(live_server.url + path)
    if fresh:
        reenter_password(page, path, person)
    assert response.ok, f"{path}: HTTP {response.status}"
    assert page.url == live_server.url + path, f"{path} leitete weiter nach {page.url}"


ROLES = sorted({role or "" for _, role in PAGES})


@pytest.mark.parametrize("role", ROLES, ids=[role or "anonymous" for role in ROLES])
def test_every_page_has_no_serious_accessibility_violations(live_server, page, site, role):
    """axe-core finds nothing serious or critical on any page the person in ``role`` sees.

    One test per role, not per page: a browser test's database is rebuilt for each test, which
    would cost more than all the pages together. Every page is checked; all findings are reported.
    """
    paths, people = site
    person = people.get(role or None)
    failures = []
    for name in [name for name, who in PAGES if (who or "") == role]:
        page.context.clear_cookies()
        visit(page, live_server, paths[name], person, fresh=name in FRESH_SIGN_IN)
        violations = blocking_violations(page)
        if violations:
            failures.append(f"{paths[name]} ({role or 'abgemeldet'}):{describe(violations)}")
    if failures:
        pytest.fail("\n\n".join(failures), pytrace=False)


def test_the_second_factor_prompt_after_the_password_has_no_serious_violations(live_server, page, site):
    """The TOTP prompt only exists halfway through a moderator's sign-in, so sign in for real."""
    paths, people = site
    enter_password(page, live_server, people["moderator"])
    assert page.url.endswith(reverse("mfa_authenticate"))
    violations = blocking_violations(page)
    screenshot(page, "a11y-mfa-authenticate-desktop")
    if violations:
        pytest.fail(f"Zwei-Faktor-Abfrage:{describe(violations)}", pytrace=False)


def test_the_main_pages_fit_small_screens_and_are_photographed(live_server, browser, site):
    """No sideways scrolling down to 320 px (WCAG 1.4.10), axe at phone width too, and screenshots.

    The screenshots (phone and desktop) are for a person to look at in test-artifacts/.
    """
    paths, people = site
    failures = []
    for width in (REFLOW, PHONE, DESKTOP):
        phone = width < DESKTOP
        context = browser.new_context(locale="de-DE", viewport={"width": width, "height": 900},
                                      device_scale_factor=2 if phone else 1, is_mobile=phone, has_touch=phone)
        page = context.new_page()
        try:
            for name, role in SCREENSHOTS:
                page.context.clear_cookies()
                visit(page, live_server, paths[name], people.get(role))
                overflow = sideways_overflow(page)
                if overflow > 0:
                    failures.append(f"{name} bei {width}px: {overflow}px zu breit")
                if width == PHONE:
                    violations = blocking_violations(page)
                    if violations:
                        failures.append(f"{paths[name]} bei {width}px:{describe(violations)}")
                if width != REFLOW:
                    screenshot(page, f"a11y-{name}-{'phone' if phone else 'desktop'}")
        finally:
            context.close()
    if failures:
        pytest.fail("\n\n".join(failures), pytrace=False)


def test_small_buttons_stay_small_and_the_sign_up_button_stands_out_on_the_header(live_server, page, site):
    """"Beobachten" is a submit button: the general submit style must not make it larger than its
    neighbours; "Registrieren" needs its own light background on the dark header."""
    paths, people = site
    visit(page, live_server, paths["recipe"], people["contributor"])
    watch = page.get_by_role("button", name="Beobachten").bounding_box()
    propose = page.get_by_role("link", name="Änderung vorschlagen").bounding_box()
    assert abs(watch["height"] - propose["height"]) <= 1, (watch, propose)

    page.context.clear_cookies()
    page.goto(live_server.url + paths["start"])
    colours = page.evaluate("""() => ({
        button: getComputedStyle(document.querySelector('.site-nav a.button')).backgroundColor,
        header: getComputedStyle(document.querySelector('.site-header')).backgroundColor,
    })""")
    assert colours["button"] not in (colours["header"], "rgba(0, 0, 0, 0)"), colours


def test_the_dark_scheme_keeps_every_contrast_on_the_main_pages(live_server, browser, site):
    """With the system set to dark (prefers-color-scheme), axe-core finds no serious finding,
    contrast included, on the main pages of every role; the dark pages are photographed too."""
    paths, people = site
    context = browser.new_context(locale="de-DE", viewport={"width": DESKTOP, "height": 900},
                                  color_scheme="dark")
    page = context.new_page()
    failures = []
    try:
        for name, role in SCREENSHOTS + [("proposal", "contributor"), ("editions", None)]:
            page.context.clear_cookies()
            visit(page, live_server, paths[name], people.get(role))
            background = page.evaluate("getComputedStyle(document.body).backgroundColor")
            assert background == "rgb(20, 24, 23)", f"{name}: kein dunkler Hintergrund ({background})"
            violations = blocking_violations(page)
            if violations:
                failures.append(f"{paths[name]} (dunkel, {role or 'abgemeldet'}):{describe(violations)}")
            screenshot(page, f"a11y-{name}-dark")
    finally:
        context.close()
    if failures:
        pytest.fail("\n\n".join(failures), pytrace=False)
