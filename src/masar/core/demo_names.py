"""Plausible Iraqi names for demo households: given name, father's, grandfather's, family name.

Each name has its Arabic spelling and the Latin spellings seen in registration data, so demo
records carry the spelling drift that duplicate detection and search must cope with.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

MALE = [
    ("محمد", ("Mohammed", "Muhammad", "Mohamed", "Mohamad")),
    ("أحمد", ("Ahmed", "Ahmad")),
    ("علي", ("Ali",)),
    ("حسين", ("Hussein", "Husain", "Hussain")),
    ("حسن", ("Hassan", "Hasan")),
    ("عبد الله", ("Abdullah", "Abdulla", "Abdallah")),
    ("عمر", ("Omar", "Umar")),
    ("خالد", ("Khalid", "Khaled")),
    ("يوسف", ("Yousif", "Yusuf", "Youssef")),
    ("إبراهيم", ("Ibrahim", "Ebrahim")),
    ("مصطفى", ("Mustafa", "Mostafa")),
    ("جاسم", ("Jasim", "Jassim")),
    ("كريم", ("Kareem", "Karim")),
    ("سعد", ("Saad", "Sa'ad")),
    ("عباس", ("Abbas",)),
    ("محمود", ("Mahmoud", "Mahmood")),
    ("عبد الرحمن", ("Abdulrahman", "Abd al-Rahman")),
    ("صالح", ("Saleh", "Salih")),
    ("ياسين", ("Yaseen", "Yasin")),
    ("فاضل", ("Fadhil", "Fadel")),
    ("قاسم", ("Qasim", "Kassim")),
    ("سالم", ("Salim", "Salem")),
    ("مهدي", ("Mahdi", "Mehdi")),
    ("زيد", ("Zaid", "Zeid")),
    ("حمزة", ("Hamza", "Hamzah")),
]
FEMALE = [
    ("فاطمة", ("Fatima", "Fatma")),
    ("زينب", ("Zainab", "Zaynab")),
    ("مريم", ("Maryam", "Mariam")),
    ("نور", ("Noor", "Nour")),
    ("سارة", ("Sara", "Sarah")),
    ("هدى", ("Huda", "Houda")),
    ("آمنة", ("Amina", "Aminah")),
    ("خديجة", ("Khadija", "Khadeeja")),
    ("رقية", ("Ruqaya", "Roqaya")),
    ("شيماء", ("Shaimaa", "Shayma")),
    ("أسماء", ("Asmaa", "Asma")),
    ("هند", ("Hind",)),
    ("سعاد", ("Suad", "Souad")),
    ("ليلى", ("Layla", "Leila")),
    ("وفاء", ("Wafaa", "Wafa")),
    ("إيمان", ("Iman", "Eman")),
]
FAMILY = [
    ("الجبوري", ("Al-Jubouri", "Aljaboori")),
    ("الدليمي", ("Al-Dulaimi", "Aldulaimy")),
    ("العبيدي", ("Al-Obaidi", "Alubaidi")),
    ("الشمري", ("Al-Shammari", "Alshamari")),
    ("الحمداني", ("Al-Hamdani", "Alhamdany")),
    ("الطائي", ("Al-Taie", "Altaee")),
    ("العزاوي", ("Al-Azzawi", "Alazawi")),
    ("الكبيسي", ("Al-Kubaisi", "Alkobaisi")),
    ("السامرائي", ("Al-Samarrai", "Alsamaraee")),
    ("التميمي", ("Al-Tamimi", "Altamimi")),
    ("الزبيدي", ("Al-Zubaidi", "Alzubaidy")),
    ("الحديدي", ("Al-Hadidi", "Alhadeedi")),
    ("", ("",)),
]


@dataclass(frozen=True)
class PersonName:
    given: str
    father: str
    grandfather: str
    family: str
    latin: str


def _pick(rng: random.Random, names):
    arabic, latin = rng.choice(names)
    return arabic, rng.choice(latin)


def person_name(rng: random.Random, sex: str, *, father: PersonName | None = None) -> PersonName:
    """A name chain; a child's father's and grandfather's names follow from the father's."""
    given, given_latin = _pick(rng, FEMALE if sex == "f" else MALE)
    if father is not None:
        father_name, grandfather = father.given, father.father
        father_latin = father.latin.split(" ")[0] if father.latin else ""
        grandfather_latin = father.latin.split(" ")[1] if father.latin.count(" ") >= 1 else ""
        family, family_latin = father.family, father.latin.split(" ")[-1] if father.family else ""
    else:
        father_name, father_latin = _pick(rng, MALE)
        grandfather, grandfather_latin = _pick(rng, MALE)
        family, family_latin = _pick(rng, FAMILY)
    latin = " ".join(p for p in (given_latin, father_latin, grandfather_latin, family_latin) if p)
    return PersonName(given, father_name, grandfather, family, latin)
