"""The permission policy: role x action -> scope.

This table is the single source of what each role may do and over which rows. The
scope filter (innovation.accounts.scope) reads it, the navigation reads it, and the
test matrix in tests/accounts/test_scope_matrix.py is generated from it.
"""

from enum import StrEnum

from .roles import Role


class Scope(StrEnum):
    ALL = "all"  # every row (reference data, or duties that are global by nature)
    SUBTREE = "subtree"  # rows under the grant's node of the union tree
    SELF = "self"  # rows about the user themself (a worker's own record)
    NONE = "none"


class Action(StrEnum):
    REGION_VIEW = "region.view"
    UNION_VIEW = "union.view"
    UNION_CHANGE = "union.change"
    ENTERPRISE_VIEW = "enterprise.view"
    ENTERPRISE_CHANGE = "enterprise.change"
    WORKER_VIEW = "worker.view"
    WORKER_CHANGE = "worker.change"
    WORKER_REVEAL = "worker.reveal"  # see full ID-card and phone numbers
    CAMPAIGN_VIEW = "campaign.view"
    CAMPAIGN_MANAGE = "campaign.manage"
    ACHIEVEMENT_VIEW = "achievement.view"
    ACHIEVEMENT_EDIT = "achievement.edit"  # drafts and returned items only (the workflow's rule)
    ACHIEVEMENT_SUBMIT = "achievement.submit"  # the unit union submits, with its pledge
    ACHIEVEMENT_IMPORT = "achievement.import"  # Excel batch
    ACHIEVEMENT_PREREVIEW = "achievement.prereview"  # county / industry union: recommend, return, reject
    ACHIEVEMENT_FORMAL_CHECK = "achievement.formal_check"  # city: pass, return, fail
    BENEFIT_VERIFY = "achievement.verify_benefit"
    DEMO_POST_VIEW = "demo_post.view"
    EXPERT_VIEW = "expert.view"  # the expert pool
    EXPERT_MANAGE = "expert.manage"
    REVIEW_ASSIGN = "review.assign"  # assign experts, override, see progress
    REVIEW_SCORE = "review.score"  # an expert scores the items assigned to them
    REVIEW_RESULTS = "review.results"  # aggregated scores, ranking, every expert's sheet
    DECISION_MANAGE = "decision.manage"  # propose, adjust, approve (four-eyes), publish, finalise
    NOTICE_VIEW = "notice.view"  # the public notice of a decision
    OBJECTION_RAISE = "objection.raise"
    OBJECTION_ANSWER = "objection.answer"
    AWARD_VIEW = "award.view"
    FUNDS_VIEW = "funds.view"
    FUNDS_MANAGE = "funds.manage"  # budget lines, payments
    MAYDAY_MANAGE = "mayday.manage"
    STUDIO_VIEW = "studio.view"
    STUDIO_MANAGE = "studio.manage"  # name, record provincial/national namings, assess, revoke, alliances
    STUDIO_APPLY = "studio.apply"  # a unit applies for a naming
    STUDIO_RECOMMEND = "studio.recommend"  # the county / industry union recommends or returns
    STUDIO_REPORT = "studio.report"  # the yearly report: the studio lead, or the unit for it
    SUBSIDY_MANAGE = "subsidy.manage"  # the yearly subsidy round (four-eyes)
    PAIR_VIEW = "pair.view"  # 金牌师徒 agreements and their progress
    PAIR_MANAGE = "pair.manage"  # draft agreements, record signatures and progress, start, complete, end
    PAIR_APPROVE = "pair.approve"  # the unit union (an industry union for a cross-unit pair) approves
    PAIR_POLICY = "pair.policy"  # the city's policy rows of 金牌师徒 (the cap of apprentices per master)
    # The selections of 金牌师徒: the organiser (the city; an industry union; a unit for its own
    # internal one) runs the call, the experts, the ranking, the decision, the notice, the awards.
    PAIR_SELECTION = "pair.selection"
    PAIR_NOMINATE = "pair.nominate"  # a unit nominates its pairs
    PAIR_RECOMMEND = "pair.recommend"  # the county / industry union recommends or returns
    PAIR_SCORE = "pair.score"  # an expert scores the nominations assigned to them
    # The skills competitions (职工职业技能大赛): the organiser sets up the events, the schemes and
    # the judges, confirms registrations; units register their workers; judges mark the aspects
    # assigned to them; the chief judge of an occupation signs the marks off.
    COMPETITION_VIEW = "competition.view"
    COMPETITION_MANAGE = "competition.manage"
    COMPETITION_REGISTER = "competition.register"
    COMPETITION_JUDGE = "competition.judge"
    COMPETITION_CHIEF = "competition.chief"
    # Volunteer service (志愿服务 / 订单式服务): the teams (formed by the city or a county union from
    # studios of their units), and the city's calendar, working hours and SLA targets.
    SERVICE_VIEW = "service.view"
    SERVICE_MANAGE = "service.manage"
    SERVICE_POLICY = "service.policy"
    SERVICE_POST = "service.post"  # an enterprise (or the county for it) posts or withdraws an order
    SERVICE_TRIAGE = "service.triage"  # the county / city union triages, dispatches, verifies, closes
    SERVICE_TEAM = "service.team"  # a team leader claims, accepts and serves an order
    SERVICE_CONFIRM = "service.confirm"  # the enterprise confirms the service and rates it
    # Technical breakthrough projects (技术攻关项目): a unit (or the studio's lead) proposes and runs
    # its projects; the county / city union approves, stops, supports and verifies the benefit.
    PROJECT_VIEW = "project.view"
    PROJECT_MANAGE = "project.manage"
    PROJECT_APPROVE = "project.approve"
    # Near-duplicates (查重): the county and the city see an item's similar earlier items (a unit
    # learns only that one exists elsewhere); the city records a verdict per pair.
    DUPLICATE_VIEW = "duplicate.view"
    DUPLICATE_VERDICT = "duplicate.verdict"
    # Recommendation to provincial and national contests (向上推荐): the city selects, builds the
    # package, publishes the list and records the results; the others see their own items'.
    RECOMMENDATION_VIEW = "recommendation.view"
    RECOMMENDATION_MANAGE = "recommendation.manage"
    # The three-year plan (三年工作方案): the city revises it and takes the quarterly snapshots; a
    # county union sees its own district's targets and progress.
    PLAN_VIEW = "plan.view"
    PLAN_MANAGE = "plan.manage"
    ACCOUNT_MANAGE = "account.manage"  # system administrator
    GRANT_MANAGE = "grant.manage"  # security administrator
    TWO_FACTOR_RESET = "two_factor.reset"  # security administrator: a lost authenticator, with a reason
    AUDIT_VIEW = "audit.view"  # audit administrator


A, S, SELF, N = Scope.ALL, Scope.SUBTREE, Scope.SELF, Scope.NONE

_ORG_ADMIN = {
    Action.REGION_VIEW: A,
    Action.UNION_VIEW: S,
    Action.UNION_CHANGE: S,
    Action.ENTERPRISE_VIEW: S,
    Action.ENTERPRISE_CHANGE: S,
    Action.WORKER_VIEW: S,
    Action.WORKER_CHANGE: S,
    Action.WORKER_REVEAL: S,
}

_ACHIEVEMENT_READ = {
    Action.CAMPAIGN_VIEW: A,
    Action.ACHIEVEMENT_VIEW: S,
    Action.DEMO_POST_VIEW: S,
    Action.AWARD_VIEW: S,
    Action.STUDIO_VIEW: S,
}

# Notices are public to every signed-in user, and anyone signed in may object.
_NOTICE = {Action.NOTICE_VIEW: A, Action.OBJECTION_RAISE: A}

_PERSONAL = {
    Action.REGION_VIEW: A,
    Action.UNION_VIEW: SELF,
    Action.ENTERPRISE_VIEW: SELF,
    Action.WORKER_VIEW: SELF,
    Action.WORKER_REVEAL: SELF,
    Action.CAMPAIGN_VIEW: A,
    Action.ACHIEVEMENT_VIEW: SELF,
    Action.ACHIEVEMENT_EDIT: SELF,  # a worker drafts their own
    Action.DEMO_POST_VIEW: SELF,
    Action.AWARD_VIEW: SELF,
    Action.STUDIO_VIEW: SELF,  # the studios they lead or are on the roster of
    Action.PAIR_VIEW: SELF,  # the agreements they are a master or an apprentice in
    Action.SERVICE_VIEW: SELF,  # the service teams they serve in
    Action.PROJECT_VIEW: SELF,  # the projects they are a member of
    **_NOTICE,
}

POLICY: dict[str, dict[Action, Scope]] = {
    Role.CITY_ADMIN: {
        **_ORG_ADMIN,
        **_ACHIEVEMENT_READ,
        Action.CAMPAIGN_MANAGE: S,
        Action.ACHIEVEMENT_IMPORT: S,
        Action.ACHIEVEMENT_PREREVIEW: S,  # for units filed directly under the city
        Action.ACHIEVEMENT_FORMAL_CHECK: S,
        Action.BENEFIT_VERIFY: S,
        Action.EXPERT_VIEW: S,
        Action.EXPERT_MANAGE: S,
        Action.REVIEW_ASSIGN: S,
        Action.REVIEW_RESULTS: S,
        Action.DECISION_MANAGE: S,
        Action.OBJECTION_ANSWER: S,
        Action.FUNDS_VIEW: S,
        Action.FUNDS_MANAGE: S,
        Action.MAYDAY_MANAGE: S,
        Action.STUDIO_MANAGE: S,
        Action.STUDIO_RECOMMEND: S,  # for units filed directly under the city
        Action.SUBSIDY_MANAGE: S,
        Action.PAIR_VIEW: S,
        Action.PAIR_POLICY: S,
        Action.PAIR_SELECTION: S,
        Action.PAIR_RECOMMEND: S,  # for units filed directly under the city
        Action.COMPETITION_VIEW: S,
        Action.COMPETITION_MANAGE: S,
        Action.SERVICE_VIEW: S,
        Action.SERVICE_MANAGE: S,
        Action.SERVICE_POLICY: S,
        Action.SERVICE_POST: S,
        Action.SERVICE_TRIAGE: S,
        Action.PROJECT_VIEW: S,
        Action.PROJECT_APPROVE: S,
        Action.DUPLICATE_VIEW: S,
        Action.DUPLICATE_VERDICT: S,
        Action.RECOMMENDATION_VIEW: S,
        Action.RECOMMENDATION_MANAGE: S,
        Action.PLAN_VIEW: S,
        Action.PLAN_MANAGE: S,
        **_NOTICE,
    },
    Role.DISTRICT_ADMIN: {
        **_ORG_ADMIN,
        **_ACHIEVEMENT_READ,
        Action.ACHIEVEMENT_IMPORT: S,
        Action.ACHIEVEMENT_PREREVIEW: S,
        Action.FUNDS_VIEW: S,
        Action.STUDIO_RECOMMEND: S,
        Action.PAIR_VIEW: S,
        # An industry union organises and approves pairs across its units (the services refuse
        # a county union approving one unit's pair: that is the unit union's).
        Action.PAIR_MANAGE: S,
        Action.PAIR_APPROVE: S,
        Action.PAIR_SELECTION: S,  # an industry union's own selection
        Action.PAIR_RECOMMEND: S,
        Action.COMPETITION_VIEW: S,
        Action.COMPETITION_MANAGE: S,  # a county or an industry union's own contest
        Action.SERVICE_VIEW: S,
        Action.SERVICE_MANAGE: S,  # teams of its units
        Action.SERVICE_POST: S,  # on behalf of an enterprise
        Action.SERVICE_TRIAGE: S,
        Action.PROJECT_VIEW: S,
        Action.PROJECT_APPROVE: S,
        Action.DUPLICATE_VIEW: S,
        Action.RECOMMENDATION_VIEW: S,  # its units' items recommended upward
        Action.PLAN_VIEW: S,  # its own district's targets and progress
        **_NOTICE,
    },
    # A unit admin keeps its own unit (and its sub-units) but does not reshape the union tree.
    Role.UNIT_ADMIN: {
        **_ORG_ADMIN,
        **_ACHIEVEMENT_READ,
        Action.UNION_CHANGE: N,
        Action.ACHIEVEMENT_EDIT: S,
        Action.ACHIEVEMENT_SUBMIT: S,
        Action.ACHIEVEMENT_IMPORT: S,
        Action.STUDIO_APPLY: S,
        Action.STUDIO_REPORT: S,
        Action.PAIR_VIEW: S,
        Action.PAIR_MANAGE: S,
        Action.PAIR_APPROVE: S,
        Action.PAIR_SELECTION: S,  # the unit's internal selection
        Action.PAIR_NOMINATE: S,
        Action.COMPETITION_VIEW: S,  # its own contestants
        Action.COMPETITION_REGISTER: S,
        Action.SERVICE_VIEW: S,  # the teams at home in the unit, the unit's own orders
        Action.SERVICE_POST: S,
        Action.SERVICE_CONFIRM: S,  # only the enterprise rates the service it had
        Action.PROJECT_VIEW: S,
        Action.PROJECT_MANAGE: S,
        Action.RECOMMENDATION_VIEW: S,  # its own items recommended upward
        **_NOTICE,
    },
    Role.WORKER: dict(_PERSONAL),
    # A studio lead sees and reports for the studios they lead (SELF = led by them).
    # They also run their studios' projects (SELF on projects = of a studio they lead).
    Role.STUDIO_LEAD: {**_PERSONAL, Action.STUDIO_REPORT: SELF, Action.PROJECT_MANAGE: SELF},
    # A team leader serves the orders of the teams he leads and claims the triaged ones in their
    # area (SELF on orders: volunteer.apps).
    Role.TEAM_LEAD: {**_PERSONAL, Action.SERVICE_TEAM: SELF},
    # An expert sees the items assigned to them (SELF on assignments) and nothing of the tree.
    Role.EXPERT: {
        Action.REGION_VIEW: A,
        Action.CAMPAIGN_VIEW: A,
        Action.REVIEW_SCORE: SELF,
        Action.PAIR_SCORE: SELF,  # the pair score sheets assigned to them
        Action.COMPETITION_JUDGE: SELF,  # the occupations whose panel they sit on
        Action.COMPETITION_CHIEF: SELF,  # the occupations they are the chief judge of
        Action.EXPERT_VIEW: SELF,
        **_NOTICE,
    },
    Role.SYS_ADMIN: {Action.ACCOUNT_MANAGE: A, Action.REGION_VIEW: A},
    Role.SECURITY_ADMIN: {Action.GRANT_MANAGE: A, Action.TWO_FACTOR_RESET: A, Action.REGION_VIEW: A},
    Role.AUDIT_ADMIN: {Action.AUDIT_VIEW: A},
}


def scope_for(role: str, action: str) -> Scope:
    return POLICY.get(role, {}).get(action, Scope.NONE)
