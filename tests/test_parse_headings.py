"""Heading recognition on real heading lines (zhumadian corpus and the samples)."""

from __future__ import annotations

import pytest

from govreport_site.parse.headings import part_number, split_heading, sub_number
from govreport_site.parse.parts import classify
from govreport_site.parse.titleblock import leaf_place
from govreport_site.text import fold


def part_heading(line: str) -> str:
    _, pos, _ = part_number(fold(line))
    k = split_heading(fold(line)[pos:], "part")
    return line[pos : pos + k]


def sub_heading(line: str) -> str:
    _, pos = sub_number(fold(line))
    k = split_heading(fold(line)[pos:], "sub")
    return line[pos : pos + k]


@pytest.mark.parametrize(
    ("line", "heading"),
    [
        ("一、2023年工作回顾", "2023年工作回顾"),
        ("一、2019年工作回顾2019年，在省委、省政府和市委坚强领导下", "2019年工作回顾"),
        ("一、2013年工作回顾过年的一年，面对复杂的经济形势", "2013年工作回顾"),
        (
            "一、2008年政府工作回顾过去的一年，在省委、省政府和市委的坚强领导下",
            "2008年政府工作回顾",
        ),
        (
            "一、“十二五”重大成就及“十三五”主要目标回顾过去的五年，我们走过的历程很不平凡。",
            "“十二五”重大成就及“十三五”主要目标",
        ),
        (
            "二、2002年政府工作的总体要求和目标任务今年我市经济社会发展的形势不容乐观。",
            "2002年政府工作的总体要求和目标任务",
        ),
        (
            "二、2010年政府工作总体要求和奋斗目标?今年是实施“十一五”规划的最后一年。",
            "2010年政府工作总体要求和奋斗目标?",
        ),
        (
            "二、“十五五”时期主要目标任务“十五五”时期在基本实现社会主义现代化进程中",
            "“十五五”时期主要目标任务",
        ),
        (
            "三、2017年政府工作安排五年工作需要一年接着一年干，五年目标需要一年一年去落实。做好今年的政府工作，保持经济较快增长。",
            "2017年政府工作安排",
        ),
        ("三、2024年重点工作安排围绕今年发展目标，重点抓好以下工作：", "2024年重点工作安排"),
        (
            "三、关于“十一五”规划《纲要(草案)》的说明《驻马店市国民经济和社会发展第十一个五年规划纲要》",
            "关于“十一五”规划《纲要(草案)》的说明",
        ),
        (
            "三、切实加强政府自身建设把转变政府职能、强化依法行政、提升能力素质作为政府自身建设的关键，深入开展两转两提。",
            "切实加强政府自身建设",
        ),
        (
            "四、加强政府自身建设，努力改进政府工作全面完成今年的目标任务，实现经济社会的发展必须切实加强自身建设。",
            "加强政府自身建设，努力改进政府工作",
        ),
        (
            "三、加强政府自身建设，不断提高施政水平驻马店作为欠发达市，我们必须坚持把发展作为第一要务",
            "加强政府自身建设，不断提高施政水平",
        ),
        ("二、2022 年工作回顾", "2022 年工作回顾"),
    ],
)
def test_part_heading_cut(line: str, heading: str) -> None:
    assert part_heading(line) == heading


@pytest.mark.parametrize(
    ("line", "heading"),
    [
        ("（一）产业根基更加坚实。农业生产稳步增长。", "产业根基更加坚实。"),
        ("(一) 三次产业做优做强", "三次产业做优做强"),
        (
            "（五）千方百计抓好安全生产，强力推动“平安宝山”建设。我们要以更大力度维护安全稳定。",
            "千方百计抓好安全生产，强力推动“平安宝山”建设。",
        ),
        (
            "（一）着力保持投资较快增长坚持以项目建设为总抓手，通过抓好在建项目、开展招商引资、积极向上争取项目、启动民间投资等，继续扩大投资规模。",
            "着力保持投资较快增长",
        ),
        (
            "（八）聚焦群众关切，不断增进民生福祉持续办实办好惠民实事。坚持精打细算。",
            "聚焦群众关切，不断增进民生福祉",
        ),
        (
            "（八）聚焦改革深化，扩大对外开放，努力实现环境优化新突破持续推动重点领域改革。落实中央经济体制改革任务。",
            "聚焦改革深化，扩大对外开放，努力实现环境优化新突破",
        ),
        ("（二）推进工业优化升级抓好工业结构调整。坚持以产品结构调整为重点。", "推进工业优化升级"),
        # a heading sentence of two phrases is not cut inside (the first three are headings
        # of the 2024 national report, the text after them shortened)
        (
            "（三）深化改革扩大开放，持续改善营商环境。推动经济体制改革。",
            "深化改革扩大开放，持续改善营商环境。",
        ),
        (
            "（一）着力扩大国内需求，推动经济实现良性循环。促进消费稳定增长。",
            "着力扩大国内需求，推动经济实现良性循环。",
        ),
        (
            "（五）扩大高水平对外开放，促进互利共赢。推动外贸质升量稳。",
            "扩大高水平对外开放，促进互利共赢。",
        ),
        (
            "（二）聚焦城市更新，在品质提升上再发力。全年改造老旧小区12个。",
            "聚焦城市更新，在品质提升上再发力。",
        ),
        # 质量提升行动 is one noun: no lead sentence starts at 提升
        (
            "（三）持续开展质量提升行动，推动高质量发展。全年新增省级品牌10个。",
            "持续开展质量提升行动，推动高质量发展。",
        ),
        (
            "（二）深入实施营商环境优化提升“一号改革工程”，持续激发经营主体活力。深化改革。",
            "深入实施营商环境优化提升“一号改革工程”，持续激发经营主体活力。",
        ),
        # 推动经济|持续健康发展: the object's predicate, not a lead sentence
        ("（一）全力推动经济持续健康发展。全年新开工项目300个。", "全力推动经济持续健康发展。"),
        (
            "（三）着力推进乡村全面振兴，加快建设农业强省。粮食产量稳定在800亿斤以上。",
            "着力推进乡村全面振兴，加快建设农业强省。",
        ),
        # …but a lead sentence may start with 持续 (驻马店 2026)
        (
            "（一）着力推进乡村全面振兴持续提升粮食综合生产能力。坚决扛稳粮食安全重任。",
            "着力推进乡村全面振兴",
        ),
        # a subject and its predicate stay together
        ("（二）发展动能不断增强。扎实开展招商引资。", "发展动能不断增强。"),
        (
            "（五）就业和社会保障力度加大，人民生活进一步改善。城镇新增就业人员3946人。",
            "就业和社会保障力度加大，人民生活进一步改善。",
        ),
        (
            "（二）“十五”时期国民经济和社会发展主要情况“十五”是我市改革发展的重要时期。",
            "“十五”时期国民经济和社会发展主要情况",
        ),
    ],
)
def test_subsection_heading_cut(line: str, heading: str) -> None:
    assert sub_heading(line) == heading


@pytest.mark.parametrize(
    "line",
    [
        "一、二、三产业结构，由上年的34.0：39.1:26.9调整为32.5：40.2：27.3。",
        "一是经济总量小，人均水平低。",
        "十分重要的是，我们要坚持稳中求进。",
    ],
)
def test_not_a_part_number(line: str) -> None:
    assert part_number(fold(line)) is None


@pytest.mark.parametrize(
    ("title", "kind"),
    [
        ("2023年工作回顾", "review"),
        ("2020年和“十三五”时期工作回顾", "review"),
        ("2002年工作完成情况", "review"),
        ("“十二五”重大成就及“十三五”主要目标", "review"),
        ("“十四五”时期主要目标任务", "outlook"),
        ("今后五年的总体要求和目标任务", "outlook"),
        ("今后五年奋斗目标和2023年重点工作", "plan"),  # the year's plan and targets in it
        ("今后五年工作总体要求", "outlook"),
        ("建设人民满意的政府", "other"),
        ("今后五年政府工作的总体要求", "outlook"),
        ("关于“十一五”规划《纲要(草案)》的说明", "outlook"),
        ("2024年工作安排", "plan"),
        ("2024年工作总体要求和主要目标", "plan"),
        ("2010年政府工作主要任务", "plan"),
        ("2024年经济社会发展总体要求和政策取向", "plan"),
        ("加强政府自身建设", "other"),
        ("努力提高政府施政能力", "other"),
        ("2007年政府的工作", None),  # the year decides (review in a 2008 report)
        ("大力实施项目带动战略，努力加快“三化”进程", None),
    ],
)
def test_classify(title: str, kind: str | None) -> None:
    assert classify(title) == kind


@pytest.mark.parametrize(
    ("place", "leaf"),
    [
        ("宝山区庙行镇", "庙行镇"),
        ("牡丹江市爱民区", "爱民区"),
        ("驻马店市", "驻马店市"),
        ("区", None),
        ("全市", None),
        ("市中区", "市中区"),
        ("广西壮族自治区", "广西壮族自治区"),
        # 州 and 乡 end many names: before another level they are not a level
        ("苏州市吴中区", "吴中区"),
        ("广州市", "广州市"),
        ("贵州省", "贵州省"),
        ("新乡市", "新乡市"),
        ("北京市通州区", "通州区"),
        ("临汾市乡宁县", "乡宁县"),
        ("济南市市中区", "市中区"),
        ("恩施土家族苗族自治州", "恩施土家族苗族自治州"),
        ("黔东南州凯里市", "凯里市"),
        ("婺城区城东街道", "城东街道"),
        # 市 in a name before 镇/区 (tried when the first split leaves a piece over)
        ("德清县新市镇", "新市镇"),
        ("荆州市沙市区", "沙市区"),
        ("宁波市镇海区", "镇海区"),
        # a zone is named after its city
        ("苏州工业园区", "苏州工业园区"),
        ("郑州经济技术开发区", "郑州经济技术开发区"),
    ],
)
def test_leaf_place(place: str, leaf: str | None) -> None:
    assert leaf_place(place) == leaf


def test_a_zones_report_names_its_zone() -> None:
    """宜昌高新区管委会2024年工作报告, given at a work meeting, not a people's congress."""
    from govreport_site.parse.titleblock import read_title_block

    facts = read_title_block(
        ["宜昌高新区管委会2024年工作报告", "——在宜昌高新区2024年工作会议上", "管委会主任 张勇"],
        ["同志们："],
    )
    assert (facts.region, facts.title_year, facts.speaker) == ("宜昌高新区", 2024, "张勇")
