"""The workflow kernel's own rows: the step log of every workflow, and the four-eyes fields
that a workflow with a second approver carries; and the abstract scoped model every domain row
that hangs in the union tree stands on."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class StepLogQuerySet(models.QuerySet):
    def of(self, obj):
        """The steps of one workflow item."""
        from .workflow import workflow_of

        return self.filter(workflow=workflow_of(obj).name, object_id=obj.pk)


class StepLog(models.Model):
    """One step of one workflow item: who moved it, when, from where to where, why.

    Every workflow writes here through the kernel (innovation.core.workflow); `workflow` is the
    registered workflow's name and `object_id` the item's primary key."""

    workflow = models.CharField(_("流程"), max_length=40)
    object_id = models.BigIntegerField(_("对象编号"))
    step = models.CharField(_("操作"), max_length=40)
    from_state = models.CharField(_("原状态"), max_length=24)
    to_state = models.CharField(_("新状态"), max_length=24)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    actor_name = models.CharField(_("操作人"), max_length=150, blank=True)
    reason = models.TextField(_("意见/理由"), blank=True)
    at = models.DateTimeField(_("时间"), default=timezone.now)

    objects = StepLogQuerySet.as_manager()

    class Meta:
        verbose_name = _("流转记录")
        verbose_name_plural = _("流转记录")
        ordering = ["at", "id"]
        indexes = [models.Index(fields=["workflow", "object_id", "at"], name="steplog_item_idx")]

    def __str__(self) -> str:
        return f"{self.workflow} {self.object_id} {self.step}: {self.from_state} → {self.to_state}"


class FourEyesApproval(models.Model):
    """Two different people approve (四眼原则): the kernel fills these on the steps a workflow marks
    `approval="first"` and `approval="second"`, and clears them on a step marked `clears_approvals`."""

    first_approver = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    first_approved_at = models.DateTimeField(null=True, blank=True)
    second_approver = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    second_approved_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        abstract = True


class ScopedModel(models.Model):
    """A row that hangs at a place in the union tree (`scope_path`, copied from the row it belongs
    to on every save, so that `accounts.scope.restrict` filters with one indexed prefix), with the
    times it was created and last changed.

    `scope_from` names where the path comes from, through a foreign key: "union.path" (a row of a
    union), "enterprise.scope_path" (a row of a unit). While that key is unset the row hangs
    nowhere (""; only a role with ALL sees it). A row whose path is found otherwise overrides
    `scope_source_path()`. A subclass may redeclare `created_at` / `updated_at` (a verbose name of
    its own); it keeps the same columns."""

    scope_path = models.CharField(max_length=255, db_index=True, editable=False, default="")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    scope_from: str = ""

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        # A save of named columns without the path (a workflow step, a counter) leaves it alone:
        # it would not be written, and finding it may cost a query.
        update_fields = kwargs.get("update_fields")
        if update_fields is None or "scope_path" in update_fields:
            self.scope_path = self.scope_source_path()
        super().save(*args, **kwargs)

    def scope_source_path(self) -> str:
        if not self.scope_from:
            raise NotImplementedError(f"{type(self).__name__} names no scope_from")
        relation, *attributes = self.scope_from.split(".")
        if getattr(self, f"{relation}_id") is None:
            return ""
        value = getattr(self, relation)
        for attribute in attributes:
            value = getattr(value, attribute)
        return value or ""
