"""Rules of codebook 1.6.0 (issue 9, fourth round: law wording that generalises), each in ru, kk
and en: a sentence it fires on and one it must not. The first sentence of a rule is a real
paragraph of the laws in ``../shared/corpus/full`` or of the development set (quoted here so that
the tests need neither); the others say the same thing in the other languages. The new frames'
own examples are checked by ``test_frames.py``."""

from __future__ import annotations

from tests.coding.sentence_levels import check


def test_stipends_and_education_grants_for_students_are_retention():
    check([
        ("ru", "Именные стипендии, учреждаемые физическими и юридическими лицами, назначаются обучающимся по очной "
               "форме обучения в организациях технического и профессионального, послесреднего, высшего и (или) "
               "послевузовского образования.", "retention", 3),
        ("ru", "5) утверждает правила присуждения образовательного гранта для оплаты высшего или послевузовского "
               "образования с присуждением степени «бакалавр» или «магистр;", "retention", 3),
        ("kk", "Білім алушыларға мемлекеттік шәкіртақы төленеді.", "retention", 3),
        ("en", "A state stipend is paid to students who study full-time.", "retention", 3),
        # students' professional practice is training, not money for a person
        ("ru", "8) разрабатывает и утверждает правила организации и прохождения профессиональной практики и "
               "стажировки обучающимися в Академии правосудия;", "retention", 0),
        ("kk", "Білім алушылар кәсіптік практикадан өтеді.", "retention", 0),
        ("en", "Students complete their professional practice at enterprises.", "retention", 0),
    ])


def test_money_for_organisations_is_not_retention():
    check([
        ("ru", "1. Базовое финансирование выделяется государственным научным организациям и научным организациям, "
               "приравненным к государственным, государственным высшим учебным заведениям.", "retention", 0),
        ("kk", "1. Базалық қаржыландыру уәкілетті органда аккредиттелген ғылыми ұйымдарға бөлінеді.", "retention", 0),
        ("en", "Base funding is allocated to state scientific organisations.", "retention", 0),
        ("ru", "Молодым ученым выплачивается надбавка к заработной плате.", "retention", 3),
    ])


def test_grants_for_co_ethnics_are_repatriation_and_study_not_retention():
    text = ("2) выделяет этническим казахам и кандасам образовательные гранты в соответствии с установленной "
            "Правительством Республики Казахстан квотой для поступления на учебу в организации образования;")
    check([
        ("ru", text, "retention", 0), ("ru", text, "repatriation", 3), ("ru", text, "education_migration", 3),
        ("kk", "Этникалық қазақтар мен қандастарға білім беру гранттарын бөледі.", "retention", 0),
        ("kk", "Этникалық қазақтар мен қандастарға білім беру гранттарын бөледі.", "education_migration", 3),
        ("en", "Education grants are allocated to ethnic Kazakhs and kandas.", "retention", 0),
        ("en", "Education grants are allocated to ethnic Kazakhs and kandas.", "education_migration", 3),
    ])


def test_persons_of_kazakh_nationality_are_co_ethnics():
    check([
        ("en", "– right for education within the quotas for admission to educational institutions of technical and "
               "vocational, post-secondary and higher education (the quota for persons of Kazakh nationality who are "
               "not citizens of the Republic of Kazakhstan is set at 4%);", "repatriation", 4),
        ("en", "– right for education within the quotas for admission to educational institutions of technical and "
               "vocational, post-secondary and higher education (the quota for persons of Kazakh nationality who are "
               "not citizens of the Republic of Kazakhstan is set at 4%);", "education_migration", 4),
        ("ru", "Лицо казахской национальности вправе обратиться с ходатайством о приеме в гражданство.",
         "repatriation", 1),
        ("en", "Persons of any nationality may apply for a residence permit.", "repatriation", 0),
    ])


def test_teachers_benefits_are_retention():
    check([
        ("ru", "2-2. Педагогам, осуществляющим профессиональную деятельность в организациях высшего и (или) "
               "послевузовского образования, работающим в сельской местности, имеющим скот в личной собственности, "
               "предоставляются корма, земельные участки для пастьбы скота и сенокошения по решению местных "
               "представительных и исполнительных органов.", "retention", 3),
        ("kk", "Ауылдық жерде жұмыс істейтін педагогтерге жер учаскелері беріледі.", "retention", 3),
        ("en", "Teachers working in rural areas receive land plots and social support.", "retention", 3),
        ("ru", "Фермерам предоставляются земельные участки для пастьбы скота.", "retention", 0),
    ])


def test_a_body_carrying_out_a_routine_step_makes_no_level_4():
    check([
        ("ru", "2. Кандасы, проживающие на территории Республики Казахстан, могут обратиться в местные исполнительные "
               "органы с заявлением о включении членов их семей в региональную квоту приема кандасов и имеют право на "
               "включение в нее в порядке, установленном статьей 21 настоящего Закона.", "repatriation", 3),
        ("kk", "2. Қазақстан Республикасының аумағында тұратын оралмандар жергілікті атқарушы органдарға өздерінің "
               "отбасы мүшелерін оралмандарды қабылдаудың өңірлік квотасына енгізу туралы өтініш бере алады.",
         "repatriation", 3),
        ("en", "Kandas may submit applications to the local executive bodies for inclusion in the regional quota.",
         "repatriation", 3),
        # a number stays a measurable value
        ("ru", "Квота приема кандасов на 2026 год установлена в количестве 5000 человек.", "repatriation", 4),
    ])


def test_a_quarantine_in_an_adaptation_centre_is_no_repatriation_instrument():
    check([
        ("ru", "4) вводит ограничительные мероприятия, в том числе карантин в центрах адаптации и интеграции кандасов, "
               "центрах временного размещения, в порядке, установленном законодательством Республики Казахстан;",
         "repatriation", 0),
        ("kk", "4) оралмандарды бейімдеу және ықпалдастыру орталықтарында карантинді қоса алғанда, шектеу "
               "іс-шараларын енгізеді;", "repatriation", 0),
        ("en", "introduces restrictive measures, including quarantine in adaptation and integration centres for kandas;",
         "repatriation", 0),
        ("ru", "Кандасы размещаются в центрах адаптации и интеграции кандасов.", "repatriation", 3),
    ])


def test_the_definition_of_a_visa_is_no_monitoring_tool():
    check([
        ("ru", "3) разрешение на въезд и выезд (далее - виза) - отметка уполномоченных на то государственных органов "
               "Республики Казахстан в паспорте мигранта или заменяющем его документе либо отметка уполномоченных на "
               "то государственных органов Республики Казахстан в информационной системе, которая дает право на въезд "
               "на территорию Республики Казахстан;", "monitoring", 0),
        ("kk", "виза – мигранттың паспортындағы немесе ақпараттық жүйедегі белгі, ол Қазақстан Республикасына келуге "
               "құқық береді;", "monitoring", 0),
        ("en", "a visa is a mark in the migrant's passport or in the information system that gives the right to enter "
               "Kazakhstan;", "monitoring", 0),
        ("ru", "Формирует единую базу данных учета въезда и выезда иностранцев.", "monitoring", 3),
    ])


def test_monitoring_of_the_scientific_potential_is_monitoring():
    check([
        ("kk", "1. Іске асырылатын ғылыми, ғылыми-техникалық жобалар мен бағдарламаларды және ғылыми және (немесе) "
               "ғылыми-техникалық қызмет туралы есептерді мемлекеттік есепке алу ғылыми-техникалық ақпараттың ұлттық "
               "ресурсын қалыптастыру және Қазақстан Республикасының ғылыми-техникалық әлеуеті серпініне мониторинг "
               "жүргізу мақсатында жүзеге асырылады.", "monitoring", 3),
        # (the hyphenated "научно-технического потенциала" is not yet matched: left to the matching work)
        ("ru", "национальный доклад по науке - ежегодный отчет, содержащий анализ научного потенциала Республики "
               "Казахстан;", "monitoring", 3),
        ("en", "The national report on science analyses the scientific and technical potential of the country.",
         "monitoring", 3),
        # a register of research projects alone tracks no people
        ("ru", "Государственный учет научных проектов ведется уполномоченным органом.", "monitoring", 0),
    ])


def test_pay_for_own_scientists_abroad_is_diaspora():
    check([
        ("ru", "3. Оплата труда зарубежным ученым, а также казахстанским ученым, осуществляющим свою деятельность за "
               "рубежом, выполняющим научные исследования совместно с аккредитованными научными организациями, "
               "производится с учетом их квалификации на договорной основе.", "diaspora", 3),
        ("kk", "3. Ғылыми зерттеулерді ғылыми ұйымдармен бірлесіп орындайтын шетелдік ғалымдарға, сондай-ақ өз қызметін "
               "шетелде жүзеге асыратын қазақстандық ғалымдарға еңбекақы төлеу шарт негізінде жүзеге асырылады.",
         "diaspora", 3),
        ("en", "Remuneration of Kazakhstani scientists working abroad is paid under a contract.", "diaspora", 3),
        ("ru", "Оплата труда казахстанских ученых производится на договорной основе.", "diaspora", 0),
    ])


def test_a_waiver_for_people_who_left_and_came_back_is_return():
    check([
        ("ru", "Наличие условий, предусмотренных в абзаце первом настоящего подпункта, не требуется при приеме в "
               "гражданство Республики Казахстан несовершеннолетних, недееспособных и лиц, которые имеют особые заслуги "
               "перед Республикой Казахстан, а также лиц покинувших территорию Казахстана, и их потомков, если они "
               "возвратились для постоянного проживания в Республику Казахстан как на историческую Родину;",
         "return", 3),
        ("kk", "Бұл шарттар Қазақстаннан кеткен, кейін тұрақты тұру үшін қайтып оралған адамдарды азаматтығына "
               "қабылдау кезінде талап етілмейді.", "return", 3),
        ("en", "These conditions are not required for former citizens who left and came back, who may regain "
               "citizenship under a simplified procedure.", "return", 3),
        # a requirement lifted from scholarship holders is no return instrument
        ("kk", "Осы уақытқа дейін стипендиаттар Қазақстанға оралып, елде кемінде бес жыл жұмыс істеуі керек еді. "
               "Бұл талап енді міндетті емес.", "return", 0),
    ])


def test_an_intra_corporate_transfer_of_a_manager_in_a_long_definition_is_talent_attraction():
    check([
        ("ru", "6-1) внутрикорпоративный перевод – временный на срок, определенный трудовым договором, но не более трех "
               "лет, с правом продления на один год перевод иностранца или лица без гражданства, осуществляющего "
               "трудовую деятельность на должности руководителя, менеджера или специалиста в юридическом лице, "
               "учрежденном на территории страны-члена Всемирной торговой организации, находящемся и действующем за "
               "пределами территории Республики Казахстан, в филиалы данного юридического лица;",
         "talent_attraction", 3),
        ("ru", "2. Иностранные работники, переведенные в рамках внутрикорпоративного перевода, обязаны выехать из "
               "Республики Казахстан по истечении срока перевода.", "talent_attraction", 0),
    ])


def test_a_record_of_immigrants_is_monitoring():
    # ("с учетом", taking into account, still reads as a record: a known error, see docs/coding.md)
    check([
        ("ru", "Учет иммигрантов осуществляется органами внутренних дел на основании информации принимающих лиц.",
         "monitoring", 3),
        ("kk", "Көшіп келушілерді есепке алуды ішкі істер органдары жүзеге асырады.", "monitoring", 3),
        ("kk", "Өңірлердің мүдделерін ескере отырып, қандастарды орналастыруды ұйымдастыру.", "monitoring", 0),
        ("ru", "Учет научных проектов осуществляется уполномоченным органом.", "monitoring", 0),
        ("en", "The registration of immigrants is carried out by the internal affairs bodies.", "monitoring", 3),
        ("en", "The resettlement of kandas is organised taking into account regional interests.", "monitoring", 0),
    ])


def test_training_of_foreign_citizens_is_education_migration():
    check([
        ("ru", "Военные и специальные учебные заведения имеют право в соответствии с международными договорами и "
               "контрактами осуществлять подготовку специалистов из числа иностранных граждан.",
         "education_migration", 3),
        ("kk", "Әскери оқу орындары халықаралық шарттарға сәйкес шетелдік азаматтар қатарынан мамандар даярлауға "
               "құқылы.", "education_migration", 3),
        ("en", "Military schools may carry out the training of specialists from among foreign citizens.",
         "education_migration", 3),
        ("ru", "Военные учебные заведения осуществляют подготовку специалистов для Вооруженных Сил.",
         "education_migration", 0),
    ])
