"""Personal data stays encrypted when the database is serialised: dumpdata (and the backup
command, which uses the same serialisers) writes the ciphertext as stored, never the plaintext,
and loaddata (restore) stores that ciphertext back as it was."""

import io
import json
import pickle

import pytest
from django.core.management import call_command
from django.db import connection

from innovation.core import pii
from innovation.experts.models import ExpertProfile
from innovation.org.models import Worker

from ..experts.conftest import make_expert
from ..factories import make_worker


def stored(table: str, pk: int) -> tuple[str, str]:
    with connection.cursor() as cursor:
        column = "id_number" if table == "org_worker" else "''"
        cursor.execute(f"SELECT {column}, phone FROM {table} WHERE id = %s", [pk])
        return cursor.fetchone()


def dump(*labels: str, **options) -> str:
    out = io.StringIO()
    call_command("dumpdata", *labels, stdout=out, **options)
    return out.getvalue()


def test_dumpdata_prints_the_stored_ciphertext_not_the_id_or_phone_number(world):
    worker = world.workers["yx_a_1"]
    text = dump("org.worker", indent=2)
    for w in world.workers.values():
        assert w.id_number not in text and w.phone not in text
    fields = next(o["fields"] for o in json.loads(text) if o["pk"] == worker.pk)
    assert (fields["id_number"], fields["phone"]) == stored("org_worker", worker.pk)
    assert fields["id_number"].startswith("gAAAAA") and pii.decrypt(fields["id_number"]) == worker.id_number
    assert fields["id_number_masked"] == worker.id_number_masked  # the masked copy is no secret


@pytest.mark.parametrize("fmt", ["json", "jsonl", "xml"])
def test_every_serialisation_format_keeps_the_ciphertext(world, fmt):
    text = dump("org.worker", format=fmt)
    assert all(w.id_number not in text and w.phone not in text for w in world.workers.values())
    assert stored("org_worker", world.workers["hs_a_1"].pk)[0] in text


def test_an_expert_phone_is_dumped_encrypted(world):
    expert = make_expert(world, "e_wang", "王专家", outside="锦州市科技局", phone="13912345678")
    text = dump("experts.expertprofile")
    assert "13912345678" not in text and stored("experts_expertprofile", expert.pk)[1] in text
    assert ExpertProfile.objects.get().phone == "13912345678"


def test_loaddata_stores_the_dumped_ciphertext_back_as_it_was(world, tmp_path):
    worker = make_worker(world.units["yx_b"], "待恢复职工")
    before = stored("org_worker", worker.pk)
    fixture = tmp_path / "worker.json"
    fixture.write_text(dump("org.worker", pks=str(worker.pk)))
    Worker.objects.filter(pk=worker.pk).delete()

    call_command("loaddata", str(fixture), verbosity=0)
    assert stored("org_worker", worker.pk) == before  # byte for byte
    again = Worker.objects.get(pk=worker.pk)
    assert (again.id_number, again.phone) == (worker.id_number, worker.phone)


def test_loaddata_refuses_a_ciphertext_of_other_keys(world, tmp_path, settings):
    worker = make_worker(world.units["yx_b"], "换钥职工")
    fixture = tmp_path / "worker.json"
    fixture.write_text(dump("org.worker", pks=str(worker.pk)))
    Worker.objects.filter(pk=worker.pk).delete()
    original = list(settings.FIELD_ENCRYPTION_KEYS)
    settings.FIELD_ENCRYPTION_KEYS = ["Y2xlYXJseS1ub3QtdGhlLWtleS0wMTIzNDU2Nzg5YWI="]
    pii._fernet.cache_clear()
    try:
        with pytest.raises(Exception, match="could not be decrypted"):
            call_command("loaddata", str(fixture), verbosity=0)
    finally:
        settings.FIELD_ENCRYPTION_KEYS = original
        pii._fernet.cache_clear()
    assert not Worker.objects.filter(pk=worker.pk).exists()


def test_loaddata_encrypts_a_plaintext_it_is_given(world, tmp_path):
    worker = make_worker(world.units["yx_b"], "明文职工")
    data = json.loads(dump("org.worker", pks=str(worker.pk)))
    data[0]["fields"]["phone"] = "13800001111"
    Worker.objects.filter(pk=worker.pk).delete()
    fixture = tmp_path / "plain.json"
    fixture.write_text(json.dumps(data))
    call_command("loaddata", str(fixture), verbosity=0)
    phone = stored("org_worker", worker.pk)[1]
    assert phone.startswith("gAAAAA") and pii.decrypt(phone) == "13800001111"


def test_an_unchanged_value_is_saved_with_the_same_ciphertext_and_a_changed_one_anew(world):
    worker = Worker.objects.get(pk=world.workers["yx_a_2"].pk)
    before = stored("org_worker", worker.pk)
    worker.post = "焊工"
    worker.save()
    assert stored("org_worker", worker.pk) == before
    worker.phone = "13700002222"
    worker.save()
    after = stored("org_worker", worker.pk)
    assert after[0] == before[0] and after[1] != before[1] and pii.decrypt(after[1]) == "13700002222"


def test_a_decrypted_value_is_a_plain_string_to_everyone_else(world):
    worker = Worker.objects.get(pk=world.workers["yx_a_1"].pk)
    assert isinstance(worker.id_number, str) and worker.id_number == world.workers["yx_a_1"].id_number
    assert json.dumps({"id": worker.id_number}) == json.dumps({"id": str(worker.id_number)})
    copy = pickle.loads(pickle.dumps(worker.id_number))
    assert copy == worker.id_number and copy.ciphertext == worker.id_number.ciphertext
