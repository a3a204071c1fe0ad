import pytest
from django.contrib.auth.models import Group
from django.core.management import CommandError, call_command
from django.urls import reverse

from accounts.roles import MITWIRKENDE, MODERATION, REDAKTION, perm
from tests.factories import make_user

pytestmark = pytest.mark.django_db


def test_the_migration_creates_the_three_roles():
    assert set(Group.objects.values_list("name", flat=True)) >= {MITWIRKENDE, MODERATION, REDAKTION}


@pytest.mark.parametrize("role, allowed, denied", [
    (MITWIRKENDE, ["comment", "propose"], ["edit", "review", "moderate", "import", "publish", "roles"]),
    (MODERATION, ["comment", "propose", "edit", "review", "moderate", "revert"], ["import", "publish", "roles"]),
    (REDAKTION, ["comment", "propose", "edit", "review", "import", "publish", "chapters", "roles"], []),
])
def test_each_role_has_exactly_its_rights(role, allowed, denied):
    user = make_user(f"{role.lower()}@kommune.example", role=role)
    assert all(user.has_perm(perm(key)) for key in allowed)
    assert not any(user.has_perm(perm(key)) for key in denied)


def test_staff_status_alone_grants_no_role_rights():
    user = make_user("staff@kommune.example", is_staff=True)
    assert not user.has_perm(perm("review"))


def test_grant_role_command_grants_and_revokes(capsys):
    user = make_user("neu@kommune.example")
    call_command("grant_role", "neu@kommune.example", MODERATION)
    assert user.has_perm(perm("review"))
    user = type(user).objects.get(pk=user.pk)  # permissions are cached per instance
    call_command("grant_role", "neu@kommune.example", MODERATION, "--revoke")
    assert not user.has_perm(perm("review"))
    with pytest.raises(CommandError, match="Keine Person"):
        call_command("grant_role", "niemand@kommune.example", MODERATION)


def test_admin_role_action_needs_the_role_management_right(client):
    admin_without_right = make_user("admin@kommune.example", is_staff=True, is_superuser=False, role=MODERATION)
    from django.contrib.auth.models import Permission

    admin_without_right.user_permissions.add(Permission.objects.get(codename="change_user"),
                                             Permission.objects.get(codename="view_user"))
    target = make_user("ziel@kommune.example")
    client.force_login(admin_without_right)
    client.post(reverse("admin:accounts_user_changelist"),
                {"action": "grant_redaktion", "_selected_action": [target.pk]})
    assert not target.groups.filter(name=REDAKTION).exists()

    editor = make_user("chefin@kommune.example", is_staff=True, role=REDAKTION)
    editor.user_permissions.add(Permission.objects.get(codename="change_user"),
                                Permission.objects.get(codename="view_user"))
    client.force_login(editor)
    client.post(reverse("admin:accounts_user_changelist"),
                {"action": "grant_redaktion", "_selected_action": [target.pk]})
    assert target.groups.filter(name=REDAKTION).exists()


def test_permissions_are_cached_and_forgotten_when_a_role_changes(client, django_assert_num_queries):
    from accounts.models import User

    user = make_user("cache@kommune.example", role=MITWIRKENDE)
    assert not User.objects.get(pk=user.pk).has_perm(perm("review"))
    fresh = User.objects.get(pk=user.pk)
    with django_assert_num_queries(0):
        assert fresh.has_perm(perm("comment"))  # from the cache
    make_user("x@kommune.example")  # unrelated
    call_command("grant_role", user.email, MODERATION)
    assert User.objects.get(pk=user.pk).has_perm(perm("review"))


def test_group_changes_in_the_admin_widgets_also_forget_the_cached_permissions():
    from accounts.models import User

    user = make_user("admin-widget@kommune.example")
    assert not User.objects.get(pk=user.pk).has_perm(perm("comment"))
    Group.objects.get(name=MITWIRKENDE).user_set.add(user)  # reverse side, as the admin may do
    assert User.objects.get(pk=user.pk).has_perm(perm("comment"))
