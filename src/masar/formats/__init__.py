"""Number and date formats per language, overriding Django's where Iraq's usage differs.

Django's Arabic formats group thousands with "." and mark decimals with ",", which an Arabic
reader in Iraq takes for the opposite of what is meant; the Arabic separators (U+066C, U+066B)
are unambiguous in Arabic and Kurdish text. Digits stay Western, as in DTM Iraq's Arabic products.
"""
