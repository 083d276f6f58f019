import itertools
import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from masar.lib.arabic import latin_key, name_tokens, normalize_name, strip_article

# Basic Arabic alphabet ا..ي (U+0627–U+064A) without tatweel, which is not a letter.
ARABIC_LETTERS = [chr(cp) for cp in range(0x0627, 0x064B) if unicodedata.category(chr(cp)) == "Lo"]

# The variant groups normalize_name folds together, as documented in the module.
VARIANT_GROUPS = [
    set("اأإآٱ"),
    set("يىئیێ"),
    set("هةە"),
    set("وؤۆ"),
    set("كک"),
    set("رڕ"),
    set("لڵ"),
]

DIACRITICS = [chr(cp) for cp in [*range(0x064B, 0x0660), 0x0670, *range(0x06D6, 0x06EE)]]
INVISIBLES = ["\u0640", "\u200c", "\u200d", "\u200f"]
ARABIC_DIGITS = [*"٠١٢٣٤٥٦٧٨٩", *"۰۱۲۳۴۵۶۷۸۹"]

# Names built from pieces that exercise every rule, including compound prefixes.
NAME_PIECES = [
    *ARABIC_LETTERS,
    *sorted(set().union(*VARIANT_GROUPS)),
    *DIACRITICS,
    *INVISIBLES,
    *ARABIC_DIGITS,
    *"0123456789 -'.Ü",
    *["عبد ", "ابو ", "abd ", "ul ", "al-"],
]
name_like_text = st.lists(st.sampled_from(NAME_PIECES)).map("".join)
any_text = st.one_of(name_like_text, st.text())


def same_group(a: str, b: str) -> bool:
    """Whether normalize_name may legitimately fold a and b together."""
    return a == b or any(a in group and b in group for group in VARIANT_GROUPS)


# --- normalize_name rules --------------------------------------------------------------------


def test_presentation_forms_become_base_letters():
    assert normalize_name("ﻣﺤﻤﺪ") == "محمد"
    assert normalize_name("ﷲ") == "الله"


def test_tashkeel_and_tatweel_are_removed():
    assert normalize_name("مُحَمَّدٌ") == "محمد"
    assert normalize_name("محـــمد") == "محمد"
    assert normalize_name("رَحْمٰن") == "رحمن"


def test_zero_width_joiners_and_format_characters_are_removed():
    assert normalize_name("عبد\u200cالله") == normalize_name("عبدالله") == "عبدالله"
    assert normalize_name("حس\u200dين\u200f") == "حسين"


@pytest.mark.parametrize(
    ("variant", "base"),
    [
        ("أ", "ا"),
        ("إ", "ا"),
        ("آ", "ا"),
        ("ٱ", "ا"),
        ("ى", "ي"),
        ("ة", "ه"),
        ("ؤ", "و"),
        ("ئ", "ي"),
        ("ک", "ك"),
        ("ی", "ي"),
        ("ە", "ه"),
        ("ێ", "ي"),
        ("ۆ", "و"),
        ("ڕ", "ر"),
        ("ڵ", "ل"),
    ],
)
def test_letter_variants_fold_to_their_base_letter(variant, base):
    assert normalize_name(f"ب{variant}ب") == f"ب{base}ب"


def test_variant_spellings_of_real_names_agree():
    assert normalize_name("أحمد") == normalize_name("احمد")
    assert normalize_name("فاطمة") == normalize_name("فاطمه")
    assert normalize_name("علی") == normalize_name("على") == normalize_name("علي")


def test_arabic_indic_and_extended_digits_become_ascii():
    assert normalize_name("٠١٢٣٤٥٦٧٨٩") == "0123456789"
    assert normalize_name("۰۱۲۳۴۵۶۷۸۹") == "0123456789"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("عبد الله", "عبدالله"),
        ("عبد الرحمن", "عبدالرحمن"),
        ("ابو بكر", "ابوبكر"),
        ("أبو بكر", "ابوبكر"),
        ("Abdul Rahman", "abdulrahman"),
        ("Abd Allah", "abdallah"),
        ("Abdel Karim", "abdelkarim"),
        ("Abdal Wahid", "abdalwahid"),
        ("Abu Bakr", "abubakr"),
        ("Abou Ali", "abouali"),
        ("احمد عبد", "احمد عبد"),
        ("ابو عبد الله", "ابوعبدالله"),
        ("Abd-ul Rahman", "abdulrahman"),
    ],
)
def test_compound_names_are_joined(text, expected):
    assert normalize_name(text) == expected


def test_latin_is_casefolded_without_accents_and_punctuation_splits():
    assert normalize_name("Hüsein") == "husein"
    assert normalize_name("Al-Jubouri") == "al jubouri"
    assert normalize_name("  O'Neil,  JOSÉ_maría. ") == "o neil jose maria"


def test_article_is_kept_by_normalize_name_and_stripped_on_request():
    assert normalize_name("الجبوري") == "الجبوري"
    assert strip_article("الجبوري") == "جبوري"
    assert strip_article("aljubouri") == "jubouri"
    assert strip_article("الم") == "الم"
    assert strip_article("ali") == "ali"
    assert name_tokens("Ali Al-Jubouri الحسني") == ["ali", "al", "jubouri", "الحسني"]
    assert name_tokens("Ali الحسني", drop_article=True) == ["ali", "حسني"]


# --- latin_key -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "spellings",
    [
        ["محمد", "Mohammed", "Muhammad", "Mohamad", "Mohamed"],
        ["حسين", "Hussein", "Husain"],
        ["عبدالله", "عبد الله", "Abdulla", "Abdallah", "Abdullah", "عەبدوڵڵا"],
        ["يوسف", "Yousif", "Yusuf"],
        ["أحمد", "Ahmed"],
        ["فاطمة", "Fatima"],
        ["الجبوري", "Al-Jubouri"],
        ["خالد", "Khalid"],
        ["سعد", "Sa'ad"],
        ["سهيل", "Suhail"],
        ["ابو بكر", "Abu Bakr", "Abubakr"],
    ],
)
def test_arabic_and_latin_spellings_share_a_key(spellings):
    keys = {latin_key(spelling) for spelling in spellings}
    assert len(keys) == 1, keys


def test_different_names_keep_different_keys():
    assert latin_key("محمد") != latin_key("احمد")
    assert latin_key("علي") != latin_key("عمر")


def test_key_has_one_part_per_name_token():
    assert latin_key("محمد حسين الجبوري") == "mhmd hsn jbr"
    assert latin_key("Mohammed Hussein Al-Jubouri") == "mhmd hsn jbr"


# --- properties ------------------------------------------------------------------------------


@given(any_text)
def test_normalize_name_is_idempotent(text):
    once = normalize_name(text)
    assert normalize_name(once) == once


@given(any_text)
def test_normalize_name_leaves_no_marks_tatweel_invisibles_or_foreign_digits(text):
    result = normalize_name(text)
    assert not any(unicodedata.category(ch) in {"Mn", "Mc", "Me", "Cf"} for ch in result)
    assert "\u0640" not in result
    assert not any(ch.isdigit() and not ch.isascii() for ch in result)
    assert result == " ".join(result.split())


@given(any_text)
def test_latin_key_is_ascii_lowercase_letters_and_single_spaces(text):
    key = latin_key(text)
    assert all(ch == " " or "a" <= ch <= "z" for ch in key)
    assert key == " ".join(key.split())


def test_distinct_letters_outside_a_variant_group_stay_distinct():
    for a, b in itertools.combinations(ARABIC_LETTERS, 2):
        if not same_group(a, b):
            assert normalize_name(a) != normalize_name(b), (a, b)


@given(st.data(), st.text(st.sampled_from(ARABIC_LETTERS), min_size=1, max_size=12))
def test_replacing_a_letter_by_a_non_variant_changes_the_word(data, word):
    index = data.draw(st.integers(0, len(word) - 1))
    others = [c for c in ARABIC_LETTERS if not same_group(c, word[index])]
    other = data.draw(st.sampled_from(others))
    changed = word[:index] + other + word[index + 1 :]
    assert normalize_name(word) != normalize_name(changed)
