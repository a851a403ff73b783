"""A reader who knows only the site can answer any factual question the five articles answer.

Each entry below is a factual question that one of the seed articles (content/seeds/) answers,
the page of the built site where a reader would look for it, and the words of the answer as
that page must show them, in English and in Arabic. The test builds the real content into a
temporary folder and reads the text of the page's article element (not the navigation), so an
answer that is missing, moved to another page, or left untranslated fails.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from generator.build import Paths, build

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "content" / "seeds"

JMC = "src-2025-jmc-work-plan-2026"
FOLLOW_UP = "src-2023-01-18-follow-up-committee"
MARCH = "src-2022-03-30-idf-delegation-mou"
INDUSTRY = "src-2025-israeli-industry-contacts"
BELKHIR = "src-2022-09-12-belkhir-visit"

# (source, page, question, {language: [words the page must show]})
QUESTIONS = [
    # --- Africa Press: the 2026 work plan --------------------------------------------------
    (JMC, "events/third-jmc-meeting-tel-aviv-2025",
     "What did Israel and Morocco sign at the end of the committee meeting, and for which year?",
     {"en": ["joint work plan for 2026"], "ar": ["خطة عمل مشتركة لعام 2026"]}),
    (JMC, "events/third-jmc-meeting-tel-aviv-2025",
     "Which meeting of the Joint Military Committee was it, and where was it held?",
     {"en": ["third meeting", "Joint Military Committee", "JMC", "Tel Aviv"],
      "ar": ["الاجتماع الثالث", "للجنة العسكرية المشتركة", "تل أبيب"]}),
    (JMC, "events/third-jmc-meeting-tel-aviv-2025",
     "Which Israeli army bodies supervised the meeting?",
     {"en": ["planning and foreign-relations bodies"],
      "ar": ["هيئتي التخطيط والعلاقات الخارجية"]}),
    (JMC, "events/third-jmc-meeting-tel-aviv-2025",
     "On which day did the meeting end, and where did the Israeli army announce it?",
     {"en": ["Friday", "statement on X"], "ar": ["يوم جمعة", "منصة «إكس»"]}),
    (JMC, "events/third-jmc-meeting-tel-aviv-2025",
     "What did the week of meetings include?",
     {"en": ["professional working meetings", "visits to army units", "defence industries",
             "shared security objectives", "strategic discussion on capability building"],
      "ar": ["اجتماعات عمل مهنية", "زيارات لوحدات عسكرية", "الصناعات الدفاعية",
             "الأهداف الأمنية المشتركة", "نقاش استراتيجي حول بناء القدرات"]}),
    (JMC, "events/third-jmc-meeting-tel-aviv-2025",
     "What did the Israeli statement say about the Moroccan delegation?",
     {"en": ["no details of the Moroccan delegation"],
      "ar": ["لم يقدم البيان تفاصيل عن الوفد المغربي"]}),
    (JMC, "events/third-jmc-meeting-tel-aviv-2025",
     "How did the Israeli army describe Morocco and the step, and which anniversary did it cite?",
     {"en": ["most important partners", "Abraham Accords", "five years since relations resumed",
             "another important milestone"],
      "ar": ["من أهم الشركاء", "اتفاقيات أبراهام", "مرور خمس سنوات على استئناف العلاقات",
             "محطة هامة أخرى"]}),
    (JMC, "events/third-jmc-meeting-tel-aviv-2025",
     "How do the observers quoted by the outlet read this cooperation?",
     {"en": ["modernise defence doctrines", "early warning", "land, air and naval forces"],
      "ar": ["تحديث عقائدها الدفاعية", "الإنذار المبكر", "تكامل القوات في البر والجو والبحر"]}),
    (JMC, "events/third-jmc-meeting-tel-aviv-2025",
     "When did the meeting take place?",
     {"en": ["December 2025", "uncertain"], "ar": ["ديسمبر 2025"]}),
    (JMC, "events/security-mou-signing-2021",
     "What followed the 2021 agreement, according to the Africa Press article?",
     {"en": ["Reciprocal military visits followed"], "ar": ["زيارات عسكرية متبادلة"]}),
    (JMC, "events/security-mou-signing-2021",
     "What did the broadcaster the article quotes say the 2021 agreement covers?",
     {"en": ["official Hebrew broadcasting authority", "organises intelligence cooperation",
             "joint industrial projects, procurement and training"],
      "ar": ["هيئة البث العبرية الرسمية", "تنظم التعاون الاستخباراتي",
             "مشاريع صناعية وعمليات شراء وتدريب مشتركة"]}),
    (JMC, "events/abraham-accords-2020",
     "Which Arab states agreed in 2020 to normalise relations with Israel?",
     {"en": ["Morocco, the United Arab Emirates, Bahrain and Sudan", "Abraham Accords"],
      "ar": ["المغرب والإمارات العربية المتحدة والبحرين والسودان", "اتفاقيات أبراهام"]}),
    (JMC, "sources/src-2025-jmc-work-plan-2026",
     "Which outlet published the article, and which loaded terms does it use?",
     {"en": ["Africa Press", "Israeli entity", "war minister"],
      "ar": ["أفريقيا برس", "الكيان الإسرائيلي", "وزير الحرب"]}),
    # --- 18 January 2023: the follow-up committee ------------------------------------------
    (FOLLOW_UP, "events/follow-up-committee-first-meeting-2023",
     "To which fields did Morocco and Israel agree to extend cooperation in January 2023?",
     {"en": ["intelligence, air defence and electronic warfare"],
      "ar": ["الاستخبارات والدفاع الجوي والحرب الإلكترونية"]}),
    (FOLLOW_UP, "events/follow-up-committee-first-meeting-2023",
     "Who co-chaired the first meeting of the follow-up committee, and in which posts?",
     {"en": ["Belkhir El Farouk", "Inspector General of the Royal Armed Forces", "Dror Shalom",
             "Bureau of Political-Military Affairs"],
      "ar": ["بلخير الفاروق", "المفتش العام للقوات المسلحة الملكية", "درور شالوم",
             "مكتب الشؤون السياسية العسكرية"]}),
    (FOLLOW_UP, "events/follow-up-committee-first-meeting-2023",
     "Where and on which days did the committee meet, and which agency carried the statement?",
     {"en": ["Rabat", "16–17 January 2023", "Moroccan news agency"],
      "ar": ["الرباط", "16–17 يناير 2023", "وكالة الأنباء المغربية"]}),
    (FOLLOW_UP, "events/follow-up-committee-first-meeting-2023",
     "Which other fields of military cooperation did the meeting cover?",
     {"en": ["logistics", "training", "acquisition and modernisation of equipment"],
      "ar": ["الإمداد والتموين", "التدريب", "اقتناء التجهيزات وتحديثها"]}),
    (FOLLOW_UP, "events/algeria-severs-ties-2021",
     "When did Algeria cut diplomatic ties with Morocco, and over what?",
     {"en": ["summer of 2021", "Western Sahara"], "ar": ["صيف 2021", "الصحراء الغربية"]}),
    (FOLLOW_UP, "events/security-mou-signing-2021",
     "How did Algeria react to the November 2021 security agreement?",
     {"en": ["displeased Algeria"], "ar": ["استياء الجزائر"]}),
    (FOLLOW_UP, "agreements/security-mou-2021",
     "Which further fields did the 2021 security agreement cover, according to this article?",
     {"en": ["technology transfer"], "ar": ["نقل التكنولوجيا"]}),
    (FOLLOW_UP, "events/resumption-of-relations-2020",
     "What did the 2020 normalisation deal include, and who contests Western Sahara?",
     {"en": ["recognised Moroccan sovereignty over Western Sahara", "Polisario Front",
             "Algeria"],
      "ar": ["بسيادة المغرب على الصحراء الغربية", "جبهة البوليساريو", "الجزائر"]}),
    (FOLLOW_UP, "events/drone-acquisition-reports-2021-2023",
     "What had media reported about Moroccan arms purchases, and were they confirmed?",
     {"en": ["combat drones", "did not officially confirm", "Unconfirmed", "about two years"],
      "ar": ["طائرات مسيرة قتالية", "لم يؤكد المغرب رسميا", "غير مؤكد", "نحو عامين"]}),
    (FOLLOW_UP, "sources/src-2023-01-18-follow-up-committee",
     "When was the article published, and how does its headline describe the three fields?",
     {"en": ["18 January 2023", "sensitive"], "ar": ["18 يناير 2023", "حساسة"]}),
    # --- 30 March 2022: the Israeli army delegation -----------------------------------------
    (MARCH, "events/idf-delegation-visit-morocco-2022",
     "Who led the first official Israeli army delegation to Morocco, and who came with him?",
     {"en": ["Tal Kalman", "Strategy and Third Circle Directorate", "Effie Defrin",
             "Foreign Relations Division", "Intelligence Directorate"],
      "ar": ["تال كالمان", "هيئة الاستراتيجية والدائرة الثالثة", "إيفي ديفرين",
             "لواء العلاقات الخارجية", "هيئة الاستخبارات"]}),
    (MARCH, "events/idf-delegation-visit-morocco-2022",
     "What did the two sides sign during that visit, and under whose supervision?",
     {"en": ["memorandum of understanding on joint military cooperation", "Belkhir El Farouk"],
      "ar": ["مذكرة تفاهم للتعاون العسكري المشترك", "بلخير الفاروق"]}),
    (MARCH, "events/idf-delegation-visit-morocco-2022",
     "What committee did they agree to convene, and for what purpose?",
     {"en": ["joint military committee", "international exercises"],
      "ar": ["لجنة عسكرية مشتركة", "تدريبات عسكرية دولية"]}),
    (MARCH, "events/idf-delegation-visit-morocco-2022",
     "What else did the two sides review and discuss?",
     {"en": ["structure of Morocco's security forces",
             "operational and intelligence qualification"],
      "ar": ["بنية قوات الأمن المغربية", "الكفاءة العملياتية والاستخباراتية"]}),
    (MARCH, "events/idf-delegation-visit-morocco-2022",
     "How does the outlet read the visit?",
     {"en": ["two parallel tracks", "military industries", "Algeria", "Gulf states"],
      "ar": ["مسارين متوازيين", "الصناعات العسكرية", "الجزائر", "دولا خليجية"]}),
    (MARCH, "events/negev-summit-2022",
     "Which summit coincided with the visit, and whose foreign ministers attended?",
     {"en": ["Negev summit", "foreign minister", "Israel", "United States", "Egypt",
             "United Arab Emirates", "Bahrain"],
      "ar": ["قمة النقب", "وزير الخارجية المغربي", "إسرائيل", "الولايات المتحدة", "مصر",
             "الإمارات العربية المتحدة", "البحرين"]}),
    (MARCH, "events/gantz-bahrain-visit-2022",
     "What did Benny Gantz sign in Bahrain, and how does the outlet interpret it?",
     {"en": ["security cooperation agreement", "Iranian influence", "“natural”", "Washington"],
      "ar": ["اتفاقية تعاون أمني", "للنفوذ الإيراني", "«طبيعيا»", "واشنطن"]}),
    (MARCH, "events/gantz-bahrain-visit-2022",
     "When did Gantz visit Bahrain?",
     {"en": ["February 2022"], "ar": ["فبراير 2022"]}),
    (MARCH, "events/security-mou-signing-2021",
     "How did the Israeli army describe the 2021 memorandum at the time?",
     {"en": ["pioneering defence memorandum"], "ar": ["مذكرة دفاعية رائدة"]}),
    (MARCH, "sources/src-2022-03-30-idf-delegation-mou",
     "When was the article published, and which loaded terms does it use?",
     {"en": ["30 March 2022", "12:45", "occupation army"],
      "ar": ["30 مارس 2022", "12:45", "جيش الاحتلال"]}),
    (MARCH, "agreements/military-cooperation-mou-2022",
     "What does the headline call the document signed in March 2022?",
     {"en": ["military and intelligence cooperation agreement"],
      "ar": ["اتفاق تعاون عسكري واستخباري"]}),
    # --- 2025: Israeli defence companies and African Lion ------------------------------------
    (INDUSTRY, "events/ddrd-hosted-delegation-2025",
     "Who invited Morocco's top military command to Israel in August?",
     {"en": ["Research and Development Directorate of the Israeli Ministry of Defense",
             "international partnership programmes"],
      "ar": ["مديرية البحث والتطوير في وزارة الدفاع الإسرائيلية", "برامج الشراكة الدولية"]}),
    (INDUSTRY, "events/ddrd-hosted-delegation-2025",
     "Which companies presented equipment to the Moroccan officers, and what do they make?",
     {"en": ["state-owned Israel Aerospace Industries", "Sentrycs", "D-Fend Solutions",
             "countering drones", "Smart Shooter", "small-arms"],
      "ar": ["صناعات الطيران والفضاء الإسرائيلية المملوكة للدولة", "سنتريكس",
             "دي-فند سوليوشنز", "مكافحة الطائرات المسيرة", "سمارت شوتر", "للأسلحة الخفيفة"]}),
    (INDUSTRY, "events/ddrd-hosted-delegation-2025",
     "Whose reporting is this based on, and how regular have such exchanges become?",
     {"en": ["Africa Intelligence", "regular and increasingly open"],
      "ar": ["أفريكا إنتلجنس", "منتظمة وعلنية بشكل متزايد"]}),
    (INDUSTRY, "events/elbit-chosen-over-knds-2025",
     "Which company did Morocco choose as a main arms supplier in February, replacing whom?",
     {"en": ["Elbit Systems", "KNDS", "French", "February 2025"],
      "ar": ["إلبيت سيستمز", "كي إن دي إس", "بأنها فرنسية", "فبراير 2025"]}),
    (INDUSTRY, "events/moroccan-delegation-elbit-steadicopter-2025",
     "With which companies was the March delegation's cooperation initiative, and who oversaw it?",
     {"en": ["Elbit Systems", "Steadicopter", "helicopter maker", "SIBAT",
             "government-to-government"],
      "ar": ["إلبيت سيستمز", "ستيديكوبتر", "للمروحيات", "سيبات", "من حكومة إلى حكومة"]}),
    (INDUSTRY, "events/israeli-companies-delegation-morocco-2025",
     "What happened a few weeks after the March visit?",
     {"en": ["delegation of Israeli companies", "continue talks"],
      "ar": ["شركات إسرائيلية", "استكمال المباحثات"]}),
    (INDUSTRY, "agreements/harpy-harop-deal-talks",
     "Which drones was the army said to be negotiating for, from whom, worth how much?",
     {"en": ["Harpy", "Harop", "Israel Aerospace Industries", "100 million", "Yabiladi",
             "Unconfirmed", "In talks"],
      "ar": ["هاربي", "هاروب", "صناعات الطيران والفضاء الإسرائيلية", "100 مليون دولار",
             "يابلادي", "غير مؤكد", "قيد التفاوض"]}),
    (INDUSTRY, "events/bluebird-factory-report-2025",
     "Whose drone production facility is reported to be under construction, and where?",
     {"en": ["BlueBird Aero Systems", "Rabat"], "ar": ["بلوبيرد إيرو سيستمز", "الرباط"]}),
    (INDUSTRY, "events/bilateral-trade-2023",
     "How much was trade between Morocco and Israel in 2023, compared with the year before?",
     {"en": ["116.7 million", "2023", "twice"], "ar": ["116.7 مليون دولار", "2023", "ضعف"]}),
    (INDUSTRY, "events/resumption-of-relations-2020",
     "Who brokered the 2020 deal, and what is Western Sahara's status according to the article?",
     {"en": ["brokered by the United States", "since the 1970s", "non-self-governing"],
      "ar": ["رعته الولايات المتحدة", "منذ سبعينيات القرن الماضي", "غير متمتع بالحكم الذاتي"]}),
    (INDUSTRY, "events/african-lion-public-participation-2025",
     "In which exercise did Israel take part in May, and for which time?",
     {"en": ["African Lion", "third", "May 2025"],
      "ar": ["الأسد الأفريقي", "الثالثة", "مايو 2025"]}),
    (INDUSTRY, "events/african-lion-low-profile-2024",
     "How had Israel taken part in the exercise the year before, and why according to the article?",
     {"en": ["out of public view", "domestic backlash", "genocide"],
      "ar": ["بعيدا عن الأنظار", "ردود فعل داخلية", "الإبادة الجماعية"]}),
    (INDUSTRY, "events/golani-photo-criticism-2025",
     "Which photo drew criticism, and what did the UN special rapporteur ask Rabat to do?",
     {"en": ["Golani Brigade", "Israeli flag", "Francesca Albanese", "Special Rapporteur",
             "arrest", "new threshold of corruption"],
      "ar": ["لواء جولاني", "العلم الإسرائيلي", "فرانشيسكا ألبانيز", "المقررة الخاصة",
             "إلقاء القبض", "عتبة جديدة من الفساد"]}),
    (INDUSTRY, "events/arab-barometer-poll-2025",
     "What did the Arab Barometer survey find about Moroccan support for normalisation?",
     {"en": ["Arab Barometer", "31%", "2022", "13%", "2023 and 2024", "January 2025"],
      "ar": ["الباروميتر العربي", "31%", "2022", "13%", "عامي 2023 و2024", "يناير 2025"]}),
    (INDUSTRY, "events/arab-barometer-poll-2025",
     "What distinction does the analyst Abdelkader Abderrahmane draw?",
     {"en": ["Abdelkader Abderrahmane", "Moroccan people", "King Mohammed VI", "Gaza"],
      "ar": ["عبد القادر عبد الرحمن", "الشعب المغربي", "الملك محمد السادس", "غزة"]}),
    (INDUSTRY, "sources/src-2025-israeli-industry-contacts",
     "How is the undated article dated, and which loaded term does it use in its own voice?",
     {"en": ["between August and December, probably of 2025", "genocide", "Africa Intelligence"],
      "ar": ["بين أغسطس وديسمبر، والأرجح من عام 2025", "إبادة جماعية", "أفريكا إنتلجنس"]}),
    (INDUSTRY, "events/ddrd-hosted-delegation-2025",
     "What were the senior officers' meetings with Israeli companies about, per the lead?",
     {"en": ["buying advanced defence equipment"], "ar": ["اقتناء معدات دفاعية متطورة"]}),
    # --- 12 September 2022: Belkhir El Farouk in Tel Aviv -----------------------------------
    (BELKHIR, "events/belkhir-visit-israel-2022",
     "Who led the Moroccan military delegation to Israel in September 2022, and in which posts?",
     {"en": ["Belkhir El Farouk", "Inspector General of the Royal Armed Forces",
             "commander of the Southern Zone"],
      "ar": ["بلخير الفاروق", "المفتش العام للقوات المسلحة الملكية", "قائد المنطقة الجنوبية"]}),
    (BELKHIR, "events/belkhir-visit-israel-2022",
     "When did the visit start, on whose instructions, and what conference was it for?",
     {"en": ["Monday 12 September 2022", "King Mohammed VI",
             "conference on military innovation and modernisation", "12 to 15 September",
             "Tel Aviv"],
      "ar": ["الاثنين 12 سبتمبر 2022", "الملك محمد السادس", "التجديد والتحديث العسكري",
             "من 12 إلى 15 سبتمبر", "تل أبيب"]}),
    (BELKHIR, "events/belkhir-visit-israel-2022",
     "Who announced the visit, what were its aims and with whom were talks expected?",
     {"en": ["General Command of the Royal Armed Forces", "knowledge and expertise",
             "multidimensional", "Israeli General Staff"],
      "ar": ["القيادة العامة للقوات المسلحة الملكية", "للمعارف والخبرات", "متعدد الأبعاد",
             "هيئة الأركان العامة الإسرائيلية"]}),
    (BELKHIR, "events/belkhir-visit-israel-2022",
     "How do the articles characterise the visit?",
     {"en": ["first visit of its kind", "unprecedented"],
      "ar": ["الأولى من نوعها", "غير مسبوقة"]}),
    (BELKHIR, "events/resumption-of-relations-2020",
     "On what date did Morocco and Israel resume relations?",
     {"en": ["10 December 2020"], "ar": ["10 ديسمبر 2020"]}),
    (BELKHIR, "events/kochavi-visit-morocco-2022",
     "Which Israeli chief of staff visited Morocco before Belkhir's trip, when, and about what?",
     {"en": ["Aviv Kochavi", "about July 2022", "security and military cooperation"],
      "ar": ["أفيف كوخافي", "يوليو 2022", "التعاون الأمني والعسكري"]}),
    (BELKHIR, "events/cyber-and-civil-agreements-2020-2022",
     "Which agreements had Morocco and Israel signed before September 2022?",
     {"en": ["cyber cooperation agreement", "economy, sport and education"],
      "ar": ["اتفاقية للتعاون السيبراني", "الاقتصاد والرياضة والتعليم"]}),
    (BELKHIR, "agreements/security-mou-2021",
     "Who signed the security memorandum, when, and in which posts?",
     {"en": ["24 November 2021", "Abdellatif Loudiyi", "Administration of National Defence",
             "Benny Gantz"],
      "ar": ["24 نوفمبر 2021", "عبد اللطيف لوديي", "إدارة الدفاع الوطني", "بيني غانتس"]}),
    (BELKHIR, "agreements/security-mou-2021",
     "What does the 2021 memorandum provide for?",
     {"en": ["cooperation between intelligence services", "industrial links",
             "advanced Israeli security equipment", "joint training", "operational planning",
             "research and development", "regional threats and challenges"],
      "ar": ["التعاون بين أجهزة الاستخبارات", "الروابط الصناعية",
             "معدات أمنية إسرائيلية متطورة ولاقتناء الأسلحة",
             "التدريب المشترك", "التخطيط العملياتي", "البحث والتطوير",
             "التهديدات والتحديات الإقليمية"]}),
    # --- who is who: actor pages --------------------------------------------------------------
    (INDUSTRY, "actors/abdelkader-abderrahmane",
     "Who is Abdelkader Abderrahmane?",
     {"en": ["Independent analyst of security and geopolitics in North Africa"],
      "ar": ["خبير مستقل في الشؤون الأمنية والجيوسياسية في شمال أفريقيا"]}),
    (INDUSTRY, "actors/francesca-albanese",
     "What post does Francesca Albanese hold?",
     {"en": ["UN Special Rapporteur on Palestine"],
      "ar": ["المقررة الخاصة للأمم المتحدة المعنية بفلسطين"]}),
    (BELKHIR, "actors/mohammed-vi",
     "What is King Mohammed VI's position towards the armed forces?",
     {"en": ["Supreme Commander and Chief of the General Staff of the Royal Armed Forces"],
      "ar": ["القائد الأعلى ورئيس الأركان العامة للقوات المسلحة الملكية"]}),
    (BELKHIR, "actors/abdellatif-loudiyi",
     "What post did Abdellatif Loudiyi hold when he signed the memorandum?",
     {"en": ["Minister Delegate in charge of the Administration of National Defence"],
      "ar": ["الوزير المنتدب المكلف بإدارة الدفاع الوطني"]}),
    (JMC, "actors/israeli-public-broadcaster",
     "What does the Africa Press article call the broadcaster it quotes on the 2021 agreement?",
     {"en": ["official Hebrew broadcasting authority"], "ar": ["هيئة البث العبرية الرسمية"]}),
    (MARCH, "actors/belkhir-el-farouk",
     "In which orders do the articles write Belkhir El Farouk's name?",
     {"en": ["El Farouk Belkhir and Belkhir El Farouk"],
      "ar": ["الفاروق بلخير وبلخير الفاروق"]}),
    # --- across articles: disagreements the site must show ---------------------------------
    (JMC, "events/third-jmc-meeting-tel-aviv-2025",
     "Do the articles number the committee meetings consistently?",
     {"en": ["first meeting", "cannot be reconciled"],
      "ar": ["الاجتماع الأول", "فلا يمكن التوفيق بين الترقيمين"]}),
    (BELKHIR, "agreements/security-mou-2021",
     "Do the articles agree on the 2021 memorandum's date, name and Gantz's title?",
     {"en": ["late November 2021", "end of 2021", "security minister", "war minister"],
      "ar": ["أواخر نوفمبر 2021", "نهاية 2021", "وزير الأمن", "وزير الحرب"]}),
]

DIACRITICS = re.compile(r"[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0640]")


def normalise(text: str) -> str:
    """Compare as a reader reads: no Arabic diacritics or tatweel, one space, any case."""
    return " ".join(DIACRITICS.sub("", text).split()).casefold()


class _ArticleText(HTMLParser):
    """The text inside <article>: what the page says, without navigation or search chrome."""

    def __init__(self) -> None:
        super().__init__()
        self.depth = 0
        self.parts: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.depth += tag == "article"

    def handle_endtag(self, tag):
        self.depth -= tag == "article"

    def handle_data(self, data):
        if self.depth > 0:
            self.parts.append(data)


def article_text(html: str) -> str:
    parser = _ArticleText()
    parser.feed(html)
    return normalise(" ".join(parser.parts))


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    base = tmp_path_factory.mktemp("questions")
    paths = Paths(content=ROOT / "content", build=base / "build", site=base / "site")
    build(paths)
    return paths.site


def page_text(site: Path, lang: str, page: str) -> str:
    prefix = "" if lang == "en" else f"{lang}/"
    path = site / prefix / page / "index.html"
    assert path.is_file(), f"no page {prefix}{page}/ on the built site"
    return article_text(path.read_text("utf-8"))


def test_questions_cover_every_article():
    """Every seed article has questions, and no question names an article that is not a seed."""
    asked = {q[0] for q in QUESTIONS}
    assert asked == {p.stem for p in SEEDS.glob("*.txt")}
    for source in asked:
        assert sum(q[0] == source for q in QUESTIONS) >= 5, source


def test_article_text_ignores_navigation():
    html = ("<nav>Elbit Systems</nav><article><h1>Visit</h1><p>Talks in "
            "<a href='x'>Rabat</a></p></article>")
    assert article_text(html) == "visit talks in rabat"
    assert "elbit" not in article_text(html)


@pytest.mark.parametrize("lang", ["en", "ar"])
@pytest.mark.parametrize("source,page,question,answers", QUESTIONS,
                         ids=[f"{q[1]}:{i}" for i, q in enumerate(QUESTIONS)])
def test_the_site_answers(site, lang, source, page, question, answers):
    text = page_text(site, lang, page)
    missing = [a for a in answers[lang] if normalise(a) not in text]
    where = page if lang == "en" else f"{lang}/{page}"
    assert missing == [], f"{question} — /{where}/ lacks {missing}"
