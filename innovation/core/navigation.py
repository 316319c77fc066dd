"""The menu. An entry shows only to users whose policy allows its action somewhere."""

from dataclasses import dataclass

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from innovation.accounts.policy import Action, Scope
from innovation.accounts.scope import can, widest_scope


@dataclass(frozen=True)
class NavItem:
    label: str
    url_name: str
    action: str | None
    group: str
    # Overviews that mean nothing to someone who sees only their own rows (a worker).
    needs_subtree: bool = False


NAV_ITEMS: list[NavItem] = [
    # The charts of the caller's part of the tree (a worker: of his own items), and the report's figures.
    NavItem(_("数据看板"), "dashboards:index", Action.ACHIEVEMENT_VIEW, _("数据看板")),
    NavItem(
        _("报告数据（实时）"),
        "dashboards:report_figures",
        Action.ACHIEVEMENT_VIEW,
        _("数据看板"),
        needs_subtree=True,
    ),
    NavItem(_("五小创新成果"), "achievements:list", Action.ACHIEVEMENT_VIEW, _("五小创新")),
    NavItem(_("征集活动"), "achievements:campaigns", Action.CAMPAIGN_VIEW, _("五小创新")),
    NavItem(_("经济效益汇总"), "achievements:benefits", Action.ACHIEVEMENT_VIEW, _("五小创新")),
    NavItem(_("批量导入成果"), "achievements:import_upload", Action.ACHIEVEMENT_IMPORT, _("五小创新")),
    NavItem(_("职工创新示范岗"), "achievements:demo_posts", Action.DEMO_POST_VIEW, _("五小创新")),
    NavItem(_("成果查重"), "achievements:duplicates", Action.DUPLICATE_VIEW, _("五小创新")),
    NavItem(_("我的评审任务"), "review:my", Action.REVIEW_SCORE, _("专家评审")),
    NavItem(_("我的专家信息"), "experts:my", Action.REVIEW_SCORE, _("专家评审")),
    NavItem(_("评审专家库"), "experts:list", Action.EXPERT_MANAGE, _("专家评审")),
    NavItem(_("评审专家分配"), "experts:assignments", Action.REVIEW_ASSIGN, _("专家评审")),
    NavItem(_("评分进度"), "review:progress", Action.REVIEW_ASSIGN, _("专家评审")),
    NavItem(_("评审结果排名"), "review:ranking_index", Action.REVIEW_RESULTS, _("专家评审")),
    NavItem(_("评审委员会审定"), "awards:decisions", Action.DECISION_MANAGE, _("评审与奖励")),
    NavItem(_("获奖名单公示"), "awards:notices", Action.NOTICE_VIEW, _("评审与奖励")),
    NavItem(_("公示异议"), "awards:objections", Action.OBJECTION_ANSWER, _("评审与奖励")),
    NavItem(_("获奖成果"), "awards:list", Action.AWARD_VIEW, _("评审与奖励")),
    NavItem(_("五一劳动奖名额"), "awards:mayday", Action.MAYDAY_MANAGE, _("评审与奖励")),
    # Recommendation to provincial and national contests: the city's contests and objections, and
    # the list of items recommended upward for every union that sees some of them.
    NavItem(_("上级大赛"), "recommendations:contests", Action.RECOMMENDATION_MANAGE, _("向上推荐")),
    NavItem(
        _("向上推荐"), "recommendations:list", Action.RECOMMENDATION_VIEW, _("向上推荐"), needs_subtree=True
    ),
    NavItem(_("推荐公示异议"), "recommendations:objections", Action.RECOMMENDATION_MANAGE, _("向上推荐")),
    NavItem(_("预算科目"), "funds:lines", Action.FUNDS_VIEW, _("经费台账")),
    NavItem(_("预算调整"), "funds:amendments", Action.FUNDS_VIEW, _("经费台账")),
    NavItem(_("经费承诺"), "funds:commitments", Action.FUNDS_VIEW, _("经费台账")),
    NavItem(_("经费支付"), "funds:payments", Action.FUNDS_VIEW, _("经费台账")),
    NavItem(_("工作室名录"), "studios:list", Action.STUDIO_VIEW, _("创新工作室")),
    NavItem(_("工作室统计"), "studios:stats", Action.STUDIO_VIEW, _("创新工作室"), needs_subtree=True),
    NavItem(
        _("工作室命名申请"), "studios:applications", Action.STUDIO_VIEW, _("创新工作室"), needs_subtree=True
    ),
    NavItem(
        _("工作室孵化成果"), "studios:incubated", Action.STUDIO_VIEW, _("创新工作室"), needs_subtree=True
    ),
    NavItem(_("工作室发展脉络"), "studios:lineage_stats", Action.STUDIO_RECOMMEND, _("创新工作室")),
    NavItem(_("录入省级/全国命名"), "studios:record_naming", Action.STUDIO_MANAGE, _("创新工作室")),
    NavItem(_("年度报告"), "studios:reports", Action.STUDIO_VIEW, _("创新工作室")),
    NavItem(_("年度考核"), "studios:assessments", Action.STUDIO_VIEW, _("创新工作室"), needs_subtree=True),
    NavItem(_("摘牌"), "studios:revocations", Action.STUDIO_MANAGE, _("创新工作室")),
    NavItem(_("工作室联盟"), "studios:alliances", Action.STUDIO_VIEW, _("创新工作室"), needs_subtree=True),
    NavItem(_("工作室补助批次"), "studios:subsidy_rounds", Action.SUBSIDY_MANAGE, _("创新工作室")),
    NavItem(_("工作室补助政策"), "studios:subsidy_policies", Action.SUBSIDY_MANAGE, _("创新工作室")),
    NavItem(_("工作室补助明细"), "studios:subsidy_lines", Action.SUBSIDY_MANAGE, _("创新工作室")),
    # A worker finds his own agreements on his home page (我的师傅 / 我的徒弟).
    NavItem(_("师徒协议"), "pairs:list", Action.PAIR_VIEW, _("金牌师徒"), needs_subtree=True),
    NavItem(_("金牌师徒评选"), "pairs:selections", Action.PAIR_VIEW, _("金牌师徒"), needs_subtree=True),
    NavItem(_("推荐的师徒"), "pairs:nominations", Action.PAIR_VIEW, _("金牌师徒"), needs_subtree=True),
    NavItem(_("金牌师徒评分"), "pairs:scores", Action.PAIR_SCORE, _("金牌师徒")),
    NavItem(_("金牌师徒获奖人"), "pairs:awards", Action.PAIR_VIEW, _("金牌师徒"), needs_subtree=True),
    NavItem(_("带徒人数上限"), "pairs:cap_policies", Action.PAIR_POLICY, _("金牌师徒")),
    NavItem(_("技能大赛"), "competitions:list", Action.COMPETITION_MANAGE, _("技能大赛")),
    NavItem(_("技能联赛"), "competitions:leagues", Action.COMPETITION_MANAGE, _("技能大赛")),
    NavItem(
        _("参赛报名"),
        "competitions:registrations",
        Action.COMPETITION_VIEW,
        _("技能大赛"),
        needs_subtree=True,
    ),
    NavItem(
        _("技能大赛成绩"),
        "competitions:result_list",
        Action.COMPETITION_VIEW,
        _("技能大赛"),
        needs_subtree=True,
    ),
    NavItem(
        _("技能大赛获奖人"), "competitions:awards", Action.COMPETITION_VIEW, _("技能大赛"), needs_subtree=True
    ),
    NavItem(
        _("晋级推荐"), "competitions:promotions", Action.COMPETITION_VIEW, _("技能大赛"), needs_subtree=True
    ),
    NavItem(_("我的裁判任务"), "competitions:my_judging", Action.COMPETITION_JUDGE, _("技能大赛")),
    NavItem(_("志愿服务队"), "volunteer:teams", Action.SERVICE_VIEW, _("志愿服务"), needs_subtree=True),
    # The unions' overview of the orders; a team leader (SERVICE_TEAM, his own scope) needs the
    # list too: the triaged orders in his teams' area are there to be claimed. Shown once.
    NavItem(_("服务订单"), "volunteer:orders", Action.SERVICE_VIEW, _("志愿服务"), needs_subtree=True),
    NavItem(_("服务订单"), "volunteer:orders", Action.SERVICE_TEAM, _("志愿服务")),
    NavItem(_("服务时限与工作日历"), "volunteer:calendar", Action.SERVICE_POLICY, _("志愿服务")),
    # Technical breakthrough projects: the unions' and units' list, a member's own projects, and a
    # studio lead's (PROJECT_MANAGE, his studios'). Shown once.
    NavItem(_("技术攻关项目"), "projects:list", Action.PROJECT_VIEW, _("技术攻关")),
    NavItem(_("技术攻关项目"), "projects:list", Action.PROJECT_MANAGE, _("技术攻关")),
    # The three-year plan (三年工作方案): the city's, and a county union's own district's progress.
    NavItem(_("三年工作方案"), "plans:list", Action.PLAN_VIEW, _("工作方案")),
    NavItem(_("工会组织"), "org:union_list", Action.UNION_VIEW, _("组织与职工")),
    NavItem(_("单位"), "org:enterprise_list", Action.ENTERPRISE_VIEW, _("组织与职工")),
    NavItem(_("职工"), "org:worker_list", Action.WORKER_VIEW, _("组织与职工")),
    NavItem(_("行政区划"), "org:region_list", Action.REGION_VIEW, _("组织与职工")),
    NavItem(_("审计日志"), "audit:entry_list", Action.AUDIT_VIEW, _("安全审计")),
]


def menu_for(user) -> list[dict]:
    groups: dict[str, list[dict]] = {}
    shown: set[str] = set()
    for item in NAV_ITEMS:
        if item.url_name in shown:
            continue
        if item.action is None or (
            can(user, item.action)
            and (not item.needs_subtree or widest_scope(user, item.action) in (Scope.SUBTREE, Scope.ALL))
        ):
            shown.add(item.url_name)
            groups.setdefault(str(item.group), []).append(
                {"label": item.label, "url": reverse(item.url_name)}
            )
    return [{"group": group, "items": items} for group, items in groups.items()]
