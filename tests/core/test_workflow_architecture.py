"""The rule "each workflow changes state in exactly one place", checked on the source: outside
the workflow kernel (innovation/core/workflow) nothing assigns the state of a workflow model."""

import ast
import pathlib

from innovation.core import workflow as kernel

ROOT = pathlib.Path(__file__).resolve().parents[2] / "innovation"
KERNEL = ROOT / "core" / "workflow"


def _state_fields() -> set[str]:
    return {w.state_field for w in kernel.workflows()}


# Assignments of a `state` that is not a workflow's, each with its reason.
EXEMPT = {
    ("innovation/funds/", "commitment.state"): (
        "a Commitment's state (open / paid / cancelled) follows its payments in the ledger "
        "(innovation.funds.services.pay / cancel); it is not a workflow with steps and actors"
    ),
}


def _exempt(path: pathlib.Path, target) -> bool:
    where, text = str(path.relative_to(ROOT.parent)), ast.unparse(target)
    return any(where.startswith(folder) and text == name for folder, name in EXEMPT)


def _offences(path: pathlib.Path, fields: set[str], models: set[str]) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    found = []
    for node in ast.walk(tree):
        # obj.state = …, obj.state += …
        targets = []
        if isinstance(node, ast.Assign):
            targets = node.targets
        elif isinstance(node, ast.AugAssign | ast.AnnAssign):
            targets = [node.target]
        for target in targets:
            if _exempt(path, target):
                continue
            for leaf in ast.walk(target):
                if isinstance(leaf, ast.Attribute) and leaf.attr in fields:
                    found.append(f"{path.relative_to(ROOT.parent)}:{node.lineno} assigns .{leaf.attr}")
        if isinstance(node, ast.Call):
            func = node.func
            name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
            keywords = {k.arg for k in node.keywords}
            # qs.update(state=…), Model.objects.create(state=…) / Model(state=…) of a workflow model
            if name == "update" and keywords & fields:
                found.append(f"{path.relative_to(ROOT.parent)}:{node.lineno} update(state=…)")
            if name in models and keywords & fields:
                found.append(f"{path.relative_to(ROOT.parent)}:{node.lineno} {name}(state=…)")
            if name in ("create", "get_or_create", "update_or_create") and keywords & fields:
                owner = func.value if isinstance(func, ast.Attribute) else None
                text = ast.unparse(owner) if owner is not None else ""
                if any(m in text for m in models):
                    found.append(f"{path.relative_to(ROOT.parent)}:{node.lineno} {text}.{name}(state=…)")
            if name == "bulk_update" and len(node.args) >= 2:
                fields_arg = ast.unparse(node.args[1])
                if any(repr(f) in fields_arg or f'"{f}"' in fields_arg for f in fields):
                    found.append(f"{path.relative_to(ROOT.parent)}:{node.lineno} bulk_update(state)")
    return found


def test_every_workflow_is_registered():
    names = sorted(w.name for w in kernel.workflows())
    assert names == sorted(
        [
            "achievement",
            "studio_application",
            "year_report",
            "assignment",
            "decision",
            "subsidy_round",
            "objection",
            "pair_agreement",
            "pair_selection",
            "pair_nomination",
            "pair_objection",
            "competition",
            "competition_registration",
            "competition_promotion",
            "service_order",
            "service_expense",
            "project",
            "recommendation",
            "recommendation_objection",
        ]
    )


def test_nothing_outside_the_kernel_assigns_a_workflow_state():
    fields = _state_fields()
    models = {w.model.__name__ for w in kernel.workflows()}
    offences = []
    for path in sorted(ROOT.rglob("*.py")):
        if path.is_relative_to(KERNEL) or "migrations" in path.parts:
            continue
        offences += _offences(path, fields, models)
    assert offences == []


def test_the_scan_finds_a_state_assignment(tmp_path):
    """The scan has teeth: each shape it looks for is found in a sample."""
    sample = tmp_path / "sample.py"
    sample.write_text(
        "def f(item, qs):\n"
        "    item.state = 'x'\n"
        "    qs.update(state='y')\n"
        "    Achievement.objects.create(state='z')\n"
        "    Decision(state='d')\n"
        "    Achievement.objects.bulk_update(rows, ['state'])\n",
        encoding="utf-8",
    )
    original = ROOT
    try:
        globals()["ROOT"] = tmp_path
        found = _offences(sample, {"state"}, {"Achievement", "Decision"})
    finally:
        globals()["ROOT"] = original
    assert len(found) == 5, found
