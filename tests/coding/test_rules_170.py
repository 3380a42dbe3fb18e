"""Rules of codebook 1.7.0 (the level-4 cells of the shipped laws read against the manual), each
with the real sentence it fires on and a near sentence it must not, in ru and kk (en where the
rule applies). The real sentences are paragraphs of the shipped laws
(``talentflow/data/corpus/kaz``, the same texts as ``../shared/corpus/full``), quoted here so
that the tests need neither. A law's list item is coded with its list's opening line, as the
engine reads it in the law (the opening line lends the item its body).
"""

from __future__ import annotations

from talentflow.nlp.tokens import quantities
from tests.coding.sentence_levels import BOOK, check, levels

#: The opening lines of the lists of competences in the Law on Population Migration.
RU_BODY = "Уполномоченный орган по вопросам миграции населения:\n\n"
KK_BODY = "Халықтың көші-қоны мәселелері жөніндегі уәкілетті орган:\n\n"
EN_BODY = "The authorized body on population migration:\n\n"


def test_codebook_version():
    assert BOOK.version == "1.7.0"


# --- 1. A body carrying out a routine step is not a responsible body (R1): level 3, not 4 ----------


def test_approving_a_model_regulation_is_a_routine_step():
    check([
        ("ru", RU_BODY + "9-1) утверждает типовое положение Комиссии по включению в региональную квоту приема кандасов;",
         "repatriation", 3),
        ("kk", KK_BODY + "9-1) Оралмандарды қабылдаудың өңірлік квотасына енгізу жөніндегі комиссияның үлгілік ережесін "
                         "бекітеді;", "repatriation", 3),
        ("en", EN_BODY + "9-1) approves the model regulations of the Commission on inclusion in the regional quota for "
                         "kandas;", "repatriation", 3),
        # near: the body that sets the quota for the coming year is assigned to it (4)
        ("ru", RU_BODY + "4-2) устанавливает региональную квоту приема кандасов и переселенцев на предстоящий год и "
                         "распределяет ее между областями, городами республиканского значения, столицей;",
         "repatriation", 4),
        ("kk", "2. Қазақстан Республикасының Үкіметі оралмандарды қабылдаудың өңірлік квотасын орта мерзімді кезеңге "
               "немесе алдағы жылға белгілейді.", "repatriation", 4),
    ])


def test_considering_complaints_is_a_routine_step():
    check([
        ("ru", RU_BODY + "10) рассматривает жалобы на отказ в присвоении или продлении статуса кандаса;",
         "repatriation", 3),
        ("kk", KK_BODY + "10) оралман мәртебесін беруден немесе ұзартудан бас тартуға арналған шағымдарды қарайды;",
         "repatriation", 3),
        ("en", EN_BODY + "10) considers complaints against refusals to grant or extend kandas status;",
         "repatriation", 3),
        # near: the body assigned to monitor the quota keeps level 4 (monitoring with a body)
        ("ru", RU_BODY + "4-3) проводит мониторинг реализации региональной квоты приема кандасов и переселенцев;",
         "repatriation", 4),
        ("kk", KK_BODY + "4-3) оралмандар мен қоныс аударушыларды қабылдаудың өңірлік квотасын іске асыру мониторингін "
                         "жүргізеді;", "monitoring", 4),
    ])


def test_distributing_a_quota_among_regions_is_a_routine_step():
    check([
        ("kk", KK_BODY + "5) шетелдік жұмыс күшін тартуға квотаны облыстар, республикалық маңызы бар қалалар, астана "
                         "арасында бөледі;", "talent_attraction", 3),
        ("kk", KK_BODY + "4-4) оралмандар мен қоныс аударушыларды қабылдаудың өңірлік квотасын облыстар, республикалық "
                         "маңызы бар қалалар, астана арасында бөледі;", "repatriation", 3),
        ("ru", "Распределение квоты приема кандасов между областями осуществляет уполномоченный орган.",
         "repatriation", 3),
        ("en", "The distribution of kandas quotas among the regions is carried out by the authorized body.",
         "repatriation", 3),
        ("en", "The authorized body sets kandas quotas for the regions.", "repatriation", 4),
        # near: setting the quota (and distributing it) is the body's assignment (4)
        ("ru", RU_BODY + "4) устанавливает квоту на привлечение иностранной рабочей силы и распределяет ее между "
                         "областями, городами республиканского значения, столицей;", "talent_attraction", 4),
    ])


def test_forwarding_information_within_working_days_is_a_routine_step():
    check([
        ("ru", "2) не позднее трех рабочих дней после принятия решения Комиссией направляют информацию в уполномоченный "
               "орган по вопросам миграции населения о согласии на присвоение этническим казахам статуса кандаса и "
               "(или) включение в региональную квоту приема кандасов или об отказе в этом с мотивированным "
               "обоснованием причин.", "repatriation", 3),
        ("kk", "2) Комиссия шешім қабылдағаннан кейін үш жұмыс күнінен кешіктірмей халықтың көші-қоны мәселелері "
               "жөніндегі уәкілетті органға этникалық қазақтарға оралман мәртебесін беруге және (немесе) оларды "
               "оралмандарды қабылдаудың өңірлік квотасына енгізуге келісім беру туралы немесе себептерді уәжді түрде "
               "негіздей отырып одан бас тарту туралы ақпаратты жібереді.", "repatriation", 3),
        ("en", "Within three working days the local executive bodies forward information to the authorized body on the "
               "inclusion of ethnic Kazakhs in the regional quota for kandas.", "repatriation", 3),
        # near: a number stays a measurable value
        ("ru", "Квота приема кандасов на 2026 год установлена в количестве 5000 человек.", "repatriation", 4),
        ("kk", "Оралмандарды қабылдаудың 2026 жылға арналған өңірлік квотасы бекітілсін.", "repatriation", 4),
    ])


def test_awarding_and_grant_decisions_are_routine_steps():
    check([
        ("ru", "2. Присуждение премий и государственных научных стипендий осуществляется уполномоченным органом и "
               "отраслевыми уполномоченными органами в пределах их компетенции в соответствии с законодательством "
               "Республики Казахстан.", "retention", 3),
        ("kk", "2. Сыйлықтар мен мемлекеттік ғылыми стипендиялар беруді Қазақстан Республикасының заңнамасына сәйкес өз "
               "құзыреті шегінде уәкілетті орган мен салалық уәкілетті органдар жүзеге асырады.", "retention", 3),
        ("ru", "6. Решения о грантовом финансировании выносятся национальным научным советом и утверждаются "
               "уполномоченным органом или отраслевым уполномоченным органом, объявившим конкурс.", "retention", 3),
        ("kk", "6. Гранттық қаржыландыру туралы шешімдерді ұлттық ғылыми кеңес шығарады және конкурс жариялаған "
               "уәкілетті орган немесе салалық уәкілетті орган бекітеді.", "retention", 3),
        ("en", "Decisions on research grants for young scientists are made by the national scientific council and "
               "approved by the authorized body that announced the competition.", "retention", 3),
        ("kk", "5. Бағдарламалық-нысаналы қаржыландыруға конкурс жариялаған уәкілетті орган немесе салалық уәкілетті "
               "орган ғылыми, ғылыми-техникалық бағдарламаларды іске асыруға өтінімдерді ұлттық ғылыми кеңестердің "
               "шешімдерімен бірге Жоғары ғылыми-техникалық комиссияға жолдайды.", "retention", 3),
        # near: a ministry assigned to pay the grants, with no routine step, is responsible (4)
        ("ru", "Министерство науки обеспечивает выплату грантов молодым ученым.", "retention", 4),
        ("en", "The authorized body pays research grants to young scientists.", "retention", 4),
        ("kk", "Ғылым министрлігі жас ғалымдарға гранттар төлеуді қамтамасыз етеді.", "retention", 4),
    ])


def test_rules_and_amounts_set_by_the_government_are_a_procedure():
    check([
        ("ru", "Правила назначения и выплаты государственной стипендии, а также ее размеры утверждаются Правительством "
               "Республики Казахстан.", "retention", 3),
        ("ru", "Студенты и магистранты, имеющие по результатам очередной промежуточной аттестации обучающихся только "
               "оценки \"отлично\", имеют право на получение повышенной государственной стипендии, размер которой "
               "определяется Правительством Республики Казахстан.", "retention", 3),
        ("kk", "Мемлекеттік стипендияны тағайындау және төлеу қағидаларын, сондай-ақ оның мөлшерлерін Қазақстан "
               "Республикасының Үкіметі бекітеді.", "retention", 3),
        ("en", "The size of the state stipend for students is approved by the Government.", "retention", 3),
        # near: an amount stays a measurable value
        ("ru", "2) обладателю звания \"Лучший преподаватель вуза\" - государственный грант в размере 2000-кратного "
               "месячного расчетного показателя, направления расходования которого определяются Правительством "
               "Республики Казахстан;", "retention", 4),
    ])


def test_a_limitation_period_is_no_deadline():
    check([
        ("ru", "17-5. На требования поверенного агента уполномоченного органа в области образования по возмещению "
               "расходов бюджетных средств в случае неисполнения молодыми специалистами обязанности по отработке, "
               "предусмотренной пунктом 17 настоящей статьи, исковая давность не распространяется.", "retention", 3),
        ("kk", "Уәкілетті органның сенім білдірілген агентінің жас мамандар еңбекпен өтеу міндетін орындамаған жағдайда "
               "бюджет қаражатын өтеу туралы талаптарына талап қоюдың ескіру мерзімі қолданылмайды.", "retention", 3),
        ("en", "The limitation period does not apply to claims of the authorized body for reimbursement of the "
               "education grant when young specialists fail to work off.", "retention", 3),
        # near: without the limitation period the body enforcing the work-off is assigned to it
        ("ru", "Поверенный агент уполномоченного органа в области образования взыскивает расходы бюджетных средств в "
               "случае неисполнения молодыми специалистами обязанности по отработке.", "retention", 4),
    ])


def test_a_kazakh_article_number_is_a_reference_not_a_quantity():
    text = ("4. Этникалық қазақтарға оралман мәртебесін беруге және (немесе) оларды оралмандарды қабылдаудың өңірлік "
            "квотасына енгізуге келісім үміткерлер осы Заңның 1-бабының 13) тармақшасында белгіленген шарттарға сай "
            "келген кезде беріледі.")
    check([
        ("kk", text, "repatriation", 3),
        ("kk", "2. Қазақстан Республикасының аумағында тұратын оралмандар жергілікті атқарушы органдарға өздерінің "
               "отбасы мүшелерін оралмандарды қабылдаудың өңірлік квотасына енгізу туралы өтініш бере алады және "
               "олардың осы Заңның 21-бабында белгіленген тәртіппен оған енгізілуге құқығы болады.", "repatriation", 3),
        # near: a count in Kazakh stays a quantity
        ("kk", "Оралмандарды қабылдаудың өңірлік квотасы 5000 отбасы болып белгіленді.", "repatriation", 4),
    ])
    norm = "осы заңның 21-бабында, 7-тарауда және 3-тармақта; 527 грант"
    found = [norm[s:e] for s, e in quantities(norm, 0, len(norm))]
    assert found == ["527"]


def test_an_authorized_body_is_no_research_abstract():
    check([
        ("en", "The authorized body sets kandas quotas for the regions.", "repatriation", 4),
        # near: what the authors of a study conclude is still a mention
        ("en", "The authors conclude that research grants for young scientists are effective.", "retention", 1),
    ])


# --- 2. The period a document covers is not a deadline ---------------------------------------------


def test_the_period_of_a_concept_is_no_deadline():
    check([
        ("ru", "Об утверждении Концепции миграционной политики Республики Казахстан на 2023 – 2027 годы",
         "institutional", 3),
        ("ru", "1. Утвердить прилагаемую Концепцию миграционной политики Республики Казахстан на 2023 – 2027 годы "
               "(далее – Концепция).", "institutional", 3),
        ("kk", "Қоса беріліп отырған Қазақстан Республикасының 2023 – 2027 жылдарға арналған көші-қон саясатының "
               "тұжырымдамасы бекітілсін.", "institutional", 3),
        ("en", "The Concept of Migration Policy of the Republic of Kazakhstan for 2023 – 2027 was approved.",
         "institutional", 3),
        # near: a quota for one year is a target (4)
        ("ru", "Утвердить региональную квоту приема кандасов на 2026 год.", "repatriation", 4),
        ("kk", "Оралмандарды қабылдаудың 2026 жылға арналған өңірлік квотасы бекітілсін.", "repatriation", 4),
    ])


# --- 3. The definition of the Bolashak scholarship is an instrument -----------------------------------


def test_the_definition_of_bolashak_is_an_instrument():
    ru = ("7) международная стипендия \"Болашак\" – стипендия, учреждаемая Президентом Республики Казахстан для обучения "
          "граждан Республики Казахстан в ведущих зарубежных организациях высшего и (или) послевузовского "
          "образованияпо очной форме обучения или прохождения стажировки в зарубежных организациях работниками, "
          "категории которых определяются Республиканской комиссией по подготовке кадров за рубежом;")
    # the Kazakh wording of the same definition (the Kazakh text of the Law on Education is not in the corpus)
    kk = ("7) «Болашақ» халықаралық стипендиясы – Қазақстан Республикасы азаматтарын шетелдің жетекші жоғары оқу "
          "орындарында күндізгі оқу нысаны бойынша оқыту үшін Қазақстан Республикасының Президенті белгілеген "
          "стипендия;")
    check([
        ("ru", ru, "institutional", 3), ("ru", ru, "education_migration", 3), ("ru", ru, "retention", 0),
        ("kk", kk, "institutional", 3), ("kk", kk, "education_migration", 3), ("kk", kk, "retention", 0),
        # near: a definition of people stays a mention; a generic presidential stipend needs a context
        ("ru", "13) кандас – этнический казах и (или) его дети казахской национальности, ранее не состоявшие в "
               "гражданстве Республики Казахстан, прибывшие в Республику Казахстан;", "repatriation", 1),
        ("ru", "Стипендия Президента назначается студентам колледжей.", "institutional", 0),
    ])


# --- 4. Pay in the law's own units (monthly calculation indices, minimum wages) ------------------------


def test_pay_in_monthly_calculation_indices_is_retention():
    check([
        ("ru", "за степень доктора философии (PhD), доктора по профилю в размере 17-кратного месячного расчетного "
               "показателя, установленного законом о республиканском бюджете и действующего на 1 января "
               "соответствующего финансового года;", "retention", 4),
        ("ru", "за ученую степень кандидата наук в размере 17-кратного месячного расчетного показателя, доктора наук в "
               "размере 34-кратного месячного расчетного показателя, установленных законом о республиканском бюджете и "
               "действующих на 1 января соответствующего финансового года.", "retention", 4),
        ("kk", "2. Ғылыми-зерттеу және тәжірибелік-конструкторлық жұмыстарға арналған мемлекеттік тапсырманы немесе "
               "мемлекеттік тапсырысты орындайтын ғылыми қызметкерлерге ғылыми дәрежелері, дәрежелері үшін ғылым "
               "кандидатына, философия докторына (PhD), бейіні бойынша докторға республикалық бюджет туралы заңда "
               "белгіленген және тиісті қаржы жылының 1 қаңтарына қолданыста болатын айлық есептік көрсеткіштің 17 "
               "еселенген мөлшерінде, ғылым докторына республикалық бюджет туралы заңда белгіленген және тиісті қаржы "
               "жылының 1 қаңтарына қолданыста болатын айлық есептік көрсеткіштің 34 еселенген мөлшерінде мемлекеттік "
               "бюджеттен ай сайын қосымша ақы белгіленеді.", "retention", 4),
        ("kk", "5) республикалық бюджет туралы заңда белгіленген және тиісті қаржы жылының 1 қаңтарында қолданыста "
               "болатын айлық есептік көрсеткіштің 2000 еселенген мөлшеріндегі «Үздік ғылыми қызметкер» жыл сайынғы "
               "сыйлығын алуға ұсынылуы мүмкін.", "retention", 4),
        ("en", "A supplement of 17 monthly calculation indices is paid for the PhD degree.", "retention", 4),
        # the amount written in words, in minimum wages (the Russian text of the Law on Science)
        ("ru", "2. Научным работникам, выполняющим государственное задание или государственный заказ на "
               "научно-исследовательские и опытно-конструкторские работы, из государственного бюджета устанавливается "
               "ежемесячная доплата за ученые степени в размере одной месячной минимальной заработной платы для "
               "кандидата наук, доктора философии (PhD), доктора по профилю и двух месячных минимальных заработных "
               "плат для доктора наук.", "retention", 4),
        # near: a fine in the same units is no pay
        ("ru", "за нарушение правил регистрации иммигрантов налагается штраф в размере 10 месячных расчетных "
               "показателей;", "retention", 0),
        ("kk", "тіркеу қағидаларын бұзғаны үшін айлық есептік көрсеткіштің 10 еселенген мөлшерінде айыппұл салынады.",
         "retention", 0),
        ("en", "A fine of 10 monthly calculation indices is imposed for breaking the registration rules.",
         "retention", 0),
    ])


def test_a_degree_alone_is_no_pay():
    assert levels("16) утверждение порядка государственной регистрации диссертаций, защищенных на соискание ученой "
                  "степени доктора философии (PhD), доктора по профилю;", "ru")["retention"] == 0
