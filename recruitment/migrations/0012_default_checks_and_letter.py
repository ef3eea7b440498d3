"""The checklist each route starts with, and a first offer letter, both editable afterwards."""

from django.db import migrations

QUALIFIED = ("experienced", "asye")
ALL_ROUTES = ("experienced", "asye", "apprenticeship", "grow_your_own")

# What the applicant reads while a check is not done.
APPLICANT_ACTION = {
    "swe_registration": "Nothing: we check your registration on the Social Work England register.",
    "dbs": "Complete the enhanced DBS application we send you, and bring your identity "
    "documents to your appointment.",
    "references": "Nothing: we have asked your referees. You can tell them to look out "
    "for our email.",
    "right_to_work": "Bring your passport, or share your right to work code, at your "
    "identity appointment.",
    "occupational_health": "Fill in the health questionnaire we send you.",
    "qualification": "Bring your qualification certificates to your identity appointment.",
}

LETTER = """
<p>Dear {{ first_name }} {{ last_name }},</p>
<p>We are delighted to offer you the post of <b>{{ job_title }}</b> in {{ team }}, subject to
the conditions below.</p>
<ul>
<li>Grade and salary: {{ salary_point }} ({{ grade }})</li>
<li>Hours: {{ hours }}</li>
<li>Contract: {{ contract_type }}</li>
<li>Proposed start date: {{ start_date }}</li>
</ul>
<p>{{ cohort_sentence }}</p>
<h2>Conditions of this offer</h2>
<p>This offer is conditional on:</p>
{{ conditions }}
<p>Please accept or decline this offer online by {{ deadline }}: {{ offer_url }}</p>
<p>Yours sincerely,</p>
<p>Human Resources, {{ council_name }}</p>
"""


def seed(apps, schema_editor):
    requirement = apps.get_model("recruitment", "CheckRequirement")
    template = apps.get_model("recruitment", "OfferLetterTemplate")
    for route in ALL_ROUTES:
        for kind, action in APPLICANT_ACTION.items():
            if kind == "swe_registration" and route not in QUALIFIED:
                continue
            requirement.objects.get_or_create(
                route=route, kind=kind, defaults={"applicant_action": action}
            )
    template.objects.get_or_create(
        name="Conditional offer", defaults={"body": LETTER.strip(), "is_default": True}
    )


class Migration(migrations.Migration):
    dependencies = [("recruitment", "0011_offers_references_checks")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
