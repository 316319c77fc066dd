"""The achievement's step log moves into the workflow kernel's one StepLog table."""

from django.db import migrations


def forwards(apps, schema_editor):
    Transition = apps.get_model("achievements", "Transition")
    StepLog = apps.get_model("core", "StepLog")
    batch = []
    for t in Transition.objects.order_by("id").iterator(chunk_size=5000):
        batch.append(
            StepLog(
                workflow="achievement",
                object_id=t.achievement_id,
                step=t.action,
                from_state=t.from_state,
                to_state=t.to_state,
                actor_id=t.actor_id,
                actor_name=t.actor_name,
                reason=t.reason,
                at=t.at,
            )
        )
        if len(batch) >= 5000:
            StepLog.objects.bulk_create(batch)
            batch = []
    StepLog.objects.bulk_create(batch)


def backwards(apps, schema_editor):
    Transition = apps.get_model("achievements", "Transition")
    StepLog = apps.get_model("core", "StepLog")
    Transition.objects.bulk_create(
        Transition(
            achievement_id=s.object_id,
            action=s.step,
            from_state=s.from_state,
            to_state=s.to_state,
            actor_id=s.actor_id,
            actor_name=s.actor_name,
            reason=s.reason,
            at=s.at,
        )
        for s in StepLog.objects.filter(workflow="achievement").order_by("id")
    )
    StepLog.objects.filter(workflow="achievement").delete()


class Migration(migrations.Migration):
    dependencies = [
        ("achievements", "0005_import_batch_lease"),
        ("core", "0002_workflow_step_log"),
    ]

    operations = [
        migrations.RunPython(forwards, backwards),
        migrations.DeleteModel(name="Transition"),
    ]
