"""The German UI addresses users formally ("Sie"), also on django-allauth's pages and mails.

django-allauth's own German catalog uses "du"; locale/de/LC_MESSAGES/django.po overrides
those entries (Django prefers settings.LOCALE_PATHS over an app's catalog).
"""

import gettext as gettext_module
import re
from pathlib import Path

import allauth
import pytest
from django.core import mail
from django.urls import reverse
from django.utils.html import strip_tags
from django.utils.translation import gettext, override, pgettext

from tests.factories import PASSWORD, make_user

pytestmark = pytest.mark.django_db

INFORMAL = re.compile(
    r"\b(du|dich|dir|dein\w*|euch|euer|eure\w*"
    r"|kannst|hast|bist|musst|möchtest|willst|erhältst|solltest"
    r"|versuche|gib|bestätige|klicke?|wähle|ändere|füge|entferne|gehe|kontaktiere"
    r"|überprüfe|prüfe|lass|erstelle|habe Geduld|melde dich)\b",
    re.IGNORECASE,
)


def informal_words(text):
    return INFORMAL.findall(text)


def visible_text(response):
    assert response.status_code == 200
    html = response.content.decode()
    # Keep <script> contents: allauth may put confirm() texts into inline JSON.
    html = re.sub(r"<style\b.*?</style>", " ", html, flags=re.S | re.I)
    return " ".join(strip_tags(html).split())


@pytest.mark.parametrize("url_name", [
    "account_login",
    "account_signup",
    "account_reset_password",
    "account_reset_password_done",
    "account_email_verification_sent",
])
def test_anonymous_account_pages_address_users_formally(client, url_name):
    text = visible_text(client.get(reverse(url_name)))
    assert informal_words(text) == [], text


@pytest.mark.parametrize("url_name", [
    "account_email",
    "account_logout",
    "account_change_password",
    "mfa_index",
])
def test_signed_in_account_pages_address_users_formally(client, url_name):
    client.force_login(make_user())
    text = visible_text(client.get(reverse(url_name)))
    assert informal_words(text) == [], text


def test_the_pages_use_the_formal_overrides(client):
    assert "Bitte wenden Sie sich an uns" in visible_text(client.get(reverse("account_reset_password")))
    assert "Falls Sie noch kein Konto haben" in visible_text(client.get(reverse("account_login")))
    client.force_login(make_user())
    assert "Möchten Sie sich wirklich abmelden?" in visible_text(client.get(reverse("account_logout")))


def test_the_too_many_failed_sign_ins_message_is_formal(client):
    user = make_user()
    for _ in range(6):
        response = client.post(reverse("account_login"), {"login": user.email, "password": "falsch"})
    text = visible_text(response)
    assert "Zu viele gescheiterte Anmeldeversuche. Bitte versuchen Sie es später erneut." in text
    assert informal_words(text) == [], text


@pytest.mark.parametrize(("msgid", "expected"), [
    ("Too many failed login attempts. Try again later.",
     "Zu viele gescheiterte Anmeldeversuche. Bitte versuchen Sie es später erneut."),
    ("Please Confirm Your Email Address", "Bitte bestätigen Sie Ihre E-Mail-Adresse"),
    ("Verify Your Email Address", "Bestätigen Sie Ihre E-Mail-Adresse"),
    ("Your primary email address must be verified.",
     "Ihre primäre E-Mail-Adresse muss bestätigt werden."),
    ("Please type your current password.", "Bitte geben Sie Ihr aktuelles Passwort ein."),
    ("Are you sure you want to sign out?", "Möchten Sie sich wirklich abmelden?"),
    ("You have signed out.", "Sie haben sich abgemeldet."),
    ("Do you really want to remove the selected email address?",
     "Möchten Sie die ausgewählte E-Mail-Adresse wirklich entfernen?"),
])
def test_key_messages_are_formal(msgid, expected):
    with override("de"):
        assert gettext(msgid) == expected


def test_the_verification_sent_text_is_formal():
    with override("de"):
        text = gettext(
            "We have sent an email to you for verification. Follow the link provided to finalize the "
            "signup process. If you do not see the verification email in your main inbox, check your "
            "spam folder. Please contact us if you do not receive the verification email within a few "
            "minutes."
        )
    assert text.startswith("Wir haben Ihnen eine E-Mail") and "wenden Sie sich bitte an uns" in text
    assert informal_words(text) == []


def _mail_text(message):
    return f"{message.subject}\n{message.body}"


def test_the_sign_up_confirmation_mail_is_formal(client):
    client.post(reverse("account_signup"), {
        "email": "lena@kreis.example", "password1": PASSWORD, "password2": PASSWORD,
        "display_name": "Lena Lindner", "institution": "Landkreis Heidekreis", "bundesland": "NI",
    })
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.subject == "[Kochbuch] Bitte bestätigen Sie Ihre E-Mail-Adresse"
    assert "Bitte bestätigen Sie, dass es Ihre Adresse ist" in message.body
    assert informal_words(_mail_text(message)) == [], _mail_text(message)


def test_the_password_reset_mail_is_formal(client):
    user = make_user()
    client.post(reverse("account_reset_password"), {"email": user.email})
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert "Sie erhalten diese E-Mail" in message.body
    assert informal_words(_mail_text(message)) == [], _mail_text(message)


def test_the_account_already_exists_mail_is_formal(client):
    user = make_user()
    client.post(reverse("account_signup"), {
        "email": user.email, "password1": PASSWORD, "password2": PASSWORD,
        "display_name": "Doppelt", "institution": "Stadt Musterstadt", "bundesland": "NW",
    })
    for message in mail.outbox:
        assert informal_words(_mail_text(message)) == [], _mail_text(message)


# --- Every informal allauth text that this site can show has a formal override ------------

ALLAUTH_DIR = Path(allauth.__file__).parent
# The parts of allauth this site uses (socialaccount, idp and headless are not installed).
USED_PARTS = ["account", "mfa", "usersessions", "core", "templates/account", "templates/mfa",
              "templates/allauth", "templates/usersessions"]


def _used_allauth_sources():
    texts = []
    for part in USED_PARTS:
        for path in (ALLAUTH_DIR / part).rglob("*"):
            if path.suffix in {".py", ".html", ".txt"}:
                texts.append(path.read_text(encoding="utf-8"))
    # Template placeholders ({{ email }}) become %(email)s in msgids: compare literal chunks.
    return "\n".join(texts)


def _literal_chunks(msgid):
    chunks = re.split(r"%\(\w+\)[sd]|%[sd]|\{\w*\}|\n|\s{2,}", msgid)
    return [chunk.strip() for chunk in chunks if len(chunk.strip()) >= 8] or [msgid]


def _allauth_informal_entries():
    mo = ALLAUTH_DIR / "locale" / "de" / "LC_MESSAGES" / "django.mo"
    with mo.open("rb") as fp:
        catalog = gettext_module.GNUTranslations(fp)._catalog
    for key, msgstr in catalog.items():
        if isinstance(key, tuple) or not key or not informal_words(msgstr):
            continue  # plural entries are all formal in allauth's catalog (checked below)
        context, _, msgid = key.rpartition("\x04")
        yield context, msgid, msgstr


def test_allauth_catalog_has_informal_entries_at_all():
    """Guards the next test: if allauth's catalog became formal, it would pass vacuously."""
    assert len(list(_allauth_informal_entries())) > 10


def test_every_informal_allauth_text_used_by_the_site_is_overridden():
    sources = _used_allauth_sources()
    missing = []
    with override("de"):
        for context, msgid, _msgstr in _allauth_informal_entries():
            if not all(chunk in sources for chunk in _literal_chunks(msgid)):
                continue  # only in socialaccount, idp or headless
            text = pgettext(context, msgid) if context else gettext(msgid)
            if informal_words(text):
                missing.append((msgid, text))
    assert missing == []


def test_allauth_plural_entries_are_formal():
    mo = ALLAUTH_DIR / "locale" / "de" / "LC_MESSAGES" / "django.mo"
    with mo.open("rb") as fp:
        catalog = gettext_module.GNUTranslations(fp)._catalog
    plurals = {key: value for key, value in catalog.items() if isinstance(key, tuple)}
    assert plurals and not [value for value in plurals.values() if informal_words(value)]
