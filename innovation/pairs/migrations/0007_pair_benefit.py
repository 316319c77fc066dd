import django.core.validators
import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("pairs", "0006_skill_change_link"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="PairBenefit",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("created_at", models.DateTimeField(auto_now_add=True)),
                ("title", models.CharField(max_length=100, verbose_name="创效成果")),
                ("on", models.DateField(verbose_name="取得日期")),
                (
                    "claimed_fen",
                    models.BigIntegerField(
                        validators=[django.core.validators.MinValueValidator(0)],
                        verbose_name="申报经济效益（分）",
                    ),
                ),
                ("basis", models.TextField(blank=True, verbose_name="效益计算依据")),
                (
                    "verified_fen",
                    models.BigIntegerField(
                        blank=True,
                        null=True,
                        validators=[django.core.validators.MinValueValidator(0)],
                        verbose_name="核实经济效益（分）",
                    ),
                ),
                ("verified_at", models.DateTimeField(blank=True, null=True, verbose_name="核实时间")),
                (
                    "agreement",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="benefits",
                        to="pairs.agreement",
                    ),
                ),
                (
                    "recorded_by",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "verified_by",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
            ],
            options={
                "verbose_name": "师徒创效成果",
                "verbose_name_plural": "师徒创效成果",
                "ordering": ["-on", "-id"],
                "constraints": [
                    models.CheckConstraint(
                        condition=models.Q(("claimed_fen__gte", 0)), name="pair_benefit_claimed_nonneg"
                    ),
                    models.CheckConstraint(
                        condition=models.Q(
                            ("verified_fen__isnull", True),
                            ("verified_fen__lte", models.F("claimed_fen")),
                            _connector="OR",
                        ),
                        name="pair_benefit_verified_within_claimed",
                    ),
                ],
            },
        ),
    ]
