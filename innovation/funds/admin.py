"""Back office for the ledger: scoped like every page, money read-only, writes through the services."""

from django.contrib import admin
from django.core.exceptions import ValidationError

from innovation.accounts.policy import Action
from innovation.org.admin import ScopedAdmin

from . import services
from .models import BudgetAmendment, BudgetLine, Commitment, Payment


@admin.register(BudgetLine)
class BudgetLineAdmin(ScopedAdmin):
    view_action = Action.FUNDS_VIEW
    change_action = Action.FUNDS_MANAGE
    list_display = (
        "year",
        "kind",
        "name",
        "union",
        "base_fen",
        "amended_fen",
        "amount_fen",
        "committed_fen",
        "paid_fen",
    )
    list_filter = ("year", "kind")
    search_fields = ("name",)
    fields = (
        "union",
        "year",
        "kind",
        "name",
        "base_fen",
        "amended_fen",
        "amount_fen",
        "committed_fen",
        "paid_fen",
        "note",
        "scope_path",
    )
    # Money only through the services: the base on the line's page, amendments as their own rows.
    readonly_fields = (
        "union",
        "year",
        "kind",
        "base_fen",
        "amended_fen",
        "amount_fen",
        "committed_fen",
        "paid_fen",
        "scope_path",
    )
    list_select_related = ("union",)

    def save_model(self, request, obj, form, change):
        try:
            services.line_update(actor=request.user, line=obj, name=obj.name, note=obj.note)
        except ValidationError as exc:
            self.message_user(request, "；".join(exc.messages), level="error")


class ReadOnlyLedgerAdmin(ScopedAdmin):
    """Commitments and payments are made by the services only; here they are looked at."""

    view_action = Action.FUNDS_VIEW

    def get_readonly_fields(self, request, obj=None):
        return [f.name for f in self.model._meta.concrete_fields]


@admin.register(Commitment)
class CommitmentAdmin(ReadOnlyLedgerAdmin):
    list_display = ("id", "line", "payee", "amount_fen", "paid_fen", "state", "policy_ref", "approved_by")
    list_filter = ("state",)
    search_fields = ("payee", "purpose", "policy_ref", "decision_ref")
    list_select_related = ("line", "approved_by")


@admin.register(Payment)
class PaymentAdmin(ReadOnlyLedgerAdmin):
    list_display = ("paid_on", "voucher_no", "commitment", "amount_fen", "recorded_by")
    search_fields = ("voucher_no",)
    list_select_related = ("commitment", "recorded_by")


@admin.register(BudgetAmendment)
class BudgetAmendmentAdmin(ReadOnlyLedgerAdmin):
    list_display = (
        "decided_on",
        "line",
        "direction",
        "amount_fen",
        "document_no",
        "approved_by",
        "recorded_by",
    )
    list_filter = ("direction", "line__year")
    search_fields = ("document_no", "reason")
    list_select_related = ("line", "approved_by", "recorded_by")
