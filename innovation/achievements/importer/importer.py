"""Pass 2 and the write: `AchievementImporter` looks everything up in bulk (units, workers by
ID-number hash or by name within a unit, existing titles: a handful of queries for the whole
file, none per row), runs each parsed row through the services' rules and, when the whole file
is valid, writes it in one transaction (bulk inserts), audits every created item through the
audit writer and, when asked, submits each through the workflow kernel."""

from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from innovation.accounts.policy import Action
from innovation.accounts.scope import restrict
from innovation.audit.models import AuditAction
from innovation.audit.services import record, record_many
from innovation.core import jobs
from innovation.core import workflow as kernel
from innovation.core.tasks import enqueue
from innovation.org.models import Enterprise, Worker

from ..models import Achievement, Author, Campaign, ImportBatch, Patent
from ..rules import apply_fields, authors_from, build_search_text, patents_from
from ..tasks import check_duplicates
from .columns import (
    AUTHOR_COLUMNS,
    COLUMNS,
    CREATE_SECONDS_PER_ROW,
    LOOKUP_CHUNK,
    PROGRESS_EVERY,
    SERVICE_KEY_COLUMN,
    SUBMIT_FACTOR,
    ImportRefused,
    SheetRows,
    header,
    import_key,
)
from .rows import RowDraft, RowParser, coauthor, resolve_person


@dataclass
class Prepared:
    row: int
    achievement: Achievement
    authors: list[dict]
    patents: list[dict]


@dataclass
class ImportOutcome:
    created: int = 0
    errors: list[dict] = field(default_factory=list)
    validate_seconds: float = 0.0
    create_seconds: float = 0.0

    @property
    def ok(self) -> bool:
        return not self.errors


class AchievementImporter:
    """Validates and creates one file's achievements for one actor and campaign."""

    def __init__(
        self,
        *,
        campaign: Campaign,
        actor,
        submit: bool = False,
        batch: ImportBatch | None = None,
        lease: jobs.Lease | None = None,
    ):
        self.campaign = campaign
        self.actor = actor
        self.submit = submit
        self.batch = batch
        self.lease = lease
        self.parser = RowParser()
        self.errors: list[dict] = []

    # -- progress

    def _progress(self, done: int) -> None:
        if self.lease is not None:
            self.lease.renew(processed_rows=done)
        elif self.batch is not None:
            ImportBatch.objects.filter(pk=self.batch.pk).update(processed_rows=done)

    # -- bulk look-ups

    def _lookup_units(self, drafts: list[RowDraft]) -> tuple[dict, set, set, Enterprise | None]:
        names = {d.unit_name for d in drafts if d.unit_name}
        by_name: dict[str, list[Enterprise]] = {}
        in_scope: set[int] = set()
        submittable: set[int] = set()
        base = Enterprise.objects.only("id", "name", "scope_path", "union_id", "is_active")
        if names:
            for enterprise in base.filter(name__in=names):
                by_name.setdefault(enterprise.name, []).append(enterprise)
            in_scope = set(
                self._scoped(base.filter(name__in=names), Action.ACHIEVEMENT_IMPORT).values_list(
                    "pk", flat=True
                )
            )
            if self.submit:
                submittable = set(
                    self._scoped(base.filter(name__in=names), Action.ACHIEVEMENT_SUBMIT).values_list(
                        "pk", flat=True
                    )
                )
        default = None
        if any(not d.unit_name for d in drafts):
            candidates = list(self._scoped(base.filter(is_active=True), Action.ACHIEVEMENT_IMPORT)[:2])
            if len(candidates) == 1:
                default = candidates[0]
                in_scope.add(default.pk)
                if (
                    self.submit
                    and self._scoped(base.filter(pk=default.pk), Action.ACHIEVEMENT_SUBMIT).exists()
                ):
                    submittable.add(default.pk)
        return by_name, in_scope, submittable, default

    def _scoped(self, queryset, action: str):
        return queryset if self.actor is None else restrict(queryset, self.actor, action)

    def _lookup_workers(self, drafts: list[RowDraft], unit_ids: set[int]) -> tuple[dict, dict]:
        fields_ = ("id", "name", "enterprise_id", "post", "id_number_hash", "is_active")
        hashes = sorted({p.id_hash for d in drafts for p in [d.first, *d.others] if p and p.id_hash})
        by_hash: dict[str, Worker] = {}
        # Only workers within the importer's scope: an ID number tells nothing about anyone else.
        workers = self._scoped(Worker.objects.only(*fields_), Action.ACHIEVEMENT_IMPORT)
        for start in range(0, len(hashes), LOOKUP_CHUNK):
            chunk = hashes[start : start + LOOKUP_CHUNK]
            by_hash.update({w.id_number_hash: w for w in workers.filter(id_number_hash__in=chunk)})
        names = {p.name for d in drafts for p in [d.first, *d.others] if p and p.by_name}
        by_name: dict[tuple[int, str], list[Worker]] = {}
        if names and unit_ids:
            for worker in Worker.objects.only(*fields_).filter(name__in=names, enterprise_id__in=unit_ids):
                by_name.setdefault((worker.enterprise_id, worker.name), []).append(worker)
        return by_hash, by_name

    def _existing_keys(self, keys: set[str], unit_ids: set[int]) -> set[str]:
        existing = set()
        rows = Achievement.objects.filter(campaign=self.campaign, enterprise_id__in=unit_ids).values_list(
            "enterprise_id", "title", "import_key"
        )
        for enterprise_id, title, key in rows:
            existing.add(import_key(self.campaign.pk, enterprise_id, title))
            if key:
                existing.add(key)
        if keys:
            existing.update(
                Achievement.objects.filter(import_key__in=keys).values_list("import_key", flat=True)
            )
        return existing

    # -- pass 2: resolve and apply the services' rules

    def _resolve(
        self, draft: RowDraft, units, default, by_hash, by_name, seen: dict, existing: set
    ) -> Prepared | None:
        by_unit, in_scope, submittable = units
        enterprise = None
        if draft.unit_name:
            found = by_unit.get(draft.unit_name, [])
            allowed = [e for e in found if e.pk in in_scope]
            if not found:
                draft.error(
                    "unit", _("平台中没有名为「%(u)s」的单位，请填写单位全称。") % {"u": draft.unit_name}
                )
            elif not allowed:
                draft.error(
                    "unit", _("单位「%(u)s」不在您的管辖范围内，不能为其导入成果。") % {"u": draft.unit_name}
                )
            elif len(allowed) > 1:
                draft.error(
                    "unit",
                    _("平台中有%(c)d个名为「%(u)s」的单位，无法确定，请联系上级工会处理。")
                    % {"c": len(allowed), "u": draft.unit_name},
                )
            else:
                enterprise = allowed[0]
        elif default is not None:
            enterprise = default
        else:
            draft.error("unit", _("请填写申报单位（您管理多个单位）。"))
        if enterprise is not None and not enterprise.is_active:
            draft.error("unit", _("单位「%(u)s」已停用，不能申报成果。") % {"u": enterprise.name})
            enterprise = None
        if enterprise is not None and self.submit and enterprise.pk not in submittable:
            draft.error(
                "unit",
                _("您无权提交单位「%(u)s」的成果：导入后直接提交须由该单位工会办理。")
                % {"u": enterprise.name},
            )

        # Worker authors are active workers of the reporting unit, as on the form; people of
        # other units are entered as outside co-authors (name and unit).
        first = draft.first
        if enterprise is None:
            pass  # the unit's error says it all: people are looked up within the unit
        elif "first_id" not in draft.errors:
            column = "first_id" if first.id_hash else "first_name"
            first.worker = resolve_person(draft, first, enterprise, by_hash, by_name, key=column)
            if first.worker is not None:
                if first.worker.enterprise_id != enterprise.pk:
                    draft.error(
                        column,
                        _("第一完成人「%(n)s」不是申报单位「%(u)s」的职工。")
                        % {"n": first.worker.name, "u": enterprise.name},
                    )
                elif not first.worker.is_active:
                    draft.error(column, _("第一完成人「%(n)s」已标记为不在职。") % {"n": first.worker.name})
        for index, person in enumerate(draft.others, start=2):
            if person.outside_unit or enterprise is None:
                continue
            person.worker = worker = resolve_person(
                draft, person, enterprise, by_hash, by_name, key="others", index=index
            )
            if worker is not None:
                if worker.enterprise_id != enterprise.pk:
                    draft.error(
                        "others",
                        coauthor(index, person.name)
                        + _("不是申报单位的职工；其他单位人员请按“姓名:单位名称:份额”填写为外单位完成人。"),
                    )
                elif not worker.is_active:
                    draft.error("others", coauthor(index, person.name) + _("已标记为不在职。"))

        achievement = Achievement(
            campaign=self.campaign,
            enterprise=enterprise,
            created_by=self.actor,
            scope_path=enterprise.scope_path if enterprise else "",
        )
        service_errors: dict = {}
        fields_ = {
            k: draft.values[k]
            for k in (
                "title",
                "kind",
                "field",
                "post",
                "problem",
                "solution",
                "effect",
                "started_on",
                "completed_on",
                "benefit_type",
                "benefit_claimed",
                "benefit_basis",
            )
        }
        apply_fields(achievement, fields_, service_errors)
        authors: list[dict] = []
        if enterprise is not None and not any(k in draft.errors for k in AUTHOR_COLUMNS):
            people = [first, *draft.others]
            data = [{"worker": first.worker.pk if first.worker else None, "share": first.share}]
            data += [
                {
                    "worker": p.worker.pk if p.worker else None,
                    "outside_name": "" if p.worker else p.name,
                    "outside_unit": p.outside_unit,
                    "share": p.share,
                }
                for p in draft.others
            ]
            known = {p.worker.pk: p.worker for p in people if p.worker is not None}
            authors = authors_from(data, enterprise, service_errors, known=known)
        patents = patents_from(draft.values["patents"], service_errors)
        author_column = "others" if draft.others else "first_share"
        for key, messages in service_errors.items():
            column = SERVICE_KEY_COLUMN.get(key, author_column if key == "authors" else "title")
            if column in draft.errors:
                continue  # the cell check already said what is wrong there
            for message in messages:
                draft.error(column, str(message))

        if enterprise is not None and achievement.title and "title" not in draft.errors:
            key = import_key(self.campaign.pk, enterprise.pk, achievement.title)
            if key in existing:
                draft.error(
                    "title",
                    _("已存在同名成果：单位「%(u)s」在本次活动中已有成果「%(t)s」。")
                    % {"u": enterprise.name, "t": achievement.title},
                )
            elif key in seen:
                draft.error(
                    "title", _("已存在同名成果：与本文件第%(r)d行的成果名称相同。") % {"r": seen[key]}
                )
            else:
                seen[key] = draft.row
            achievement.import_key = key
        if draft.errors:
            return None
        return Prepared(row=draft.row, achievement=achievement, authors=authors, patents=patents)

    def validate(self, sheet: SheetRows) -> list[Prepared]:
        """Check every row; fills self.errors and returns the rows ready to create."""
        drafts = [self.parser.parse(number, cells) for number, cells in sheet.rows]
        by_unit, in_scope, submittable, default = self._lookup_units(drafts)
        unit_ids = set(in_scope)
        by_hash, by_name = self._lookup_workers(drafts, unit_ids)
        candidate_keys = {
            import_key(self.campaign.pk, e.pk, d.values["title"])
            for d in drafts
            if d.values["title"]
            for e in (by_unit.get(d.unit_name, []) if d.unit_name else ([default] if default else []))
        }
        existing = self._existing_keys(candidate_keys, unit_ids)
        prepared: list[Prepared] = []
        seen: dict[str, int] = {}
        for done, draft in enumerate(drafts, start=1):
            item = self._resolve(
                draft, (by_unit, in_scope, submittable), default, by_hash, by_name, seen, existing
            )
            if item is not None:
                prepared.append(item)
            if done % PROGRESS_EVERY == 0:
                self._progress(done)
        self._progress(len(drafts))
        order = {c.key: i for i, c in enumerate(COLUMNS)}
        for draft in drafts:
            for key in sorted(draft.errors, key=order.__getitem__):
                for message in draft.errors[key]:
                    self.errors.append({"row": draft.row, "column": header(key), "message": message})
        return prepared

    # -- creation

    def create(self, prepared: list[Prepared]) -> list[Achievement]:
        """Write all rows in one transaction (bulk inserts), audit them, submit if asked."""
        now = timezone.now()
        actor = self.actor if getattr(self.actor, "is_authenticated", False) else None
        if self.lease is not None:
            # The transaction below is one step with no progress to report (and on SQLite it
            # holds the only write lock): a lease long enough for it, with room to spare.
            per_row = CREATE_SECONDS_PER_ROW * (SUBMIT_FACTOR if self.submit else 1)
            self.lease.renew(seconds=int(len(prepared) * per_row) + jobs.lease_seconds())
        with transaction.atomic():
            achievements = []
            for item in prepared:
                names = [a["worker"].name if a["worker"] else a["outside_name"] for a in item.authors]
                item.achievement.search_text = build_search_text(item.achievement, names)
                achievements.append(item.achievement)
            try:
                Achievement.objects.bulk_create(achievements, batch_size=500)
            except IntegrityError:  # another import of the same rows committed meanwhile
                raise ImportRefused(
                    _(
                        "导入时发现重复成果（可能有人同时导入了相同内容），本次导入未写入任何数据，请刷新后重试。"
                    )
                ) from None
            # ids rather than instances below: the relation descriptors cost more than the inserts
            Author.objects.bulk_create(
                [
                    Author(
                        achievement_id=item.achievement.pk,
                        order=i,
                        worker_id=a["worker"].pk if a["worker"] else None,
                        outside_name=a["outside_name"],
                        outside_unit=a["outside_unit"],
                        share=a["share"],
                    )
                    for item in prepared
                    for i, a in enumerate(item.authors, start=1)
                ],
                batch_size=1000,
            )
            Patent.objects.bulk_create(
                [Patent(achievement_id=item.achievement.pk, **p) for item in prepared for p in item.patents],
                batch_size=1000,
            )
            where = _("Excel导入批次 #%(b)s") % {"b": self.batch.pk} if self.batch else _("Excel导入")
            line = _("%(w)s 第%(r)d行")
            # One audit row per item through the one audit writer, in bulk (bulk creation bypasses
            # the change tracker), each with the snapshot the tracker would have written.
            record_many(
                (
                    {
                        "action": AuditAction.CREATE,
                        "obj": item.achievement,
                        "object_repr": item.achievement.title[:255],
                        "changes": _snapshot(item.achievement),
                        "detail": line % {"w": where, "r": item.row},
                    }
                    for item in prepared
                ),
                actor=actor,
            )
            record(
                action=AuditAction.CREATE,
                actor=actor,
                obj=self.batch,
                object_type="" if self.batch else "achievements.achievement",
                detail=_("%(w)s：征集活动「%(c)s」，新增成果 %(n)d 项%(s)s。")
                % {
                    "w": where,
                    "c": self.campaign.title,
                    "n": len(prepared),
                    "s": _("并提交") if self.submit else "",
                },
            )
            if self.submit:
                self._submit_all(prepared, now)
            # The near-duplicate check (查重) of every imported item: a background job, queued
            # with the import (it runs once the file is committed).
            enqueue(check_duplicates, [a.pk for a in achievements])
            if self.lease is not None:  # done with the rows, or not at all (LeaseLost rolls back)
                self.lease.finish(status=ImportBatch.Status.DONE, created_count=len(prepared), errors=[])
        return achievements

    def _submit_all(self, prepared: list[Prepared], now) -> None:
        problems: list[dict] = []
        for item in prepared:
            try:
                kernel.run(
                    obj=item.achievement,
                    step="submit",
                    actor=self.actor,
                    pledge=True,
                    now=now,
                    duplicate_check=False,  # the whole file is checked once it is committed
                )
            except ValidationError as exc:
                if hasattr(exc, "error_dict"):
                    for key, messages in exc.message_dict.items():
                        column = SERVICE_KEY_COLUMN.get(key, "others" if key == "authors" else "")
                        for message in messages:
                            problems.append(
                                {
                                    "row": item.row,
                                    "column": header(column) if column else "",
                                    "message": message,
                                }
                            )
                else:
                    problems.extend({"row": item.row, "column": "", "message": m} for m in exc.messages)
            except PermissionDenied as exc:
                problems.append({"row": item.row, "column": header("unit"), "message": str(exc)})
        if problems:
            raise SubmitFailed(problems)


class SubmitFailed(Exception):
    """Some rows could not be submitted: the whole file is rolled back."""

    def __init__(self, errors: list[dict]):
        super().__init__(f"{len(errors)} rows could not be submitted")
        self.errors = errors


_SNAPSHOT_FIELDS = tuple(
    f.attname for f in Achievement._meta.concrete_fields if f.name not in ("id", "search_text")
)


def _snapshot(achievement: Achievement) -> dict:
    """The audit `changes` of a creation, as the change tracker writes them."""
    changes = {}
    for name in _SNAPSHOT_FIELDS:
        value = getattr(achievement, name)
        if value is None or value == "":
            continue
        if not isinstance(value, bool | int | float | str):
            value = str(value)
        changes[name] = [None, value]
    return changes


# ---------------------------------------------------------------- whole files
