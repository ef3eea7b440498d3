"""Indexes for the columns HR's application list sorts by (route, fast-track due date,
tracking code): at 100,000 applications each sort was a full sort for a page of fifty."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("recruitment", "0015_workforce_rate_card"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="application",
            index=models.Index(fields=["route"], name="application_route_idx"),
        ),
        migrations.AddIndex(
            model_name="application",
            index=models.Index(fields=["fast_track_due"], name="application_fast_track_due_idx"),
        ),
        migrations.AddIndex(
            model_name="application",
            index=models.Index(fields=["tracking_code"], name="application_tracking_code_idx"),
        ),
    ]
