"""Helpers run inside `manage.py shell` subprocesses by tests/core/test_worker_process.py: they
set up a county, a unit with a worker, an open campaign and a county admin in an empty database,
queue Excel imports as that admin would (through the upload service) and show a batch's page."""

import json

from django.core.files.uploadedfile import SimpleUploadedFile


def _world():
    """The county, unit, worker, admin and campaign (made once per database)."""
    from innovation.accounts.models import User
    from innovation.accounts.roles import Role
    from innovation.achievements.models import Campaign
    from innovation.org.models import Region, TradeUnion, Worker
    from tests.achievements.conftest import make_campaign
    from tests.factories import make_enterprise, make_union, make_user, make_worker

    admin = User.objects.filter(username="p_yixian").first()
    if admin is not None:
        return admin, Campaign.objects.get(), Worker.objects.get()
    city_region = Region.objects.create(code="210700", name="锦州市", level=Region.Level.CITY)
    county = Region.objects.create(code="210727", name="义县", level=Region.Level.COUNTY, parent=city_region)
    city = make_union("锦州市总工会", TradeUnion.Kind.CITY, None, city_region)
    district = make_union("义县总工会", TradeUnion.Kind.DISTRICT, city, county)
    unit = make_enterprise("义县甲机械有限公司", district, region=county)
    worker = make_worker(unit, "义县职工一")
    admin = make_user("p_yixian", (Role.DISTRICT_ADMIN, district))

    class World:  # what make_campaign needs of the test world
        pass

    world = World()
    world.city = city
    return admin, make_campaign(world), worker


def queue_import(rows: int, prefix: str = "成果") -> None:
    """Queue an import of `rows` rows titled `prefix`00000… and print its batch."""
    from innovation.achievements import importer
    from tests.achievements.test_import import row, workbook

    admin, campaign, worker = _world()
    content = workbook([row(f"{prefix}{i:05d}", worker) for i in range(rows)])
    batch = importer.start_import(
        actor=admin, campaign=campaign, upload=SimpleUploadedFile("成果.xlsx", content), ip="127.0.0.1"
    )
    print(json.dumps({"batch": batch.pk, "status": batch.status}))


def batch_state(batch_id: int) -> None:
    from innovation.achievements.models import Achievement, ImportBatch

    batch = ImportBatch.objects.get(pk=batch_id)
    print(
        json.dumps(
            {
                "status": batch.status,
                "attempts": batch.attempts,
                "processed": batch.processed_rows,
                "created": batch.created_count,
                "achievements": Achievement.objects.count(),
            }
        )
    )


def batch_page(batch_id: int) -> None:
    """The batch's page as its uploader sees it (the Django test client, this database)."""
    from django.test import Client

    from innovation.accounts.models import User

    client = Client()
    client.force_login(User.objects.get(username="p_yixian"))
    response = client.get(f"/achievements/import/{batch_id}/", SERVER_NAME="127.0.0.1")
    print(json.dumps(response.content.decode()))
