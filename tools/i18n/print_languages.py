"""Labels of the printed catalog in its further languages (Ukrainian, Russian, Arabic, Farsi).

Only the strings that appear in the PDF are translated here; the back office and the directory
interface stay German and English. Written by the developers; a native speaker should review
them before a district sends an edition out (see docs/editions.md)."""

# msgid → {language: text}
PRINT = {
    "DEMO – every offer, person, phone number and e-mail address in this catalog is invented.": {
        "en": "DEMO – every offer, person, phone number and e-mail address in this catalog is invented.",
        "uk": "ДЕМО – усі пропозиції, особи, номери телефонів та адреси e-mail у цьому каталозі вигадані.",
        "ru": "ДЕМО – все предложения, лица, номера телефонов и адреса e-mail в этом каталоге вымышлены.",
        "ar": "نسخة تجريبية – جميع العروض والأشخاص وأرقام الهواتف وعناوين البريد الإلكتروني في هذا الدليل خيالية.",
        "fa": "نسخهٔ نمایشی – همهٔ خدمات، افراد، شماره‌تلفن‌ها و نشانی‌های ایمیل در این فهرست ساختگی هستند.",
    },
    "Edition no. %(number)s": {
        "uk": "Випуск № %(number)s",
        "ru": "Выпуск № %(number)s",
        "ar": "الإصدار رقم %(number)s",
        "fa": "ویرایش شمارهٔ %(number)s",
    },
    "Offers: %(count)s": {
        "uk": "Пропозицій: %(count)s",
        "ru": "Предложений: %(count)s",
        "ar": "عدد العروض: %(count)s",
        "fa": "تعداد خدمات: %(count)s",
    },
    "Contents": {"uk": "Зміст", "ru": "Содержание", "ar": "المحتويات", "fa": "فهرست مطالب"},
    "Foreword": {"uk": "Передмова", "ru": "Предисловие", "ar": "تمهيد", "fa": "پیشگفتار"},
    "What has changed": {
        "uk": "Що змінилося",
        "ru": "Что изменилось",
        "ar": "ما الذي تغيّر",
        "fa": "چه تغییر کرده است",
    },
    "Index of providers": {
        "uk": "Покажчик організацій",
        "ru": "Указатель организаций",
        "ar": "فهرس الجهات المقدِّمة",
        "fa": "نمایهٔ ارائه‌دهندگان",
    },
    "Index of municipalities": {
        "uk": "Покажчик громад",
        "ru": "Указатель населённых пунктов",
        "ar": "فهرس البلديات",
        "fa": "نمایهٔ شهرها و روستاها",
    },
    "Compared with %(previous)s:": {
        "uk": "У порівнянні з %(previous)s:",
        "ru": "По сравнению с %(previous)s:",
        "ar": "مقارنةً بـ %(previous)s:",
        "fa": "در مقایسه با %(previous)s:",
    },
    "edition no. %(number)s of %(date)s": {
        "uk": "випуском № %(number)s від %(date)s",
        "ru": "выпуском № %(number)s от %(date)s",
        "ar": "الإصدار رقم %(number)s بتاريخ %(date)s",
        "fa": "ویرایش شمارهٔ %(number)s مورخ %(date)s",
    },
    "QR code of the offer’s web page": {
        "uk": "QR-код вебсторінки пропозиції",
        "ru": "QR-код веб-страницы предложения",
        "ar": "رمز QR لصفحة العرض على الإنترنت",
        "fa": "کد QR صفحهٔ وب این خدمت",
    },
    "Target groups": {
        "uk": "Цільові групи",
        "ru": "Целевые группы",
        "ar": "الفئات المستهدفة",
        "fa": "گروه‌های هدف",
    },
    "Languages": {"uk": "Мови", "ru": "Языки", "ar": "اللغات", "fa": "زبان‌ها"},
    "interpreting possible": {
        "uk": "можливий усний переклад",
        "ru": "возможен устный перевод",
        "ar": "الترجمة الشفهية ممكنة",
        "fa": "ترجمهٔ شفاهی ممکن است",
    },
    "Where": {"uk": "Де", "ru": "Где", "ar": "أين", "fa": "کجا"},
    "When": {"uk": "Коли", "ru": "Когда", "ar": "متى", "fa": "چه زمانی"},
    "throughout the district": {
        "uk": "по всьому району",
        "ru": "по всему району",
        "ar": "في جميع أنحاء المقاطعة",
        "fa": "در سراسر شهرستان",
    },
    "comes to you (outreach)": {
        "uk": "приходять до вас",
        "ru": "приходят к вам",
        "ar": "يأتون إليك",
        "fa": "به نزد شما می‌آیند",
    },
    "Cost": {"uk": "Вартість", "ru": "Стоимость", "ar": "التكلفة", "fa": "هزینه"},
    "Registration": {"uk": "Реєстрація", "ru": "Запись", "ar": "التسجيل", "fa": "ثبت‌نام"},
    "Contact": {"uk": "Контакт", "ru": "Контакт", "ar": "للتواصل", "fa": "تماس"},
    "Checked on %(date)s": {
        "uk": "Перевірено %(date)s",
        "ru": "Проверено %(date)s",
        "ar": "تم التحقق في %(date)s",
        "fa": "بررسی‌شده در %(date)s",
    },
    "Not checked yet": {
        "uk": "Ще не перевірено",
        "ru": "Ещё не проверено",
        "ar": "لم يتم التحقق بعد",
        "fa": "هنوز بررسی نشده",
    },
    "Funded by": {"uk": "Фінансування", "ru": "Финансирование", "ar": "بتمويل من", "fa": "با حمایت مالی"},
    "New offers": {
        "uk": "Нові пропозиції",
        "ru": "Новые предложения",
        "ar": "عروض جديدة",
        "fa": "خدمات جدید",
    },
    "Changed offers": {
        "uk": "Змінені пропозиції",
        "ru": "Изменённые предложения",
        "ar": "عروض تم تغييرها",
        "fa": "خدمات تغییریافته",
    },
    "Offers no longer listed": {
        "uk": "Пропозиції, яких більше немає",
        "ru": "Предложения, которых больше нет",
        "ar": "عروض لم تعد مدرجة",
        "fa": "خدماتی که دیگر فهرست نشده‌اند",
    },
    "As of %(date)s": {
        "uk": "Стан на %(date)s",
        "ru": "По состоянию на %(date)s",
        "ar": "حتى تاريخ %(date)s",
        "fa": "تا تاریخ %(date)s",
    },
    "Offers for people with a migration background in %(district)s": {
        "uk": "Пропозиції для людей з міграційним досвідом: %(district)s",
        "ru": "Предложения для людей с миграционным прошлым: %(district)s",
        "ar": "عروض للأشخاص من أصول مهاجرة في %(district)s",
        "fa": "خدمات برای افراد با پیشینهٔ مهاجرت در %(district)s",
    },
    "Integration": {"uk": "Інтеграція", "ru": "Интеграция", "ar": "الاندماج", "fa": "ادغام"},
    "Offers": {"uk": "Пропозиції", "ru": "Предложения", "ar": "العروض", "fa": "خدمات"},
    "Page %(page)s of %(pages)s": {
        "uk": "Сторінка %(page)s з %(pages)s",
        "ru": "Страница %(page)s из %(pages)s",
        "ar": "صفحة %(page)s من %(pages)s",
        "fa": "صفحهٔ %(page)s از %(pages)s",
    },
    "Further offers": {
        "uk": "Інші пропозиції",
        "ru": "Другие предложения",
        "ar": "عروض أخرى",
        "fa": "خدمات دیگر",
    },
    "Throughout the district": {
        "uk": "По всьому району",
        "ru": "По всему району",
        "ar": "في جميع أنحاء المقاطعة",
        "fa": "در سراسر شهرستان",
    },
    "free of charge": {"uk": "безкоштовно", "ru": "бесплатно", "ar": "مجاني", "fa": "رایگان"},
    "Registration required.": {
        "uk": "Потрібна реєстрація.",
        "ru": "Требуется запись.",
        "ar": "التسجيل مطلوب.",
        "fa": "ثبت‌نام لازم است.",
    },
    "No registration needed.": {
        "uk": "Реєстрація не потрібна.",
        "ru": "Запись не нужна.",
        "ar": "لا حاجة للتسجيل.",
        "fa": "نیازی به ثبت‌نام نیست.",
    },
    "phone": {"uk": "Телефон", "ru": "Телефон", "ar": "هاتف", "fa": "تلفن"},
    "mobile": {"uk": "Мобільний", "ru": "Мобильный", "ar": "جوال", "fa": "موبایل"},
    "fax": {"uk": "Факс", "ru": "Факс", "ar": "فاكس", "fa": "فکس"},
    "text message": {"uk": "SMS", "ru": "SMS", "ar": "رسالة نصية", "fa": "پیامک"},
}

LANGUAGES = ["uk", "ru", "ar", "fa"]
PLURAL_FORMS = {
    "uk": "nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : n%10>=2 && n%10<=4 && (n%100<10 || n%100>=20) ? 1 : 2);",
    "ru": "nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : n%10>=2 && n%10<=4 && (n%100<10 || n%100>=20) ? 1 : 2);",
    "ar": "nplurals=6; plural=(n==0 ? 0 : n==1 ? 1 : n==2 ? 2 : n%100>=3 && n%100<=10 ? 3 : n%100>=11 ? 4 : 5);",
    "fa": "nplurals=2; plural=(n > 1);",
}
