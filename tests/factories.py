"""Small factory functions: everything is created through the same services as in production."""

from allauth.account.models import EmailAddress

from accounts.models import User
from accounts.roles import MODERATION, REDAKTION, role_grant
from recipes.models import Chapter, Recipe
from recipes.services import chapter_save, recipe_save, tags_get_or_create

PASSWORD = "Sichere-Passphrase-2026"


def make_user(email="anna@kommune.example", *, role=None, verified=True, **profile):
    profile.setdefault("display_name", email.split("@")[0].capitalize())
    user = User.objects.create_user(username=email, email=email, password=PASSWORD, **profile)
    EmailAddress.objects.create(user=user, email=email, verified=verified, primary=True)
    if role:
        role_grant(user=user, role=role)
        if role in (MODERATION, REDAKTION):
            add_second_factor(user)  # required for these roles (accounts.middleware)
    return user


def add_second_factor(user):
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

    return TOTP.activate(user, generate_totp_secret())


def make_chapter(number=1, title=None, *, user=None, **fields):
    chapter = Chapter(
        number=number, title=title or f"Kapitel {number}", order=number,
        subtitle=fields.pop("subtitle", "E-Government planen"),
        teaser=fields.pop("teaser", "Lesen Sie dieses Kapitel, wenn Sie planen wollen."),
        **fields,
    )
    return chapter_save(chapter=chapter, user=user, comment="Kapitel angelegt")


def make_recipe(number="1.1", title=None, body="Ein kurzer Text.", *, user=None, thema=(),
                stichwort=(), **fields):
    chapter_no = int(number.split(".")[0])
    if not Chapter.objects.filter(number=chapter_no).exists():
        make_chapter(chapter_no)
    recipe = Recipe(number=number, title=title or f"Rezept {number}", body=body, **fields)
    return recipe_save(
        recipe=recipe, user=user, comment="Rezept angelegt",
        tags=tags_get_or_create(thema=thema, stichwort=stichwort),
    )


def make_comment(target, author, body="Ein Kommentar.", *, parent=None, anchor=None):
    """A comment on a recipe or chapter, written through the service like on the site."""
    from comments.services import comment_create

    kind = "recipe" if isinstance(target, Recipe) else "chapter"
    return comment_create(author=author, body=body, parent=parent, anchor=anchor, **{kind: target})
