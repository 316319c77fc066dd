import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from innovation.core import pii
from innovation.core.validators import (
    id_check_char,
    uscc_check_char,
    validate_id_number,
    validate_phone,
    validate_uscc,
)

from ..factories import make_worker


def test_id_number_check_digit_per_gb_11643():
    # The standard's worked example.
    assert id_check_char("11010519491231002") == "X"
    assert validate_id_number("11010519491231002x") == "11010519491231002X"


@pytest.mark.parametrize(
    ("value", "code"),
    [
        ("110105194912310021", "id_check"),
        ("11010519491331002X", "id_birth"),
        ("1101051949123100", "id_format"),
        ("A1010519491231002X", "id_format"),
        ("110105299912310023", "id_birth"),
    ],
)
def test_bad_id_numbers_are_refused(value, code):
    with pytest.raises(ValidationError) as exc:
        validate_id_number(value)
    assert exc.value.code == code


def test_unified_social_credit_code_check_character():
    body = "91210700MA0QDY7B2"
    code = body + uscc_check_char(body)
    assert validate_uscc(code.lower()) == code
    wrong = body + ("0" if code[-1] != "0" else "1")
    with pytest.raises(ValidationError):
        validate_uscc(wrong)
    with pytest.raises(ValidationError):
        validate_uscc("91210700MA0QDY7BIO")  # I and O are not in the alphabet


def test_phone_validation():
    assert validate_phone("138 1234 5678") == "13812345678"
    assert validate_phone("0416-1234567") == "0416-1234567"
    with pytest.raises(ValidationError):
        validate_phone("12345")


def test_masks():
    assert pii.mask_id_number("210702199001011234") == "210702********1234"
    assert pii.mask_phone("13812341234") == "138****1234"
    assert pii.mask_id_number("") == ""


def test_encryption_round_trip_and_keyed_hash_is_stable():
    token = pii.encrypt("210702199001011234")
    assert "2107" not in token
    assert pii.decrypt(token) == "210702199001011234"
    assert pii.keyed_hash("x") == pii.keyed_hash("x") != pii.keyed_hash("y")


def test_a_token_from_another_key_is_an_error_not_garbage(settings):
    from cryptography.fernet import Fernet

    foreign = Fernet(Fernet.generate_key()).encrypt(b"secret").decode()
    with pytest.raises(ValueError):
        pii.decrypt(foreign)


def test_key_rotation_reads_old_tokens(settings):
    from cryptography.fernet import Fernet

    old_key = settings.FIELD_ENCRYPTION_KEYS[0]
    token = pii.encrypt("13812341234")
    settings.FIELD_ENCRYPTION_KEYS = [Fernet.generate_key().decode(), old_key]
    pii._fernet.cache_clear()
    try:
        assert pii.decrypt(token) == "13812341234"
    finally:
        settings.FIELD_ENCRYPTION_KEYS = [old_key]
        pii._fernet.cache_clear()


def test_personal_data_is_ciphertext_in_the_database(world):
    worker = world.workers["yx_a_1"]
    with connection.cursor() as cursor:
        cursor.execute("SELECT id_number, phone, id_number_masked FROM org_worker WHERE id = %s", [worker.pk])
        raw_id, raw_phone, masked = cursor.fetchone()
    assert raw_id != worker.id_number and worker.id_number not in raw_id
    assert raw_phone != worker.phone
    assert pii.decrypt(raw_id) == worker.id_number
    assert masked == pii.mask_id_number(worker.id_number)


def test_workers_are_found_by_full_id_number_through_the_hash(world, client):
    worker = world.workers["hs_b_2"]
    client.force_login(world.users["city"])
    response = client.get("/org/workers/", {"q": worker.id_number.lower()})
    assert [w.pk for w in response.context["table"].data] == [worker.pk]
    response = client.get("/org/workers/", {"q": worker.phone})
    assert [w.pk for w in response.context["table"].data] == [worker.pk]


def test_factory_workers_have_valid_ids(world):
    unit = world.units["yx_a"]
    worker = make_worker(unit, "校验")
    assert validate_id_number(worker.id_number) == worker.id_number
