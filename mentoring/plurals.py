"""Russian plural forms of a noun after a number.

Rule (Russian grammar, as in CLDR's plural rules for ``ru``): the form "one"
for numbers ending in 1 except 11 (1, 21, 101 год), "few" for numbers ending in
2–4 except 12–14 (2, 23 года), "many" for the rest (5, 11, 14, 24… лет).
"""


def plural(number, forms):
    """The noun form for ``number``.

    ``forms``: the three forms as a tuple or a comma-separated string
    ``"год,года,лет"`` (one, few, many). ``number``: an int (a negative one
    takes the form of its absolute value). Raises ValueError when ``forms``
    does not have three items.
    """
    if isinstance(forms, str):
        forms = [f.strip() for f in forms.split(",")]
    one, few, many = forms
    n = abs(int(number)) % 100
    if 11 <= n <= 14:
        return many
    n %= 10
    if n == 1:
        return one
    if 2 <= n <= 4:
        return few
    return many


def count_noun(number, forms):
    """``number`` followed by the agreeing noun form: ``count_noun(24, "год,года,лет")``
    → ``"24 года"``."""
    return f"{number} {plural(number, forms)}"
