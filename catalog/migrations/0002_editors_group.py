"""Create the Editors group: change the catalog, view providers, nothing over users."""

from django.db import migrations

EDITABLE = ["aimodel", "price", "score", "aimodelslug"]
VIEW_ONLY = ["provider", "benchmark", "providerslug"]


def create_editors(apps, schema_editor):
    from django.contrib.auth.management import create_permissions

    # Permissions are normally created after all migrations ran; make sure the
    # catalog's exist now so the group can be given them.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    codenames = [f"{action}_{model}" for model in EDITABLE for action in ("view", "add", "change")]
    codenames += [f"view_{model}" for model in VIEW_ONLY]
    permissions = Permission.objects.filter(content_type__app_label="catalog", codename__in=codenames)
    group, _ = Group.objects.get_or_create(name="Editors")
    group.permissions.set(permissions)


def remove_editors(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name="Editors").delete()


class Migration(migrations.Migration):
    dependencies = [
        ("catalog", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_editors, remove_editors)]
