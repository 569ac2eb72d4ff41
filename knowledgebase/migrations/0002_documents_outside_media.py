import shutil
from pathlib import Path

from django.conf import settings
from django.db import migrations, models

import knowledgebase.models


def move_files_out_of_media(apps, schema_editor):
    """Files uploaded before this migration lie under MEDIA_ROOT; move them to the private
    folder under the same name, so that they stay downloadable through the serve view."""
    Document = apps.get_model("knowledgebase", "PortalDocument")
    public = Path(settings.MEDIA_ROOT)
    private = Path(settings.PRIVATE_MEDIA_ROOT)
    for name in Document.objects.values_list("file", flat=True).iterator():
        source, target = public / name, private / name
        if name and source.is_file() and not target.exists():
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.move(source, target)


class Migration(migrations.Migration):

    dependencies = [
        ('knowledgebase', '0001_initial'),
    ]

    operations = [
        migrations.AlterField(
            model_name='portaldocument',
            name='file',
            field=models.FileField(storage=knowledgebase.models.document_storage, upload_to='documents', verbose_name='bestand'),
        ),
        migrations.RunPython(move_files_out_of_media, migrations.RunPython.noop),
    ]
