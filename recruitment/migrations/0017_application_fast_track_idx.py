# The fast-track promise by month on the workforce page, read from an index alone.

from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('cms', '0003_site_tree'),
        ('recruitment', '0016_application_list_sort_indexes'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddIndex(
            model_name='application',
            index=models.Index(condition=models.Q(('is_fast_track', True)), fields=['submitted_at'], include=('id', 'status', 'vacancy', 'campaign', 'fast_track_due', 'interview_offered_at'), name='application_fast_track_idx'),
        ),
    ]
