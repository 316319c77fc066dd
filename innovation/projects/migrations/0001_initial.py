
import django.core.validators
import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('achievements', '0006_transitions_into_kernel_step_log'),
        ('experts', '0001_initial'),
        ('funds', '0004_scoped_model_times'),
        ('org', '0003_skill_level_record'),
        ('studios', '0003_scoped_model_times'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='Project',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('scope_path', models.CharField(db_index=True, default='', editable=False, max_length=255)),
                ('created_at', models.DateTimeField(auto_now_add=True)),
                ('updated_at', models.DateTimeField(auto_now=True)),
                ('title', models.CharField(max_length=100, verbose_name='项目名称')),
                ('channel', models.CharField(choices=[('breakthrough', '技术攻关'), ('post', '岗位创新')], db_index=True, default='breakthrough', max_length=16, verbose_name='创效渠道')),
                ('owner_kind', models.CharField(choices=[('studio', '创新工作室'), ('team', '班组'), ('unit', '单位')], db_index=True, max_length=8, verbose_name='承担主体')),
                ('team_name', models.CharField(blank=True, max_length=60, verbose_name='承担班组')),
                ('problem', models.TextField(verbose_name='攻关难题')),
                ('goal', models.TextField(verbose_name='攻关目标')),
                ('plan', models.TextField(blank=True, verbose_name='实施方案')),
                ('start_on', models.DateField(verbose_name='计划开始日期')),
                ('end_on', models.DateField(verbose_name='计划完成日期')),
                ('state', models.CharField(choices=[('proposed', '待审批'), ('approved', '已立项'), ('in_progress', '攻关中'), ('concluded', '已结题'), ('stopped', '已终止')], db_index=True, default='proposed', max_length=16, verbose_name='状态')),
                ('concluded_on', models.DateField(blank=True, db_index=True, null=True, verbose_name='结题日期')),
                ('result', models.TextField(blank=True, verbose_name='攻关成果')),
                ('stop_reason', models.TextField(blank=True, verbose_name='终止原因')),
                ('benefit_claimed_fen', models.BigIntegerField(blank=True, null=True, validators=[django.core.validators.MinValueValidator(0)], verbose_name='申报经济效益（分）')),
                ('benefit_basis', models.TextField(blank=True, verbose_name='效益计算依据')),
                ('benefit_verified_fen', models.BigIntegerField(blank=True, null=True, validators=[django.core.validators.MinValueValidator(0)], verbose_name='核实经济效益（分）')),
                ('benefit_verified_note', models.TextField(blank=True, verbose_name='核实说明')),
                ('benefit_verified_at', models.DateTimeField(blank=True, null=True, verbose_name='核实时间')),
                ('achievement', models.OneToOneField(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='project', to='achievements.achievement', verbose_name='申报的五小成果')),
                ('benefit_verified_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('created_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('enterprise', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='projects', to='org.enterprise', verbose_name='所在单位')),
                ('studio', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='projects', to='studios.studio', verbose_name='承担工作室')),
            ],
            options={
                'verbose_name': '技术攻关项目',
                'verbose_name_plural': '技术攻关项目',
                'ordering': ['-start_on', '-id'],
            },
        ),
        migrations.CreateModel(
            name='Milestone',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('title', models.CharField(max_length=100, verbose_name='节点')),
                ('due_on', models.DateField(verbose_name='计划完成日期')),
                ('done_on', models.DateField(blank=True, null=True, verbose_name='实际完成日期')),
                ('created_at', models.DateTimeField(auto_now_add=True)),
                ('project', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='milestones', to='projects.project')),
            ],
            options={
                'verbose_name': '里程碑',
                'verbose_name_plural': '里程碑',
                'ordering': ['due_on', 'id'],
            },
        ),
        migrations.CreateModel(
            name='ProjectMember',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('role', models.CharField(choices=[('lead', '负责人'), ('member', '成员')], default='member', max_length=8, verbose_name='分工')),
                ('order', models.PositiveSmallIntegerField(default=1, verbose_name='排序')),
                ('project', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='memberships', to='projects.project')),
                ('worker', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='project_memberships', to='org.worker', verbose_name='职工')),
            ],
            options={
                'verbose_name': '项目成员',
                'verbose_name_plural': '项目成员',
                'ordering': ['order', 'id'],
            },
        ),
        migrations.AddField(
            model_name='project',
            name='members',
            field=models.ManyToManyField(related_name='projects', through='projects.ProjectMember', to='org.worker', verbose_name='项目成员'),
        ),
        migrations.CreateModel(
            name='ProjectSupport',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('scope_path', models.CharField(db_index=True, default='', editable=False, max_length=255)),
                ('created_at', models.DateTimeField(auto_now_add=True)),
                ('updated_at', models.DateTimeField(auto_now=True)),
                ('kind', models.CharField(choices=[('funds', '经费支持'), ('expert', '专家指导')], max_length=8, verbose_name='支持方式')),
                ('on', models.DateField(verbose_name='日期')),
                ('amount_fen', models.BigIntegerField(blank=True, null=True, validators=[django.core.validators.MinValueValidator(1)], verbose_name='金额（分）')),
                ('payee', models.CharField(blank=True, max_length=100, verbose_name='收款单位')),
                ('helper_name', models.CharField(blank=True, max_length=50, verbose_name='指导人')),
                ('content', models.CharField(max_length=200, verbose_name='内容')),
                ('commitment', models.OneToOneField(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='project_support', to='funds.commitment', verbose_name='经费承诺')),
                ('expert', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='project_supports', to='experts.expertprofile', verbose_name='指导专家')),
                ('project', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='supports', to='projects.project')),
                ('recorded_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'verbose_name': '项目支持',
                'verbose_name_plural': '项目支持',
                'ordering': ['on', 'id'],
            },
        ),
        migrations.AddConstraint(
            model_name='projectmember',
            constraint=models.UniqueConstraint(fields=('project', 'worker'), name='project_member_once'),
        ),
        migrations.AddConstraint(
            model_name='project',
            constraint=models.CheckConstraint(condition=models.Q(('end_on__gte', models.F('start_on'))), name='project_ends_after'),
        ),
        migrations.AddConstraint(
            model_name='project',
            constraint=models.CheckConstraint(condition=models.Q(('benefit_claimed_fen__isnull', True), ('benefit_claimed_fen__gte', 0), _connector='OR'), name='project_claimed_nonneg'),
        ),
        migrations.AddConstraint(
            model_name='project',
            constraint=models.CheckConstraint(condition=models.Q(('benefit_verified_fen__isnull', True), ('benefit_verified_fen__gte', 0), _connector='OR'), name='project_verified_nonneg'),
        ),
        migrations.AddConstraint(
            model_name='projectsupport',
            constraint=models.CheckConstraint(condition=models.Q(('amount_fen__isnull', True), ('amount_fen__gte', 1), _connector='OR'), name='project_support_positive'),
        ),
    ]
