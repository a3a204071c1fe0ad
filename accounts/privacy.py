"""DSGVO: a person can download what the site holds about them and delete their account.

Deleting keeps the content's history intact (versions, comments and proposals stay, texts are
part of the book) but removes every personal detail: the account becomes a tombstone named
"gelöschtes Konto", which is what the history, comments and proposals then show.

accounts is at the bottom of the layers: what the apps above it hold about a person reaches the
export through ``register_export_section`` (called in their AppConfig.ready()), and a deletion
is announced by ``account_deleting`` for the apps that remove personal data of their own.
"""

from collections.abc import Callable

from allauth.account.models import EmailAddress
from django.db import transaction
from django.dispatch import Signal
from django.utils import timezone
from reversion.models import Revision

from kochbuch.pagecache import pages_purge

DELETED_NAME = "gelöschtes Konto"

# Sent inside the deletion's transaction, before the account is anonymised; argument ``user``.
account_deleting = Signal()
_export_sections: dict[str, Callable] = {}


def register_export_section(key: str, rows: Callable) -> None:
    """Add ``key`` to every data export: ``rows(user)`` gives that app's data about ``user``
    as a list of plain values (what the person wrote, watches …)."""
    _export_sections[key] = rows


def iso(moment):
    return moment.isoformat() if moment else None


def account_export(*, user) -> dict:
    """Everything personal about ``user`` as plain data (served as JSON)."""
    data = {
        "erstellt": iso(timezone.now()),
        "profil": {
            "anzeigename": user.display_name, "funktion": user.funktion,
            "institution": user.institution, "bundesland": user.get_bundesland_display(),
            "sichtbar": {"funktion": user.show_funktion, "institution": user.show_institution,
                         "bundesland": user.show_bundesland},
            "registriert": iso(user.date_joined), "letzte_anmeldung": iso(user.last_login),
        },
        "email_adressen": [
            {"adresse": address.email, "bestaetigt": address.verified, "primaer": address.primary}
            for address in EmailAddress.objects.filter(user=user)
        ],
        "rollen": sorted(user.groups.values_list("name", flat=True)),
        "fassungen": [
            {"datum": iso(revision.date_created), "beschreibung": revision.comment}
            for revision in Revision.objects.filter(user=user).order_by("date_created")
        ],
    }
    for key, rows in _export_sections.items():
        data[key] = rows(user)
    return data


@transaction.atomic
def account_delete(*, user) -> None:
    """Remove the personal data and close the account; contributions stay, unnamed."""
    from allauth.mfa.models import Authenticator

    EmailAddress.objects.filter(user=user).delete()
    Authenticator.objects.filter(user=user).delete()
    account_deleting.send(sender=type(user), user=user)
    user.groups.clear()
    user.user_permissions.clear()
    user.username = f"geloescht-{user.pk}"
    user.email = ""
    user.first_name = user.last_name = ""
    user.display_name = DELETED_NAME
    user.funktion = user.institution = user.bundesland = ""
    user.kommune = None
    user.show_funktion = user.show_institution = user.show_bundesland = False
    user.is_active = user.is_staff = user.is_superuser = False
    user.set_unusable_password()  # also ends every other session of this account
    user.save()
    pages_purge()  # no cached page, of any generation, may keep the name, Funktion or Kommune
