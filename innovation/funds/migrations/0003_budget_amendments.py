# Budget amendments (预算调整): a line's amount becomes its base plus its amendments.

import django.core.validators
import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


def bases_from_amounts(apps, schema_editor):
    """Every existing line has no amendment yet: its base is its amount."""
    BudgetLine = apps.get_model("funds", "BudgetLine")
    BudgetLine.objects.update(base_fen=models.F("amount_fen"))


class Migration(migrations.Migration):
    dependencies = [
        ("funds", "0002_live_commitment_once_per_source"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="budgetline",
            name="base_fen",
            field=models.BigIntegerField(
                default=0,
                validators=[django.core.validators.MinValueValidator(0)],
                verbose_name="预算基数（分）",
            ),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="budgetline",
            name="amended_fen",
            field=models.BigIntegerField(default=0, editable=False, verbose_name="预算调整合计（分）"),
        ),
        migrations.RunPython(bases_from_amounts, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="budgetline",
            name="amount_fen",
            field=models.BigIntegerField(
                editable=False,
                validators=[django.core.validators.MinValueValidator(0)],
                verbose_name="预算金额（分）",
            ),
        ),
        migrations.AddConstraint(
            model_name="budgetline",
            constraint=models.CheckConstraint(
                condition=models.Q(("amount_fen", models.F("base_fen") + models.F("amended_fen"))),
                name="budget_line_amount_is_base_plus_amendments",
            ),
        ),
        migrations.AddConstraint(
            model_name="budgetline",
            constraint=models.CheckConstraint(
                condition=models.Q(("base_fen__gte", 0)), name="budget_line_base_not_negative"
            ),
        ),
        migrations.CreateModel(
            name="BudgetAmendment",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                (
                    "direction",
                    models.CharField(
                        choices=[("increase", "调增"), ("decrease", "调减")], max_length=16, verbose_name="调整方向"
                    ),
                ),
                (
                    "amount_fen",
                    models.BigIntegerField(
                        validators=[django.core.validators.MinValueValidator(1)], verbose_name="调整金额（分）"
                    ),
                ),
                ("document_no", models.CharField(max_length=60, verbose_name="文号")),
                ("decided_on", models.DateField(verbose_name="批准日期")),
                ("reason", models.TextField(verbose_name="调整理由")),
                ("created_at", models.DateTimeField(auto_now_add=True, verbose_name="登记时间")),
                ("scope_path", models.CharField(db_index=True, default="", editable=False, max_length=255)),
                (
                    "approved_by",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="批准人",
                    ),
                ),
                (
                    "line",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="amendments",
                        to="funds.budgetline",
                        verbose_name="预算科目",
                    ),
                ),
                (
                    "recorded_by",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="经办人",
                    ),
                ),
            ],
            options={
                "verbose_name": "预算调整",
                "verbose_name_plural": "预算调整",
                "ordering": ["-decided_on", "-id"],
                "constraints": [
                    models.CheckConstraint(condition=models.Q(("amount_fen__gt", 0)), name="budget_amendment_positive"),
                    models.UniqueConstraint(fields=("line", "document_no"), name="budget_amendment_once_per_document"),
                ],
            },
        ),
    ]
