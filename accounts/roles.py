"""The three roles of the Kochbuch as Django groups, and what each may do.

Permission checks everywhere use these permissions (``user.has_perm``), never ``is_staff``:
the groups are the one place where a role's rights are decided.
"""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext

from accounts.backends import forget_permissions

MITWIRKENDE = "Mitwirkende"
MODERATION = "Moderation"
REDAKTION = "Redaktion"
ROLES = (MITWIRKENDE, MODERATION, REDAKTION)

# (app_label, codename, human name). Custom permissions are declared here rather than in each
# model's Meta so a role's rights read as one list.
PERMISSIONS = {
    "comment": ("recipes", "comment", "Kann kommentieren"),
    "propose": ("recipes", "propose_change", "Kann Änderungen vorschlagen"),
    "edit": ("recipes", "edit_directly", "Kann Rezepte direkt bearbeiten"),
    "review": ("recipes", "review_proposal", "Kann Vorschläge prüfen"),
    "moderate": ("recipes", "moderate_comment", "Kann Kommentare moderieren"),
    "revert": ("recipes", "revert_version", "Kann alte Fassungen wiederherstellen"),
    "import": ("recipes", "import_edition", "Kann Ausgaben importieren"),
    "publish": ("recipes", "publish_edition", "Kann Ausgaben veröffentlichen"),
    "chapters": ("recipes", "manage_chapters", "Kann Kapitel verwalten"),
    "roles": ("accounts", "manage_roles", "Kann Rollen vergeben"),
}

ROLE_PERMISSIONS = {
    MITWIRKENDE: ("comment", "propose"),
    MODERATION: ("comment", "propose", "edit", "review", "moderate", "revert"),
    REDAKTION: (
        "comment", "propose", "edit", "review", "moderate", "revert",
        "import", "publish", "chapters", "roles",
    ),
}


def perm(key):
    """The dotted permission name for ``user.has_perm``, e.g. ``perm("review")``."""
    app_label, codename, _name = PERMISSIONS[key]
    return f"{app_label}.{codename}"


def rights_among(user, keys) -> set:
    """Which of the rights ``keys`` the person has: ``user.has_perm`` for each, but reading their
    rights once (every ``has_perm`` asks each authentication backend again, and the header's
    checks run on every signed-in request)."""
    if not (user.is_active and user.is_authenticated):
        return set()
    if user.is_superuser:
        return set(keys)
    rights = user.get_all_permissions()
    return {key for key in keys if perm(key) in rights}


def has_any(user, *keys) -> bool:
    return bool(rights_among(user, keys))


def require(user, key, message):
    """Refuse (``PermissionDenied`` with ``message``) unless ``user`` is signed in and has ``key``:
    the check every service makes itself, so a view forgetting it cannot open a hole."""
    if user is None or not user.is_authenticated or not user.has_perm(perm(key)):
        raise PermissionDenied(message)


def require_moderator(user):
    require(user, "moderate", gettext("Das dürfen nur Moderatorinnen und Moderatoren."))


def sync_roles(apps, using="default"):
    """Create the groups and their permissions; safe to run again (a migration and post_migrate)."""
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    ContentType = apps.get_model("contenttypes", "ContentType")
    # Permissions hang on a content type; one per app is enough for app-wide rights.
    anchors = {"recipes": "recipe", "accounts": "user"}
    permissions = {}
    for key, (app_label, codename, name) in PERMISSIONS.items():
        content_type, _ = ContentType.objects.using(using).get_or_create(
            app_label=app_label, model=anchors[app_label]
        )
        permissions[key], _ = Permission.objects.using(using).get_or_create(
            content_type=content_type, codename=codename, defaults={"name": name}
        )
    for role, keys in ROLE_PERMISSIONS.items():
        group, _ = Group.objects.using(using).get_or_create(name=role)
        group.permissions.set([permissions[key] for key in keys])


@transaction.atomic
def role_grant(*, user, role):
    """Give ``user`` the role; higher roles include the lower ones' rights via their groups."""
    from django.contrib.auth.models import Group

    if role not in ROLES:
        raise ValueError(f"Unbekannte Rolle: {role}")
    user.groups.add(Group.objects.get(name=role))
    _forget(user)


@transaction.atomic
def role_revoke(*, user, role):
    from django.contrib.auth.models import Group

    user.groups.remove(Group.objects.get(name=role))
    _forget(user)


def _forget(user):
    forget_permissions(user.pk)
    for attribute in ("_perm_cache", "_user_perm_cache", "_group_perm_cache"):
        user.__dict__.pop(attribute, None)
