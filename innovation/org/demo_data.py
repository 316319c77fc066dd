"""Deterministic generators for demo and scale data: names, valid ID numbers, credit codes."""

import random

from innovation.core.validators import USCC_CHARS, id_check_char, uscc_check_char

SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕苏卢蒋蔡贾丁魏薛叶阎余潘杜戴夏钟汪田任姜范方石姚谭廖邹熊金陆郝孔白崔康毛邱秦江史顾侯邵孟龙万段"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍红鹏辉宇浩凯健俊帆帅旭宁博文斌志刚建国海波晶莹丹慧颖鑫峰亮晨阳雪梅东升永春立新德胜振宏"

UNIT_PREFIXES = (
    "锦州",
    "辽西",
    "渤海",
    "凌河",
    "锦港",
    "北镇",
    "黑山",
    "义州",
    "凌海",
    "松山",
    "大凌河",
    "医巫闾山",
)
UNIT_CORES = (
    "宏达",
    "新华",
    "恒信",
    "金鼎",
    "华锦",
    "北方",
    "东方",
    "永安",
    "兴业",
    "汇通",
    "众诚",
    "鑫源",
    "瑞丰",
    "天利",
    "广源",
    "宝华",
    "联合",
    "长城",
    "远航",
    "中誉",
    "精诚",
    "盛达",
    "卓越",
    "利民",
    "昌盛",
    "友谊",
    "光明",
    "万通",
)
# (suffix, industry code, typical posts)
UNIT_KINDS = (
    ("机械制造有限公司", "C", ("车工", "钳工", "焊工", "铣工", "装配工", "质检员", "设备维修工")),
    ("石化设备有限公司", "C", ("仪表工", "电焊工", "管工", "机修钳工", "质检员")),
    ("汽车零部件有限公司", "C", ("冲压工", "装配工", "数控车工", "质检员", "模具工")),
    ("光伏科技有限公司", "C", ("拉晶工", "切片工", "电池片工艺员", "设备工程师")),
    ("钛业有限公司", "C", ("冶炼工", "化验员", "设备维修工", "电工")),
    ("食品有限公司", "C", ("食品检验员", "包装工", "设备操作工", "仓管员")),
    ("电力工程有限公司", "D", ("变电运维工", "继电保护工", "电力电缆工", "配电线路工")),
    ("热力有限公司", "D", ("锅炉运行值班员", "热网检修工", "水处理工", "电工")),
    ("建筑工程有限公司", "E", ("钢筋工", "混凝土工", "架子工", "施工员", "安全员")),
    ("物流有限公司", "G", ("叉车司机", "仓管员", "调度员", "装卸工")),
    ("港务有限公司", "G", ("门机司机", "装卸工", "理货员", "固机检修工")),
    ("物业服务有限公司", "N", ("消防设施操作员", "电工", "水暖工", "客服专员")),
    ("商贸有限公司", "F", ("营业员", "仓管员", "收银员")),
    ("信息技术有限公司", "I", ("软件工程师", "网络运维员", "测试工程师")),
)
SCHOOL_NAMES = ("锦州市第{}中学", "锦州市{}小学")
BANK_NAMES = ("锦州{}支行", "锦州市{}信用合作社")

ID_REGION_CODES = {
    "210702": "210702",
    "210703": "210703",
    "210711": "210711",
    "210726": "210726",
    "210727": "210727",
    "210781": "210781",
    "210782": "210782",
    "210771": "210711",
    "210772": "210711",
}


def person_name(rng: random.Random) -> str:
    given = rng.choice(GIVEN) + (rng.choice(GIVEN) if rng.random() < 0.7 else "")
    return rng.choice(SURNAMES) + given


def id_number(
    rng: random.Random, region_code: str, *, birth_year: int | None = None, gender: str | None = None
) -> str:
    year = birth_year or rng.randint(1964, 2003)
    month = rng.randint(1, 12)
    day = rng.randint(1, 28)
    seq = rng.randint(0, 99)
    gender_digit = (
        rng.choice("13579")
        if gender == "M"
        else rng.choice("02468")
        if gender == "F"
        else rng.choice("0123456789")
    )
    first17 = f"{ID_REGION_CODES.get(region_code, region_code)}{year:04d}{month:02d}{day:02d}{seq:02d}{gender_digit}"
    return first17 + id_check_char(first17)


def phone_number(rng: random.Random) -> str:
    return (
        rng.choice(("138", "139", "150", "151", "152", "158", "186", "187", "135", "137", "130", "155"))
        + f"{rng.randint(0, 99999999):08d}"
    )


def uscc(rng: random.Random, region_code: str) -> str:
    body = "91" + region_code + "".join(rng.choice(USCC_CHARS) for _ in range(9))
    return body + uscc_check_char(body)
