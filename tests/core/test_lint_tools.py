"""The lint steps of `make lint` beside ruff: the import-linter contracts (.importlinter, with
the page contract of tools/importlinter_pages.py) and the module-size lint (tools/module_sizes.py)."""

import importlib.util
import subprocess
import sys
from pathlib import Path

import grimp
import pytest
from importlinter.application import contract_utils

ROOT = Path(__file__).resolve().parents[2]


def _load(name: str):
    spec = importlib.util.spec_from_file_location(name, ROOT / "tools" / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _pages_contract(**options):
    pages = _load("importlinter_pages")
    return pages.AppPagesContract(
        name="pages",
        session_options={},
        contract_options={"container": "pkg", "page_names": ["views", "views_*", "*_views"], **options},
    )


def _graph(*imports):
    graph = grimp.ImportGraph()
    for module in {m for pair in imports for m in pair}:
        parts = module.split(".")
        for i in range(1, len(parts) + 1):
            graph.add_module(".".join(parts[:i]))
    for importer, imported in imports:
        graph.add_import(importer=importer, imported=imported, line_number=3, line_contents="import x")
    return graph


def test_a_page_importing_another_apps_page_breaks_the_page_contract():
    graph = _graph(
        ("pkg.studios.views", "pkg.awards.views_certificates"),
        ("pkg.studios.subsidies.views", "pkg.achievements.views"),
        ("pkg.awards.views", "pkg.awards.views_certificates"),  # its own app's page: allowed
        ("pkg.awards.views", "pkg.studios.selectors"),  # another app's selector: allowed
        ("pkg.accounts.twofactor_views", "pkg.core.views"),
    )
    check = _pages_contract().check(graph, verbose=False)
    assert not check.kept
    assert [(a, b) for a, b, _ in check.metadata["illegal"]] == [
        ("pkg.accounts.twofactor_views", "pkg.core.views"),
        ("pkg.studios.subsidies.views", "pkg.achievements.views"),
        ("pkg.studios.views", "pkg.awards.views_certificates"),
    ]


def test_the_page_contract_is_kept_without_cross_app_page_imports_and_honours_ignores():
    graph = _graph(("pkg.studios.views", "pkg.awards.views"), ("pkg.studios.views", "pkg.awards.models"))
    contract = _pages_contract(ignore_imports=["pkg.studios.views -> pkg.awards.views"])
    assert contract.check(graph, verbose=False).kept
    unmatched = _pages_contract(
        ignore_imports=["pkg.studios.views -> pkg.org.views"],
        unmatched_ignore_imports_alerting=contract_utils.AlertLevel.NONE.value,
    )
    assert not unmatched.check(_graph(("pkg.studios.views", "pkg.awards.views")), verbose=False).kept


def test_the_import_contracts_are_kept():
    done = subprocess.run(
        [str(Path(sys.executable).with_name("lint-imports")), "--no-cache"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert "0 broken" in done.stdout


def _tree(tmp_path, sizes: dict[str, int], exceptions: str) -> tuple[Path, Path]:
    for name, lines in sizes.items():
        path = tmp_path / "innovation" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("x = 1\n" * lines)
    listed = tmp_path / "sizes.txt"
    listed.write_text(exceptions)
    return tmp_path, listed


def test_module_sizes_fails_on_a_long_module_without_a_reason(tmp_path, capsys):
    sizes = _load("module_sizes")
    root, listed = _tree(
        tmp_path,
        {"a/big.py": 501, "a/fine.py": 500, "a/migrations/0001_initial.py": 900, "b/named.py": 700},
        "# comment\ninnovation/b/named.py  literal data\n",
    )
    assert sizes.main(root, listed) == 1
    err = capsys.readouterr().err
    assert "innovation/a/big.py has 501 lines" in err
    assert "fine.py" not in err and "migrations" not in err and "named.py" not in err


def test_module_sizes_passes_when_each_long_module_has_a_reason_and_notes_stale_entries(tmp_path, capsys):
    sizes = _load("module_sizes")
    root, listed = _tree(
        tmp_path, {"b/named.py": 700}, "innovation/b/named.py  literal data\ninnovation/gone.py  split\n"
    )
    assert sizes.main(root, listed) == 0
    out = capsys.readouterr().out
    assert "innovation/b/named.py  (allowed: literal data)" in out
    assert "innovation/gone.py is no longer over 500 lines" in out


@pytest.mark.parametrize("line", ["innovation/b/named.py", "innovation/b/named.py   "])
def test_module_sizes_wants_a_reason_for_each_exception(tmp_path, capsys, line):
    sizes = _load("module_sizes")
    root, listed = _tree(tmp_path, {"b/named.py": 700}, line + "\n")
    assert sizes.main(root, listed) == 1
    assert "names no reason" in capsys.readouterr().err


def test_the_repository_passes_the_module_size_lint():
    assert _load("module_sizes").main() == 0
