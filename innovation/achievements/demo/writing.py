"""Writing a year's drawn items: the achievements with their state and step log (through the
workflow kernel), authors, patents, the dates they would have had, and the demonstration posts
their submission names."""

from datetime import timedelta

from django.db.models import OuterRef, Subquery

from innovation.core import workflow as kernel
from innovation.core.models import StepLog

from ..models import Achievement, Author, DemonstrationPost, Patent, State
from ..rules import build_search_text
from .history import Actors, Item


def write_year(items: list[Item], year: int, actors: Actors) -> int:
    items.sort(key=lambda i: (i.steps[0][5], i.key))
    rows = []
    for item in items:
        a = item.achievement
        last = item.steps[-1]
        a.submitted_at = item.steps[0][5]
        a.pledge_confirmed_by = item.steps[0][3]
        a.pledge_confirmed_at = a.submitted_at
        a.created_by = actors.unit_admin_of.get(a.enterprise_id)
        if last[2] == State.READY_FOR_REVIEW and a._verified is not None:
            a.benefit_verified = a._verified
            a.benefit_verified_by = actors.city
            a.benefit_verified_at = last[5]
            a.benefit_verified_note = (
                "依据财务部门出具的效益证明核定。"
                if a._verified == a.benefit_claimed
                else "部分效益计算期超过一年或含非本成果因素，按年度效益核减。"
            )
        names = [w.name if w else outside for w, outside, _u, _s in item.authors]
        a.search_text = build_search_text(a, names)
        rows.append((a, item.steps))
    # The state and the step log are the workflow kernel's to write, even for a demo's past.
    kernel.load_history(Achievement, rows)

    authors, patents = [], []
    for item in items:
        a = item.achievement
        for order, (worker, outside_name, outside_unit, share) in enumerate(item.authors, start=1):
            authors.append(
                Author(
                    achievement=a,
                    order=order,
                    worker=worker,
                    outside_name=outside_name,
                    outside_unit=outside_unit,
                    share=share,
                )
            )
        patents.extend(Patent(achievement=a, type=t, number=num, status=s) for t, num, s in item.patents)
    Author.objects.bulk_create(authors, batch_size=1000)
    Patent.objects.bulk_create(patents, batch_size=1000)

    # Rows carry the dates they would have had: drafted before submission, touched last at the last step.
    campaign = items[0].achievement.campaign
    last_step = (
        StepLog.objects.filter(workflow="achievement", object_id=OuterRef("pk"))
        .order_by("-at", "-id")
        .values("at")[:1]
    )
    Achievement.objects.filter(campaign=campaign).update(updated_at=Subquery(last_step))
    for item in items:
        item.achievement.created_at = item.steps[0][5] - timedelta(days=1 + int(item.key[:4], 16) % 20)
    Achievement.objects.bulk_update([i.achievement for i in items], ["created_at"], batch_size=500)
    return _name_posts(items, year)


def _name_posts(items: list[Item], year: int) -> int:
    """职工创新示范岗: what `workflow._name_demonstration_posts` names on each submission."""
    existing = set(DemonstrationPost.objects.filter(year=year).values_list("enterprise_id", "post"))
    posts: dict[tuple[int, str], DemonstrationPost] = {}
    members: dict[tuple[int, str], list[int]] = {}
    for item in items:  # in order of submission
        for worker, _name, _unit, _share in item.authors:
            if worker is None or not worker.post.strip():
                continue
            key = (worker.enterprise_id, worker.post.strip())
            if key in existing:
                continue
            if key not in posts:
                a = item.achievement
                posts[key] = DemonstrationPost(
                    enterprise_id=key[0],
                    post=key[1],
                    year=year,
                    first_achievement=a,
                    named_at=a.submitted_at,
                    scope_path=a.scope_path,
                )
                members[key] = []
            if worker.pk not in members[key]:
                members[key].append(worker.pk)
    DemonstrationPost.objects.bulk_create(posts.values(), batch_size=500)
    through = DemonstrationPost.workers.through
    through.objects.bulk_create(
        [
            through(demonstrationpost_id=posts[key].pk, worker_id=wid)
            for key, ids in members.items()
            for wid in ids
        ],
        batch_size=1000,
    )
    return len(posts)
