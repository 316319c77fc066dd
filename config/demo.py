"""The last line of `manage.py seed_demo`: what the demo holds. Here, beside settings.DEMO_SEEDERS,
because it names a domain app's models and `innovation.core` (where the command lives) names none."""

from innovation.org.models import Enterprise, TradeUnion, Worker


def summary() -> str:
    return (
        f"demo ready: {TradeUnion.objects.filter(kind=TradeUnion.Kind.DISTRICT).count()} county-level unions, "
        f"{Enterprise.objects.count()} units, {Worker.objects.count()} workers"
    )
