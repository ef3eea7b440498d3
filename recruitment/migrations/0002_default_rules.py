from django.db import migrations

REJECTION_REASONS = [
    (
        "Does not meet the essential criteria",
        "Your application did not show how you meet all the essential criteria "
        "in the person specification.",
    ),
    (
        "Not registered with Social Work England",
        "This job needs registration with Social Work England.",
    ),
    (
        "Not enough post-qualifying experience",
        "This job needs more post-qualifying experience than your application shows.",
    ),
    ("No right to work in the UK", "We cannot offer visa sponsorship for this job."),
    (
        "Stronger applications",
        "We had many strong applications and others matched the person specification more "
        "closely.",
    ),
]


def forwards(apps, schema_editor):
    from recruitment.routing import DEFAULT_RULES

    RoutingRule = apps.get_model("recruitment", "RoutingRule")
    RejectionReason = apps.get_model("recruitment", "RejectionReason")
    if not RoutingRule.objects.exists():
        for rule in DEFAULT_RULES:
            RoutingRule.objects.create(**{k: str(v) if k == "applies_to_route" else v for k, v in rule.items()})
    for title, text in REJECTION_REASONS:
        RejectionReason.objects.get_or_create(title=title, defaults={"applicant_text": text})


class Migration(migrations.Migration):
    dependencies = [("recruitment", "0001_initial")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
