"""The register from the vendored data (kommunen/data/): the model municipalities of 2016 and
every other Kommune are there from the start. ``manage.py kommunen_laden`` updates it later."""

from django.db import migrations

from kommunen.register import register_load


def load(apps, schema_editor):
    register_load(apps.get_model("kommunen", "Kommune"))


class Migration(migrations.Migration):
    dependencies = [("kommunen", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
