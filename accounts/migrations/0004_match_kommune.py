"""Profiles get their Kommune from the register where the free text clearly names one.

"Institution/Kommune" stays as it was written; what does not match (an Amt, a company, a name
used by several places of the same Land) just has no Kommune yet, and the person can choose it.
"""

from django.db import migrations

from kommunen.matching import match


def match_profiles(apps, schema_editor):
    User = apps.get_model("accounts", "User")
    Kommune = apps.get_model("kommunen", "Kommune")
    for user in User.objects.filter(kommune=None).exclude(institution="").iterator():
        kommune = match(Kommune, user.institution, user.bundesland)
        if kommune is not None:
            User.objects.filter(pk=user.pk).update(kommune=kommune)


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0003_user_kommune"),
        ("kommunen", "0002_load_register"),
    ]

    operations = [migrations.RunPython(match_profiles, migrations.RunPython.noop)]
