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

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from analysis.arrow_columns import pa_array, string_take

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


def model_keys(links: pd.Series, region_codes: pd.Series, names: pd.Series, response_ids: pd.Series) -> pd.Series:
    """:func:`model_key` for whole columns. ``links`` holds each row's link already
    normalised (:func:`normalise_url`, missing when the row has none); the names of
    the rows without a link are folded once per distinct name."""
    keys = ("url:" + links.astype("string")).astype("string")
    no_link = keys.isna()
    if no_link.any():
        codes, distinct = pd.factorize(names[no_link], use_na_sentinel=True)
        folded = np.array([normalise_name(n) for n in distinct] + [""], dtype=object)[codes]
        folded = pd.Series(folded, index=keys.index[no_link], dtype="string")
        by_name = ("name:" + region_codes[no_link].astype("string") + ":" + folded).where(folded.ne(""))
        alone = "response:" + response_ids[no_link].astype("string").fillna("<NA>")
        keys[no_link] = by_name.fillna(alone)
    return keys


# An http(s) link to a host with a dot, in plain ASCII with no spaces or
# percent-escapes, with at most ASCII whitespace around it: normalise_url accepts
# every such text (hosts starting "www." are left to it, as it strips that part).
_PLAIN_LINK = (
    r"[ \t\n\r\x0b\x0c]*[hH][tT][tT][pP][sS]?://[A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+)+"
    r"(?:[/?#][\x21-\x24\x26-\x7e]*)?[ \t\n\r\x0b\x0c]*"
)
_WWW = r"[ \t\n\r\x0b\x0c]*[hH][tT][tT][pP][sS]?://[wW][wW][wW]\."


def _plain_links(texts: pd.Series) -> pd.Series:
    """Where a text is a plain link (see _PLAIN_LINK)."""
    plain = texts.str.fullmatch(_PLAIN_LINK) & ~texts.str.match(_WWW)
    return plain.fillna(False).astype(bool)


def normalise_urls(texts: pd.Series) -> pd.Series:
    """:func:`normalise_url` for a whole column, as "string" (missing where the text
    is not a link). Plain links are normalised with pyarrow's string kernels, which
    for them do exactly what normalise_url does; other texts go to normalise_url,
    once per distinct text."""
    texts = texts.astype("string")
    plain = _plain_links(texts)
    links = pa_array(texts)
    if plain.any():  # normalised column-wise, then kept where the text is a plain link
        links = pc.utf8_lower(pc.utf8_trim_whitespace(links))
        links = pc.replace_substring_regex(links, pattern=r"^https?://", replacement="")
        links = pc.replace_substring_regex(links, pattern=r"[?#].*$", replacement="")
        links = pc.replace_substring_regex(links, pattern=r"/+$", replacement="")
    links = pc.if_else(pa.array(plain.to_numpy()), links, pa.scalar(None, links.type))
    rest = (texts.notna() & ~plain).to_numpy()
    if rest.any():
        codes, distinct = pd.factorize(texts[rest])
        positions = np.full(len(texts), -1, dtype=np.int64)
        positions[rest] = codes
        others = string_take([normalise_url(u) for u in distinct], positions)
        links = pc.if_else(pa.array(rest), pa_array(pd.Series(others)).cast(links.type), links)
    return pd.Series(pd.arrays.ArrowStringArray(links), index=texts.index)


def is_link(texts: pd.Series) -> pd.Series:
    """For a whole column: whether :func:`normalise_url` takes each text for a link,
    in the nullable "boolean" dtype, missing where the text is missing or blank.
    Plain links are recognised by one vectorised pattern that implies
    normalise_url's answer; any other text is given to normalise_url (once per
    distinct text)."""
    texts = texts.astype("string")
    given = (texts.notna() & texts.str.strip().ne("")).fillna(False).astype(bool)
    plain = _plain_links(texts)
    out = pd.Series(pd.NA, index=texts.index, dtype="boolean")
    out[plain] = True
    rest = given & ~plain
    if rest.any():
        out[rest] = normalise_urls(texts[rest]).notna().to_numpy()
    return out
