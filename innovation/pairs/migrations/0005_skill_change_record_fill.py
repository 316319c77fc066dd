# Step 2 of 3: every pair's change gets its history row, with the same facts and the pair as
# its source.

from django.db import migrations


def fill(apps, schema_editor):
    SkillLevelChange = apps.get_model("pairs", "SkillLevelChange")
    SkillLevelRecord = apps.get_model("org", "SkillLevelRecord")
    for change in SkillLevelChange.objects.select_related("agreement").order_by("id").iterator():
        record = SkillLevelRecord.objects.create(
            worker_id=change.worker_id,
            from_level=change.from_level,
            to_level=change.to_level,
            certificate_no=change.certificate_no,
            on=change.on,
            source="pair",
            source_title=(change.agreement.title if change.agreement_id else "")[:200],
            recorded_by_id=change.recorded_by_id,
        )
        # keep the original time: auto_now_add set "now"
        SkillLevelRecord.objects.filter(pk=record.pk).update(created_at=change.created_at)
        SkillLevelChange.objects.filter(pk=change.pk).update(record=record)


def unfill(apps, schema_editor):
    SkillLevelChange = apps.get_model("pairs", "SkillLevelChange")
    SkillLevelRecord = apps.get_model("org", "SkillLevelRecord")
    for change in SkillLevelChange.objects.exclude(record=None).select_related("record").iterator():
        r = change.record
        SkillLevelChange.objects.filter(pk=change.pk).update(
            worker_id=r.worker_id,
            from_level=r.from_level,
            to_level=r.to_level,
            certificate_no=r.certificate_no,
            on=r.on,
            record=None,
        )
        SkillLevelRecord.objects.filter(pk=r.pk).delete()


class Migration(migrations.Migration):

    dependencies = [
        ("pairs", "0004_skill_change_record"),
    ]

    operations = [migrations.RunPython(fill, unfill)]
