"""Digits as people type them: Arabic-Indic (٠١٢), Extended Arabic-Indic (۰۱۲) or ASCII."""

import unicodedata


def ascii_digits(text: str) -> str:
    """Replace every decimal digit of any script with its ASCII digit; leave the rest alone."""
    if text.isascii():
        return text
    return "".join(str(unicodedata.digit(ch)) if ch.isdecimal() else ch for ch in text)


def only_digits(text: str) -> str:
    """The ASCII digits of a phone or ID number, whatever the script and separators."""
    return "".join(ch for ch in ascii_digits(text) if ch.isdecimal())


ARABIC_DECIMAL_SEPARATOR = "\u066b"  # ٫
ARABIC_THOUSANDS_SEPARATOR = "\u066c"  # ٬


def ascii_number(text: str) -> str:
    """A number as typed, in ASCII: digits of any script, the Arabic decimal separator (٫) as a
    point, Arabic thousands separators (٬) dropped, surrounding spaces trimmed."""
    text = ascii_digits(text)
    if text.isascii():
        return text.strip()
    text = text.replace(ARABIC_THOUSANDS_SEPARATOR, "").replace(ARABIC_DECIMAL_SEPARATOR, ".")
    return text.strip()
