"""What the API holds about a person, for the data export and the deletion of an account
(``accounts.privacy``; connected in ApiConfig.ready).

The export names the tokens, never their secrets: only a hash is stored, and not even that nor
the prefix of the secret goes into a file that may be mailed around. A deleted account's
tokens are removed with it, so no script keeps acting in its name.
"""

from accounts.privacy import iso
from api.models import ApiToken


def tokens_of(user) -> list[dict]:
    return [
        {"bezeichnung": token.name, "rechte": [str(label) for label in token.scope_labels()],
         "erstellt": iso(token.created_at), "zuletzt_benutzt": iso(token.last_used_at),
         "widerrufen": iso(token.revoked_at)}
        for token in ApiToken.objects.filter(user=user).order_by("created_at", "pk")
    ]


def tokens_forget(*, user, **signal_arguments) -> None:
    ApiToken.objects.filter(user=user).delete()
