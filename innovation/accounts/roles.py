from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    CITY_ADMIN = "city_admin", _("市总工会管理员")
    DISTRICT_ADMIN = "district_admin", _("县(市、区)/产业工会管理员")
    UNIT_ADMIN = "unit_admin", _("基层工会管理员")
    WORKER = "worker", _("职工")
    EXPERT = "expert", _("评审专家")
    STUDIO_LEAD = "studio_lead", _("工作室带头人")
    TEAM_LEAD = "team_lead", _("志愿服务队队长")
    SYS_ADMIN = "sys_admin", _("系统管理员")
    SECURITY_ADMIN = "security_admin", _("安全管理员")
    AUDIT_ADMIN = "audit_admin", _("审计管理员")


# 等保 (MLPS 2.0) separation of duties: one account holds at most one of these.
THREE_ADMIN_ROLES = (Role.SYS_ADMIN, Role.SECURITY_ADMIN, Role.AUDIT_ADMIN)

# Roles whose grant names an organisation node (their scope is that node's subtree
# or, for a worker, the person themself).
NODE_ROLES = (
    Role.CITY_ADMIN,
    Role.DISTRICT_ADMIN,
    Role.UNIT_ADMIN,
    Role.WORKER,
    Role.STUDIO_LEAD,
    Role.TEAM_LEAD,
)

# Roles that may open the Django admin (the city's back office).
STAFF_ROLES = (Role.CITY_ADMIN, Role.SYS_ADMIN, Role.SECURITY_ADMIN, Role.AUDIT_ADMIN)

# Roles that must sign in with a second factor (TOTP or a recovery code): the city's
# administrators and the three 等保 administrators. Everyone else may enrol by choice.
TWO_FACTOR_ROLES = (Role.CITY_ADMIN, Role.SYS_ADMIN, Role.SECURITY_ADMIN, Role.AUDIT_ADMIN)
