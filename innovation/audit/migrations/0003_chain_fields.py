# The tamper-evident chain: fields added empty here, filled for existing rows in 0004, made
# mandatory and unique in 0005.

import django.utils.timezone
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('audit', '0002_refused_action'),
    ]

    operations = [
        migrations.CreateModel(
            name='ChainCheck',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('checked_at', models.DateTimeField(db_index=True, default=django.utils.timezone.now, verbose_name='校验时间')),
                ('checked_by', models.CharField(blank=True, max_length=150, verbose_name='校验人')),
                ('intact', models.BooleanField(verbose_name='完好')),
                ('rows', models.PositiveBigIntegerField(default=0, verbose_name='校验条数')),
                ('last_seq', models.BigIntegerField(blank=True, null=True, verbose_name='末条链序号')),
                ('last_hash', models.CharField(blank=True, max_length=64, verbose_name='末条哈希')),
                ('broken_entry_id', models.BigIntegerField(blank=True, null=True, verbose_name='断点记录编号')),
                ('broken_seq', models.BigIntegerField(blank=True, null=True, verbose_name='断点链序号')),
                ('broken_at', models.DateTimeField(blank=True, null=True, verbose_name='断点记录时间')),
                ('problem', models.TextField(blank=True, verbose_name='问题')),
            ],
            options={
                'verbose_name': '审计链校验',
                'verbose_name_plural': '审计链校验',
                'ordering': ['-checked_at', '-id'],
            },
        ),
        migrations.AddField(
            model_name='auditentry',
            name='seq',
            field=models.BigIntegerField(editable=False, null=True, verbose_name='链序号'),
        ),
        migrations.AddField(
            model_name='auditentry',
            name='prev_hash',
            field=models.CharField(default='', editable=False, max_length=64, verbose_name='前一条哈希'),
        ),
        migrations.AddField(
            model_name='auditentry',
            name='hash',
            field=models.CharField(default='', editable=False, max_length=64, verbose_name='哈希'),
        ),
        migrations.AlterField(
            model_name='auditentry',
            name='action',
            field=models.CharField(choices=[('create', '新增'), ('update', '修改'), ('delete', '删除'), ('login', '登录成功'), ('login_failed', '登录失败'), ('logout', '退出登录'), ('lockout', '账户锁定'), ('password_change', '修改密码'), ('access_denied', '越权访问被拒绝'), ('export', '导出数据'), ('reveal', '查看完整个人信息'), ('token_create', '创建API令牌'), ('token_revoke', '吊销API令牌'), ('refused', '操作被拒绝'), ('otp_enrol', '启用两步验证'), ('otp_verify', '两步验证通过'), ('otp_recovery', '使用恢复码'), ('otp_codes', '重新生成恢复码'), ('otp_reset', '重置两步验证')], db_index=True, max_length=32, verbose_name='操作'),
        ),
    ]
