"""Read-only back-office pages link a foreign key only to a row the reader may open.

Django 5.2 shows a foreign key on a read-only page as a link to the related row's admin page
whether or not the user may open it: the city admin met 403s on links to the accounts of experts
and approvers, the security administrator on links from a role grant to a unit's union. A field
whose row the reader may not open is shown as plain text instead.
"""


class PlainForeignKeysMixin:
    def _plain_fields(self, request, obj) -> dict[str, str]:
        if self.has_change_permission(request, obj):
            return {}
        plain = {}
        for field in self.model._meta.get_fields():
            if not (field.many_to_one or field.one_to_one) or not field.concrete:
                continue
            if self._may_open(request, field, obj):
                continue
            name = f"{field.name}_text"
            if not hasattr(self, name):

                def text(row, _name=field.name):
                    return str(getattr(row, _name) or "") or "—"

                text.short_description = field.verbose_name
                setattr(self, name, text)
            plain[field.name] = name
        return plain

    def _may_open(self, request, field, obj) -> bool:
        related = self.admin_site._registry.get(field.related_model)
        if related is None or not related.has_view_permission(request):
            return False
        pk = None if obj is None else getattr(obj, field.attname)
        return pk is None or related.get_queryset(request).filter(pk=pk).exists()

    def get_readonly_fields(self, request, obj=None):
        return [*super().get_readonly_fields(request, obj), *self._plain_fields(request, obj).values()]

    def get_fields(self, request, obj=None):
        plain = self._plain_fields(request, obj)
        names = [plain.get(name, name) for name in super().get_fields(request, obj)]
        return list(dict.fromkeys(names))
