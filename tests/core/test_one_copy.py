"""The one-copy pieces of core, accounts and the API base: money, PDF rendering, the user's home
node for an action, the abstract scoped model and the scoped viewset / serializer base."""

from datetime import date
from decimal import Decimal

import pytest
from django.db import models
from django.template import Context, Template
from rest_framework import serializers

from innovation.accounts.policy import Action
from innovation.accounts.roles import Role
from innovation.accounts.scope import home_node
from innovation.api.base import ScopedReadOnlyViewSet, ScopedRelatedFieldsMixin
from innovation.core import money
from innovation.core.models import ScopedModel
from innovation.org.models import Enterprise, TradeUnion
from tests.factories import make_user

# ---------------------------------------------------------------- money


@pytest.mark.parametrize(
    ("fen", "text"),
    [
        (0, "0.00"),
        (None, "0.00"),
        (1, "0.01"),
        (1234567, "12,345.67"),
        (-250, "-2.50"),
        (10**15 + 3, "10,000,000,000,000.03"),
    ],
)
def test_an_amount_in_fen_is_shown_in_yuan_grouped_with_two_decimals(fen, text):
    assert money.yuan_text(fen) == text


def test_fen_become_yuan_exactly_without_a_float():
    # 2**53 + 1 fen: a float division by 100 loses the last fen.
    fen = 2**53 + 1
    assert money.yuan(fen) == Decimal("90071992547409.93")
    assert money.yuan_text(fen) == "90,071,992,547,409.93"
    assert f"{fen / 100:,.2f}" != money.yuan_text(fen)


def test_an_amount_in_a_sentence_names_the_yuan():
    assert money.money_text(1234567) == "12,345.67元"


@pytest.mark.parametrize(
    ("value", "text"), [(None, ""), ("", ""), ("abc", "abc"), (Decimal("1234.5"), "1,234.50"), (3, "3.00")]
)
def test_an_amount_already_in_yuan_is_formatted_by_the_same_formatter(value, text):
    assert money.format_yuan(value) == text


def test_the_template_filters_use_the_one_formatter():
    page = Template("{% load money %}{{ a|fen_yuan }}|{{ b|fen_yuan }}|{{ c|yuan }}|{{ d|grouped }}")
    assert (
        page.render(Context({"a": 1234567, "b": None, "c": Decimal("12.5"), "d": 6434}))
        == "12,345.67||12.50|6,434"
    )


# ---------------------------------------------------------------- PDF


def test_the_pdf_renderer_in_core_turns_a_template_into_a_pdf_with_its_fonts(tmp_path, settings):
    from innovation.core import pdf

    engine = settings.TEMPLATES[0]
    settings.TEMPLATES = [{**engine, "DIRS": [*engine["DIRS"], tmp_path]}]
    (tmp_path / "one_copy_test.html").write_text(
        '<html><body style="font-family: {{ font_serif }}">{{ text }}</body></html>', encoding="utf-8"
    )
    data = pdf.render_pdf("one_copy_test.html", {"text": "锦州市总工会"})
    assert data.startswith(b"%PDF")
    assert pdf.chinese_date(date(2020, 12, 20)) == "2020年12月20日"


def test_the_pdf_renderer_fetches_nothing_but_static_files():
    from innovation.core import pdf

    with pytest.raises(ValueError, match="does not fetch"):
        pdf._static_fetcher().fetch("https://example.com/x.png")


# ---------------------------------------------------------------- the home node for an action


def test_a_city_admins_home_node_for_a_city_action_is_the_city_union(world):
    for action in (Action.CAMPAIGN_MANAGE, Action.EXPERT_MANAGE, Action.MAYDAY_MANAGE):
        assert home_node(world.users["city"], action) == world.city


def test_the_home_node_is_the_highest_of_the_grants_that_reach_a_subtree(world):
    both = make_user("t_both", (Role.DISTRICT_ADMIN, world.yixian), (Role.DISTRICT_ADMIN, world.city))
    assert home_node(both, Action.ACHIEVEMENT_IMPORT) == world.city
    assert home_node(world.users["yixian"], Action.ACHIEVEMENT_IMPORT) == world.yixian


@pytest.mark.parametrize("who", ["yixian", "unit", "worker", "expert", "sysadmin", "nobody"])
def test_no_home_node_without_a_grant_that_reaches_a_subtree_for_the_action(world, who):
    assert home_node(world.users[who], Action.CAMPAIGN_MANAGE) is None


def test_no_home_node_for_an_anonymous_or_inactive_user(world):
    from django.contrib.auth.models import AnonymousUser

    assert home_node(AnonymousUser(), Action.CAMPAIGN_MANAGE) is None
    city = world.users["city"]
    city.is_active = False
    assert home_node(city, Action.CAMPAIGN_MANAGE) is None


# ---------------------------------------------------------------- the scoped model


class _UnionRow(ScopedModel):
    union = models.ForeignKey(TradeUnion, on_delete=models.CASCADE, null=True, related_name="+")
    scope_from = "union.path"

    class Meta:
        app_label = "core"
        managed = False


class _UnitRow(ScopedModel):
    enterprise = models.ForeignKey(Enterprise, on_delete=models.CASCADE, null=True, related_name="+")
    scope_from = "enterprise.scope_path"

    class Meta:
        app_label = "core"
        managed = False


def test_the_scoped_model_carries_the_path_and_the_times():
    names = {field.name for field in ScopedModel._meta.get_fields()}
    assert {"scope_path", "created_at", "updated_at"} <= names
    assert ScopedModel._meta.abstract


def test_the_scoped_model_fills_the_path_from_the_row_it_belongs_to_on_save(world, monkeypatch):
    saved = []
    monkeypatch.setattr(models.Model, "save", lambda self, *a, **k: saved.append(self.scope_path))
    _UnionRow(union=world.yixian).save()
    _UnitRow(enterprise=world.units["hs_a"]).save()
    _UnionRow(union=None, scope_path="/stale/").save()
    assert saved == [world.yixian.path, world.units["hs_a"].scope_path, ""]


def test_a_scoped_model_without_a_source_says_so():
    class _Nowhere(ScopedModel):
        class Meta:
            app_label = "core"
            managed = False

    with pytest.raises(NotImplementedError):
        _Nowhere().scope_source_path()


# Models that keep a scope path of their own, and why: their path is not copied from a row they
# belong to when they are saved, so ScopedModel.save() would get it wrong.
OWN_PATH = {
    # The common part of its member studios' paths: the alliance service computes it from the
    # studios being set, before the row is saved and its members are written.
    "studios.Alliance",
    # The widest node the importing user imports at (achievements.importer.job._grant_path): a
    # property of who uploaded, not of a row the batch belongs to. Its column is not indexed.
    "achievements.ImportBatch",
    # Given by whoever makes the award: the payout gives the achievement's path, and the awards
    # tests give the campaign's union ("awards hang at the campaign's union"); saving must keep it.
    "awards.Award",
}

# A scoped model without ScopedModel's created_at / updated_at (set to None): a demonstration
# post's time is when it was named (named_at).
WITHOUT_TIMES = {"achievements.DemonstrationPost"}


def _classes_declaring_scope_path() -> set[str]:
    """Every model class under innovation/ (its app label and name) whose body says
    `scope_path = models.…`, outside core/models.py (where ScopedModel declares it)."""
    import ast
    from pathlib import Path

    from django.apps import apps

    root = Path(apps.get_app_config("core").path).parent
    found = set()
    for path in root.rglob("*.py"):
        if "migrations" in path.parts or path == root / "core" / "models.py":
            continue
        text = path.read_text(encoding="utf-8")
        if "scope_path = models." not in text:
            continue
        for node in ast.walk(ast.parse(text)):
            if not isinstance(node, ast.ClassDef):
                continue
            for statement in node.body:
                targets = getattr(statement, "targets", None) or [getattr(statement, "target", None)]
                value = getattr(statement, "value", None)
                if any(isinstance(t, ast.Name) and t.id == "scope_path" for t in targets) and ast.unparse(
                    value
                ).startswith("models."):
                    module = ".".join(path.relative_to(root.parent).with_suffix("").parts)
                    model = next(
                        m for m in apps.get_models() if (m.__module__, m.__name__) == (module, node.name)
                    )
                    found.add(model._meta.label)
    return found


def test_no_model_outside_core_declares_its_scope_path_but_the_named_exceptions():
    assert _classes_declaring_scope_path() == OWN_PATH


def test_every_model_with_a_scope_path_is_a_scoped_model():
    from django.apps import apps

    # The product's models (not the test models above).
    models_ = [m for m in apps.get_models() if m.__module__.startswith("innovation.")]
    with_path = {m for m in models_ if any(f.name == "scope_path" for f in m._meta.fields)}
    assert len(with_path) >= 20
    not_scoped = {m._meta.label for m in with_path if not issubclass(m, ScopedModel)}
    assert not_scoped == OWN_PATH
    for model in with_path - {apps.get_model(label) for label in OWN_PATH}:
        assert model.scope_from or model.scope_source_path is not ScopedModel.scope_source_path, model
        names = {f.name for f in model._meta.fields}
        assert {"created_at", "updated_at"} <= names or model._meta.label in WITHOUT_TIMES, model


# ---------------------------------------------------------------- the scoped API base


def test_the_read_only_viewset_lists_and_shows_within_scope():
    assert hasattr(ScopedReadOnlyViewSet, "list") and hasattr(ScopedReadOnlyViewSet, "retrieve")
    assert not hasattr(ScopedReadOnlyViewSet, "create")


class _WorkerIn(ScopedRelatedFieldsMixin, serializers.Serializer):
    enterprise = serializers.PrimaryKeyRelatedField(queryset=Enterprise.objects.all())
    units = serializers.PrimaryKeyRelatedField(queryset=Enterprise.objects.all(), many=True)
    scoped_fields = {"enterprise": Action.WORKER_CHANGE, "units": Action.WORKER_CHANGE}


def test_a_related_field_offers_only_rows_within_the_callers_scope(world, rf):
    request = rf.post("/")
    request.user = world.users["yixian"]
    inside, outside = world.units["yx_a"], world.units["hs_a"]

    ok = _WorkerIn(data={"enterprise": inside.pk, "units": [inside.pk]}, context={"request": request})
    assert ok.is_valid(), ok.errors
    refused = _WorkerIn(data={"enterprise": outside.pk, "units": [outside.pk]}, context={"request": request})
    assert not refused.is_valid()
    assert set(refused.errors) == {"enterprise", "units"}
    assert refused.errors["enterprise"][0].code == "does_not_exist"
