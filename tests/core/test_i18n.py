"""Every UI string goes through t(), in English and in Chinese: the keys the pages use exist
in both catalogues, with the same placeholders, following the glossary; plurals, dates and
messages made on other threads read right in each language."""

import re
import threading
from pathlib import Path

import numpy as np
import pytest

from core import i18n
from core.i18n import CATALOGUES, LANGUAGES, Message, placeholders, t, using
from core.locales import Plural
from core.locales.en import TEXT

ROOT = Path(__file__).resolve().parents[2]
SOURCES = [*ROOT.glob("pages/*.py"), *ROOT.glob("ui/*.py"), *ROOT.glob("core/**/*.py"), ROOT / "app.py"]
LITERAL = re.compile(r"""\b(?:t|Message)\(\s*"([a-z_.0-9-]+)"\s*[,)]""")
TEMPLATE = re.compile(r"""\bt\(\s*f["']([a-z_.0-9-]*)\{""")
HAN = re.compile(r"[\u4e00-\u9fff]")


def used_keys():
    text = "\n".join(path.read_text() for path in SOURCES)
    return set(LITERAL.findall(text)), set(TEMPLATE.findall(text))


def test_every_literal_key_exists():
    literal, _ = used_keys()
    assert literal, "the scan found no t() calls"
    missing = sorted(key for key in literal if key not in TEXT)
    assert not missing, f"keys used but not in the English catalogue: {missing}"


def test_every_catalogue_key_is_used():
    literal, prefixes = used_keys()
    unused = sorted(
        key for key in TEXT if key not in literal and not any(key.startswith(p) for p in prefixes)
    )
    assert not unused, f"catalogue keys no page uses: {unused}"


def test_placeholders_are_filled_and_unknown_keys_raise():
    assert t("build.total_parameters", count=225034) == "Total parameters: 225,034"
    assert t("draw.prediction", digit=7) == "## Prediction: 7"
    with pytest.raises(KeyError):
        t("no.such.key")
    assert set(CATALOGUES) == set(LANGUAGES) == {"en", "zh"}


def test_both_catalogues_have_the_same_keys_and_placeholders():
    english, chinese = CATALOGUES["en"], CATALOGUES["zh"]
    assert sorted(set(english) ^ set(chinese)) == []
    differ = {key: (placeholders(english[key]), placeholders(chinese[key])) for key in english}
    assert {key: pair for key, pair in differ.items() if pair[0] != pair[1]} == {}


def test_every_chinese_text_is_chinese():
    """Each Chinese entry is written in Chinese, not left in English (bar names and formulas)."""
    same_in_both = {
        key
        for key, text in CATALOGUES["zh"].items()
        if not HAN.search(text if isinstance(text, str) else text.other)
    }
    # Formulas, names of methods and layers, and lines made only of their values read the same.
    allowed = {key for key in same_in_both if key.endswith(".formula")} | {
        "home.transformer.title",
        "build.dropout",
        "build.optimizer.adam",
        "build.optimizer.rmsprop",
        "inside.map_title",
        "inside.method.grad_cam",
        "review.example",
        "review.verdict",
        "rnn.cell.simple_rnn",
        "rnn.cell.lstm",
        "rnn.cell.gru",
        "translate.result",
        "runs.kind.cnn",
        "runs.kind.rnn",
        "chart.save_png",
        "chart.save_svg",
        "archive.page_cnn",
        "archive.page_rnn",
        "archive.megabytes",
        "archive.gigabytes",
        "sidebar.device_gpu",
        "train.sentence_separator",  # Chinese joins sentences with nothing, English with a space
        "url.separator",
    }
    assert sorted(same_in_both - allowed) == []


def glossary() -> list[tuple[str, list[str]]]:
    """(English term, the Chinese forms accepted for it) from GLOSSARY.md's table."""
    rows = []
    for line in (ROOT / "GLOSSARY.md").read_text(encoding="utf-8").splitlines():
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        if len(cells) != 3 or cells[0] in ("English", "") or set(cells[0]) <= {"-"}:
            continue
        term, chinese, also = cells
        rows.append((term, [chinese, *[form.strip() for form in also.split(",") if form.strip()]]))
    return rows


def test_the_glossary_is_read():
    terms = dict(glossary())
    assert len(terms) > 60 and terms["hidden state"] == ["隐藏状态"] and "轮" in terms["epoch"]


def plain_text(entry) -> str:
    """An entry's words without its placeholders and Markdown code (a `{count}` is no term)."""
    text = " ".join(entry.forms()) if isinstance(entry, Plural) else entry
    return re.sub(r"\{[^}]*\}|`[^`]*`", " ", text)


def test_the_chinese_catalogue_follows_the_glossary():
    misses = []
    for term, forms in glossary():
        # A capitalised term is a name (a tab, Transformer): matched as written, so that the
        # tab "Look inside" is not the phrase "look inside". A file name's part is no term.
        flags = 0 if term[0].isupper() else re.IGNORECASE
        pattern = re.compile(rf"(?<![\w.-]){re.escape(term)}(s|es)?(?![\w.-])", flags)
        for key, english in CATALOGUES["en"].items():
            if key.endswith(".formula") or not pattern.search(plain_text(english)):
                continue
            chinese = plain_text(CATALOGUES["zh"][key]).lower()
            if not any(form.lower() in chinese for form in forms):
                misses.append(f"{key}: '{term}' should be {' / '.join(forms)}")
    assert misses == []


def test_english_plurals_follow_the_number_and_chinese_has_one_form():
    assert t("train.stopped_note", epoch=1).startswith("Stopped after 1 full epoch;")
    assert t("train.stopped_note", epoch=2).startswith("Stopped after 2 full epochs;")
    assert t("runs.choose_hint", count=1).startswith("1 run.") and t("runs.choose_hint", count=3).startswith(
        "3 runs."
    )
    assert t("translate.result_caption", method="greedy", words=1).endswith("1 token.")
    assert t("url.too_few_blocks", what="conv", low=1) == "conv needs at least 1 block, ignored"
    with using("zh"):
        assert t("train.stopped_note", epoch=1) != t("train.stopped_note", epoch=2)
        assert "1" in t("train.stopped_note", epoch=1) and HAN.search(t("train.stopped_note", epoch=1))


def test_every_plural_has_an_english_one_form_without_a_stray_plural():
    """No "1 epochs": in a `one` form, the number is not followed by a plural noun."""
    nouns = r"(epochs|tokens|runs|words|blocks|batches|kernels|units|slots)"
    for key, entry in CATALOGUES["en"].items():
        if isinstance(entry, Plural):
            assert entry.one is not None, key
            stray = re.search(rf"\{{{entry.by}[^}}]*\}}( full| test)? {nouns}\b", entry.one)
            assert stray is None, key


def test_numbers_and_dates_are_written_for_the_language():
    moment = 1_796_000_000  # 2026-11-30
    with using("en"):
        english = i18n.date_time(moment)
    with using("zh"):
        chinese = i18n.date_time(moment)
    assert re.fullmatch(r"[A-Z][a-z]{2} \d{1,2} \d\d:\d\d", english), english
    assert re.fullmatch(r"\d{1,2}月\d{1,2}日 \d\d:\d\d", chinese), chinese
    with using("zh"):
        assert t("build.total_parameters", count=225034).endswith("225,034")


def test_a_message_renders_in_the_language_it_is_read_in():
    """A message made where nobody reads (a training thread) is kept as a key and values."""
    made = []
    worker = threading.Thread(target=lambda: made.append(Message("train.pause_expired", {"minutes": 30})))
    worker.start()
    worker.join()
    message = made[0]
    with using("en"):
        assert str(message) == t("train.pause_expired", minutes=30) and "30 minutes" in str(message)
    with using("zh"):
        assert str(message) == t("train.pause_expired", minutes=30) and HAN.search(str(message))
    assert Message.from_json(message.to_json()) == message


def test_stored_messages_come_back_and_old_sentences_stay_as_they_were():
    nested = Message("train.failed", {"error": "ValueError: boom"})
    assert Message.from_json(nested.to_json()) == nested
    old = "The loss became NaN."  # what an earlier version stored: a sentence in English
    assert str(Message.from_json(old)) == old
    assert (
        str(Message.from_json('{"key": "no.such.key", "values": {}}'))
        == '{"key": "no.such.key", "values": {}}'
    )
    gone = '{"key": "no.such.key", "values": {}}'  # a later version's message: its English sentence
    assert str(Message.from_json(gone, fallback="The run failed.")) == "The run failed."
    assert str(Message.from_json("", fallback=old)) == old  # a run recorded before messages
    assert str(Message.from_json("")) == "" and not Message.from_json("")
    assert Message.plain("").to_json() == ""
    # Stored by another version: a value renamed, of another type, or not a number at all.
    assert str(Message("train.pause_expired", {})) == t("train.pause_expired", minutes=30).replace("30", "…")
    odd = Message.from_json('{"key": "train.diverged", "values": {"loss": null, "start": [1]}}')
    assert str(odd).startswith("The loss exploded to None (the first batch's was [1])")
    assert str(Message("train.stopped_note", {"epoch": float("nan")})).startswith(
        "Stopped after nan full epochs"
    )
    assert t("runs.choose_hint", count=np.int64(1)).startswith("1 run.")  # NumPy's integers too


def test_the_language_comes_from_the_reader_not_from_the_last_writer():
    """Two readers on two threads, each with their own language, at the same moment."""
    seen: dict[str, str] = {}
    barrier = threading.Barrier(2)

    def read(language: str) -> None:
        with using(language):
            barrier.wait()
            seen[language] = t("nav.home")

    threads = [threading.Thread(target=read, args=(language,)) for language in LANGUAGES]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert seen == {"en": "Home", "zh": "首页"}


def test_language_tags_are_read_as_the_browser_sends_them():
    assert [i18n.normalise(tag) for tag in ("zh-CN", "zh_Hans", "ZH", "en-GB", "fr", None, 3)] == [
        "zh",
        "zh",
        "zh",
        "en",
        None,
        None,
        None,
    ]
    with pytest.raises(ValueError):
        with using("fr"):
            pass
