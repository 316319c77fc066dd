"""What both directions share: the tables to copy, the checks of the keys, member names."""

import hashlib
import hmac
from pathlib import PurePosixPath

from django.apps import apps
from django.db.models import Model

from innovation.core import pii

from . import EXCLUDED_MODELS

KEY_CHECK_TEXT = "innovation-backup-key-check"


def models_to_copy() -> list[type[Model]]:
    """Every table the project's migrations make, in a stable order: each concrete model
    (auto-created many-to-many tables too), without proxies, unmanaged models and sessions."""
    chosen = [
        model
        for model in apps.get_models(include_auto_created=True)
        if model._meta.managed and not model._meta.proxy and model._meta.label_lower not in EXCLUDED_MODELS
    ]
    return sorted(chosen, key=lambda m: m._meta.label_lower)


def label(model: type[Model]) -> str:
    return model._meta.label_lower


def field_names(model: type[Model]) -> list[str]:
    """The columns of `model`'s own table other than the primary key (many-to-many tables
    are copied as tables of their own)."""
    return [f.name for f in model._meta.local_concrete_fields if not f.primary_key]


def key_checks() -> dict:
    """Proof of the keys in use that reveals neither: an HMAC of a fixed text under
    PII_HASH_KEY, and a fixed text encrypted with the newest FIELD_ENCRYPTION_KEYS key."""
    return {
        "pii_hash": pii.keyed_hash(KEY_CHECK_TEXT),
        "encryption": pii.encrypt(KEY_CHECK_TEXT),
    }


def keys_match(checks: dict) -> tuple[bool, bool]:
    """(hash key matches, encryption keys can read the archive's ciphertext)."""
    hash_ok = hmac.compare_digest(checks.get("pii_hash", ""), pii.keyed_hash(KEY_CHECK_TEXT))
    try:
        encryption_ok = pii.decrypt(checks.get("encryption", "")) == KEY_CHECK_TEXT
    except ValueError:
        encryption_ok = False
    return hash_ok, encryption_ok


def safe_member(name: str) -> bool:
    """A member name that stays inside the archive's own folders."""
    path = PurePosixPath(name)
    return bool(name) and not path.is_absolute() and ".." not in path.parts and "\\" not in name


def sha256_stream(handle, size: int = 1 << 20) -> tuple[str, int]:
    digest = hashlib.sha256()
    total = 0
    while chunk := handle.read(size):
        digest.update(chunk)
        total += len(chunk)
    return digest.hexdigest(), total


def database_vendor() -> str:
    from django.db import connection

    return connection.vendor
