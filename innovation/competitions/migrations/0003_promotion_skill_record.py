# A confirmed promotion links to its step in the worker's skill-level history.

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('competitions', '0002_results'),
        ('org', '0003_skill_level_record'),
    ]

    operations = [
        migrations.AddField(
            model_name='promotionrecommendation',
            name='skill_record',
            field=models.OneToOneField(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='competition_promotion', to='org.skilllevelrecord', verbose_name='技能等级记录'),
        ),
    ]
