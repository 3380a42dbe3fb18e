"""Constructed matrices (not coded from real text) for the recommendation tests.

``paper_reading`` mirrors the reference paper's reading of the five documents (Table 1 and its
claims in ../shared/corpus/paper-table1.csv): brain drain recognised everywhere, an explicit
absence of a retention mechanism, instruments only for foreign labour, repatriation and
citizenship, no SDG link, no measurable monitoring. ``equipped`` is a country whose documents
already name every instrument with targets. Quotes are short constructed sentences.
"""

from __future__ import annotations

import datetime as dt

import pytest

from talentflow.analysis.model import Cell, Matrix, Quote
from talentflow.ingest.model import DocumentMeta

CATEGORIES = [
    "brain_drain", "retention", "return", "institutional", "sdg", "education_migration",
    "talent_attraction", "diaspora", "repatriation", "monitoring",
]


def build_matrix(docs: list[tuple[str, dt.date, str]], cells: dict[tuple[str, str], tuple[int, bool, str]]) -> Matrix:
    """docs: (id, date, country); cells: (doc, category) → (level, gap, quote text)."""
    metas = [DocumentMeta(id=i, date=d, country=c) for i, d, c in docs]
    out = {}
    for (doc, cat), (level, gap, text) in cells.items():
        out[(doc, cat)] = Cell(
            level=level, gap=gap, quotes=[Quote(text=text, start=0, end=len(text), level=level, gap=gap, rule="constructed")],
            n_segments=1,
        )
    return Matrix("test-codebook", "0", list(CATEGORIES), metas, out, {i: 0.5 for i, _, _ in docs})


PAPER_DOCS = [
    ("u2007_399", dt.date(2007, 8, 28), "KAZ"),
    ("u2014_732", dt.date(2014, 1, 17), "KAZ"),
    ("p2017_602", dt.date(2017, 9, 29), "KAZ"),
    ("iom2020_profile", dt.date(2020, 1, 1), "KAZ"),
    ("p2022_961", dt.date(2022, 11, 30), "KAZ"),
]
PAPER_CELLS = {
    ("u2007_399", "brain_drain"): (1, False, "Потеря высококвалифицированных кадров остаётся проблемой."),
    ("u2007_399", "retention"): (1, True, "Конкретные меры по удержанию кадров отсутствуют."),
    ("u2007_399", "return"): (3, False, "Упрощённый порядок приёма в гражданство для эмигрантов, родившихся в Казахстане."),
    ("u2007_399", "repatriation"): (3, False, "Квота иммиграции оралманов."),
    ("u2014_732", "brain_drain"): (1, False, "Риск утечки мозгов возрастает."),
    ("u2014_732", "retention"): (1, False, "Человеческий капитал станет стратегическим активом."),
    ("p2017_602", "brain_drain"): (1, False, "Отток квалифицированных кадров за рубеж."),
    ("p2017_602", "retention"): (1, True, "Отсутствует механизм удержания талантов."),
    ("p2017_602", "talent_attraction"): (3, False, "Привлечение иностранной рабочей силы по квоте с учётом потребностей отраслей."),
    ("p2017_602", "repatriation"): (2, False, "Необходимо обеспечить интеграцию этнических казахов."),
    ("p2017_602", "monitoring"): (2, False, "Необходимо совершенствовать учёт миграционных процессов."),
    ("iom2020_profile", "brain_drain"): (1, False, "Эмиграция сопровождается утечкой мозгов."),
    ("iom2020_profile", "education_migration"): (1, False, "Растёт образовательная эмиграция."),
    ("p2022_961", "brain_drain"): (1, False, "Отток квалифицированных кадров усилился."),
    ("p2022_961", "education_migration"): (1, False, "Часть студентов остаётся за рубежом."),
    ("p2022_961", "talent_attraction"): (3, False, "Инвесторская виза и вид на жительство для предпринимателей."),
    ("p2022_961", "repatriation"): (3, False, "Программа «Ата жолы» и принцип «одного окна» для кандасов."),
    ("p2022_961", "institutional"): (3, False, "Программа «Ата жолы» и принцип «одного окна»."),
    ("p2022_961", "diaspora"): (1, False, "Соотечественники за рубежом."),
}

EQUIPPED_DOCS = [("x2024_001", dt.date(2024, 3, 1), "KAZ")]
EQUIPPED_CELLS = {
    ("x2024_001", "brain_drain"): (1, False, "Отток кадров признан проблемой."),
    ("x2024_001", "retention"): (4, False, "Программа грантов на научные исследования, карьерный рост и стипендии молодым учёным; бюджет утверждён до 2027 года."),
    ("x2024_001", "return"): (4, False, "Стипендиаты обязаны отработать пять лет; выплаты подъёмных возвращающимся специалистам; ответственный орган — министерство."),
    ("x2024_001", "institutional"): (4, False, "Программа «Болашак» и сеть научных лабораторий; целевой показатель к 2027 году."),
    ("x2024_001", "sdg"): (4, False, "Индикаторы ЦУР 4, 8 и 9 закреплены за министерством."),
    ("x2024_001", "education_migration"): (4, False, "Реестр студентов за рубежом ведёт уполномоченный орган."),
    ("x2024_001", "talent_attraction"): (4, False, "Научная виза и совместные лаборатории для приглашённых учёных; квота 500 человек к 2027 году."),
    ("x2024_001", "diaspora"): (4, False, "Цифровая платформа диаспоры и программа совместных назначений и обмена учёными; 300 участников к 2027 году."),
    ("x2024_001", "repatriation"): (3, False, "Программа переселения кандасов."),
    ("x2024_001", "monitoring"): (4, False, "Индикаторы: число вернувшихся специалистов, ежегодный отчёт министерства."),
}


@pytest.fixture
def paper_reading() -> Matrix:
    return build_matrix(PAPER_DOCS, PAPER_CELLS)


@pytest.fixture
def equipped() -> Matrix:
    return build_matrix(EQUIPPED_DOCS, EQUIPPED_CELLS)


@pytest.fixture
def matrix_with():
    """Paper reading with some cells replaced: matrix_with({("p2022_961", "sdg"): (2, False, "…")})."""

    def make(changes: dict[tuple[str, str], tuple[int, bool, str]]) -> Matrix:
        return build_matrix(PAPER_DOCS, {**PAPER_CELLS, **changes})

    return make


@pytest.fixture
def build():
    return build_matrix


@pytest.fixture(scope="module")
def practices():
    from talentflow.recommend import load_practices

    return load_practices()


@pytest.fixture(scope="module")
def rules():
    from talentflow.recommend import load_rules

    return load_rules()
