"""The report's five "五小" campaigns (2017–2021) and their filed achievements, plus this year's
open campaign with a few drafts (called by `manage.py seed_demo`; safe to run again).

The figures are the report's: five yearly campaigns, 1,300+ filed items (about 260 a year) in
the fields 安全生产, 提高效率, 提升质量, 创新技术, 节能减排 (and a few 其他), from units of all
9 county-level divisions; 李营's 蓄电池组充放电试验自动数据记录装置 (2020, 272万元). The 33 items
per year that a later issue awards (一等奖 3 + 二等奖 6 + 三等奖 10 + 优秀奖 14, 165 in all) are
the top `BEST_PER_YEAR` of each year by verified benefit; their verified benefits sum to a bit
over 400,000,000 yuan (the report's "4亿多元"), every other item's benefit is modest.

Campaigns and the current year's drafts go through the services. The historical items are
written directly with bulk_create (their windows are closed, so the services would refuse them),
with what the workflow would have written: transitions, submitted_at, the pledge, search_text,
scope_path and the demonstration posts (职工创新示范岗) that submission names.

Deterministic and idempotent: each year draws from its own fixed random stream, the award
benefits from another, and a campaign that already has achievements is left as it is.
"""

import hashlib
import math
import random
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import ROUND_HALF_UP, Decimal

from django.db import transaction
from django.db.models import OuterRef, Subquery
from django.utils import timezone

from innovation.accounts.models import RoleGrant, User
from innovation.accounts.roles import Role
from innovation.core import workflow as kernel
from innovation.core.models import StepLog
from innovation.org.demo_data import person_name
from innovation.org.models import Enterprise, TradeUnion, Worker

from . import services
from .models import (
    Achievement,
    Author,
    Campaign,
    DemonstrationPost,
    Field,
    Kind,
    Patent,
    State,
)

SEED = 20210501  # the report's year; May Day, when the 五一劳动奖 goes to 五小 innovators
CITY_UNION = "锦州市总工会"
# Filed items per historical year: 1,312 in all, about 262 a year ("260余项", "1300余项").
HISTORY = {2017: 258, 2018: 263, 2019: 261, 2020: 266, 2021: 264}
BEST_PER_YEAR = 33  # = the grade quotas below
# The awarded items' verified benefits ("获奖的160多项创新成果…创造(节约)经济效益4亿多元").
BEST_TOTAL = Decimal("412000000")
BEST_RANGE = (800_000, 10_000_000)  # raw draw, scaled so the 165 sum to BEST_TOTAL
MODEST_RANGE = (5_000, 350_000)  # every other item's claimed benefit

LIYING = {
    "unit": "辽宁大唐国际锦州热电有限责任公司",
    "worker": "李营",
    "year": 2020,
    "title": "蓄电池组充放电试验自动数据记录装置",
    "benefit": Decimal("2720000.00"),
}

RUBRIC = [
    {"name": "创新性", "weight": 30, "max_score": 100},
    {"name": "实用性", "weight": 30, "max_score": 100},
    {"name": "经济效益", "weight": 25, "max_score": 100},
    {"name": "推广价值", "weight": 15, "max_score": 100},
]
QUOTAS = [("first", 3), ("second", 6), ("third", 10), ("excellence", 14)]
# Prize money per item in yuan; raised from 2020 under the 2019 three-year plan
# ("提高每个获奖成果等级的奖金额度").
PRIZES = {"before_2020": (3000, 2000, 1000, 500), "from_2020": (5000, 3000, 2000, 1000)}

DESCRIPTION = (
    "围绕安全生产、提高效率、提升质量、创新技术、节能减排等领域，征集全市职工立足岗位取得的"
    "小发明、小创造、小革新、小设计、小建议成果。由基层工会审核并作真实性承诺后提交，经县（市、区）"
    "总工会或产业工会预审推荐、市总工会形式审查后组织专家评审。凡申报“五小”创新成果的职工所在岗位，"
    "均命名为锦州市职工创新示范岗。"
)

FIELD_WEIGHTS = [
    (Field.SAFETY, 20),
    (Field.EFFICIENCY, 25),
    (Field.QUALITY, 18),
    (Field.TECHNOLOGY, 15),
    (Field.ENERGY, 17),
    (Field.OTHER, 5),
]

# What units innovate on, matched on the unit's name (then its industry): (object, categories).
# m motor-driven machine, h thermal equipment, x industrial electrical equipment or instrument,
# o office / public device, l manufacturing or construction operation, w handling / logistics work,
# p continuous process unit, s service or management task.
_MACHINERY = [
    ("空压机", "m"),
    ("桥式起重机", "m"),
    ("冷却水循环泵", "m"),
    ("电气控制柜", "x"),
    ("设备点检", "s"),
    ("仓储物料管理", "s"),
]
OBJECTS_BY_NAME = [
    (
        "辽宁大唐国际锦州热电",
        [
            ("锅炉给水泵", "m"),
            ("磨煤机", "m"),
            ("输煤皮带", "m"),
            ("引风机", "m"),
            ("凝结水泵", "m"),
            ("主变压器", "x"),
            ("高压开关柜", "x"),
            ("继电保护装置", "x"),
            ("直流系统", "x"),
            ("电除尘器", "x"),
            ("脱硫吸收塔", "p"),
            ("锅炉", "h"),
            ("汽轮机", "h"),
            ("除氧器", "h"),
            ("化学水处理", "p"),
            ("燃料采制样", "s"),
            ("倒闸操作", "s"),
            ("两票管理", "s"),
        ],
    ),
    (
        "锦州石化公司",
        [
            ("常减压装置", "p"),
            ("催化裂化装置", "p"),
            ("航煤加氢装置", "p"),
            ("加热炉", "h"),
            ("换热器", "h"),
            ("离心泵", "m"),
            ("往复式压缩机", "m"),
            ("在线分析仪表", "x"),
            ("装置巡检", "s"),
            ("操作规程管理", "s"),
        ],
    ),
    (
        "锦州港",
        [
            ("门座式起重机", "m"),
            ("堆取料机", "m"),
            ("皮带机", "m"),
            ("卸船机", "m"),
            ("集装箱吊具", "mx"),
            ("岸电设施", "x"),
            ("散货装卸", "w"),
            ("集装箱堆存", "w"),
            ("船舶配载", "s"),
            ("港口调度", "s"),
        ],
    ),
    (
        "天晟重工",
        [
            ("硅铁电炉", "h"),
            ("电炉短网", "x"),
            ("桥式起重机", "m"),
            ("数控镗铣床", "m"),
            ("焊接工序", "l"),
            ("电炉总装", "l"),
            ("技术图纸管理", "s"),
        ],
    ),
    (
        "机械制造",
        _MACHINERY
        + [
            ("数控车床", "m"),
            ("液压站", "m"),
            ("除尘风机", "m"),
            ("焊接机器人", "mx"),
            ("热处理炉", "h"),
            ("焊接工序", "l"),
            ("装配线", "l"),
            ("机加工工序", "l"),
            ("喷涂工序", "l"),
            ("来料检验", "s"),
        ],
    ),
    (
        "石化设备",
        _MACHINERY
        + [
            ("卷板机", "m"),
            ("焊接变位机", "m"),
            ("超声波探伤仪", "x"),
            ("热处理炉", "h"),
            ("压力容器焊接", "l"),
            ("管道预制", "l"),
            ("防腐喷涂", "l"),
            ("焊材管理", "s"),
        ],
    ),
    (
        "汽车零部件",
        _MACHINERY
        + [
            ("冲压机", "m"),
            ("数控车床", "m"),
            ("上下料机械手", "m"),
            ("在线检测仪表", "x"),
            ("中频感应加热设备", "h"),
            ("冲压工序", "l"),
            ("装配线", "l"),
            ("零件清洗", "l"),
            ("来料检验", "s"),
        ],
    ),
    (
        "光伏",
        [
            ("单晶炉", "h"),
            ("多线切割机", "m"),
            ("真空泵", "m"),
            ("冷却水循环泵", "m"),
            ("纯水制备", "p"),
            ("在线检测仪表", "x"),
            ("拉晶工序", "p"),
            ("切片工序", "l"),
            ("电池片分选", "l"),
            ("设备点检", "s"),
        ],
    ),
    (
        "钛业",
        [
            ("还原炉", "h"),
            ("蒸馏炉", "h"),
            ("真空电弧炉", "h"),
            ("破碎机", "m"),
            ("真空泵", "m"),
            ("配电柜", "x"),
            ("海绵钛破碎", "l"),
            ("四氯化钛精制", "p"),
            ("化验分析", "s"),
            ("设备点检", "s"),
        ],
    ),
    (
        "食品",
        [
            ("灌装机", "m"),
            ("包装机", "m"),
            ("空压机", "m"),
            ("杀菌锅", "h"),
            ("蒸汽锅炉", "h"),
            ("冷库制冷机组", "mh"),
            ("在线检测仪表", "x"),
            ("原料清洗", "l"),
            ("包装工序", "l"),
            ("食品检验", "s"),
            ("仓储物料管理", "s"),
        ],
    ),
    (
        "电力工程",
        [
            ("主变压器", "x"),
            ("高压开关柜", "x"),
            ("继电保护装置", "x"),
            ("直流蓄电池组", "x"),
            ("电力电缆", "x"),
            ("配电线路", "x"),
            ("电缆敷设", "l"),
            ("变电站巡视", "s"),
            ("倒闸操作", "s"),
            ("两票管理", "s"),
            ("抢修调度", "s"),
        ],
    ),
    (
        "热力",
        [
            ("热网循环泵", "m"),
            ("补水泵", "m"),
            ("引风机", "m"),
            ("输煤皮带", "m"),
            ("锅炉", "h"),
            ("换热站", "h"),
            ("热网管道", "h"),
            ("配电柜", "x"),
            ("化学水处理", "p"),
            ("热用户报修", "s"),
            ("设备巡检", "s"),
        ],
    ),
    (
        "建筑工程",
        [
            ("塔式起重机", "m"),
            ("施工升降机", "m"),
            ("混凝土泵车", "m"),
            ("钢筋弯曲机", "m"),
            ("临时用电配电箱", "x"),
            ("模板支设", "l"),
            ("钢筋加工", "l"),
            ("脚手架搭设", "l"),
            ("混凝土浇筑", "l"),
            ("施工现场材料管理", "s"),
            ("安全技术交底", "s"),
        ],
    ),
    (
        "物流",
        [
            ("叉车", "m"),
            ("伸缩式装车输送机", "m"),
            ("冷链运输车", "m"),
            ("库房照明", "o"),
            ("货物分拣", "w"),
            ("装卸作业", "w"),
            ("仓储管理", "s"),
            ("车辆调度", "s"),
            ("货物交接单证", "s"),
        ],
    ),
    (
        "港务",
        [
            ("门座式起重机", "m"),
            ("堆取料机", "m"),
            ("皮带机", "m"),
            ("装载机", "m"),
            ("港口牵引车", "m"),
            ("集装箱吊具", "mx"),
            ("岸电设施", "x"),
            ("散货装卸", "w"),
            ("集装箱堆存", "w"),
            ("车辆调度", "s"),
            ("货物交接单证", "s"),
            ("船舶配载", "s"),
        ],
    ),
    (
        "物业",
        [
            ("二次供水设备", "m"),
            ("电梯", "m"),
            ("排污泵", "m"),
            ("消防喷淋系统", "o"),
            ("地下车库照明", "o"),
            ("供暖换热站", "h"),
            ("垃圾分类清运", "w"),
            ("报修服务", "s"),
            ("小区巡更", "s"),
        ],
    ),
    (
        "商贸",
        [
            ("电动叉车", "m"),
            ("冷库制冷机组", "mh"),
            ("自助收银机", "o"),
            ("商品配送", "w"),
            ("库存盘点", "s"),
            ("会员服务", "s"),
            ("门店排班", "s"),
            ("退换货管理", "s"),
        ],
    ),
    (
        "信息技术",
        [
            ("机房精密空调", "mh"),
            ("核心交换机", "x"),
            ("服务器集群", "o"),
            ("UPS电源", "x"),
            ("软件发布", "s"),
            ("系统巡检", "s"),
            ("运维工单", "s"),
            ("数据备份", "s"),
            ("客户报障处理", "s"),
        ],
    ),
    (
        "中学",
        [
            ("物理实验仪器", "o"),
            ("多媒体教学设备", "o"),
            ("教室照明", "o"),
            ("校园监控", "o"),
            ("学校供暖锅炉", "h"),
            ("化学实验教学", "s"),
            ("作业批改", "s"),
            ("学生考勤", "s"),
            ("实验室管理", "s"),
            ("课后服务", "s"),
        ],
    ),
    (
        "银行",
        [
            ("自助柜员机", "o"),
            ("现金清分机", "o"),
            ("网点照明", "o"),
            ("柜面开户", "s"),
            ("凭证装订", "s"),
            ("客户预约", "s"),
            ("网点排队叫号", "s"),
            ("反洗钱筛查", "s"),
        ],
    ),
]
OBJECTS_BY_INDUSTRY = {
    "C": "机械制造",
    "D": "热力",
    "E": "建筑工程",
    "F": "商贸",
    "G": "港务",
    "I": "信息技术",
    "J": "银行",
    "N": "物业",
    "P": "中学",
}
GENERIC_OBJECTS = [
    ("水泵", "m"),
    ("风机", "m"),
    ("配电柜", "x"),
    ("锅炉", "h"),
    ("班组管理", "s"),
    ("物资管理", "s"),
]

INV, CRE, REN, DES, SUG = Kind.INVENTION, Kind.CREATION, Kind.RENOVATION, Kind.DESIGN, Kind.SUGGESTION

# (title, kind, categories it fits, problem, solution); {obj} is the object, the other fields are numbers.
TEMPLATES = {
    Field.SAFETY: [
        (
            "{obj}检修防误操作联锁装置",
            INV,
            "mx",
            "{obj}检修时隔离措施全靠人工确认，曾发生{m}起误合闸、误启动未遂事件，存在较大的人身伤害风险。",
            "在{obj}检修电源和操作回路中加装机械与电气双重联锁，作业条件不满足时声光报警并自动闭锁操作。",
        ),
        (
            "{obj}安全防护罩的改进",
            REN,
            "m",
            "{obj}传动部位原防护栏拆装不便，检修后常有未恢复的情况，存在机械伤害隐患。",
            "将{obj}传动部位原有的固定护栏改为可快速开启的透明防护罩，并加装开罩停机联锁开关。",
        ),
        (
            "{obj}运行隐患在线监测预警装置",
            INV,
            "mxhpo",
            "{obj}运行中的过热、异常振动等隐患只能靠定时人工巡查发现，处置不及时容易引发设备和人身事故。",
            "在{obj}关键部位加装温度、振动和电流传感器，数据超限时自动报警并推送到值班人员手机。",
        ),
        (
            "{obj}专用安全检修平台",
            CRE,
            "mh",
            "{obj}检修部位距地面较高，每次都要临时搭设脚手架，耗时长，且存在高处坠落风险。",
            "利用废旧型钢自制可折叠检修平台，带防护栏和防滑踏板，检修{obj}时无需再临时搭设脚手架。",
        ),
        (
            "{obj}防触电绝缘隔离工具",
            CRE,
            "x",
            "{obj}检修时相邻设备仍然带电，安全距离小，作业人员存在触电风险。",
            "采用环氧树脂绝缘板制作可伸缩隔离挡板，检修{obj}时对相邻带电部位进行可靠隔离。",
        ),
        (
            "{obj}高温部位防烫伤隔热装置",
            CRE,
            "h",
            "{obj}部分外表面温度超过{t}℃，巡检和操作人员经过时容易被烫伤。",
            "在{obj}人员经常接触的高温部位加装可拆卸隔热罩，并设置温度警示标识。",
        ),
        (
            "{obj}现场防护隔离设施的改进",
            REN,
            "lpw",
            "{obj}作业区域与人员通道交叉，原有临时围挡简陋，近{n}年内发生过{m}起未遂事件。",
            "对{obj}作业区域重新划分，设置定型化防护隔离栏和声光警示装置，实现人机分离。",
        ),
        (
            "{obj}作业安全确认卡的设计",
            DES,
            "lpsw",
            "{obj}步骤多、风险点分散，作业人员凭经验操作，新员工容易遗漏安全措施。",
            "梳理{obj}各环节的风险点，设计图文并茂的安全确认卡，作业前逐项确认、签字留痕。",
        ),
        (
            "{obj}安全风险辨识清单的设计",
            DES,
            "s",
            "{obj}相关的安全要求分散在多份制度中，新员工难以掌握，曾出现操作差错。",
            "将分散在各项制度中的安全要求整理为{obj}风险辨识清单，配套应急处置要点，张贴上墙。",
        ),
        (
            "关于加强{obj}作业现场安全确认的建议",
            SUG,
            "mxhlpw",
            "{obj}作业前的安全交底流于形式，现场安全措施落实情况无人复核。",
            "建议在{obj}作业前增加班组长现场安全确认环节，并将确认结果纳入班组安全考核。",
        ),
        (
            "关于{obj}环节风险防控的建议",
            SUG,
            "so",
            "{obj}环节人员多、操作步骤多，存在操作差错和信息安全隐患。",
            "建议对{obj}环节实行双人复核制度，关键操作增加系统提示和二次确认。",
        ),
    ],
    Field.EFFICIENCY: [
        (
            "{obj}快速拆装专用工具",
            CRE,
            "mh",
            "{obj}检修需拆装的部件多、结构紧凑，每次作业需{a}人配合{h}小时以上，劳动强度大。",
            "根据{obj}部件结构自制专用拆装工具，实现快速定位和拆卸，一人即可完成原需多人配合的工作。",
        ),
        (
            "{obj}运行数据自动记录装置",
            INV,
            "mxhp",
            "{obj}运行数据依靠人工定时抄录，数据量大、易出错，整理一次报表需要{h}小时。",
            "采用多路数据采集模块自动记录{obj}运行参数，按时间自动生成报表和曲线，替代人工抄录。",
        ),
        (
            "{obj}多功能检修工装的设计",
            DES,
            "mx",
            "{obj}检修要用到多种工具和吊具，反复更换耗时，现场摆放杂乱。",
            "设计集起吊、定位、支撑功能于一体的检修工装，{obj}检修时无需反复更换工具。",
        ),
        (
            "缩短{obj}检修时间的小革新",
            REN,
            "mxh",
            "{obj}一次检修平均需要{h}小时，检修期间影响正常生产。",
            "改进{obj}检修工艺顺序，将易损部件改为模块化快换结构，检修前预先备好成套备件。",
        ),
        (
            "{obj}快速对位辅助工具",
            CRE,
            "l",
            "{obj}时工件对位依靠目测和反复调整，每件需要多次试对，效率低。",
            "自制带刻度的导向定位工具，{obj}时一次即可对位准确，减少反复调整。",
        ),
        (
            "{obj}作业流程的优化",
            REN,
            "lsw",
            "{obj}环节多、衔接不顺，等待时间长，影响整体工作节奏。",
            "重新梳理{obj}作业流程，合并重复环节，制定标准化作业卡，明确各岗位衔接时间。",
        ),
        (
            "{obj}优化操作法",
            REN,
            "p",
            "{obj}操作参数依靠个人经验调整，各班组操作差异大，负荷和收率不稳定。",
            "总结优秀操作经验，优化关键参数控制范围，编制{obj}优化操作法并在各班组推广。",
        ),
        (
            "{obj}电子化登记表的设计",
            DES,
            "s",
            "{obj}仍采用纸质登记和人工汇总，每天需花费{h}小时处理重复性工作。",
            "用电子表格和二维码替代纸质登记，{obj}信息扫码录入、自动汇总。",
        ),
        (
            "{obj}一键式操作装置",
            INV,
            "m",
            "{obj}启停需按顺序进行多步手动操作，耗时长且容易出错。",
            "设计{obj}一键启停控制回路，将原来的多步手动操作改为按程序自动执行。",
        ),
        (
            "{obj}故障快速处置工具包",
            CRE,
            "o",
            "{obj}数量多、分布散，出现故障时维护人员需往返取工具和备件，处理时间长。",
            "整理{obj}常见故障类型，配置便携式工具包和常用备件，编制图解处置卡。",
        ),
        (
            "关于优化{obj}人员配置的建议",
            SUG,
            "lpsw",
            "{obj}各时段工作量不均衡，忙时人手紧张、闲时人员富余。",
            "建议根据{obj}各时段工作量调整班次和人员配置，忙时增援、闲时兼岗。",
        ),
    ],
    Field.QUALITY: [
        (
            "提高{obj}一次合格率的工艺改进",
            REN,
            "l",
            "{obj}质量波动较大，一次合格率长期徘徊在{q}%左右，返工造成人力和材料浪费。",
            "分析影响{obj}质量的主要因素，调整关键工艺参数，增加过程检测点。",
        ),
        (
            "{obj}关键尺寸快速检测装置",
            INV,
            "l",
            "{obj}关键尺寸检测要用多种量具分步测量，耗时长，检测结果因人而异。",
            "设计带百分表的专用检具，{obj}关键尺寸一次装夹即可完成检测。",
        ),
        (
            "{obj}专用定位夹具",
            CRE,
            "l",
            "{obj}时工件装夹位置不一致，尺寸偏差大，一次合格率仅{q}%左右。",
            "自制{obj}专用定位夹具，保证工件装夹位置一致，减少人为误差。",
        ),
        (
            "提高{obj}产品质量稳定性的操作优化",
            REN,
            "p",
            "{obj}产品质量指标波动较大，个别批次接近控制上限，需要反复调整。",
            "分析影响产品质量的关键参数，增加在线分析点，优化调节方案，使{obj}指标稳定在控制范围中线附近。",
        ),
        (
            "降低{obj}故障率的小革新",
            REN,
            "mxho",
            "{obj}故障率偏高，年均故障{m}次以上，影响正常运行。",
            "对{obj}易损部位进行结构改进，更换耐磨、耐高温材料，同时优化维护周期。",
        ),
        (
            "{obj}状态检测方法的改进",
            REN,
            "mxh",
            "{obj}缺陷只能在停机解体后发现，缺少运行中的检测手段，检修针对性差。",
            "引入红外测温和振动频谱分析，对{obj}实行状态检修，提前发现缺陷。",
        ),
        (
            "{obj}检修质量验收标准的设计",
            DES,
            "mxh",
            "{obj}检修质量验收没有统一标准，检修后短期内重复故障时有发生。",
            "编制{obj}检修质量验收标准和验收卡，关键工序实行三级验收。",
        ),
        (
            "降低{obj}货损货差的改进",
            REN,
            "w",
            "{obj}过程中货物破损、错发时有发生，年均货损货差{m}起以上。",
            "改进{obj}的作业方法和工属具，增设防护衬垫和复核环节。",
        ),
        (
            "{obj}质量追溯表单的设计",
            DES,
            "lpsw",
            "{obj}过程记录不完整，出现质量问题时难以追溯原因和责任。",
            "设计{obj}全过程质量记录表单，每个环节的责任人和数据可查可追溯。",
        ),
        (
            "提升{obj}服务质量的小革新",
            REN,
            "s",
            "{obj}缺少统一的服务标准，服务质量参差不齐，投诉时有发生。",
            "制定{obj}服务标准和话术，设置满意度评价环节，问题当日闭环。",
        ),
        (
            "关于完善{obj}质量检查标准的建议",
            SUG,
            "mxhlpsw",
            "{obj}质量检查以定性要求为主，检查结果难以量化比较。",
            "建议修订{obj}质量检查标准，增加量化指标和抽查频次，检查结果与绩效挂钩。",
        ),
    ],
    Field.TECHNOLOGY: [
        (
            "基于PLC的{obj}自动控制改造",
            REN,
            "mh",
            "{obj}控制方式落后，依靠人工现场操作，响应慢、调节精度低。",
            "采用PLC和变频器对{obj}进行自动控制改造，加装传感器实时采集运行数据，实现自动调节。",
        ),
        (
            "{obj}远程监控系统的设计",
            DES,
            "mxhpo",
            "{obj}运行状态无法远程掌握，值班人员需频繁往返现场，夜间和恶劣天气下巡检困难。",
            "设计{obj}远程监控系统，运行数据和视频画面实时上传到值班室，异常时自动报警。",
        ),
        (
            "物联网技术在{obj}中的应用",
            CRE,
            "mxhlpow",
            "{obj}的运行和作业信息靠人工采集，数据滞后，问题发现不及时。",
            "利用物联网模块采集{obj}运行状态，建立故障判断规则，异常时自动推送报警信息。",
        ),
        (
            "{obj}智能诊断装置",
            INV,
            "mx",
            "{obj}故障判断依靠个人经验，缺少数据支撑，疑难故障处理时间长。",
            "研制{obj}智能诊断装置，根据电流、振动等特征量自动判断故障类型并给出处理建议。",
        ),
        (
            "{obj}视觉识别辅助装置",
            INV,
            "l",
            "{obj}中的缺陷和偏差靠人工目测发现，长时间作业容易漏检。",
            "利用工业相机和图像识别软件自动识别{obj}中的缺陷和偏差，发现问题即时提示。",
        ),
        (
            "{obj}数字化管理平台的设计",
            DES,
            "lpsw",
            "{obj}信息分散在多个表格中，数据不能共享，统计分析费时费力。",
            "设计{obj}数字化管理平台，将相关数据统一录入、自动统计，手机端即可查询。",
        ),
        (
            "{obj}移动端应用的开发",
            CRE,
            "s",
            "{obj}仍以电话和纸质单据为主，办理进度不透明，难以适应业务量增长的需要。",
            "开发{obj}移动端小程序，实现线上申请、进度查询和结果反馈。",
        ),
        (
            "关于{obj}引入信息化手段的建议",
            SUG,
            "s",
            "{obj}的纸质流转环节多，同一数据需要重复录入。",
            "建议将{obj}纳入单位信息系统统一管理，减少纸质流转和重复录入。",
        ),
    ],
    Field.ENERGY: [
        (
            "{obj}余热回收利用的小革新",
            REN,
            "hp",
            "{obj}排放的余热未加利用，排烟（排水）温度高达{t}℃，能源浪费明显。",
            "加装余热回收换热装置，将{obj}排放的余热用于预热和采暖。",
        ),
        (
            "{obj}保温结构的改进",
            REN,
            "h",
            "{obj}保温层老化破损，表面散热损失大，能耗比设计值高{e}%左右。",
            "采用新型复合保温材料对{obj}保温层进行改造，减少散热损失。",
        ),
        (
            "{obj}变频节能改造",
            REN,
            "m",
            "{obj}长期在低负荷工况下定速运行，靠阀门（挡板）调节，电能浪费明显。",
            "对{obj}实施变频调速改造，根据实际负荷自动调整转速，避免“大马拉小车”。",
        ),
        (
            "{obj}空载自动停机装置",
            INV,
            "m",
            "{obj}来料间断时仍空载运行，每天空转{h}小时以上，浪费电能、加剧磨损。",
            "研制{obj}空载检测和自动停机装置，空载超过设定时间自动停机，来料时自动启动。",
        ),
        (
            "{obj}节能运行方式的设计",
            DES,
            "mh",
            "{obj}运行方式多年未变，未随负荷变化调整，低负荷时段能耗偏高。",
            "根据负荷规律设计{obj}分时段运行方式，低负荷时段减少运行台数。",
        ),
        (
            "{obj}待机能耗自动控制装置",
            INV,
            "o",
            "{obj}下班后和节假日常处于开启或待机状态，长明灯、长待机现象普遍。",
            "加装定时和人体感应控制模块，{obj}无人使用时自动断电。",
        ),
        (
            "降低{obj}电能损耗的改进",
            REN,
            "x",
            "{obj}运行损耗偏高，接头发热明显，电能浪费较大。",
            "优化{obj}运行方式，处理发热接头并更换节能型部件，降低电能损耗。",
        ),
        (
            "{obj}废料回收再利用",
            CRE,
            "l",
            "{obj}产生的边角废料直接当废品处理，材料利用率低。",
            "将{obj}产生的边角废料分类回收，经简单加工后重新用于生产。",
        ),
        (
            "{obj}粉尘收集治理装置",
            INV,
            "l",
            "{obj}现场粉尘大，影响职工健康，环保检查压力大。",
            "研制移动式粉尘收集装置，在{obj}产尘点就地收集处理，达标排放。",
        ),
        (
            "{obj}无纸化改进",
            REN,
            "s",
            "{obj}单据需打印多联、人工传递，纸张和耗材用量大。",
            "{obj}单据和资料改为电子化流转和存档，减少打印和耗材。",
        ),
        (
            "关于降低{obj}能耗的合理化建议",
            SUG,
            "mxhlpw",
            "{obj}能耗未分项计量，节能责任落不到班组，跑冒滴漏时有发生。",
            "建议对{obj}实行能耗定额管理，按班组计量考核，杜绝无效运行和跑冒滴漏。",
        ),
        (
            "关于{obj}节约耗材的建议",
            SUG,
            "so",
            "{obj}耗材领用没有定额，浪费现象较多，每年耗材费用较高。",
            "建议{obj}耗材实行以旧换新和定额领用，可重复使用的物品回收再用。",
        ),
    ],
    Field.OTHER: [
        (
            "{obj}备品备件管理办法的改进",
            SUG,
            "mxh",
            "{obj}备品备件有的积压、有的短缺，急需时常要临时采购。",
            "建议对{obj}备品备件实行ABC分类管理，设定安全库存，建立电子台账。",
        ),
        (
            "{obj}标准化作业指导书的编制",
            DES,
            "mxhlpw",
            "{obj}作业方法因人而异，新员工只能跟着师傅边看边学。",
            "编制图文并茂的{obj}标准化作业指导书，将关键操作要点可视化。",
        ),
        (
            "{obj}现场定置管理的小创造",
            CRE,
            "lw",
            "{obj}现场工具和物料摆放无序，作业前准备时间长。",
            "自制工具架和物料定置架，{obj}现场物品分类定置、标识清楚。",
        ),
        (
            "{obj}台账信息化管理的建议",
            SUG,
            "so",
            "{obj}管理台账靠手工记录，查询统计不便，交接时容易遗漏。",
            "建议将{obj}纸质台账改为电子台账，设置查询和到期提醒功能。",
        ),
        (
            "{obj}岗位培训教具的制作",
            CRE,
            "mxhlpsow",
            "{obj}岗位新员工上手慢，缺少直观的培训材料。",
            "利用废旧部件和图解材料制作{obj}培训教具，用于新员工岗位培训。",
        ),
    ],
}
# How an item's effect reads, per field: for equipment and devices (m h x o), for operations
# (l p w), for services (s).
_SAFE = [
    "投入使用后，相关作业连续{k}个月未发生不安全事件，作业人员安全感明显增强。",
    "有效消除了作业安全隐患，经安全部门验收合格，已在本单位{u}个班组推广使用。",
]
_SAVING = [
    "改造后能耗下降约{e}%，减少了污染物排放，经济效益和社会效益显著。",
    "运行稳定可靠，能耗指标明显改善，已在本单位{u}个班组推广使用。",
]
_ORDERLY = [
    "管理更加规范有序，查找资料和物品的时间缩短{pct}%。",
    "新员工培训周期明显缩短，岗位技能考核通过率提高{pct}%。",
]
EFFECTS = {
    Field.SAFETY: (_SAFE, _SAFE, ["实施后连续{k}个月未发生差错和安全事件，相关做法已在本单位推广。"]),
    Field.EFFICIENCY: (
        [
            "单次检修时间由{h}小时缩短至{h2}小时，工作效率提高{pct}%，减轻了职工劳动强度。",
            "每年减少检修和值守用工约{wd}个工日，设备可用时间明显增加。",
        ],
        [
            "单次作业时间由{h}小时缩短至{h2}小时，工作效率提高{pct}%，减轻了职工劳动强度。",
            "每年减少用工约{wd}个工日，职工劳动强度明显降低。",
        ],
        ["办理时间缩短{pct}%，每年减少重复性工作约{wd}个工日。"],
    ),
    Field.QUALITY: (
        ["故障次数由每年{m}次降至{m2}次，可靠性明显提高。", "设备完好率提高到{q2}%，非计划停机明显减少。"],
        ["一次合格率由{q}%提高到{q2}%，返工率明显下降。", "差错和返工明显减少，合格率由{q}%提高到{q2}%。"],
        ["服务对象满意度由{q}%提高到{q2}%，投诉明显减少。"],
    ),
    Field.TECHNOLOGY: (
        [
            "实现了远程监视和自动控制，减少现场值守{a2}人，故障处理时间缩短{pct}%。",
            "运行数据实时可查，异常发现时间提前，已在{u}个班组推广。",
        ],
        [
            "作业数据实时可查，问题发现时间提前，减少现场值守{a2}人。",
            "作业效率提高{pct}%，已在本单位{u}个班组推广。",
        ],
        ["数据统计由原来的半天缩短到几分钟，为管理决策提供了可靠依据。"],
    ),
    Field.ENERGY: (_SAVING, _SAVING, ["耗材和能源费用下降约{e}%，节约型班组建设取得实效。"]),
    Field.OTHER: (_ORDERLY, _ORDERLY, ["管理更加规范，查询统计时间缩短{pct}%。"]),
}
PHYSICAL = "mhxlpw"
# Posts whose holders rarely work on machines: for a physical object another post goes first if the unit has one.
OFFICE_POSTS = {"仓管员", "收银员", "营业员", "客服专员", "会计", "办事员", "柜员", "客户经理", "风险管理员"}
SOLUTION_OPENINGS = ("针对上述问题，", "完成人利用业余时间反复琢磨，", "创新小组经过多次论证和试验，", "")

# Shares of the authors, by number of authors; each sums to 100.
SHARES = {
    1: [(100,)],
    2: [(60, 40), (70, 30), (50, 50), (80, 20)],
    3: [(50, 30, 20), (40, 30, 30), (60, 25, 15), (45, 35, 20)],
    4: [(40, 30, 20, 10), (35, 25, 20, 20), (50, 20, 15, 15)],
}
OUTSIDE_UNITS = ("辽宁工业大学", "渤海大学", "锦州医科大学", "辽宁理工学院", "辽宁省电力科学研究院")
SIZE_WEIGHTS = {"large": 14, "medium": 5, "small": 1.5, "micro": 0.5}
BENEFIT_CREATED_SHARE = {
    Field.SAFETY: 0.4,
    Field.EFFICIENCY: 0.4,
    Field.QUALITY: 0.6,
    Field.TECHNOLOGY: 0.55,
    Field.ENERGY: 0.15,
    Field.OTHER: 0.3,
}
PATENT_ODDS = {INV: 0.35, CRE: 0.2, DES: 0.15, REN: 0.08, SUG: 0.0}

DISTRICT_REJECT_REASONS = (
    "成果尚处于设想阶段，未在生产中实际应用，不予推荐。",
    "经济效益计算依据不充分，缺少财务部门出具的证明。",
    "与往年已申报成果内容基本相同，不予推荐。",
    "属于岗位职责范围内的日常维护工作，创新性不足。",
)
CITY_FAIL_REASONS = (
    "申报材料不完整，缺少实施效果证明材料。",
    "效益证明未加盖财务部门公章，且计算依据与实际不符。",
    "成果完成时间不在本次征集范围内。",
)
RETURN_REASONS = (
    "请补充效益计算依据和财务部门出具的效益证明。",
    "请补充完成人贡献份额说明及现场应用照片。",
    "成果名称与内容不符，请修改后重新提交。",
)


@dataclass
class _Item:
    key: str
    achievement: Achievement
    authors: list = field(default_factory=list)  # [(worker | None, outside_name, outside_unit, share)]
    patents: list = field(default_factory=list)  # [(type, number, status)]
    steps: list = field(default_factory=list)  # [(action, from, to, actor, reason, at)]
    best: bool = False
    hands_on: bool = False  # about equipment or operations (not a service), so a candidate for the best


# ---------------------------------------------------------------- small helpers


def _yuan(value: float) -> Decimal:
    """Round to whole hundreds of yuan, as such figures are reported."""
    return (Decimal(value) / 100).quantize(Decimal("1"), rounding=ROUND_HALF_UP) * 100


def _wan(amount: Decimal) -> str:
    if amount < 10000:
        return f"{amount:.0f}元"
    return format((amount / 10000).quantize(Decimal("0.01")).normalize(), "f") + "万元"


def _log_uniform(rng: random.Random, low: float, high: float) -> float:
    return math.exp(rng.uniform(math.log(low), math.log(high)))


def _workday(day: date) -> date:
    while day.weekday() >= 5:
        day += timedelta(days=1)
    return day


def _at(rng: random.Random, day: date, latest: date) -> datetime:
    day = min(_workday(day), latest)
    moment = time(rng.randint(8, 16), rng.randrange(0, 60, 1), rng.randrange(0, 60))
    return timezone.make_aware(datetime.combine(day, moment))


def _patent_number(rng: random.Random, year: int, kind_digit: int) -> str:
    digits = f"{year}{kind_digit}{rng.randint(0, 9_999_999):07d}"
    check = sum(int(d) * w for d, w in zip(digits, (2, 3, 4, 5, 6, 7, 8, 9, 2, 3, 4, 5), strict=True)) % 11
    return f"ZL{digits}.{'X' if check == 10 else check}"


def import_key(year: int, n) -> str:
    return hashlib.sha256(f"demo:{year}:{n}".encode()).hexdigest()


def _basis(rng: random.Random, field_: str, benefit_type: str, amount: Decimal) -> str:
    if benefit_type == Achievement.BenefitType.SAVED:
        if field_ == Field.ENERGY:
            if rng.random() < 0.6:
                kwh = amount / Decimal("0.6") / 10000
                return (
                    f"经能源计量统计，改造后年节约用电约{kwh:.1f}万千瓦时，按电价0.60元/千瓦时计算，"
                    f"年节约电费{_wan(amount)}。"
                )
            coal = amount / 900
            return f"经能源计量统计，年节约标准煤约{coal:.0f}吨，按900元/吨计算，年节约{_wan(amount)}。"
        if field_ == Field.EFFICIENCY:
            rate = rng.choice((50, 60, 80))
            return (
                f"年减少用工约{amount / rate:.0f}工时，按每工时{rate}元计算，年节约人工成本{_wan(amount)}。"
            )
        repair = _yuan(float(amount) * rng.uniform(0.4, 0.7))
        return (
            f"年减少外委维修费用{_wan(repair)}、减少备品备件消耗{_wan(amount - repair)}，"
            f"合计年节约{_wan(amount)}（以财务部门出具的效益证明为准）。"
        )
    if rng.random() < 0.5:
        rate = max(r for r in (500, 1000, 2000, 5000, 10000, 20000) if amount / r >= 4 or r == 500)
        return (
            f"减少非计划停机约{amount / rate:.1f}小时，按每小时产值损失{rate}元计算，"
            f"年创造经济效益{_wan(amount)}。"
        )
    cost = _yuan(float(amount) * rng.uniform(0.03, 0.1))
    return f"经财务部门核算，年增产增效{_wan(amount + cost)}，扣除改造投入{_wan(cost)}后，年创造经济效益{_wan(amount)}。"


# ---------------------------------------------------------------- campaigns


def _grades(year: int) -> list[dict]:
    prizes = PRIZES["from_2020" if year >= 2020 else "before_2020"]
    return [
        {"code": code, "prize_fen": prize * 100, "quota": quota}
        for (code, quota), prize in zip(QUOTAS, prizes, strict=True)
    ]


def _campaign(union: TradeUnion, year: int, opens: datetime, closes: datetime) -> Campaign:
    existing = Campaign.objects.filter(union=union, year=year).first()
    if existing:
        return existing
    return services.campaign_create(
        actor=None,
        union=union,
        grades=_grades(year),
        criteria=RUBRIC,
        year=year,
        title=f"{year}年锦州市职工“五小”创新成果征集活动",
        opens_at=opens,
        closes_at=closes,
        kinds=list(Kind.values),
        fields=list(Field.values),
        experts_per_item=5 if year >= 2020 else 3,
        notice_days=7,
        description=DESCRIPTION,
    )


def _window(year: int, opens: tuple[int, int], closes: tuple[int, int]) -> tuple[datetime, datetime]:
    return (
        timezone.make_aware(datetime(year, *opens, 0, 0, 0)),
        timezone.make_aware(datetime(year, *closes, 23, 59, 59)),
    )


# ---------------------------------------------------------------- the actors


@dataclass
class _Actors:
    city: User | None
    district_of: dict  # union path -> demo district admin
    unit_admin_of: dict  # enterprise id -> demo unit admin

    def district(self, enterprise: Enterprise) -> User | None:
        for path, user in self.district_of.items():
            if enterprise.scope_path.startswith(path):
                return user
        return None


def _actors() -> _Actors:
    demo = RoleGrant.objects.filter(user__username__startswith="demo_").select_related("user", "node")
    district_of = {g.node.path: g.user for g in demo.filter(role=Role.DISTRICT_ADMIN).order_by("node__path")}
    unit_admin_of = {}
    for grant in demo.filter(role=Role.UNIT_ADMIN).order_by("id"):
        enterprise = Enterprise.objects.filter(union=grant.node).first()
        if enterprise:
            unit_admin_of.setdefault(enterprise.pk, grant.user)
    city = demo.filter(role=Role.CITY_ADMIN).order_by("id").first()
    return _Actors(city=city.user if city else None, district_of=district_of, unit_admin_of=unit_admin_of)


# ---------------------------------------------------------------- the award benefits


def _best_amounts() -> dict[int, list[Decimal]]:
    """The verified benefits of the BEST_PER_YEAR items of each year (李营's included in 2020),
    scaled so that all of them together sum to about BEST_TOTAL. Drawn from their own stream."""
    rng = random.Random(f"{SEED}-best")
    slots = {year: BEST_PER_YEAR - (1 if year == LIYING["year"] else 0) for year in HISTORY}
    raw = {year: [_log_uniform(rng, *BEST_RANGE) for _ in range(n)] for year, n in slots.items()}
    scale = float(BEST_TOTAL - LIYING["benefit"]) / sum(sum(values) for values in raw.values())
    return {year: [_yuan(v * scale) for v in values] for year, values in raw.items()}


# ---------------------------------------------------------------- one year's items


def _objects_for(enterprise: Enterprise) -> list[tuple[str, str]]:
    for key, objects in OBJECTS_BY_NAME:
        if key in enterprise.name:
            return objects
    key = OBJECTS_BY_INDUSTRY.get(enterprise.industry)
    return dict(OBJECTS_BY_NAME)[key] if key else GENERIC_OBJECTS


def _draw_topic(rng: random.Random, enterprise: Enterprise, used: set[str]):
    objects = _objects_for(enterprise)
    for _attempt in range(30):
        field_ = rng.choices([f for f, _w in FIELD_WEIGHTS], [w for _f, w in FIELD_WEIGHTS])[0]
        pairs = [(t, o) for t in TEMPLATES[field_] for o in objects if set(o[1]) & set(t[2])]
        template, (obj, cats) = rng.choice(pairs)
        if "m" in cats or "h" in cats:
            obj = rng.choice(("", "", "", "1号", "2号", "3号")) + obj
        title = template[0].format(obj=obj)
        if title not in used:
            break
    used.add(title)
    return field_, template, obj, cats, title


def _draw_authors(rng: random.Random, staff: list[Worker], physical: bool) -> list[tuple]:
    count = min(rng.choices((1, 2, 3, 4), (35, 30, 22, 13))[0], len(staff))
    hands_on = [w for w in staff if w.post not in OFFICE_POSTS] if physical else []
    first = rng.choice(hands_on or staff)
    chosen = [first]
    while len(chosen) < count:
        same_post = [w for w in staff if w.post == first.post and w not in chosen]
        others = [w for w in staff if w not in chosen]
        pool = same_post if same_post and rng.random() < 0.6 else others
        chosen.append(rng.choice(pool))
    shares = rng.choice(SHARES[count])
    authors = [(w, "", "", Decimal(s)) for w, s in zip(chosen, shares, strict=True)]
    if count >= 2 and rng.random() < 0.1:
        name, unit = person_name(rng), rng.choice(OUTSIDE_UNITS)
        authors[-1] = (None, name, unit, authors[-1][3])
    return authors


def _texts(rng: random.Random, field_: str, obj: str, cats: str, template) -> tuple[str, str, str]:
    numbers = {
        "obj": obj,
        "n": rng.randint(2, 5),
        "m": rng.randint(3, 9),
        "a": rng.randint(2, 4),
        "h": rng.randint(3, 8),
        "q": rng.randint(84, 93),
        "e": rng.randint(10, 25),
        "k": rng.randint(12, 36),
        "u": rng.randint(3, 12),
        "pct": rng.randint(20, 60),
        "wd": rng.randint(60, 600),
        "a2": rng.randint(1, 3),
        "t": rng.randint(6, 18) * 10,
    }
    numbers["h2"] = max(1, numbers["h"] // 2 - rng.randint(0, 1))
    numbers["q2"] = min(99, numbers["q"] + rng.randint(4, 8))
    numbers["m2"] = rng.randint(0, 1)
    equipment, operations, service = EFFECTS[field_]
    problem = template[3].format(**numbers)
    opening = rng.choice(SOLUTION_OPENINGS)
    solution = ("" if template[1] == SUG else opening) + template[4].format(obj=obj)
    effects = operations if set(cats) & set("lpw") else equipment if set(cats) & set("mhxo") else service
    effect = rng.choice(effects).format(**numbers)
    return problem, solution, effect


def _path(
    rng: random.Random, state: str, enterprise: Enterprise, actors: _Actors, submitted: datetime, latest: date
):
    """The transitions that bring an item from draft to `state`, in order, inside the window."""
    unit = actors.unit_admin_of.get(enterprise.pk)
    district = actors.district(enterprise)
    steps = [("submit", State.DRAFT, State.SUBMITTED, unit, "", submitted)]
    recommended = _at(rng, submitted.date() + timedelta(days=rng.randint(2, 15)), latest)
    if state == State.DISTRICT_REJECTED:
        steps.append(
            (
                "district_reject",
                State.SUBMITTED,
                state,
                district,
                rng.choice(DISTRICT_REJECT_REASONS),
                recommended,
            )
        )
        return steps
    if state == State.RETURNED and rng.random() < 0.65:
        steps.append(
            ("district_return", State.SUBMITTED, state, district, rng.choice(RETURN_REASONS), recommended)
        )
        return steps
    steps.append(("recommend", State.SUBMITTED, State.RECOMMENDED, district, "", recommended))
    checked = _at(rng, recommended.date() + timedelta(days=rng.randint(3, 20)), latest)
    if checked <= recommended:
        checked = recommended + timedelta(minutes=rng.randint(30, 300))
    action, reason = {
        State.READY_FOR_REVIEW: ("pass", ""),
        State.CITY_REJECTED: ("fail", rng.choice(CITY_FAIL_REASONS)),
        State.RETURNED: ("city_return", rng.choice(RETURN_REASONS)),
    }[state]
    steps.append((action, State.RECOMMENDED, state, actors.city, reason, checked))
    return steps


def _states(rng: random.Random, count: int) -> list[str]:
    returned, city, district = round(count * 0.03), round(count * 0.04), round(count * 0.06)
    states = (
        [State.RETURNED] * returned
        + [State.CITY_REJECTED] * city
        + [State.DISTRICT_REJECTED] * district
        + [State.READY_FOR_REVIEW] * (count - returned - city - district)
    )
    rng.shuffle(states)
    return states


def _benefit(rng: random.Random, item: _Item, field_: str, kind: str) -> None:
    achievement = item.achievement
    if rng.random() < (0.3 if kind == SUG else 0.12):
        return
    achievement.benefit_type = (
        Achievement.BenefitType.CREATED
        if rng.random() < BENEFIT_CREATED_SHARE[field_]
        else Achievement.BenefitType.SAVED
    )
    claimed = _yuan(_log_uniform(rng, *MODEST_RANGE))
    achievement.benefit_claimed = claimed
    achievement.benefit_basis = _basis(rng, field_, achievement.benefit_type, claimed)
    if rng.random() < 0.65:
        achievement._verified = claimed
    else:
        achievement._verified = min(claimed, _yuan(float(claimed) * rng.uniform(0.6, 0.95)))


def _make_best(rng: random.Random, item: _Item, field_: str, amount: Decimal) -> None:
    achievement = item.achievement
    item.best = True
    if not achievement.benefit_type:
        achievement.benefit_type = (
            Achievement.BenefitType.CREATED
            if rng.random() < BENEFIT_CREATED_SHARE[field_]
            else Achievement.BenefitType.SAVED
        )
    claimed = amount if rng.random() < 0.75 else _yuan(float(amount) * rng.uniform(1.05, 1.3))
    achievement.benefit_claimed = claimed
    achievement.benefit_basis = _basis(rng, field_, achievement.benefit_type, claimed)
    achievement._verified = amount


def _liying_item(
    campaign: Campaign, enterprise: Enterprise, worker: Worker, actors: _Actors, rng: random.Random
) -> _Item:
    benefit = LIYING["benefit"]
    achievement = Achievement(
        campaign=campaign,
        enterprise=enterprise,
        post=worker.post,
        title=LIYING["title"],
        kind=Kind.INVENTION,
        field=Field.EFFICIENCY,
        problem=(
            "蓄电池组充放电试验中，需人工每隔一段时间逐个测量并记录单体电池电压，一组蓄电池一次试验要记录上千个数据，"
            "数据量大、劳动强度高，记录容易出错，试验期间人员需长时间值守。"
        ),
        solution=(
            "研制蓄电池组充放电试验自动数据记录装置：采用多路电压采集模块实时采集各单体电池电压、电流和温度，"
            "自动生成试验记录和充放电曲线，单体电压越限时自动报警，试验数据可直接导出存档。"
        ),
        effect=(
            "提升了设备的可靠性和数据的准确性，试验值守人员由3人减为1人，及时发现落后电池，避免了直流系统失电风险。"
            "装置在火电和新能源发电领域有着广泛的应用前景，获2020年辽宁省职工创新大赛职工组一等奖。"
        ),
        started_on=date(2019, 6, 1),
        completed_on=date(2020, 3, 20),
        benefit_type=Achievement.BenefitType.CREATED,
        benefit_claimed=benefit,
        benefit_basis=(
            "经公司财务部门核算：减少蓄电池组试验人工和外委检测费用、及时更换落后电池避免机组非计划停运损失，"
            f"为公司带来直接经济效益{_wan(benefit)}。"
        ),
        scope_path=enterprise.scope_path,
        import_key=import_key(LIYING["year"], "liying"),
    )
    achievement._verified = benefit
    submitted = timezone.make_aware(datetime(2020, 5, 12, 9, 36, 0))
    latest = date(2020, 9, 29)
    item = _Item(key=achievement.import_key, achievement=achievement, best=True)
    item.authors = [(worker, "", "", Decimal(100))]
    item.patents = [(Patent.Type.UTILITY, _patent_number(rng, 2020, 2), Patent.Status.GRANTED)]
    item.steps = _path(rng, State.READY_FOR_REVIEW, enterprise, actors, submitted, latest)
    return item


def _year_items(year, count, campaign, units, weights, staff_of, actors, best_amounts) -> list[_Item]:
    rng = random.Random(f"{SEED}-{year}")
    opens, closes = campaign.opens_at, campaign.closes_at
    first_day = timezone.localtime(opens).date() + timedelta(days=5)
    last_submit_day = date(year, 8, 25)
    latest = timezone.localtime(closes).date() - timedelta(days=1)
    special = year == LIYING["year"]
    states = _states(rng, count - (1 if special else 0))
    used: set[str] = {LIYING["title"]} if special else set()
    items = []
    for n, state in enumerate(states, start=1):
        enterprise = rng.choices(units, weights)[0]
        field_, template, obj, cats, title = _draw_topic(rng, enterprise, used)
        kind = template[1]
        authors = _draw_authors(rng, staff_of[enterprise.pk], bool(set(cats) & set(PHYSICAL)))
        post = authors[0][0].post
        problem, solution, effect = _texts(rng, field_, obj, cats, template)
        submitted = _at(
            rng, first_day + timedelta(days=rng.randint(0, (last_submit_day - first_day).days)), latest
        )
        completed = submitted.date() - timedelta(days=rng.randint(3, 75))
        started = completed - timedelta(days=rng.randint(30, 300))
        achievement = Achievement(
            campaign=campaign,
            enterprise=enterprise,
            post=post,
            title=title,
            kind=kind,
            field=field_,
            problem=problem,
            solution=solution,
            effect=effect,
            started_on=started,
            completed_on=completed,
            scope_path=enterprise.scope_path,
            import_key=import_key(year, n),
        )
        achievement._verified = None
        item = _Item(
            key=achievement.import_key,
            achievement=achievement,
            authors=authors,
            hands_on=bool(set(cats) & set(PHYSICAL)) and kind != SUG,
        )
        _benefit(rng, item, field_, kind)
        if rng.random() < PATENT_ODDS[kind]:
            for _p in range(2 if rng.random() < 0.1 else 1):
                roll = rng.random()
                ptype, digit = (
                    (Patent.Type.UTILITY, 2)
                    if roll < 0.78
                    else (Patent.Type.INVENTION, 1)
                    if roll < 0.9
                    else (Patent.Type.DESIGN, 3)
                )
                applied = rng.choice((year - 1, year))
                status = (
                    Patent.Status.GRANTED if applied < year or rng.random() < 0.4 else Patent.Status.APPLIED
                )
                item.patents.append((ptype, _patent_number(rng, applied, digit), status))
        item.steps = _path(rng, state, enterprise, actors, submitted, latest)
        items.append(item)
    # The year's best: ready items on equipment or operations, given the award-sized benefits.
    ready = [i for i in items if i.steps[-1][2] == State.READY_FOR_REVIEW and i.hands_on]
    for item, amount in zip(rng.sample(ready, len(best_amounts)), best_amounts, strict=True):
        _make_best(rng, item, item.achievement.field, amount)
    if special:
        enterprise = Enterprise.objects.get(name=LIYING["unit"])
        worker = Worker.objects.get(enterprise=enterprise, name=LIYING["worker"])
        items.append(_liying_item(campaign, enterprise, worker, actors, rng))
    return items


# ---------------------------------------------------------------- writing


def _write(items: list[_Item], year: int, actors: _Actors) -> int:
    items.sort(key=lambda i: (i.steps[0][5], i.key))
    rows = []
    for item in items:
        a = item.achievement
        last = item.steps[-1]
        a.submitted_at = item.steps[0][5]
        a.pledge_confirmed_by = item.steps[0][3]
        a.pledge_confirmed_at = a.submitted_at
        a.created_by = actors.unit_admin_of.get(a.enterprise_id)
        if last[2] == State.READY_FOR_REVIEW and a._verified is not None:
            a.benefit_verified = a._verified
            a.benefit_verified_by = actors.city
            a.benefit_verified_at = last[5]
            a.benefit_verified_note = (
                "依据财务部门出具的效益证明核定。"
                if a._verified == a.benefit_claimed
                else "部分效益计算期超过一年或含非本成果因素，按年度效益核减。"
            )
        names = [w.name if w else outside for w, outside, _u, _s in item.authors]
        a.search_text = services.build_search_text(a, names)
        rows.append((a, item.steps))
    # The state and the step log are the workflow kernel's to write, even for a demo's past.
    kernel.load_history(Achievement, rows)

    authors, patents = [], []
    for item in items:
        a = item.achievement
        for order, (worker, outside_name, outside_unit, share) in enumerate(item.authors, start=1):
            authors.append(
                Author(
                    achievement=a,
                    order=order,
                    worker=worker,
                    outside_name=outside_name,
                    outside_unit=outside_unit,
                    share=share,
                )
            )
        patents.extend(Patent(achievement=a, type=t, number=num, status=s) for t, num, s in item.patents)
    Author.objects.bulk_create(authors, batch_size=1000)
    Patent.objects.bulk_create(patents, batch_size=1000)

    # Rows carry the dates they would have had: drafted before submission, touched last at the last step.
    campaign = items[0].achievement.campaign
    last_step = (
        StepLog.objects.filter(workflow="achievement", object_id=OuterRef("pk"))
        .order_by("-at", "-id")
        .values("at")[:1]
    )
    Achievement.objects.filter(campaign=campaign).update(updated_at=Subquery(last_step))
    for item in items:
        item.achievement.created_at = item.steps[0][5] - timedelta(days=1 + int(item.key[:4], 16) % 20)
    Achievement.objects.bulk_update([i.achievement for i in items], ["created_at"], batch_size=500)
    return _name_posts(items, year)


def _name_posts(items: list[_Item], year: int) -> int:
    """职工创新示范岗: what `workflow._name_demonstration_posts` names on each submission."""
    existing = set(DemonstrationPost.objects.filter(year=year).values_list("enterprise_id", "post"))
    posts: dict[tuple[int, str], DemonstrationPost] = {}
    members: dict[tuple[int, str], list[int]] = {}
    for item in items:  # in order of submission
        for worker, _name, _unit, _share in item.authors:
            if worker is None or not worker.post.strip():
                continue
            key = (worker.enterprise_id, worker.post.strip())
            if key in existing:
                continue
            if key not in posts:
                a = item.achievement
                posts[key] = DemonstrationPost(
                    enterprise_id=key[0],
                    post=key[1],
                    year=year,
                    first_achievement=a,
                    named_at=a.submitted_at,
                    scope_path=a.scope_path,
                )
                members[key] = []
            if worker.pk not in members[key]:
                members[key].append(worker.pk)
    DemonstrationPost.objects.bulk_create(posts.values(), batch_size=500)
    through = DemonstrationPost.workers.through
    through.objects.bulk_create(
        [
            through(demonstrationpost_id=posts[key].pk, worker_id=wid)
            for key, ids in members.items()
            for wid in ids
        ],
        batch_size=1000,
    )
    return len(posts)


# ---------------------------------------------------------------- this year's drafts

DRAFTS = [
    (
        "demo_liying",
        "辽宁大唐国际锦州热电有限责任公司",
        [("李营", 100)],
        {
            "title": "直流系统蓄电池内阻在线监测装置",
            "kind": Kind.INVENTION,
            "field": Field.SAFETY,
            "problem": "直流系统蓄电池内阻只能在定期试验时人工测量，落后电池不能及时发现，存在直流系统失电隐患。",
            "solution": "在蓄电池组充放电试验自动数据记录装置的基础上，增加交流注入法内阻测量模块，实现在线监测和越限报警。",
            "effect": "",
        },
    ),
    (
        "demo_gaoyingming",
        "锦州石化公司",
        [("高颖明", 60), ("王亮", 40)],
        {
            "title": "常减压装置航煤馏分卡边操作优化",
            "kind": Kind.RENOVATION,
            "field": Field.EFFICIENCY,
            "problem": "重石脑油和航煤收率偏低，常压塔侧线操作留有较大余量。",
            "solution": "优化常压塔侧线抽出温度和回流比，实行卡边操作，并编制操作法在班组推广。",
            "effect": "",
        },
    ),
    (
        "demo_sunjian",
        "锦州天晟重工有限公司",
        [("孙健", 50), ("王明帅", 50)],
        {
            "title": "硅铁电炉短网水冷结构的改进设计",
            "kind": Kind.DESIGN,
            "field": Field.ENERGY,
            "problem": "硅铁电炉短网发热严重，电能损耗大，水冷部件易漏水。",
            "solution": "",
            "effect": "",
        },
    ),
]


def _drafts(campaign: Campaign) -> int:
    created = 0
    for username, unit_name, people, fields in DRAFTS:
        user = User.objects.filter(username=username).first()
        enterprise = Enterprise.objects.filter(name=unit_name).first()
        if user is None or enterprise is None:
            continue
        if Achievement.objects.filter(campaign=campaign, title=fields["title"]).exists():
            continue
        workers = {
            w.name: w for w in Worker.objects.filter(enterprise=enterprise, name__in=[p for p, _s in people])
        }
        if len(workers) != len(people):
            continue
        services.achievement_create(
            actor=user,
            campaign=campaign,
            enterprise=enterprise,
            authors=[{"worker": workers[name].pk, "share": share} for name, share in people],
            post=workers[people[0][0]].post,
            **fields,
        )
        created += 1
    return created


# ---------------------------------------------------------------- entry point


@transaction.atomic
def seed(stdout=None) -> dict:
    union = TradeUnion.objects.get(name=CITY_UNION, kind=TradeUnion.Kind.CITY)
    actors = _actors()
    best = _best_amounts()
    staff_of: dict[int, list[Worker]] = {}
    for worker in (
        Worker.objects.filter(is_active=True).order_by("id").only("id", "name", "post", "enterprise_id")
    ):
        staff_of.setdefault(worker.enterprise_id, []).append(worker)
    units = [u for u in Enterprise.objects.order_by("id") if u.pk in staff_of]  # every unit with workers
    weights = [SIZE_WEIGHTS.get(u.size, 1) for u in units]

    summary = {"campaigns": [], "filed": {}, "posts": 0, "drafts": 0}
    for year, count in HISTORY.items():
        campaign = _campaign(union, year, *_window(year, (3, 1), (9, 30)))
        summary["campaigns"].append(campaign)
        if campaign.achievements.exists():
            continue
        items = _year_items(year, count, campaign, units, weights, staff_of, actors, best[year])
        summary["filed"][year] = len(items)
        summary["posts"] += _write(items, year, actors)

    today = timezone.localdate()
    if today.year not in HISTORY:
        opens = (3, 1) if (today.month, today.day) >= (3, 1) else (1, 1)
        current = _campaign(union, today.year, *_window(today.year, opens, (12, 31)))
        summary["campaigns"].append(current)
        summary["drafts"] = _drafts(current)

    if stdout is not None:
        filed = ", ".join(f"{y}: {n}" for y, n in summary["filed"].items()) or "none new"
        stdout.write(
            f"  achievements: filed {filed}; {summary['posts']} demonstration posts; {summary['drafts']} drafts"
        )
    return summary
