# The volunteer service teams and their rosters.

import django.core.validators
import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('org', '0003_skill_level_record'),
        ('studios', '0003_scoped_model_times'),
        ('volunteer', '0001_initial'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='ServiceTeam',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('scope_path', models.CharField(db_index=True, default='', editable=False, max_length=255)),
                ('created_at', models.DateTimeField(auto_now_add=True)),
                ('updated_at', models.DateTimeField(auto_now=True)),
                ('name', models.CharField(max_length=100, unique=True, verbose_name='服务队名称')),
                ('categories', models.JSONField(default=list, verbose_name='服务领域')),
                ('capacity', models.PositiveSmallIntegerField(default=3, validators=[django.core.validators.MinValueValidator(1), django.core.validators.MaxValueValidator(20)], verbose_name='同时承接订单上限')),
                ('formed_on', models.DateField(verbose_name='组建日期')),
                ('description', models.TextField(blank=True, verbose_name='简介')),
                ('is_active', models.BooleanField(db_index=True, default=True, verbose_name='在服务')),
                ('created_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('districts', models.ManyToManyField(related_name='service_teams', to='org.region', verbose_name='服务区域（县、市、区）')),
                ('enterprise', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='service_teams', to='org.enterprise', verbose_name='所在单位')),
                ('leader', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='led_service_teams', to='org.worker', verbose_name='队长')),
                ('studios', models.ManyToManyField(related_name='service_teams', to='studios.studio', verbose_name='依托工作室')),
            ],
            options={
                'verbose_name': '志愿服务队',
                'verbose_name_plural': '志愿服务队',
                'ordering': ['formed_on', 'id'],
            },
        ),
        migrations.CreateModel(
            name='TeamMember',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('role', models.CharField(choices=[('leader', '队长'), ('member', '队员')], default='member', max_length=16, verbose_name='职务')),
                ('skills', models.CharField(blank=True, max_length=200, verbose_name='专长')),
                ('joined_on', models.DateField(verbose_name='加入日期')),
                ('left_on', models.DateField(blank=True, null=True, verbose_name='退出日期')),
                ('team', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='members', to='volunteer.serviceteam', verbose_name='服务队')),
                ('worker', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='service_memberships', to='org.worker', verbose_name='队员')),
            ],
            options={
                'verbose_name': '服务队队员',
                'verbose_name_plural': '服务队队员',
                'ordering': ['team', '-role', 'joined_on', 'id'],
            },
        ),
        migrations.AddConstraint(
            model_name='serviceteam',
            constraint=models.CheckConstraint(condition=models.Q(('capacity__gte', 1), ('capacity__lte', 20)), name='volunteer_team_capacity'),
        ),
        migrations.AddConstraint(
            model_name='teammember',
            constraint=models.UniqueConstraint(condition=models.Q(('left_on', None)), fields=('team', 'worker'), name='volunteer_member_once'),
        ),
    ]
