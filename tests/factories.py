"""factory_boy factories. Org rows are built through the services, so paths and
personal-data companions are exactly what production code writes."""

import itertools
import random

import factory

from innovation.accounts import services as account_services
from innovation.accounts.models import User
from innovation.org import services as org_services
from innovation.org.demo_data import id_number, phone_number
from innovation.org.models import Enterprise, Region, TradeUnion, Worker

PASSWORD = "Test@Pass2026"
_rng = random.Random(7)
_seq = itertools.count(1)


class RegionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Region
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"2107{n:02d}")
    name = factory.Sequence(lambda n: f"测试区{n}")
    level = Region.Level.COUNTY


def make_union(
    name: str, kind: str, parent: TradeUnion | None = None, region: Region | None = None
) -> TradeUnion:
    return org_services.union_create(actor=None, name=name, kind=kind, parent=parent, region=region)


def make_enterprise(
    name: str, parent_union: TradeUnion, *, region: Region | None = None, size: str = "small", **kw
) -> Enterprise:
    region = region or parent_union.region or RegionFactory()
    return org_services.enterprise_create(
        actor=None,
        parent_union=parent_union,
        name=name,
        size=size,
        industry=kw.pop("industry", "C"),
        region=region,
        **kw,
    )


def new_id_number(region_code: str = "210727", **kw) -> str:
    return id_number(_rng, region_code, **kw)


def make_worker(enterprise: Enterprise, name: str | None = None, **kw) -> Worker:
    return org_services.worker_create(
        actor=None,
        enterprise=enterprise,
        name=name or f"职工{next(_seq)}",
        post=kw.pop("post", "钳工"),
        id_number=kw.pop("id_number", None) or new_id_number(enterprise.region.code[:6]),
        phone=kw.pop("phone", phone_number(_rng)),
        **kw,
    )


def make_user(username: str, *grants, worker: Worker | None = None, password: str = PASSWORD) -> User:
    """grants: (role, node) pairs; node may be None for the global roles."""
    user, _ = account_services.user_create(
        actor=None, username=username, display_name=username, password=password
    )
    user.must_change_password = False
    user.save(update_fields=["must_change_password"])
    for role, node in grants:
        account_services.grant_role(actor=None, user=user, role=role, node=node)
    if worker is not None:
        worker.user = user
        worker.save(update_fields=["user"])
    return user
