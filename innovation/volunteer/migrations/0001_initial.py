# The office calendar, the working hours and the SLA targets of the volunteer service.

import django.core.validators
from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    dependencies = [
    ]

    operations = [
        migrations.CreateModel(
            name='CalendarDay',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('date', models.DateField(unique=True, verbose_name='日期')),
                ('kind', models.CharField(choices=[('holiday', '法定节假日'), ('workday', '调休上班')], max_length=16, verbose_name='类型')),
                ('name', models.CharField(max_length=20, verbose_name='节日')),
            ],
            options={
                'verbose_name': '节假日与调休',
                'verbose_name_plural': '节假日与调休',
                'ordering': ['date'],
            },
        ),
        migrations.CreateModel(
            name='SlaTarget',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('category', models.CharField(choices=[('process', '工艺、产品与质量'), ('energy', '节能降耗'), ('equipment', '设备改造'), ('management', '管理提升'), ('skills', '职工技能'), ('safety', '职业安全健康')], max_length=16, verbose_name='问题类别')),
                ('effective_from', models.DateField(verbose_name='施行日期')),
                ('response_hours', models.PositiveSmallIntegerField(validators=[django.core.validators.MinValueValidator(1), django.core.validators.MaxValueValidator(2000)], verbose_name='响应时限（工作小时）')),
                ('resolution_hours', models.PositiveSmallIntegerField(validators=[django.core.validators.MinValueValidator(1), django.core.validators.MaxValueValidator(5000)], verbose_name='解决时限（工作小时）')),
            ],
            options={
                'verbose_name': '服务时限',
                'verbose_name_plural': '服务时限',
                'ordering': ['category', '-effective_from'],
                'constraints': [models.UniqueConstraint(fields=('category', 'effective_from'), name='volunteer_sla_once'), models.CheckConstraint(condition=models.Q(('response_hours__lte', models.F('resolution_hours'))), name='volunteer_sla_response_first')],
            },
        ),
        migrations.CreateModel(
            name='WorkingHours',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('effective_from', models.DateField(unique=True, verbose_name='施行日期')),
                ('morning_start', models.TimeField(verbose_name='上午上班')),
                ('morning_end', models.TimeField(verbose_name='上午下班')),
                ('afternoon_start', models.TimeField(verbose_name='下午上班')),
                ('afternoon_end', models.TimeField(verbose_name='下午下班')),
            ],
            options={
                'verbose_name': '工作时间',
                'verbose_name_plural': '工作时间',
                'ordering': ['-effective_from'],
                'constraints': [models.CheckConstraint(condition=models.Q(('morning_start__lt', models.F('morning_end')), ('morning_end__lte', models.F('afternoon_start')), ('afternoon_start__lt', models.F('afternoon_end'))), name='volunteer_hours_ordered')],
            },
        ),
    ]
