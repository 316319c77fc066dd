# Step 3 of 3: the facts live on the history row only; the link is required.

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('org', '0003_skill_level_record'),
        ('pairs', '0005_skill_change_record_fill'),
    ]

    operations = [
        migrations.AlterModelOptions(
            name='skilllevelchange',
            options={'ordering': ['-record__on', '-id'], 'verbose_name': '技能等级变更', 'verbose_name_plural': '技能等级变更'},
        ),
        migrations.RemoveField(
            model_name='skilllevelchange',
            name='certificate_no',
        ),
        migrations.RemoveField(
            model_name='skilllevelchange',
            name='from_level',
        ),
        migrations.RemoveField(
            model_name='skilllevelchange',
            name='on',
        ),
        migrations.RemoveField(
            model_name='skilllevelchange',
            name='to_level',
        ),
        migrations.RemoveField(
            model_name='skilllevelchange',
            name='worker',
        ),
        migrations.AlterField(
            model_name='skilllevelchange',
            name='record',
            field=models.OneToOneField(on_delete=django.db.models.deletion.PROTECT, related_name='pair_change', to='org.skilllevelrecord', verbose_name='技能等级记录'),
        ),
    ]
