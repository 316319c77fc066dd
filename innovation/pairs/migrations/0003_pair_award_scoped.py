# PairAward becomes a core ScopedModel (its path from its nomination, as before): the two times.

import django.utils.timezone
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("pairs", "0002_selections"),
    ]

    operations = [
        migrations.AddField(
            model_name="pairaward",
            name="created_at",
            field=models.DateTimeField(auto_now_add=True, default=django.utils.timezone.now),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="pairaward",
            name="updated_at",
            field=models.DateTimeField(auto_now=True),
        ),
    ]
