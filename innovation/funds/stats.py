"""/api/v1/stats: `funds_lines`, every budget line the caller may see with its amounts in yuan."""

from innovation.accounts.policy import Action
from innovation.accounts.scope import restrict
from innovation.core.stats import StatsProvider, register

from .models import BudgetLine, yuan


def _yuan(fen: int) -> str:
    return f"{yuan(fen):.2f}"


def funds_more(user) -> dict:
    rows = (
        restrict(BudgetLine.objects.all(), user, Action.FUNDS_VIEW)
        .select_related("union")
        .order_by("-year", "kind", "id")
    )
    return {
        "funds_lines": [
            {
                "id": line.pk,
                "year": line.year,
                "kind": line.kind,
                "kind_label": str(line.get_kind_display()),
                "name": line.name,
                "union": line.union.name,
                "base_yuan": _yuan(line.base_fen),
                "amended_yuan": _yuan(line.amended_fen),
                "amount_yuan": _yuan(line.amount_fen),
                "committed_yuan": _yuan(line.committed_fen),
                "paid_yuan": _yuan(line.paid_fen),
                "available_yuan": _yuan(line.amount_fen - line.committed_fen),
            }
            for line in rows
        ]
    }


register(StatsProvider(name="funds", compute=lambda user: [], more=funds_more))
