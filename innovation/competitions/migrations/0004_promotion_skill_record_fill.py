# Promotions confirmed before the skill-level history moved to the organisation get their step
# in it (the level before, after, certificate, date of confirmation, the event as source).

from django.db import migrations
from django.utils import timezone


def fill(apps, schema_editor):
    Recommendation = apps.get_model("competitions", "PromotionRecommendation")
    SkillLevelRecord = apps.get_model("org", "SkillLevelRecord")
    rows = Recommendation.objects.filter(state="confirmed", skill_record=None).select_related("competition")
    for row in rows.order_by("id").iterator():
        on = timezone.localdate(row.confirmed_at) if row.confirmed_at else timezone.localdate()
        record = SkillLevelRecord.objects.create(
            worker_id=row.worker_id,
            from_level=row.from_level,
            to_level=row.to_level,
            certificate_no=row.certificate_no or "—",
            on=on,
            source="competition",
            source_title=row.competition.title[:200],
            recorded_by_id=row.confirmed_by_id,
        )
        if row.confirmed_at:
            SkillLevelRecord.objects.filter(pk=record.pk).update(created_at=row.confirmed_at)
        Recommendation.objects.filter(pk=row.pk).update(skill_record=record)


def unfill(apps, schema_editor):
    Recommendation = apps.get_model("competitions", "PromotionRecommendation")
    SkillLevelRecord = apps.get_model("org", "SkillLevelRecord")
    ids = list(Recommendation.objects.exclude(skill_record=None).values_list("skill_record_id", flat=True))
    Recommendation.objects.exclude(skill_record=None).update(skill_record=None)
    SkillLevelRecord.objects.filter(pk__in=ids).delete()


class Migration(migrations.Migration):

    dependencies = [
        ("competitions", "0003_promotion_skill_record"),
    ]

    operations = [migrations.RunPython(fill, unfill)]
