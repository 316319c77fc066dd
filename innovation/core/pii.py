"""Personal data at rest: encryption, keyed hashing and masking.

ID-card numbers and phone numbers are stored three ways, each for one purpose:
the ciphertext (Fernet, keys rotate through FIELD_ENCRYPTION_KEYS) to show the full
value to those entitled, an HMAC-SHA256 keyed hash for uniqueness and exact look-up,
and a masked copy for lists, exports and the audit trail (innovation.core.masking).

Written here rather than taken from a field-encryption package because none of them
also gives the keyed look-up hash and the masked companion that lists need.
"""

import hashlib
import hmac
from functools import cache

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.db import models

from .masking import mask_id_number, mask_phone, mask_text  # noqa: F401 (the one masking, core.masking)


@cache
def _fernet() -> MultiFernet:
    return MultiFernet([Fernet(key.encode()) for key in settings.FIELD_ENCRYPTION_KEYS])


def encrypt(value: str) -> str:
    return _fernet().encrypt(value.encode("utf-8")).decode("ascii")


def decrypt(token: str) -> str:
    try:
        return _fernet().decrypt(token.encode("ascii")).decode("utf-8")
    except InvalidToken as exc:  # a wrong key must never pass silently
        raise ValueError("personal data could not be decrypted with the configured keys") from exc


def keyed_hash(value: str) -> str:
    return hmac.new(settings.PII_HASH_KEY.encode(), value.encode("utf-8"), hashlib.sha256).hexdigest()


class EncryptedTextField(models.TextField):
    """A text column whose database value is Fernet ciphertext; Python sees plaintext."""

    def from_db_value(self, value, expression, connection):
        if value is None or value == "":
            return value
        return decrypt(value)

    def get_prep_value(self, value):
        value = super().get_prep_value(value)
        if value is None or value == "":
            return value
        return encrypt(value)
