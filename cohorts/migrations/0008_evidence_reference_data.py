"""The PCF's 9 domains and the KSS's 10 statements (DOMAIN.md), and the seeded
programmes' evidence requirements rewritten to the evidence kinds."""

from django.db import migrations

DOMAINS = [
    (1, "Professionalism"),
    (2, "Values and ethics"),
    (3, "Diversity and equality"),
    (4, "Rights, justice and economic wellbeing"),
    (5, "Knowledge"),
    (6, "Critical reflection and analysis"),
    (7, "Skills and interventions"),
    (8, "Contexts and organisations"),
    (9, "Professional leadership"),
]
STATEMENTS = [
    (1, "Relationships and effective direct work"),
    (2, "Communication"),
    (3, "Child development"),
    (
        4,
        "Adult mental ill health, substance misuse, domestic violence, physical ill health"
        " and disability",
    ),
    (5, "Abuse and neglect of children"),
    (6, "Child and family assessment"),
    (7, "Analysis, decision-making, planning and review"),
    (8, "The law and the family and youth justice systems"),
    (9, "The role of supervision"),
    (10, "Organisational context"),
]


def load(apps, schema_editor):
    from cohorts.coverage import kind_for

    Domain = apps.get_model("cohorts", "CapabilityDomain")
    Statement = apps.get_model("cohorts", "KnowledgeStatement")
    for number, name in DOMAINS:
        Domain.objects.update_or_create(number=number, defaults={"name": name, "sort": number})
    for number, title in STATEMENTS:
        Statement.objects.update_or_create(number=number, defaults={"title": title})
    Programme = apps.get_model("cohorts", "Programme")
    for programme in Programme.objects.all():
        changed = []
        for item in programme.evidence_requirements or []:
            if not isinstance(item, dict):
                changed.append(item)
                continue
            item = dict(item)
            kind = kind_for(item.get("type"))
            if kind:
                item["type"] = kind
            if kind == "critical_reflection" and programme.slug.startswith("asye"):
                item.setdefault("at_months", [6, 12])
            changed.append(item)
        programme.evidence_requirements = changed
        programme.save(update_fields=["evidence_requirements"])


def unload(apps, schema_editor):
    apps.get_model("cohorts", "CapabilityDomain").objects.all().delete()
    apps.get_model("cohorts", "KnowledgeStatement").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("cohorts", "0007_evidence")]

    operations = [migrations.RunPython(load, unload)]
