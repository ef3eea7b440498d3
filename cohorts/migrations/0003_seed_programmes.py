"""The programmes in DOMAIN.md, as data the workforce team can change later."""

from django.db import migrations

NQSW_ROTATION = {
    "induction_months": 1,
    "induction_areas": ["early-help", "camhs", "family-intervention"],
    "first_area": "duty",
    "areas": ["duty", "fieldwork", "children-in-care"],
}
ASYE_SUPERVISION = [
    {"to_week": 6, "every": "week"},
    {"to_week": 26, "every": "fortnight"},
    {"every": "month"},
]
ASYE_EVIDENCE = [
    {"type": "Direct observation", "count": 3},
    {"type": "Feedback from children and young people", "count": 3},
    {"type": "Feedback from other professionals", "count": 3},
    {"type": "Assessed written report", "count": 3},
    {"type": "Critical reflection", "count": 2},
]
DEGREE_EVIDENCE = [
    {"type": "Practice educator report", "count": 2},
    {"type": "Direct observation", "count": 4},
]

PROGRAMMES = [
    {
        "slug": "asye",
        "name": "Assessed and Supported Year in Employment",
        "kind": "asye",
        "description": "The national 12-month programme for newly qualified social workers.",
        "length_months": 12,
        "max_duration_months": 24,
        "review_points": [
            {"month": 3},
            {"month": 6},
            {"month": 9, "optional": True},
            {"month": 12},
        ],
        "has_moderation_panel": True,
        "evidence_requirements": ASYE_EVIDENCE,
        "supervision_rule": ASYE_SUPERVISION,
        "caseload_cap": 15,
        "protected_time_percent": 10,
        "rotation": NQSW_ROTATION,
    },
    {
        "slug": "ecdp",
        "name": "Early Career Development Programme",
        "kind": "ecdp",
        "description": "Replaces the ASYE for child and family social workers from September 2027.",
        "is_active": True,
        "length_months": 24,
        "max_duration_months": 36,
        "review_points": [
            {"month": 3},
            {"month": 6},
            {"month": 9, "optional": True},
            {"month": 12},
            {"month": 18},
            {"month": 24},
        ],
        "has_moderation_panel": True,
        "evidence_requirements": ASYE_EVIDENCE,
        "supervision_rule": ASYE_SUPERVISION,
        "caseload_cap": 15,
        "protected_time_percent": 10,
        "rotation": {
            **NQSW_ROTATION,
            "areas": ["duty", "fieldwork", "children-in-care", "whole-life-disabilities"],
        },
    },
    {
        "slug": "social-work-degree-apprenticeship",
        "name": "Social work degree apprenticeship",
        "kind": "apprenticeship",
        "description": "Level 6 degree apprenticeship ending in an end-point assessment.",
        "length_months": 36,
        "max_duration_months": 48,
        "review_points": [{"month": 6}, {"month": 12}, {"month": 24}, {"month": 36}],
        "evidence_requirements": DEGREE_EVIDENCE,
        "practice_learning_days": 200,
        "max_skills_days": 30,
        "off_the_job_hours_per_week": "6.0",
        "rotation": {"areas": ["early-help", "fieldwork", "children-in-care"]},
    },
    {
        "slug": "grow-your-own-degree",
        "name": "Grow-your-own social work degree",
        "kind": "grow_your_own",
        "description": (
            "A two-year fast-track degree by distance learning with a university: two taught "
            "sessions a month, self-study and placements inside local services."
        ),
        "length_months": 24,
        "max_duration_months": 36,
        "review_points": [{"month": 6}, {"month": 12}, {"month": 18}, {"month": 24}],
        "evidence_requirements": DEGREE_EVIDENCE,
        "practice_learning_days": 200,
        "max_skills_days": 30,
        "rotation": {"areas": ["early-help", "fieldwork"]},
    },
    {
        "slug": "psdp",
        "name": "Practice Supervisor Development Programme",
        "kind": "psdp",
        "description": "For team managers and senior practitioners in their first year.",
        "length_months": 12,
        "review_points": [{"month": 6}, {"month": 12}],
    },
    {
        "slug": "experienced-staff-progression",
        "name": "Experienced staff progression",
        "kind": "progression",
        "description": (
            "Progression panels for level 3 social workers and senior practitioners: "
            "shadowing team managers, observing Legal Planning Meetings, mentoring."
        ),
        "length_months": 12,
        "review_points": [{"month": 6}, {"month": 12}],
    },
]


def seed(apps, schema_editor):
    Programme = apps.get_model("cohorts", "Programme")
    for data in PROGRAMMES:
        data = dict(data)
        Programme.objects.update_or_create(slug=data.pop("slug"), defaults=data)


def unseed(apps, schema_editor):
    Programme = apps.get_model("cohorts", "Programme")
    Programme.objects.filter(
        slug__in=[p["slug"] for p in PROGRAMMES], cohorts__isnull=True
    ).delete()


class Migration(migrations.Migration):
    dependencies = [("cohorts", "0002_no_overlapping_periods")]

    operations = [migrations.RunPython(seed, unseed)]
