# Existing rows join the chain in the order they were written (their ids).

from django.db import migrations

from innovation.audit.chain import CONTENT_FIELDS, GENESIS, row_hash

BATCH = 2000


def link_existing_rows(apps, schema_editor):
    AuditEntry = apps.get_model("audit", "AuditEntry")
    seq, prev_hash, batch = 0, GENESIS, []
    rows = AuditEntry.objects.order_by("id").only("id", *CONTENT_FIELDS)
    for entry in rows.iterator(chunk_size=BATCH):
        seq += 1
        entry.seq = seq
        entry.prev_hash = prev_hash
        entry.hash = row_hash(
            seq=seq, prev_hash=prev_hash, values={name: getattr(entry, name) for name in CONTENT_FIELDS}
        )
        prev_hash = entry.hash
        batch.append(entry)
        if len(batch) == BATCH:
            AuditEntry.objects.bulk_update(batch, ["seq", "prev_hash", "hash"])
            batch = []
    if batch:
        AuditEntry.objects.bulk_update(batch, ["seq", "prev_hash", "hash"])


class Migration(migrations.Migration):

    dependencies = [
        ('audit', '0003_chain_fields'),
    ]

    operations = [
        migrations.RunPython(link_existing_rows, migrations.RunPython.noop),
    ]
