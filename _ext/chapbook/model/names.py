"""Tag identity and the slug rule: one definition of each, for tags, posts and books.

The slug rule keeps letters of every script, accents included (``Über KI`` ->
``über-ki``): the old blog served tag pages under their names, and a
browser shows ``/tags/über-ki/`` as written.  Every run of other characters
becomes one ``-``.
"""

from __future__ import annotations

import re
import unicodedata

_NOT_ALNUM = re.compile(r"[\W_]+")


def tag_key(name: str) -> str:
    """Tags differing only in case, spacing or Unicode form are one tag."""
    return " ".join(unicodedata.normalize("NFC", name).casefold().split())


def slugify(name: str) -> str:
    """Lowercase; each run of characters other than letters and digits becomes ``-``.

    Non-ASCII letters are kept (``Über KI`` -> ``über-ki``).  A name with no
    letter or digit at all (an emoji) is named by its code points, so it still
    gets a slug of its own: ``🤖`` -> ``u1f916``; an empty name gives ``""``.
    """
    key = tag_key(name)
    slug = _NOT_ALNUM.sub("-", key).strip("-")
    if slug or not key:
        return slug
    return "u" + "-".join(f"{ord(char):x}" for char in key if not char.isspace())
