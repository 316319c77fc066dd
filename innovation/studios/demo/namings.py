"""The demo's studios: their leaders, namings (with the upgrades), rosters and incubated achievements."""

import random

from django.db.models import Count, Q

from innovation.accounts.models import User
from innovation.achievements.models import Achievement, DemonstrationPost, Field
from innovation.org.models import Honour, SkillLevel, Worker

from ..models import (
    Member,
    Naming,
    Studio,
    StudioLevel,
    StudioType,
)
from .data import (
    CITY_UNION,
    COUNTS,
    GAO,
    INCUBATED,
    PROVINCE,
    SUN,
    UPGRADED_CITY_MODEL,
    document_no_of,
    on_day,
)


def pick_leaders(rng: random.Random):
    """Leaders by the honour each type requires: model workers for model-worker studios."""
    model_workers = list(
        Worker.objects.filter(honours__kind=Honour.Kind.MODEL_WORKER, is_active=True)
        .distinct()
        .select_related("enterprise")
        .order_by("id")
    )
    provincial = [w for w in model_workers if w.honours.filter(level__in=("national", "provincial")).exists()]
    others = [w for w in model_workers if w not in provincial]
    gao = next(w for w in model_workers if (w.enterprise.name, w.name) == GAO)
    sun = next(w for w in model_workers if w.name == SUN)
    provincial = [w for w in provincial if w.pk != gao.pk]
    others = [w for w in others if w.pk != sun.pk]
    rng.shuffle(provincial)
    rng.shuffle(others)
    model_prov = [gao, *provincial, *others][:12]
    rest = [w for w in [*provincial, *others] if w not in model_prov]
    model_city = [sun, *rest][:36]
    taken = {w.pk for w in model_prov + model_city}
    skilled = list(
        Worker.objects.filter(
            Q(honours__kind__in=(Honour.Kind.CRAFTSMAN, Honour.Kind.TECH_EXPERT, Honour.Kind.MAY_DAY_MEDAL))
            | Q(skill_level__in=(SkillLevel.SENIOR_TECHNICIAN, SkillLevel.TECHNICIAN)),
            is_active=True,
        )
        .exclude(pk__in=taken)
        .distinct()
        .select_related("enterprise")
        .order_by("id")
    )
    rng.shuffle(skilled)
    # Worker studios grow where innovation is busiest: units with the most filed achievements
    # first, at most two studios a unit.
    filed = dict(
        Achievement.objects.filter(submitted_at__isnull=False)
        .values_list("enterprise_id")
        .annotate(n=Count("id"))
    )
    skilled.sort(key=lambda w: -filed.get(w.enterprise_id, 0))
    hosts: dict[int, int] = {}
    for w in model_prov + model_city:
        hosts[w.enterprise_id] = hosts.get(w.enterprise_id, 0) + 1
    chosen = []
    for worker in skilled:
        if hosts.get(worker.enterprise_id, 0) < 2:
            chosen.append(worker)
            hosts[worker.enterprise_id] = hosts.get(worker.enterprise_id, 0) + 1
        if len(chosen) == 43:
            break
    return model_prov, model_city, chosen[:18], chosen[18:43]


def first_years(rng: random.Random, kind: tuple, count: int) -> list[int]:
    if kind[1] == StudioLevel.PROVINCIAL:
        return [rng.choice((2013, 2014, 2015, 2016, 2017)) for _ in range(count)]
    return [rng.choice((2016, 2017, 2018, 2019, 2019, 2020, 2020, 2021)) for _ in range(count)]


def make_studios(rng: random.Random, city_admin: User) -> list[Studio]:
    model_prov, model_city, worker_prov, worker_city = pick_leaders(rng)
    plan = [
        ((StudioType.MODEL_WORKER, StudioLevel.PROVINCIAL), model_prov),
        ((StudioType.WORKER, StudioLevel.PROVINCIAL), worker_prov),
        ((StudioType.MODEL_WORKER, StudioLevel.CITY), model_city),
        ((StudioType.WORKER, StudioLevel.CITY), worker_city),
    ]
    doc_no = {}
    on_roster: set[int] = set()
    studios = []
    for (studio_type, level), leaders in plan:
        assert len(leaders) == COUNTS[(studio_type, level)], (studio_type, level, len(leaders))
        years = first_years(rng, (studio_type, level), len(leaders))
        for index, (leader, first) in enumerate(zip(leaders, years, strict=True)):
            if (leader.enterprise.name, leader.name) == GAO:
                first = 2014
            if leader.name == SUN:
                first = 2019
            kind_name = "劳模创新工作室" if studio_type == StudioType.MODEL_WORKER else "职工创新工作室"
            # The city's namings; a provincial studio was the city's first, then the province's.
            steps = []
            upgraded = (
                studio_type == StudioType.MODEL_WORKER
                and level == StudioLevel.CITY
                and (index < UPGRADED_CITY_MODEL and first <= 2019)
            )
            if upgraded:
                steps.append((StudioType.WORKER, StudioLevel.CITY, first))
                steps.append((studio_type, StudioLevel.CITY, first + rng.choice((1, 2))))
            else:
                steps.append((studio_type, StudioLevel.CITY, first))
            if level == StudioLevel.PROVINCIAL:
                steps.append((studio_type, StudioLevel.PROVINCIAL, min(2021, first + rng.choice((2, 3, 4)))))
            # Each naming's document, numbered once; the studio's current naming (type, level,
            # document) is its highest one, the last step: one number, in both places.
            documents = []
            for _step_type, step_level, year in steps:
                province = step_level == StudioLevel.PROVINCIAL
                doc_no[(province, year)] = doc_no.get((province, year), 0) + 1
                documents.append(
                    (
                        document_no_of(province, year, 10 + doc_no[(province, year)]),
                        PROVINCE if province else CITY_UNION,
                    )
                )
            last_type, last_level, _last_year = steps[-1]
            studio = Studio.objects.create(
                name=f"{leader.name}{kind_name}",
                type=last_type,
                level=last_level,
                enterprise=leader.enterprise,
                leader=leader,
                field=rng.choice([f for f in Field.values if f != Field.OTHER]),
                founded_on=on_day(first - 1, rng.randint(3, 11), rng.randint(1, 28)),
                named_year=first,
                document_no=documents[-1][0],
                named_by=documents[-1][1],
                address=leader.enterprise.address or leader.enterprise.name,
            )
            for n, ((step_type, step_level, year), (document_no, named_by)) in enumerate(
                zip(steps, documents, strict=True)
            ):
                Naming.objects.create(
                    studio=studio,
                    type=step_type,
                    level=step_level,
                    year=year,
                    document_no=document_no,
                    named_by=named_by,
                    named_on=on_day(year, 4 if step_level == StudioLevel.PROVINCIAL else 5, 1 + n),
                    certificate_code=f"GZS{studio.pk:05d}{n}",
                    recorded_by=city_admin,
                )
            joined = on_day(first, 5, 1)
            Member.objects.create(studio=studio, worker=leader, role=Member.Role.LEADER, joined_on=joined)
            on_roster.add(leader.pk)
            studios.append(studio)
    # Rosters: co-workers of the leader's unit, one roster each (the rubric's rule).
    for studio in studios:
        pool = list(
            Worker.objects.filter(enterprise=studio.enterprise, is_active=True)
            .exclude(pk__in=on_roster)
            .order_by("id")[:40]
        )
        wanted = []
        if studio.leader.name == GAO[1]:
            wanted = [w for w in pool if w.name == "王亮"]
        rng.shuffle(pool)
        for worker in (wanted + [w for w in pool if w not in wanted])[: rng.randint(3, 7)]:
            Member.objects.create(
                studio=studio,
                worker=worker,
                role=Member.Role.CORE if rng.random() < 0.4 else Member.Role.MEMBER,
                joined_on=on_day(studio.named_year, rng.randint(5, 12), rng.randint(1, 28)),
            )
            on_roster.add(worker.pk)
    # Lineage: the demonstration posts of the roster named before the studio, and studios that
    # grew out of an earlier one of the same unit.
    for studio in studios:
        posts = DemonstrationPost.objects.filter(
            enterprise=studio.enterprise,
            year__lte=studio.named_year,
            workers__in=studio.members.values("worker_id"),
        ).distinct()
        studio.demonstration_posts.set(posts)
        earlier = (
            Studio.objects.filter(enterprise=studio.enterprise, named_year__lt=studio.named_year)
            .exclude(pk=studio.pk)
            .order_by("named_year", "id")
            .first()
        )
        if (
            earlier is not None
            and studio.type == StudioType.MODEL_WORKER
            and earlier.type == StudioType.WORKER
        ):
            studio.grew_from = earlier
            studio.save(update_fields=["grew_from"])
    return studios


def incubate(studios: list[Studio]) -> int:
    """Link each studio's unit's filed achievements from its naming year on, until 406."""
    linked = 0
    by_unit: dict[int, list[Studio]] = {}
    for studio in sorted(studios, key=lambda s: (s.named_year, s.pk)):
        by_unit.setdefault(studio.enterprise_id, []).append(studio)
    items = (
        Achievement.objects.filter(enterprise_id__in=by_unit, submitted_at__isnull=False, studio__isnull=True)
        .select_related("campaign")
        .order_by("campaign__year", "id")
    )
    members = {
        s.pk: set(s.members.values_list("worker_id", flat=True)) for unit in by_unit.values() for s in unit
    }
    for item in items:
        if linked >= INCUBATED:
            break
        # A studio incubates from the year its team formed (founded the year before its naming).
        candidates = [s for s in by_unit[item.enterprise_id] if s.founded_on.year <= item.campaign.year]
        if not candidates:
            continue
        authors = set(item.authors.exclude(worker__isnull=True).values_list("worker_id", flat=True))
        studio = next((s for s in candidates if authors & members[s.pk]), candidates[0])
        Achievement.objects.filter(pk=item.pk).update(studio=studio)
        linked += 1
    # This year's draft of 高颖明 and 王亮 is being incubated in their studio too.
    gao = next(s for s in studios if s.leader.name == GAO[1] and s.enterprise.name == GAO[0])
    Achievement.objects.filter(title="常减压装置航煤馏分卡边操作优化", studio__isnull=True).update(studio=gao)
    return linked
