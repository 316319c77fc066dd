"""An import-linter contract type: a page module never imports another app's page module.

import-linter's own `forbidden` contract would need one contract per app listing every other
app's page modules by name, and each split of a views module (views.py → views/…, views_x.py)
would have to be written into all of them. This contract finds the page modules itself: a module
of an app under `container` is a page module when one of its names after the app's matches one of
`page_names` (shell patterns: views, views_*, *_views), so `innovation.studios.subsidies.views`
and `innovation.awards.views_certificates` are pages of studios and awards. A page module may
import pages of its own app (a list page reusing a detail helper); never another app's (take what
both need down into a selector, a service or `core`).

Used from .importlinter (`contract_types = app_pages: tools.importlinter_pages.AppPagesContract`);
lint-imports puts the working directory on sys.path, so run it from the repository's root.
"""

from fnmatch import fnmatchcase

from importlinter import Contract, ContractCheck, fields, output
from importlinter.application import contract_utils


def _app_and_page(module: str, container: str, patterns: list[str]) -> tuple[str, bool]:
    names = module[len(container) + 1 :].split(".")
    app, rest = names[0], names[1:]
    return app, any(fnmatchcase(name, pattern) for name in rest for pattern in patterns)


class AppPagesContract(Contract):
    type_name = "app_pages"

    container = fields.StringField()
    page_names = fields.ListField(subfield=fields.StringField())
    ignore_imports = fields.SetField(subfield=fields.ImportExpressionField(), required=False)
    unmatched_ignore_imports_alerting = fields.EnumField(
        contract_utils.AlertLevel, default=contract_utils.AlertLevel.ERROR
    )

    def check(self, graph, verbose: bool) -> ContractCheck:
        removal = contract_utils.remove_ignored_imports_and_report(
            graph=graph,
            ignore_imports=self.ignore_imports,  # type: ignore[arg-type]
            unmatched_alerting=self.unmatched_ignore_imports_alerting,  # type: ignore[arg-type]
        )
        container: str = self.container  # type: ignore[assignment]
        patterns: list[str] = list(self.page_names)  # type: ignore[arg-type]
        pages = {}
        for module in graph.find_descendants(container):
            app, is_page = _app_and_page(module, container, patterns)
            if is_page:
                pages[module] = app
        illegal = []
        for importer, app in sorted(pages.items()):
            for imported in sorted(graph.find_modules_directly_imported_by(importer)):
                if imported in pages and pages[imported] != app:
                    lines = [
                        d["line_number"]
                        for d in graph.get_import_details(importer=importer, imported=imported)
                    ]
                    illegal.append((importer, imported, lines))
        return ContractCheck(
            kept=not illegal,
            warnings=list(removal.warnings),
            metadata={"illegal": illegal, "pages": len(pages)},
        )

    def render_broken_contract(self, check: ContractCheck) -> None:
        output.print_error("A page module imports another app's page module:", bold=False)
        output.new_line()
        for importer, imported, lines in check.metadata["illegal"]:
            output.print_error(f"- {importer} -> {imported} (l.{', '.join(map(str, lines))})", bold=False)
        output.new_line()
