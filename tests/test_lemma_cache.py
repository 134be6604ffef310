"""The lemma dictionaries' disk cache (analysis.themes.words._TrieDictionaries):
built once per language through simplemma's public TrieDictionaryFactory, in a
staging folder renamed into place, so that a process starting meanwhile never
reads half a trie. Scottish Gaelic ("gd") is used: its dictionary is small and
builds in a tenth of a second."""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest
from simplemma.strategies.dictionaries import DefaultDictionaryFactory

from analysis.themes import words

LANG = "gd"


@pytest.fixture(scope="module")
def plain() -> dict[str, str]:
    """simplemma's shipped dictionary unpacked into a dict: no trie, no cache."""
    return dict(DefaultDictionaryFactory().get_dictionary(LANG).items())


def test_the_cache_gives_the_lemmas_of_simplemmas_own_dictionary(tmp_path: Path, plain: dict[str, str]) -> None:
    cached = words._TrieDictionaries(tmp_path).get_dictionary("gd")
    assert len(cached) == len(plain) > 50_000
    assert dict(cached.items()) == plain
    assert [p.name for p in tmp_path.iterdir()] == ["gd"], "no staging folder is left behind"
    assert any((tmp_path / "gd").iterdir())


def test_a_cached_language_opens_without_building(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, plain: dict[str, str]
) -> None:
    words._TrieDictionaries(tmp_path).get_dictionary("gd")
    saved = {p: p.stat().st_mtime_ns for p in (tmp_path / "gd").iterdir()}

    def no_staging(*args: object, **kwargs: object) -> str:
        raise AssertionError("a cached language was built again")

    monkeypatch.setattr(tempfile, "mkdtemp", no_staging)
    again = words._TrieDictionaries(tmp_path).get_dictionary("gd")
    assert dict(again.items()) == plain
    assert {p: p.stat().st_mtime_ns for p in (tmp_path / "gd").iterdir()} == saved


def test_when_another_process_finishes_first_its_cache_is_kept(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, plain: dict[str, str]
) -> None:
    """Another process renames its complete folder into place while this one is
    still building: this one's rename fails, its copy is thrown away and the
    other's is used."""
    words._TrieDictionaries(tmp_path / "other").get_dictionary("gd")  # the other process's complete folder
    theirs = {p.name: p.stat().st_ino for p in (tmp_path / "other" / "gd").iterdir()}
    real_mkdtemp = tempfile.mkdtemp

    def other_process_wins(*args: object, **kwargs: object) -> str:
        staging = real_mkdtemp(*args, **kwargs)  # type: ignore[call-overload]
        (tmp_path / "other" / "gd").rename(tmp_path / "gd")
        return staging

    monkeypatch.setattr(tempfile, "mkdtemp", other_process_wins)
    dictionary = words._TrieDictionaries(tmp_path).get_dictionary("gd")
    assert dict(dictionary.items()) == plain
    assert sorted(p.name for p in tmp_path.iterdir()) == ["gd", "other"], "this process's copy is removed"
    assert {p.name: p.stat().st_ino for p in (tmp_path / "gd").iterdir()} == theirs
