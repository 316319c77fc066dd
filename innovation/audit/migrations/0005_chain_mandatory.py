from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('audit', '0004_chain_existing_rows'),
    ]

    operations = [
        migrations.AlterField(
            model_name='auditentry',
            name='seq',
            field=models.BigIntegerField(editable=False, unique=True, verbose_name='链序号'),
        ),
        migrations.AlterField(
            model_name='auditentry',
            name='prev_hash',
            field=models.CharField(editable=False, max_length=64, verbose_name='前一条哈希'),
        ),
        migrations.AlterField(
            model_name='auditentry',
            name='hash',
            field=models.CharField(editable=False, max_length=64, verbose_name='哈希'),
        ),
    ]
