"""DSGVO: a person can download what the site holds about them and delete their account.

Deleting keeps the content's history intact (versions, comments and proposals stay, texts are
part of the book) but removes every personal detail: the account becomes a tombstone named
"gelöschtes Konto", which is what the history, comments and proposals then show.
"""

from allauth.account.models import EmailAddress
from django.apps import apps
from django.db import transaction
from django.utils import timezone
from reversion.models import Revision

from kochbuch.pagecache import pages_purge

DELETED_NAME = "gelöschtes Konto"


def _iso(moment):
    return moment.isoformat() if moment else None


def account_export(*, user) -> dict:
    """Everything personal about ``user`` as plain data (served as JSON)."""
    data = {
        "erstellt": _iso(timezone.now()),
        "profil": {
            "anzeigename": user.display_name, "funktion": user.funktion,
            "institution": user.institution, "bundesland": user.get_bundesland_display(),
            "sichtbar": {"funktion": user.show_funktion, "institution": user.show_institution,
                         "bundesland": user.show_bundesland},
            "registriert": _iso(user.date_joined), "letzte_anmeldung": _iso(user.last_login),
        },
        "email_adressen": [
            {"adresse": address.email, "bestaetigt": address.verified, "primaer": address.primary}
            for address in EmailAddress.objects.filter(user=user)
        ],
        "rollen": sorted(user.groups.values_list("name", flat=True)),
        "beobachtet": [str(watch.recipe or watch.chapter) for watch in
                       user.watches.select_related("recipe", "chapter")],
        "fassungen": [
            {"datum": _iso(revision.date_created), "beschreibung": revision.comment}
            for revision in Revision.objects.filter(user=user).order_by("date_created")
        ],
    }
    if apps.is_installed("comments"):
        from comments.models import Comment

        data["kommentare"] = [
            {"datum": _iso(comment.created_at), "text": comment.body, "status": comment.status,
             "zu": str(comment.recipe or comment.chapter)}
            for comment in Comment.objects.filter(author=user).select_related("recipe", "chapter")
        ]
    if apps.is_installed("proposals"):
        from proposals.models import EditProposal

        data["vorschlaege"] = [
            {"datum": _iso(proposal.created_at), "titel": proposal.title, "text": proposal.body,
             "begruendung": proposal.summary, "status": proposal.status}
            for proposal in EditProposal.objects.filter(author=user)
        ]
    return data


@transaction.atomic
def account_delete(*, user) -> None:
    """Remove the personal data and close the account; contributions stay, unnamed."""
    from allauth.mfa.models import Authenticator

    EmailAddress.objects.filter(user=user).delete()
    Authenticator.objects.filter(user=user).delete()
    user.watches.all().delete()
    user.groups.clear()
    user.user_permissions.clear()
    user.username = f"geloescht-{user.pk}"
    user.email = ""
    user.first_name = user.last_name = ""
    user.display_name = DELETED_NAME
    user.funktion = user.institution = user.bundesland = ""
    user.show_funktion = user.show_institution = user.show_bundesland = False
    user.is_active = user.is_staff = user.is_superuser = False
    user.set_unusable_password()  # also ends every other session of this account
    user.save()
    pages_purge()  # no cached page, of any generation, may keep the name, Funktion or Kommune
