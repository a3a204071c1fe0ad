"""The official keys (AGS, ARS) of the Gemeinden from BKG's VG250 (kommunen/data/gemeinden.csv):
the register is loaded again, so rows loaded by 0002 get their keys and, where VG250 says so,
become a Stadt."""

from django.db import migrations, models

from kommunen.register import register_load


def load(apps, schema_editor):
    register_load(apps.get_model("kommunen", "Kommune"))


class Migration(migrations.Migration):

    dependencies = [
        ('kommunen', '0002_load_register'),
    ]

    operations = [
        migrations.AddField(
            model_name='kommune',
            name='ars',
            field=models.CharField(blank=True, max_length=12, verbose_name='Amtlicher Regionalschlüssel (ARS)'),
        ),
        migrations.AlterField(
            model_name='kommune',
            name='ags',
            field=models.CharField(blank=True, db_index=True, max_length=8, verbose_name='Amtlicher Gemeindeschlüssel (AGS)'),
        ),
        migrations.RunPython(load, migrations.RunPython.noop),
    ]
