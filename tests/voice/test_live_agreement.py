"""Local agreement, the rule that decides which re-decoded words a live Whisper call shows (pure logic:
the decodes are written out here as Whisper gives them, cut words and changed minds included)."""

from __future__ import annotations

from voice.engines.agreement import Agreement, common_prefix, norm
from voice.types import Word


def words(*spec: tuple[str, float]) -> list[Word]:
    """Words from (text, start); each lasts 0.3 s."""
    return [Word(start, start + 0.3, text, 0.9) for text, start in spec]


def texts(found: list[Word]) -> list[str]:
    return [w.text for w in found]


def test_a_word_is_shown_once_two_decodes_agree_on_it_and_everything_before() -> None:
    agreement = Agreement()
    assert agreement.update(words(("Selamat", 0.5), ("pa", 0.9)), window_start=0.0) == []
    agreed = agreement.update(words(("Selamat", 0.5), ("pagi,", 0.9), ("sa", 1.3)), window_start=0.0)
    assert texts(agreed) == ["Selamat"], "the cut word 'pa' became 'pagi,': not agreed yet"
    agreed = agreement.update(
        words(("selamat", 0.5), ("Pagi", 0.9), ("saya", 1.3), ("mau", 1.7)), window_start=0.0
    )
    assert texts(agreed) == ["Pagi"], "case and punctuation do not count as a change"
    assert texts(agreement.stable) == ["Selamat", "Pagi"]


def test_shown_words_are_never_taken_back_when_whisper_changes_its_mind() -> None:
    agreement = Agreement()
    for _ in range(2):
        agreement.update(words(("Saya", 0.5), ("mau", 0.9), ("lapor", 1.3)), window_start=0.0)
    assert texts(agreement.stable) == ["Saya", "mau", "lapor"]
    # The next decode hears the first word differently; what follows the shown words is matched by time.
    changed = words(("Syah", 0.5), ("mau", 0.9), ("lapor", 1.3), ("jalan", 1.7), ("rusak", 2.1))
    agreement.update(changed, window_start=0.0)
    agreement.update(changed, window_start=0.0)
    assert texts(agreement.stable) == ["Saya", "mau", "lapor", "jalan", "rusak"]


def test_after_the_window_moved_a_repeated_tail_is_not_shown_twice() -> None:
    agreement = Agreement(stable=words(("jalan", 5.0), ("di", 5.4), ("desa", 5.8)))
    # The window now starts at 6.1 s, but Whisper stretched "desa" into it and repeats it.
    repeat = words(("desa", 6.0), ("kami", 6.4), ("rusak", 6.8))
    assert texts(agreement.new_words(repeat, window_start=6.1)) == ["kami", "rusak"]


def test_closing_keeps_the_shown_words_and_adds_the_last_decode() -> None:
    agreement = Agreement()
    agreement.update(words(("Nama", 0.5), ("saya", 0.9)), window_start=0.0)
    agreement.update(words(("Nama", 0.5), ("saya", 0.9), ("Bu", 1.3)), window_start=0.0)
    final = agreement.close(words(("nama", 0.5), ("saya", 0.9), ("Budi", 1.3)), window_start=0.0)
    assert texts(final) == ["Nama", "saya", "Budi"]
    assert agreement.stable == [] and agreement.pending == []


def test_words_compare_without_case_or_punctuation() -> None:
    assert norm("Pagi,") == norm("pagi") == "pagi"
    assert common_prefix(words(("A", 0), ("b", 1)), words(("a.", 0), ("c", 1))) == 1
