from django.db import migrations, models
from django.utils import timezone


def start(apps, schema_editor):
    """The versions carry on from the old single counter, so no cached page is reused."""
    CatalogState = apps.get_model("catalog", "CatalogState")
    CacheVersion = apps.get_model("catalog", "CacheVersion")
    state = CatalogState.objects.filter(pk=1).first()
    version = (state.version if state else 0) + 1
    changed_at = state.changed_at if state else timezone.now()
    for name in ("catalog", "shared"):
        CacheVersion.objects.get_or_create(
            name=name, defaults={"version": version, "changed_at": changed_at}
        )


class Migration(migrations.Migration):
    dependencies = [
        ("catalog", "0009_editors_work_through_import_runs"),
    ]

    operations = [
        migrations.CreateModel(
            name="CacheVersion",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("name", models.CharField(max_length=200, unique=True)),
                ("version", models.PositiveBigIntegerField(default=0)),
                (
                    "changed_at",
                    models.DateTimeField(help_text="When this part of the catalog last changed."),
                ),
            ],
        ),
        migrations.RunPython(start, migrations.RunPython.noop),
        migrations.DeleteModel(name="CatalogState"),
    ]
