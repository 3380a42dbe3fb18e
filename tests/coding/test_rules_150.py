"""Rules of codebook 1.5.0 (issue 9, third round), each in ru, kk and en: a sentence it fires on
and one it must not. The first sentence of each rule is a real passage of the development set
(laws and press of ``../shared/corpus``, quoted here so that the tests need neither); the others
say the same thing in the other languages. The new frames' own examples are checked by
``test_frames.py``."""

from __future__ import annotations

import pytest

from tests.coding.sentence_levels import check, levels

# --- precision: routine administration of foreign workers is no talent attraction ------------

def test_routine_visas_and_permits_of_foreign_workers_are_not_talent_attraction():
    check([
        ("ru", "1. Визы на въезд иностранным работникам выдаются Министерством иностранных дел Республики Казахстан "
               "и загранучреждениями Республики Казахстан по согласованию с органами национальной безопасности на "
               "основании и на срок действия разрешения, выданного иностранному работнику на трудоустройство или "
               "работодателю на привлечение иностранной рабочей силы, в том числе в рамках внутрикорпоративного "
               "перевода.", "talent_attraction", 0),
        ("kk", "3. Еңбекші көшіп келушіге рұқсатты беру, ұзарту және кері қайтарып алу тәртібін, сондай-ақ еңбекші "
               "көшіп келушілерді тіркеу, дакто-, фото есепке алуды қалыптастыру және жүргізу тәртібін Қазақстан "
               "Республикасы Ішкі істер министрлігі айқындайды.", "talent_attraction", 0),
        ("en", "Visas for foreign workers are issued by the Ministry of Foreign Affairs on the basis of the permit "
               "issued to the employer.", "talent_attraction", 0),
    ])


def test_a_quota_for_foreign_labour_is_talent_attraction():
    check([
        ("kk", "Биыл шетелдік жұмыс күшін тартуға арналған квота 16 процентке қысқарады, деп хабарлады еңбек және "
               "халықты әлеуметтік қорғау министрлігі.", "talent_attraction", 4),
        ("ru", "Квота на привлечение иностранной рабочей силы в этом году сокращается на 16 процентов.",
         "talent_attraction", 4),
        ("en", "The quota for foreign labour will be cut by 16 percent this year.", "talent_attraction", 4),
    ])


def test_qualified_labour_is_talent_by_its_name():
    check([
        ("ru", "Политика направлена на планомерное привлечение квалифицированной рабочей силы.", "talent_attraction", 2),
        ("kk", "Саясат білікті жұмыс күшін жоспарлы тартуға бағытталған.", "talent_attraction", 2),
        ("en", "The policy aims to attract skilled labour.", "talent_attraction", 2),
        ("ru", "Политика направлена на планомерное привлечение рабочей силы в сельское хозяйство.",
         "talent_attraction", 0),
    ])


def test_an_intra_corporate_transfer_of_a_specialist_is_an_instrument_not_a_definition():
    check([
        ("kk", "6-1) корпоративішілік ауыстыру – Қазақстан Республикасының аумағынан тыс жерде орналасқан заңды "
               "тұлғада басшы, менеджер немесе маман лауазымында еңбек қызметін жүзеге асыратын шетелдікті осы "
               "заңды тұлғаның филиалдарына үш жылдан аспайтын мерзімге уақытша ауыстыру;", "talent_attraction", 3),
        ("ru", "6-1) внутрикорпоративный перевод – временный перевод иностранца, занимающего должность "
               "руководителя, менеджера или специалиста, в филиал юридического лица на срок не более трех лет;",
         "talent_attraction", 3),
        ("en", "Intra-corporate transfer means the temporary transfer of a manager or specialist to a branch for up "
               "to three years.", "talent_attraction", 3),
        # without qualified people the transfer is a routine procedure
        ("ru", "2. Иностранные работники, переведенные в рамках внутрикорпоративного перевода, обязаны выехать из "
               "страны после завершения срока, указанного в трудовом договоре.", "talent_attraction", 0),
    ])


# --- statistics: counts of what was issued or found are level 1 or no target ------------------

def test_counts_of_permits_already_issued_are_statistics():
    check([
        ("en", "Since February 1, 2024, 785 foreign labour permits have been issued for workers in various sectors "
               "including construction, mining and agriculture from China, Turkey, India and Uzbekistan. In "
               "addition, 14,600 foreign labour permits were issued at the beginning of 2024 for skilled "
               "professionals.", "talent_attraction", 1),
        ("ru", "С начала 2024 года квалифицированным специалистам было выдано 14 600 разрешений на привлечение "
               "иностранной рабочей силы.", "talent_attraction", 1),
        ("kk", "2024 жылдың басында білікті мамандарға шетелдік жұмыс күшін тартуға 14 600 рұқсат берілді.",
         "talent_attraction", 1),
        # a quota being set is a policy, not a report
        ("en", "A quota of 14,600 foreign labour permits for skilled professionals is set for 2024.",
         "talent_attraction", 4),
    ])


def test_findings_of_a_survey_are_no_target_of_the_tool():
    check([
        ("en", "Results of the Baseline Assessment show that 668,422 migrant workers were present in Kazakhstan at "
               "the moment of data collection.", "monitoring", 3),
        ("ru", "Результаты опроса мигрантов показали, что в стране находятся 668 422 трудовых мигранта.",
         "monitoring", 3),
        ("kk", "Көшіп келушілер арасындағы сауалнама көрсеткендей, елде 668 422 еңбек мигранты бар.",
         "monitoring", 3),
        # a survey with its own size is an instrument with a value
        ("en", "A survey of 5,000 migrant workers will be conducted.", "monitoring", 4),
    ])


def test_a_research_abstract_describes_and_does_not_establish():
    check([
        ("en", "The authors concludes that there are significant contradictions between the legal order of "
               "government action and the actual results achieved during the implementation of the repatriation "
               "program.", "repatriation", 1),
        ("ru", "Авторы статьи приходят к выводу о противоречиях между действиями правительства и результатами "
               "программы репатриации.", "repatriation", 1),
        ("kk", "Мақалада үкімет әрекеті мен репатриация бағдарламасының нәтижелері арасындағы қайшылықтар "
               "қарастырылады.", "repatriation", 1),
        ("en", "The government implements the repatriation program.", "repatriation", 4),
    ])


# --- recall: law provisions that are instruments without the category's words -----------------

def test_pay_of_teachers_and_education_staff_is_retention():
    check([
        ("ru", "6) установление должностных окладов (ставок), доплат, надбавок и иных стимулирующих выплат "
               "работникам в государственных организациях образования в пределах собственных финансовых средств "
               "в порядке, установленном законодательством Республики Казахстан;", "retention", 3),
        ("kk", "Мемлекеттік білім беру ұйымдарының қызметкерлеріне лауазымдық айлықақылар мен үстемақылар "
               "белгіленеді.", "retention", 3),
        ("en", "Official salaries and bonuses of teachers in state schools are set by law.", "retention", 3),
        ("ru", "Установление должностных окладов работникам банков второго уровня.", "retention", 0),
        ("kk", "Банк қызметкерлеріне лауазымдық айлықақылар белгіленеді.", "retention", 0),
        ("en", "Official salaries of bank employees are set by law.", "retention", 0),
    ])


def test_the_right_to_compete_for_research_projects_is_retention():
    check([
        ("kk", "2. Жоғары оқу орындарының, сондай-ақ олардың ғылыми қызметкерлерінің мемлекеттік бюджеттен "
               "қаржыландырылатын ғылыми, ғылыми-техникалық жобалар мен бағдарламалар конкурстарына қатысуға тең "
               "құқығы бар.", "retention", 3),
        ("ru", "Научные работники вузов имеют равное право участвовать в конкурсах научных проектов.",
         "retention", 3),
        ("en", "Researchers of universities may take part in research project competitions.", "retention", 3),
        ("kk", "Бюджет қаражатынан қаржыландырылатын ғылыми жобалардың орындалуы жөніндегі есептер "
               "интернет-ресурстарда орналастырылады.", "retention", 0),
    ])


def test_pay_of_foreign_scientists_is_attraction_not_retention():
    text = ("3. Ғылыми зерттеулерді Қазақстан Республикасының аумағында аккредиттелген ғылыми ұйымдармен бірлесіп "
            "орындайтын шетелдік ғалымдарға, сондай-ақ өз қызметін шетелде жүзеге асыратын қазақстандық ғалымдарға "
            "еңбекақы төлеу олардың біліктілігі ескеріле отырып, шарт негізінде жүзеге асырылады.")
    got = levels(text, "kk")
    assert got["talent_attraction"] == 3 and got["retention"] == 0
    got = levels("Оплата труда иностранных ученых, выполняющих исследования совместно с научными организациями, "
                 "осуществляется на основе договора.", "ru")
    assert got["talent_attraction"] == 3 and got["retention"] == 0
    got = levels("The salaries of foreign scientists who conduct research with Kazakh institutes are paid under a "
                 "contract.", "en")
    assert got["talent_attraction"] == 3 and got["retention"] == 0


def test_databases_of_foreign_workers_and_visas_are_monitoring_tools():
    check([
        ("kk", "4) шетелдіктердің және азаматтығы жоқ адамдардың келуіне визалар беру есебінің бірыңғай дерекқорын "
               "қалыптастырады, мәліметтердің жүйелі түрде жаңартылуын қамтамасыз етеді;", "monitoring", 3),
        ("ru", "4) формирует единую базу данных учета выдачи виз иностранцам;", "monitoring", 3),
        ("en", "The ministry maintains a database of visas issued to foreigners.", "monitoring", 4),
        ("kk", "5-1) шетелдік жұмыскерлердің орталықтандырылған дерекқорын қалыптастырады;", "monitoring", 3),
        ("ru", "Формирует централизованную базу данных иностранных работников.", "monitoring", 3),
        ("en", "A central database of foreign workers is kept.", "monitoring", 3),
        ("en", "Période couverte\nOct 01 2022\nDec 31 2022\n  • Survey\n  • Flow Monitoring Survey\n  • Flow "
               "Monitoring\n  • Mobility Tracking", "monitoring", 3),
    ])
    check([
        ("kk", "5-1) шетелдік жұмыскерлердің орталықтандырылған дерекқорын қалыптастырады;", "talent_attraction", 0),
        ("ru", "Формирует базу данных учебников.", "monitoring", 0),
    ])


def test_identifying_risks_of_migration_is_analysis():
    check([
        ("en", "Identification of risks and consequences of external migration for socio-economic development.",
         "monitoring", 1),
        ("ru", "Выявление рисков внешней миграции для социально-экономического развития.", "monitoring", 1),
        ("kk", "Сыртқы көші-қонның тәуекелдерін анықтау.", "monitoring", 1),
        ("en", "Identification of risks for socio-economic development.", "monitoring", 0),
    ])


def test_adaptation_centres_and_employment_help_for_co_ethnics_are_instruments():
    check([
        ("kk", "9) оралмандарды бейімдеу және интеграциялау орталықтарын, уақытша орналастыру орталықтарын құрады "
               "және олардың қызметін ұйымдастырады;", "repatriation", 3),
        ("ru", "9) создает центры адаптации и интеграции кандасов;", "repatriation", 3),
        ("en", "9) establishes adaptation centres for kandas;", "repatriation", 3),
        ("kk", "2) халықтың нысаналы топтарына жататын оралмандарға жұмысқа орналасуға, кәсiптiк даярлықтан "
               "өтуге, қайта даярлаудан өтуге және бiлiктiлiгiн арттыруға жәрдем көрсетедi;", "repatriation", 3),
        ("ru", "2) оказывает кандасам содействие в трудоустройстве и профессиональное обучение;", "repatriation", 3),
        ("en", "2) provides kandas with employment assistance and vocational training;", "repatriation", 3),
        ("ru", "2) кандасы прибывают в регионы;", "repatriation", 1),
    ])


def test_scientific_internships_are_programmes_for_scientists_not_education_migration():
    text = ("Ғылыми тағылымдамалар бағдарламасының мемлекеттік тапсырысшысы Қазақстан Республикасының Ғылым және "
            "жоғары білім министрлігі болып табылады.")
    assert levels(text, "kk")["institutional"] == 4
    assert levels("Государственным заказчиком программы научных стажировок является Министерство науки.",
                  "ru")["institutional"] == 4
    assert levels("The Ministry of Science is the customer of the programme of research internships.",
                  "en")["institutional"] == 4
    check([
        ("kk", "Ғалымдар үшін тағылымдама жетекші шетелдік жоғары және жоғары оқу орнынан кейінгі білім беру "
               "ұйымдарында ғылыми кадрлардың біліктілігін арттыруға бағытталған.", "education_migration", 0),
        ("ru", "Научная стажировка ученых в зарубежных вузах направлена на повышение квалификации.",
         "education_migration", 0),
        ("en", "Research internships at foreign universities aim to raise the qualification of scientists.",
         "education_migration", 0),
        ("en", "Students at foreign universities aim to return.", "education_migration", 2),
    ])


def test_privileges_for_professions_on_a_list_are_talent_attraction():
    check([
        ("en", "The list of professions that qualify for such privileges will be revised according to proposals "
               "from the Ministries of Health; Culture and Sports; Digital Development, and Aerospace.",
         "talent_attraction", 3),
        ("ru", "Перечень профессий, дающих право на льготы при получении вида на жительство, будет пересмотрен.",
         "talent_attraction", 3),
        ("kk", "Жеңілдіктерге құқық беретін кәсіптер тізбесі қайта қаралады.", "talent_attraction", 3),
        ("ru", "Льготы по налогу на имущество будут пересмотрены.", "talent_attraction", 0),
    ])


def test_a_quota_for_a_year_is_a_target_in_kazakh():
    text = ("Еңбек және халықты әлеуметтік қорғау министрінің міндетін атқарушы 2026 жылға арналған қандастарды "
            "қабылдаудың өңірлік квоталарын айқындайтын бұйрыққа қол қойды.")
    assert levels(text, "kk")["repatriation"] == 4
    assert levels("Министр подписал приказ о региональной квоте приема кандасов на 2026 год.", "ru")["repatriation"] == 4
    assert levels("The minister signed an order on the regional quota of kandas by 2026.", "en")["repatriation"] == 4
    text = "Министр қандастарды қабылдаудың өңірлік квоталарын айқындайтын бұйрыққа қол қойды."
    assert levels(text, "kk")["repatriation"] == 3


def test_a_bare_budget_is_no_target_in_kazakh_either():
    text = ("ғылыми және (немесе) ғылыми-техникалық қызмет нәтижелерін коммерцияландыру жобаларын тиісті қаржы "
            "жылына арналып бекітілген бюджет шеңберінде мемлекеттік бюджет есебінен гранттық және "
            "бағдарламалық-нысаналы қаржыландыру туралы шешімдер қабылдайды.")
    assert levels(text, "kk")["retention"] == 3
    assert levels("принимает решения о грантовом финансировании научных исследований в пределах бюджета.",
                  "ru")["retention"] == 3
    assert levels("decides on grant funding of research within the approved budget.", "en")["retention"] == 3


def test_ties_with_co_ethnics_abroad_are_diaspora_not_repatriation():
    text = ("8) шетелде тұратын бұрынғы отандастармен және этникалық қазақтармен өзара қарым-қатынасты, оның ішінде "
            "мәдени ынтымақтастық пен ақпараттық қамтамасыз ету саласындағы өзара қарым-қатынасты қолдау және "
            "дамыту;")
    got = levels(text, "kk")
    assert got["repatriation"] == 0 and got["diaspora"] >= 1
    got = levels("8) поддержка и развитие взаимоотношений с соотечественниками и этническими казахами, "
                 "проживающими за рубежом;", "ru")
    assert got["repatriation"] == 0 and got["diaspora"] >= 1
    assert levels("8) supporting relations with ethnic Kazakhs living abroad;", "en")["repatriation"] == 0
    # without the ties, co-ethnics resettling are repatriation
    assert levels("Этникалық қазақтар солтүстік өңірлерге қоныстанады.", "kk")["repatriation"] >= 1
    assert levels("Этнические казахи переселяются в северные регионы.", "ru")["repatriation"] >= 1
    assert levels("Ethnic Kazakhs resettle in the northern regions.", "en")["repatriation"] >= 1


@pytest.mark.parametrize("lang,text", [
    ("en", "2022 VNR provides the information on progress in achieving the SDGs."),
])
def test_the_abbreviated_voluntary_national_review_is_an_sdg_instrument(lang: str, text: str):
    assert levels(text, lang)["sdg"] >= 3


def test_a_strategy_on_migration_is_a_programme():
    check([
        ("en", "\"All three strategies are interdependent and will constitute a substantive basis for regulating "
               "external, internal and ethnic migration, ensuring the systematic nature of migration policy,\" "
               "T. Duissenova noted.", "institutional", 3),
        ("ru", "Стратегия регулирования внешней миграции утверждена.", "institutional", 3),
        ("kk", "Сыртқы көші-қонды реттеу стратегиясы бекітілді.", "institutional", 3),
        ("ru", "Стратегия развития туризма утверждена.", "institutional", 0),
    ])


def test_qualified_people_arriving_is_brain_gain_mentioned():
    check([
        ("en", "According to Duissenova, more foreign citizens arrive with technical (1,443 people), economics "
               "(577 people), pedagogical (288 people), and medical education (191 people).", "talent_attraction", 1),
        ("ru", "По словам министра, в страну прибывает больше иностранцев с техническим образованием.",
         "talent_attraction", 1),
        ("kk", "Министрдің айтуынша, елге техникалық білімі бар шетелдіктер көбірек көшіп келеді.",
         "talent_attraction", 1),
        ("kk", "Елге жоғары білімі бар қандастар көшіп келді.", "talent_attraction", 0),  # co-ethnics: repatriation
    ])
