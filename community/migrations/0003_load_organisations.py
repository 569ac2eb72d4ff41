from django.db import migrations


def load(apps, schema_editor):
    from community import organisations

    organisations.load(
        apps.get_model("community", "Organisation"),
        apps.get_model("community", "OrganisationDomain"),
    )


class Migration(migrations.Migration):
    dependencies = [("community", "0002_groups_and_discussions")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
