"""The naming application's step log moves into the workflow kernel's one StepLog table."""

from django.db import migrations


def forwards(apps, schema_editor):
    ApplicationStep = apps.get_model("studios", "ApplicationStep")
    StepLog = apps.get_model("core", "StepLog")
    StepLog.objects.bulk_create(
        (
            StepLog(
                workflow="studio_application",
                object_id=s.application_id,
                step=s.action,
                from_state=s.from_state,
                to_state=s.to_state,
                actor_id=s.actor_id,
                actor_name=s.actor.username if s.actor_id else "system",
                reason=s.reason,
                at=s.at,
            )
            for s in ApplicationStep.objects.select_related("actor").order_by("id")
        ),
        batch_size=2000,
    )


def backwards(apps, schema_editor):
    ApplicationStep = apps.get_model("studios", "ApplicationStep")
    StepLog = apps.get_model("core", "StepLog")
    ApplicationStep.objects.bulk_create(
        ApplicationStep(
            application_id=s.object_id,
            action=s.step,
            from_state=s.from_state,
            to_state=s.to_state,
            actor_id=s.actor_id,
            reason=s.reason,
            at=s.at,
        )
        for s in StepLog.objects.filter(workflow="studio_application").order_by("id")
    )
    StepLog.objects.filter(workflow="studio_application").delete()


class Migration(migrations.Migration):
    dependencies = [
        ("studios", "0001_initial"),
        ("core", "0002_workflow_step_log"),
    ]

    operations = [
        migrations.RunPython(forwards, backwards),
        migrations.DeleteModel(name="ApplicationStep"),
    ]
