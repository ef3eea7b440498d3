"""The one offer-deadline row HR edit (DOMAIN.md / issue 9: 10 working days by default)."""

from django.db import migrations


def create_policy(apps, schema_editor):
    policy = apps.get_model("recruitment", "OfferPolicy")
    policy.objects.get_or_create(pk=1, defaults={"response_working_days": 10})


class Migration(migrations.Migration):
    dependencies = [("recruitment", "0012_default_checks_and_letter")]

    operations = [migrations.RunPython(create_policy, migrations.RunPython.noop)]
