"""General rules of codebook 1.4.0 (issue 9, second round), each on one real sentence of the
corpus it fires on and one it must not fire on. The sentences come from the press and laws of
``../shared/corpus`` and the shipped corpus, quoted here so that the tests need neither."""

from __future__ import annotations

from talentflow.nlp.tokens import quantities
from tests.coding.sentence_levels import levels

# --- level 4: an amount or a count with the instrument (a measurable value) -------------------

def test_an_amount_with_an_instrument_is_a_measurable_value():
    text = ("Thus, the kandas included into the regional quota have access to state support measures in the form "
            "of relocation subsidies (a one-time payment of 70 MCI to each family member) and coverage of the "
            "costs for rent and utilities for 12 months (in the amount from 15 to 30 MCI per family).")
    assert levels(text, "en")["repatriation"] == 4


def test_the_number_of_an_article_is_no_quantity():
    text = ("5-1. В случае смерти кандасов или членов их семей после включения их в региональную квоту приема "
            "кандасов меры государственной поддержки предоставляются кандасам или членам семьи независимо от "
            "получения ими гражданства Республики Казахстан.")
    assert levels(text, "ru")["repatriation"] == 3


def test_quantities_leave_out_dates_durations_years_and_references():
    text = "от 18 декабря 2012 года № 449 на срок 12 месяцев, статья 5, for a 10-year permit, 20th anniversary"
    assert quantities(text, 0, len(text)) == []
    text = "квота 28 352-ден 23 560 бірлікке төмендеді; a one-time investment of $300,000"
    assert [text[s:e] for s, e in quantities(text, 0, len(text))] == ["28 352", "23 560", "$300,000"]


def test_the_number_of_a_chapter_is_no_target():
    # the heading of chapter 7 of the Law on Education was the evidence of a level-4 key finding
    text = ("Глава 7. СТАТУС ПЕДАГОГА, ОСУЩЕСТВЛЯЮЩЕГО ПРОФЕССИОНАЛЬНУЮ ДЕЯТЕЛЬНОСТЬ В ОРГАНИЗАЦИИ ВЫСШЕГО И "
            "(ИЛИ) ПОСЛЕВУЗОВСКОГО ОБРАЗОВАНИЯ")
    assert levels(text, "ru")["retention"] == 3
    for heading in ("глава 7. статус", "7-тарау. мәртебесі", "chapter 7. status", "раздел 2. цели"):
        assert quantities(heading, 0, len(heading)) == []
    text = ("2) обладателю звания \"Лучший преподаватель вуза\" - государственный грант в размере 2000-кратного "
            "месячного расчетного показателя;")
    assert levels(text, "ru")["retention"] == 4  # an amount is still a value


def test_a_deleted_item_of_a_law_takes_no_codes_from_its_list():
    # the Law on Migration (ru), article on business immigrants: item 5 was deleted in 2014 and
    # was coded talent attraction 4 with its opening line and the deleting law's date
    head = "1. Бизнес-иммигранты для получения визы на въезд обязаны:"
    deleted = head + "\n5) исключен Законом РК от 29.12.2014№ 269-V (вводится в действие с 01.01.2015)."
    assert levels(deleted, "ru")["talent_attraction"] == levels(head, "ru")["talent_attraction"] == 3
    from talentflow.coding.engine import _DELETED
    for line in ("5) исключен законом рк от 29.12.2014№ 269-v", "4) алып тасталды - ҚР 24.11.2015 № 421-V Заңымен",
                 "3) утратил силу в соответствии с законом рк", "7) deleted by the law of 2015"):
        assert _DELETED.match(line.lower()), line
    assert not _DELETED.match("2) взимать деньги, за исключением случаев")


def test_grants_allocated_with_their_count_are_level_4_but_thanks_to_grants_is_praise():
    text = ("Инжeнepлiк, өңдey жәнe құpылыc caлaлapынa – 3 429, жapaтылыcтaнy ғылымдapы, мaтeмaтикa жәнe "
            "cтaтиcтикa бaғыты бoйыншa – 1 278, aқпapaттық-кoммyникaциялық тeхнoлoгиялap бoйыншa – 1 233, ayыл "
            "шapyaшылығы жәнe биopecypcтap бoйыншa – 527 гpaнт бөлiндi.")
    assert levels(text, "kk")["retention"] == 4
    text = ("Министр жас ғалымдарға арналған гранттар конкурстарының арқасында 2 мыңнан астам зерттеуші 835 "
            "жобаны жүзеге асыруға мүмкіндік алғанын айтты.")
    assert levels(text, "kk")["retention"] == 1  # "thanks to": praise, whatever the frame


# --- negation that denies nothing; described brain drain --------------------------------------

def test_to_prevent_an_outflow_names_the_outflow():
    text = ("Утвердить прилагаемый Комплексный план по решению проблем миграции, созданию благоприятных условий "
            "для отечественных квалифицированных кадров с тем, чтобы не допустить их чрезмерного оттока на "
            "зарубежные рынки труда на 2014 – 2016 годы.")
    lv = levels(text, "ru")
    assert lv["brain_drain"] == 1
    assert lv["institutional"] >= 3  # a plan on migration (its years lie beyond the scope of a target)
    assert levels("Квалифицированные специалисты не уехали за рубеж.", "ru")["brain_drain"] == 0


# --- repatriation: resettlement of co-ethnics, not co-ethnics leaving, internal resettlers or
# --- relatives invited for family reunification --------------------------------------------

def test_internal_resettlers_are_not_repatriation_but_kandas_quotas_are():
    text = ("Бұған дейін Қазақстанның оңтүстік өңірлерінен солтүстікке қоныс аударған азаматтардың бір бөлігі "
            "кері қайтқаны туралы хабарланған.")
    assert levels(text, "kk")["repatriation"] == 0
    text = ("Қазақстан Республикасы Еңбек және халықты әлеуметтік қорғау министрінің міндетін атқарушы 2026 жылға "
            "арналған қандастар мен қоныс аударушыларды қабылдаудың өңірлік квоталарын айқындайтын бұйрыққа қол қойды.")
    assert levels(text, "kk")["repatriation"] >= 3


def test_co_ethnics_among_emigrants_are_not_repatriation():
    text = ("Енді Халықаралық көші-қон ұйымының мәліметіне назар аударсақ, елден кетіп жатқан әрбір үшінші адам - "
            "этникалық қазақ екен.")
    assert levels(text, "kk")["repatriation"] == 0


def test_family_reunification_of_ethnic_kin_is_not_repatriation():
    text = ("4-1) в целях воссоединения семьи принимают приглашения граждан Республики Казахстан для переселения в "
            "Республику Казахстан родственников из числа этнических казахов, проживающих за рубежом;")
    lv = levels(text, "ru")
    assert lv["repatriation"] == 0 and lv["return"] == 0 and lv["diaspora"] == 0
    text = ("Уполномоченный орган по вопросам миграции населения направляет заявления этнических казахов в местные "
            "исполнительные органы для принятия решения о присвоении статуса кандаса.")
    assert levels(text, "ru")["repatriation"] >= 3


# --- institutional: an act or programme on migration or talent, not "migration policy" ---------

def test_a_bare_migration_policy_names_no_act_but_a_concept_for_qualified_people_does():
    text = ("In his Sept. 1 state-of-the-nation address, Tokayev emphasized the need to improve the effectiveness of "
            "the country’s migration policy and create conditions to lure foreign specialists to Kazakhstan.")
    assert levels(text, "en")["institutional"] == 0
    text = ("According to Minister of Labour and Social Protection of Population Tamara Duisenova, the Concept "
            "\"Ashyk Kazakhstan 500+\" is aimed at stimulating the inflow of qualified personnel into the country.")
    lv = levels(text, "en")
    assert lv["institutional"] == 3 and lv["talent_attraction"] == 3


def test_adaptation_centres_for_kandas_are_repatriation_not_institutional():
    text = ("5) временную регистрацию в центрах адаптации и интеграции кандасов, центрах временного размещения при "
            "отсутствии служебного или собственного жилья на срок не более одного года.")
    lv = levels(text, "ru")
    assert lv["institutional"] == 0 and lv["repatriation"] >= 1


# --- diaspora: engagement, not the protection of citizens working abroad ----------------------

def test_protection_of_citizens_working_abroad_is_not_diaspora():
    text = ("The Migration Policy Concept ‘Ashyk Kazakhstan 500+’ contains measures to attract the best specialists "
            "in areas of high demand in the country, protect the rights of Kazakh citizens working abroad, give more "
            "focus on the registration of migrant workers, and others.")
    assert levels(text, "en")["diaspora"] == 0
    text = "Otandastar Foundation supports Kazakh compatriots abroad and the Kazakh diaspora."
    assert levels(text, "en")["diaspora"] >= 1


# --- laws: a definition of people is a mention; of an instrument, the instrument ----------------

def test_a_definition_of_people_is_a_mention_but_a_defined_grant_is_an_instrument():
    text = ("13) кандас – этнический казах и (или) члены его семьи казахской национальности, ранее не состоявшие в "
            "гражданстве Республики Казахстан, прибывшие на историческую родину и получившие соответствующий статус в "
            "порядке, установленном настоящим Законом;")
    assert levels(text, "ru")["repatriation"] == 1
    text = ("37-1) образовательный грант Первого Президента Республики Казахстан – Елбасы \"Өркен\" (далее – грант "
            "\"Өркен\") – грант, учреждаемый Первым Президентом Республики Казахстан для оплаты обучения одаренных "
            "детей в автономной организации образования \"Назарбаев Интеллектуальные школы\";")
    assert levels(text, "ru")["retention"] == 3
    # an item with a span of years is no definition: "2017 – 2021" is not "term – meaning"
    text = "1) Қазақстан Республикасы көші-қон саясатының 2017 – 2021 жылдарға арналған тұжырымдамасы;"
    assert levels(text, "kk")["institutional"] == 3


def test_an_anniversary_of_a_programme_is_history():
    text = ("The new message of the President has caused a special anticipation since the time of the forum "
            "dedicated to the 20th anniversary of the international training program \"Bolashak\" in November 2014.")
    assert levels(text, "en")["institutional"] == 1


# --- mixed scripts: a Cyrillic letter without a Latin twin settles a word's script ---------------

def test_a_kazakh_word_with_many_latin_lookalikes_is_read_as_cyrillic():
    from talentflow.nlp.normalize import normalize_word

    assert normalize_word("мaгиcтpaтypaғa") == "магистратураға"  # 8 Latin letters, but "г", "и", "ғ"
    assert normalize_word("раssport") == "passport"  # "s" has no Cyrillic twin
    text = ("Мәceлeн, ocы 2021-2022 oқy жылындa мaгиcтpaтypaғa 13 мыңнaн acтaм, дoктopaнтypaғa 1800-дeн acтaм "
            "білім гpaнты бөлiнгeн.")
    assert levels(text, "kk")["retention"] == 4
    assert levels("Мәceлeн, ocы oқy жылындa мектептерге жаңа оқулықтар бөлiнгeн.", "kk")["retention"] == 0


# --- Kazakh in the Latin alphabet; brain drain is recognised (1) -------------------------------

def test_kazakh_in_latin_script_is_read_through_cyrillic():
    from talentflow.nlp.kazakh import latin_kazakh, latin_to_cyrillic

    text = "kazguu ýnıversıteti aqyldy jastardyń shetelge ketýin toqtatý maqsatynda"
    assert latin_kazakh(text) and not latin_kazakh("the university of kazguu")
    out = latin_to_cyrillic(text)
    assert len(out) == len(text)  # offsets stay those of the document
    assert out.replace("\u00ad", "") == "казгұұ университеті ақылды жастардың шетелге кетуін тоқтату мақсатында"
    text = ("Máselen KAZGUU ýnıversıteti aqyldy jastardyń shetelge ketýin toqtatý maqsatynda álemniń úzdik oqý "
            "oryndarymen baılanys ornatyp, halyqaralyq bilim berý salasynda úzdik dep tanylǵan otandyq akademıalyq "
            "kadrlardy jınap otyr.")
    assert levels(text, "kk")["brain_drain"] == 1
    assert levels("Máselen KAZGUU ýnıversıteti álemniń úzdik oqý oryndarymen baılanys ornatty.", "kk")["brain_drain"] == 0


def test_brain_drain_is_recognised_not_a_goal():
    text = "Необходимо остановить утечку мозгов и отток квалифицированных кадров за рубеж."
    assert levels(text, "ru")["brain_drain"] == 1


def test_a_plan_to_attract_foreign_students_is_an_aim():
    text = ("Қазақстанның ғылым және жоғары білім министрі Саясат Нұрбек 2025 жылғы 9 қыркүйекте өткен Үкімет "
            "отырысында шетелдік студенттерді елге тарту жоспары туралы айтты, деп хабарлайды Zakon.kz тілшісі.")
    assert levels(text, "kk")["education_migration"] == 2
    text = "Бүгінде елімізде 31 500 шетелдік студент білім алып жатыр."
    assert levels(text, "kk")["education_migration"] == 1  # a count: a fact


def test_the_instrumental_case_is_no_negation():
    from talentflow.nlp.kazakh import negative_verb

    assert not negative_verb("үймен", "үй") and negative_verb("кетпеді", "кету")
    text = "Ғылыми қызметкерлердің тұрғын үймен қамтамасыз етілуге құқығы бар."
    assert levels(text, "kk")["retention"] == 3
    assert levels("Ғылыми қызметкерлер шетелге кетпеді.", "kk")["brain_drain"] == 0


# --- instruments: work-off duties, science funding, registration of migrants; foreign talent ----

def test_a_work_off_duty_is_a_return_instrument():
    text = ("Мұндай түлектер үшін Астана, Алматы және Шымкент қалаларында еңбекпен өтеу мерзімі бес жылдан төрт "
            "жылға, өңірлерде – үш жылдан екі жылға қысқартылады.")
    assert levels(text, "kk")["return"] == 3
    assert levels("Стипендиаттар бұрын шетелде оқыды.", "kk")["return"] == 0


def test_programme_targeted_research_funding_supports_researchers():
    text = ("1. Бағдарламалық-нысаналы қаржыландыру стратегиялық маңызды мемлекеттік міндеттерді, оның ішінде ұлттық "
            "ғылыми-техникалық міндеттерді шешу мақсатында стратегиялық ғылыми зерттеулер жүргізуге бөлінеді.")
    assert levels(text, "kk")["retention"] >= 3
    assert levels("Бағдарламалық-нысаналы қаржыландыру жол құрылысына бөлінеді.", "kk")["retention"] == 0


def test_professionals_invited_from_abroad_are_foreign_talent_and_registration_of_migrants_is_monitoring():
    text = "Enterprises have to invite relevant professionals from abroad."
    assert levels(text, "en")["talent_attraction"] == 1
    assert levels("Enterprises have to invite relevant professionals from the regions.", "en")["talent_attraction"] == 0
    text = "The Concept will give more focus on the registration of migrant workers."
    assert levels(text, "en")["monitoring"] >= 2
    assert levels("The Concept will give more focus on the registration of companies.", "en")["monitoring"] == 0


def test_a_bare_budget_states_no_value_but_an_amount_does():
    assert levels("Гранты молодым ученым выделяются в пределах утвержденного бюджета.", "ru")["retention"] == 3
    text = "Для удержания молодых специалистов вводится программа грантов с бюджетом 5 млрд тенге до 2027 года."
    assert levels(text, "ru")["retention"] == 4


def test_an_aim_to_stop_the_outflow_is_retention_and_the_outflow_stays_brain_drain():
    text = ("Утвердить прилагаемый Комплексный план по решению проблем миграции, созданию благоприятных условий "
            "для отечественных квалифицированных кадров с тем, чтобы не допустить их чрезмерного оттока на "
            "зарубежные рынки труда на 2014 – 2016 годы.")
    lv = levels(text, "ru")
    assert lv["retention"] >= 2 and lv["brain_drain"] == 1
    lv = levels("Отток квалифицированных кадров вырос в прошлом году.", "ru")
    assert lv["retention"] == 0 and lv["brain_drain"] == 1


# --- co-ethnics who stay abroad; leaving science; Bolashak holders --------------------------------

def test_co_ethnics_who_stay_abroad_and_keep_ties_are_diaspora_not_repatriation():
    text = ("“There are ethnic Kazakhs who live and work abroad and desire to stay in contact with their historical "
            "homeland.")
    lv = levels(text, "en")
    assert lv["diaspora"] >= 1 and lv["repatriation"] == 0
    text = ("Ethnic Kazakhs who do not intend to relocate from their current location abroad but wish to create a "
            "business in Kazakhstan and contribute to its growth will be allowed to visit freely,” said Duisenova.")
    assert levels(text, "en")["repatriation"] == 0
    assert levels("Ethnic Kazakhs resettling to their historical homeland receive a relocation subsidy.",
                  "en")["repatriation"] >= 3


def test_leaving_science_is_retention_not_brain_drain():
    text = ("В Казахстане в прошлые годы мы столкнулись с падением престижа науки, повлекшего за собой отток кадров из "
            "научных организаций.")
    lv = levels(text, "ru")
    assert lv["brain_drain"] == 0 and lv["retention"] == 1
    assert levels("Отток кадров за рубеж продолжается.", "ru")["brain_drain"] == 1


def test_bolashak_members_name_the_programme_but_the_word_future_does_not():
    text = ("«Болашақ» мүшелері енді шетелде тек халықаралық ұйымдарда ғана емес, тағы екі нұсқа бойынша еңбек "
            "тәжірибесінен өте алады:")
    assert levels(text, "kk")["institutional"] >= 1
    assert levels("Болашақта жастар елде қалады.", "kk")["institutional"] == 0


def test_the_sdgs_count_their_own_mechanisms_not_any_programme():
    text = ("— changes were made to the state planning system relating to the mandatory consideration of the SDGs "
            "in the development of strategies and programs;")
    assert levels(text, "en")["sdg"] == 2
    text = "A Coordinating Council on the SDGs chaired by the Deputy Prime Minister monitors national indicators."
    assert levels(text, "en")["sdg"] >= 3
