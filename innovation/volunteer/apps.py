from django.apps import AppConfig


class VolunteerConfig(AppConfig):
    name = "innovation.volunteer"
    label = "volunteer"
    verbose_name = "志愿服务"

    def ready(self) -> None:
        from innovation.audit import tracking

        from . import models

        # The calendar and the SLA targets are the city's data: every change is in the audit trail.
        for model in (models.CalendarDay, models.WorkingHours, models.SlaTarget):
            tracking.track(model)
