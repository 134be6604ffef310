"""How one operating model is recognised across submissions.

An area may assess the same model twice (a resubmission). The model is the same
when its Innokylä link is the same after normalising away the scheme, ``www.``,
case, percent-encoding, a trailing slash, the query string and the fragment; a
submission with no usable link is matched on its area and model name instead.
"""

from __future__ import annotations

import re
import unicodedata
from urllib.parse import unquote

_SCHEME = re.compile(r"^[a-z][a-z0-9+.\-]*://")
_SPACES = re.compile(r"\s+")


def normalise_url(url: object) -> str | None:
    """The comparable form of a link, or None when the text is not a link.

    >>> normalise_url("HTTP://www.Innokyla.fi/fi/toimintamalli/abc/?utm=x#top")
    'innokyla.fi/fi/toimintamalli/abc'
    """
    if url is None:
        return None
    text = unicodedata.normalize("NFC", unquote(str(url).strip())).casefold()
    text = _SCHEME.sub("", text)
    text = text.removeprefix("www.")
    text = text.split("#", 1)[0].split("?", 1)[0].rstrip("/")
    host = text.split("/", 1)[0]
    if not text or " " in text or "." not in host:
        return None
    return text


def normalise_name(name: object) -> str:
    """A model name folded for comparison: case, whitespace and surrounding punctuation."""
    text = unicodedata.normalize("NFC", str(name or "")).casefold()
    return _SPACES.sub(" ", text).strip(" .,;:-\"'")


def model_key(url: object, region_code: object, name: object, response_id: object) -> str:
    """The identity of the assessed operating model."""
    link = normalise_url(url)
    if link:
        return f"url:{link}"
    folded = normalise_name(name)
    if folded and region_code:
        return f"name:{region_code}:{folded}"
    # Nothing to match on: the submission stands alone.
    return f"response:{response_id}"
