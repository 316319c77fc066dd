"""Backup and restore of the whole platform: the database and the uploaded files in one archive.

`manage.py backup PATH` (dump.py) and `manage.py restore PATH` (load.py). The archive is a
gzip-compressed tar file:

    manifest.json                   format and version, time, migrations, row counts, checksums
    data/<app>.<model>.jsonl        every row of every table, one JSON object a line (Django's
                                    "jsonl" serialisation: database-neutral, so an SQLite backup
                                    restores into PostgreSQL and back)
    media/<path>                    every uploaded file (MEDIA), under its storage name

Personal data stays encrypted: the encrypted fields serialise to their ciphertext as stored
(innovation.core.pii), so the archive holds no ID-card or phone number in clear, and the
restored database holds the same ciphertext. A restore therefore needs the same
FIELD_ENCRYPTION_KEYS and PII_HASH_KEY; the manifest carries a check of both (no key) and the
restore refuses other keys before it writes anything.
"""

FORMAT = "innovation-backup"
FORMAT_VERSION = 1
MANIFEST = "manifest.json"
DATA_DIR = "data/"
MEDIA_DIR = "media/"

# Not backed up: sign-in sessions die with the server they were made on.
EXCLUDED_MODELS = {"sessions.session"}
# Rows `migrate` itself creates in a new database; a restore replaces them with the archive's.
CREATED_BY_MIGRATE = {"contenttypes.contenttype", "auth.permission"}


class BackupError(Exception):
    """A backup or restore that cannot go on; the message (Chinese) says why and what to do."""
