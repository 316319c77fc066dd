"""How real submissions differ: each demo item's texts get the circumstances of its own unit and
post around the template's core (what was wrong before, how the team worked, what was tried first,
who uses it now), drawn from a random stream of its own, so that the yearly draws (titles,
benefits, paths, counts) stay exactly what they were. Without this, items made from the same
template would read as near-duplicates of each other (查重)."""

import random

WHEN = [
    "去年冬季检修期间",
    "前年大修时",
    "在一次夜班巡检中",
    "去年迎峰度夏期间",
    "今年年初",
    "在一次设备故障抢修后",
    "在班组安全活动日上",
    "在季度技术比武中",
    "在上一轮技术改造时",
    "交接班时",
]
WHO = [
    "班长",
    "当班师傅",
    "车间技术员",
    "老师傅们",
    "青年突击队",
    "设备主管",
    "新入职的大学生",
    "工会小组长",
    "值班工程师",
    "质检员",
]
SAW = ["反映", "提出", "发现", "统计后指出", "在合理化建议箱里写道", "在班前会上说起"]
PAIN = [
    "这个问题每月要占用两三个工日",
    "返工和等待让生产计划经常被打乱",
    "职工对此意见很大",
    "一旦出错就要整批复查",
    "夜间作业时尤其容易出问题",
    "冬季低温时情况更加严重",
    "外委处理费用逐年上涨",
    "新员工上手很慢",
    "多次被上级检查点名",
    "配件只能从外地厂家订购，周期很长",
]
TRIED = [
    "起初尝试过更换进口配件",
    "曾经考虑整体更新设备",
    "先后请厂家来人处理过两次",
    "试过增加巡检频次",
    "用临时工装凑合了很长时间",
    "也找过同行单位取经",
    "曾委托外协厂家改造",
    "试着调整过操作规程",
]
BUT = [
    "但投入太大没有获批",
    "效果都不理想",
    "问题始终没有根治",
    "只能暂时缓解",
    "反而增加了工作量",
    "成本难以承受",
    "厂家也拿不出好办法",
    "一段时间后又恢复原样",
]
HOW = [
    "利用检修间隙",
    "下班后在职工创新工作室",
    "借助车间闲置的边角料",
    "参考了兄弟单位的做法",
    "查阅了大量技术资料",
    "请教了退休的老技师",
    "先在一台设备上试点",
    "用三维软件反复推敲",
]
STEP = [
    "画出了七八版草图",
    "做了三个样件逐一比对",
    "连续跟踪记录了两个月的数据",
    "在试验台上模拟了各种工况",
    "请操作人员提出改进意见",
    "把关键尺寸重新校核了一遍",
    "对控制程序进行了多轮调试",
    "与安全部门共同做了风险评估",
]
DETAIL = [
    "关键零件改用耐磨材料",
    "增加了限位和防松措施",
    "接线全部采用快插端子",
    "控制箱做了防尘防水处理",
    "操作面板加上中文提示",
    "预留了以后扩展的接口",
    "整体重量减轻了不少",
    "拆装只需要一把扳手",
]
NOW = [
    "目前已成为班组的标准作业方法",
    "车间已将其写入作业指导书",
    "兄弟班组纷纷前来学习",
    "厂部准备在全厂推广",
    "操作人员普遍反映好用",
    "得到了设备厂家技术人员的认可",
    "获评本单位年度合理化建议",
    "职工的积极性明显提高",
    "被列为公司级优秀创新项目",
    "在上级工会组织的现场会上作了交流",
    "相关做法被行业协会简报刊登",
]
NEXT = [
    "下一步打算增加远程监控功能",
    "计划申报实用新型专利",
    "准备总结经验编写培训教材",
    "还将继续优化结构降低成本",
    "拟在其他同类设备上推广",
    "将结合数字化改造进一步完善",
    "打算和高校合作做进一步测试",
    "正在编制推广应用方案",
    "准备带徒传艺把方法教给年轻人",
]


def _pick(rng: random.Random, words: list[str]) -> str:
    return rng.choice(words)


def vary(rng: random.Random, problem: str, solution: str, effect: str, *, obj: str, unit: str, post: str):
    """The item's problem, solution and effect with its own circumstances around them."""
    short = unit[:6]
    before = f"{_pick(rng, WHEN)}，{short}{post}的{_pick(rng, WHO)}{_pick(rng, SAW)}：{problem}"
    pains = rng.sample(PAIN, 2)
    after = f"{pains[0]}，{pains[1]}。{_pick(rng, TRIED)}，{_pick(rng, BUT)}。"
    steps, details, how = rng.sample(STEP, 3), rng.sample(DETAIL, 2), rng.sample(HOW, 2)
    solution = (
        f"{solution}研制过程中，{how[0]}，{steps[0]}，{steps[1]}，又{how[1]}，{steps[2]}；"
        f"{obj or post}上{details[0]}，{details[1]}。"
    )
    effect = f"{effect}{_pick(rng, NOW)}，{_pick(rng, NEXT)}。{_pick(rng, WHO)}{_pick(rng, SAW)}，{_pick(rng, PAIN)}的情况已经不再出现。"
    return before + after, solution, effect
