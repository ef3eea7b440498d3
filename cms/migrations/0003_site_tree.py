"""Replace Wagtail's welcome page with the portal's home page, at the default site."""

from django.db import migrations


def create_home_page(apps, schema_editor):
    ContentType = apps.get_model("contenttypes.ContentType")
    Page = apps.get_model("wagtailcore.Page")
    Site = apps.get_model("wagtailcore.Site")
    HomePage = apps.get_model("cms.HomePage")

    if HomePage.objects.exists():
        return
    Page.objects.filter(depth=2, slug="home", content_type__model="page").delete()
    home_type, _ = ContentType.objects.get_or_create(model="homepage", app_label="cms")
    root = Page.objects.get(depth=1)
    home = HomePage.objects.create(
        title="Social work careers",
        draft_title="Social work careers",
        slug="home",
        content_type=home_type,
        path=f"{root.path}0001",
        depth=2,
        numchild=0,
        locale_id=root.locale_id,
        url_path="/home/",
        live=True,
        intro="Join our children's social care teams.",
    )
    root.numchild = Page.objects.filter(depth=2).count()
    root.save(update_fields=["numchild"])
    Site.objects.filter(is_default_site=True).delete()
    Site.objects.create(hostname="localhost", port=80, root_page=home, is_default_site=True)


class Migration(migrations.Migration):
    dependencies = [
        ("cms", "0002_initial"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [migrations.RunPython(create_home_page, migrations.RunPython.noop)]
