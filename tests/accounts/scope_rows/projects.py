"""Rows of the technical breakthrough projects: a project at each unit. 义县甲's is its studio's
(led by the studio lead) with the worker as a member (both their own); 黑山丙's is the studio of the
team lead's (his own: he leads the studio); the others are nobody's of the matrix. Support of
义县甲's, 黑山丁's and the outside project."""

from innovation.projects.models import Project, ProjectMember, ProjectSupport
from innovation.studios.models import Studio

from .base import DAY, Placed


def project_rows(p: Placed) -> None:
    projects = {
        "yx_a": ("studio", "yx_a_1", ("worker", "lead")),
        "yx_b": ("unit", "yx_b_1", ()),
        "hs_a": ("studio", "hs_a_2", ("team",)),
        "hs_b": ("team", "hs_b_1", ()),
        "edu": ("unit", "edu_1", ()),
        "outside_unit": ("unit", "out_1", ()),
    }
    made = {}
    for place, (owner_kind, member, owners) in projects.items():
        unit = p.units[place]
        project = Project.objects.create(
            title=f"{place} project",
            owner_kind=owner_kind,
            enterprise=unit,
            studio=Studio.objects.get(enterprise=unit) if owner_kind == "studio" else None,
            team_name="检修班" if owner_kind == "team" else "",
            problem="难题",
            goal="目标",
            start_on=DAY,
            end_on=DAY,
        )
        ProjectMember.objects.create(project=project, worker=p.workers[member], role="lead")
        p.add(project, place, *owners)
        made[place] = project
    for place, owners in (("yx_a", ("worker", "lead")), ("hs_b", ()), ("outside_unit", ())):
        support = ProjectSupport.objects.create(
            project=made[place], kind="expert", on=DAY, helper_name="专家", content="指导"
        )
        p.add(support, place, *owners)
