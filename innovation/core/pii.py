"""Personal data at rest: encryption, keyed hashing and masking.

ID-card numbers and phone numbers are stored three ways, each for one purpose:
the ciphertext (Fernet, keys rotate through FIELD_ENCRYPTION_KEYS) to show the full
value to those entitled, an HMAC-SHA256 keyed hash for uniqueness and exact look-up,
and a masked copy for lists, exports and the audit trail (innovation.audit.masking).

Written here rather than taken from a field-encryption package because none of them
also gives the keyed look-up hash and the masked companion that lists need.
"""

import hashlib
import hmac
import re
from functools import cache

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models

from innovation.audit.masking import mask_id_number, mask_phone, mask_text  # noqa: F401 (the one masking)


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


# A Fernet token: version byte 0x80 and a 64-bit timestamp (so "gAAAAA…"), IV, ciphertext, HMAC.
_FERNET_TOKEN = re.compile(r"^gAAAAA[A-Za-z0-9_-]{92,}={0,2}$")


class Decrypted(str):
    """A plaintext read from the database that remembers the ciphertext it was stored as, so
    that serialising it (dumpdata, backups) writes that ciphertext and never the plaintext."""

    ciphertext: str

    def __new__(cls, plaintext: str, ciphertext: str):
        value = super().__new__(cls, plaintext)
        value.ciphertext = ciphertext
        return value

    def __reduce__(self):
        return (Decrypted, (str(self), self.ciphertext))


class EncryptedTextField(models.TextField):
    """A text column whose database value is Fernet ciphertext; Python sees plaintext.

    Serialised (dumpdata, the backup command) it is the ciphertext as stored; deserialised
    (loaddata, restore) a ciphertext is recognised, checked against the keys and stored as it
    was. A plaintext given to loaddata is encrypted like any other write.
    """

    def from_db_value(self, value, expression, connection):
        if value is None or value == "":
            return value
        return Decrypted(decrypt(value), value)

    def to_python(self, value):
        value = super().to_python(value)
        if isinstance(value, str) and not isinstance(value, Decrypted) and _FERNET_TOKEN.match(value):
            try:
                return Decrypted(decrypt(value), value)
            except ValueError as exc:
                raise ValidationError(str(exc)) from None
        return value

    def get_prep_value(self, value):
        value = super().get_prep_value(value)
        if value is None or value == "":
            return value
        if isinstance(value, Decrypted):
            return value.ciphertext  # unchanged since it was read: the same ciphertext
        return encrypt(value)

    def value_to_string(self, obj) -> str:
        value = self.value_from_object(obj)
        if value is None or value == "":
            return value
        if isinstance(value, Decrypted):
            return value.ciphertext
        return encrypt(value)
