"""Editors read import runs and settle the records an import could not map."""

from django.db import migrations

CODENAMES = ["view_importrun", "view_unmappedrecord", "change_unmappedrecord"]


def grant(apps, schema_editor):
    from django.contrib.auth.management import create_permissions

    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    editors, _ = Group.objects.get_or_create(name="Editors")
    editors.permissions.add(
        *Permission.objects.filter(content_type__app_label="catalog", codename__in=CODENAMES)
    )


def revoke(apps, schema_editor):
    Permission = apps.get_model("auth", "Permission")
    for editors in apps.get_model("auth", "Group").objects.filter(name="Editors"):
        editors.permissions.remove(
            *Permission.objects.filter(content_type__app_label="catalog", codename__in=CODENAMES)
        )


class Migration(migrations.Migration):
    dependencies = [("catalog", "0008_retirement_and_import_runs")]

    operations = [migrations.RunPython(grant, revoke)]
