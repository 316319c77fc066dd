# The skill-level history moves to the organisation (org.SkillLevelRecord), where the worker's
# page and the competitions' promotions share it; a pair's change becomes a link to its record.
# Step 1 of 3: the link, empty for now.

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("org", "0003_skill_level_record"),
        ("pairs", "0003_pair_award_scoped"),
    ]

    operations = [
        migrations.AddField(
            model_name="skilllevelchange",
            name="record",
            field=models.OneToOneField(
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="pair_change",
                to="org.skilllevelrecord",
                verbose_name="技能等级记录",
            ),
        ),
    ]
