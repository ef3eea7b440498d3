"""Create the role groups declared in portal.roles, with their permissions."""

from django.db import migrations


def create_roles(apps, schema_editor):
    from portal.roles import sync_roles

    sync_roles()
    # Wagtail's starter groups would only confuse: the portal's roles replace them.
    Group = apps.get_model("auth", "Group")
    Group.objects.filter(name__in=["Moderators", "Editors"]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("portal", "0001_initial"),
        ("cms", "0002_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("wagtailcore", "0098_apitoken"),
        ("wagtailimages", "0027_image_description"),
        ("wagtaildocs", "0014_alter_document_file_size"),
        ("wagtailadmin", "0006_formstate"),
    ]

    operations = [migrations.RunPython(create_roles, migrations.RunPython.noop)]
