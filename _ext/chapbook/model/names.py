"""Tag identity and the slug rule: one definition of each, for tags, posts and books.

The slug rule keeps letters of every script, accents included (``Über KI`` ->
``über-ki``): the old blog served tag pages under their names, and a
browser shows ``/tags/über-ki/`` as written.  Every run of other characters
becomes one ``-``.
"""

from __future__ import annotations

import functools
import hashlib
import re
import unicodedata

_NOT_ALNUM = re.compile(r"[\W_]+")
#: File systems allow 255 bytes a name; a slug stays well under (``index.html`` is added).
MAX_SLUG_BYTES = 120


@functools.lru_cache(maxsize=4096)  # pure; asked for each tag of each post on every listing
def tag_key(name: str) -> str:
    """Tags differing only in case, spacing or Unicode form are one tag."""
    return " ".join(unicodedata.normalize("NFC", name).casefold().split())


def slugify(name: str) -> str:
    """Lowercase; each run of characters other than letters and digits becomes ``-``.

    Non-ASCII letters are kept (``Über KI`` -> ``über-ki``).  A name with no
    letter or digit at all (an emoji) is named by its code points, so it still
    gets a slug of its own: ``🤖`` -> ``u1f916``; an empty name gives ``""``.  A slug
    longer than :data:`MAX_SLUG_BYTES` ends in a digest of the name instead.
    """
    key = tag_key(name)
    slug = _NOT_ALNUM.sub("-", key).strip("-")
    if not slug and key:
        slug = "u" + "-".join(f"{ord(char):x}" for char in key if not char.isspace())
    return _bounded(slug, key)


def _bounded(slug: str, key: str) -> str:
    """A long slug is cut, and a digest of the whole name keeps it unique and stable."""
    if len(slug.encode("utf-8")) <= MAX_SLUG_BYTES:
        return slug
    digest = hashlib.sha256(key.encode("utf-8", "surrogatepass")).hexdigest()[:10]
    cut = slug.encode("utf-8")[: MAX_SLUG_BYTES - 11].decode("utf-8", "ignore").rstrip("-")
    return f"{cut}-{digest}"
