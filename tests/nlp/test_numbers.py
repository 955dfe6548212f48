"""Spoken numbers read like a person would, checked for plausibility, and marked when unsure."""

from __future__ import annotations

import random
import re
from datetime import date

import pytest
from spacy.language import Language

from nlp import AnalysisContext, TimedWord, analyze
from nlp.components import nik_valid
from nlp.digit_words import DIGIT_WORDS, lexicon, read_digit_word
from nlp.gazetteer import common_words
from nlp.numbers import check_number, choose_reading, decode_nik, read_numbers, reading_score

_WORD = {v: w for w, v in DIGIT_WORDS.items() if w != "kosong"}


def _digits(text: str) -> list[str]:
    return [n.digits for n in read_numbers(text)]


@pytest.mark.parametrize(
    ("heard", "digits"),
    [
        # Whisper's mishearings, all from the generated lexicon (none is listed by hand).
        ("nol delapan satu dua tiga empat nam tujuh delapan semilan", "0812346789"),
        ("no delapan doa satu tiga tiga empat lima enam tujuh", "0821334567"),
        ("kosong lapan satu dua tiga tuyuk delapan sembilan", "08123789"),
        ("nom delapan satu tiga tige empak lima", "0813345"),
        # Punctuation and mixed forms.
        ("Kosong -kosong sembilan satu dua tiga", "009123"),
        ("nomornya 2 lima, 1, 4", "2514"),
        ("3.0.54", "3054"),
        ("1-0-8-2", "1082"),
        ("Nol delapan satu, dua, tiga, empat, lima, enam.", "08123456"),
        # Pairs and teens, and a pair that a listener splits ("dua puluh, tiga puluh lima").
        ("delapan belas dua puluh satu kosong lima", "182105"),
        ("kosong delapan dua puluh tiga empat puluh lima enam tujuh", "08234567"),
        ("dua puluh tiga puluh lima", "2035"),
        ("sebelas sepuluh nol nol", "111000"),
        # Repeated digits.
        ("nol delapan satu dobel tiga empat lima", "0813345"),
        ("kosong delapan tripel lima dua", "085552"),
    ],
)
def test_spoken_digit_strings_are_read(heard: str, digits: str) -> None:
    assert _digits(heard) == [digits]


@pytest.mark.parametrize(
    "text",
    [
        "rumah kosong sudah lama",
        "doa kami semoga cepat",
        "bu Lina dua anak",  # a name that sounds like "lima" is not a digit
        "tiga anak dan dua cucu",  # fewer than four digits
        "jam 08.00 - 10.00 ada 1.500 kk",
    ],
)
def test_ordinary_text_has_no_digit_string(text: str) -> None:
    assert [n for n in read_numbers(text) if n.kind != "amount"] == []


def test_lexicon_is_generated_and_never_swallows_ordinary_words() -> None:
    lex = lexicon()
    assert len(lex) > 1000  # generated, not a hand list
    for word, value in DIGIT_WORDS.items():
        assert lex[word].value == value
    # An ordinary Indonesian word is never a trusted near-miss: at most ambiguous.
    words = common_words()
    for variant, reading in lex.items():
        if variant in words and variant not in DIGIT_WORDS:
            assert reading.kind in ("ambiguous", "regional"), variant
    for word in ("dia", "dan", "sama", "baru", "nama", "suka", "ini", "no"):
        reading = read_digit_word(word)
        assert reading is None or reading.kind == "ambiguous", word


def test_near_misses_are_less_sure_than_the_right_spelling() -> None:
    rng = random.Random(19)
    near = [(w, r) for w, r in lexicon().items() if r.kind == "near"]
    for word, reading in rng.sample(near, 200):
        assert 0.3 < reading.confidence < 1.0, word
    for word in DIGIT_WORDS:
        assert read_digit_word(word).confidence == 1.0  # type: ignore[union-attr]


def _say_pair(pair: str, rng: random.Random) -> str:
    tens, unit = int(pair[0]), int(pair[1])
    if tens == 0:
        return f"{rng.choice(['kosong', 'nol'])} {_WORD[unit]}"
    if tens == 1:
        return {0: "sepuluh", 1: "sebelas"}.get(unit, f"{_WORD[unit]} belas")
    return f"{_WORD[tens]} puluh" + (f" {_WORD[unit]}" if unit else "")


def _say(digits: str, style: str, rng: random.Random) -> str:
    """Speak a digit string the way callers and Whisper write it."""
    if style == "pairs":  # an odd digit goes first, as in "kosong, delapan belas, …"
        head = [_WORD[int(digits[0])]] if len(digits) % 2 else []
        rest = digits[len(head) :]
        return " ".join(head + [_say_pair(rest[i : i + 2], rng) for i in range(0, len(rest), 2)])
    zero = rng.choice(["kosong", "nol"])
    words = [zero if d == "0" else _WORD[int(d)] for d in digits]
    if style == "mixed":  # Whisper: some digits as digits, commas and hyphens between
        words = [d if rng.random() < 0.4 else w for d, w in zip(digits, words, strict=True)]
        seps = [rng.choice([" ", ", ", "-", " "]) for _ in words[1:]]
        return words[0] + "".join(s + w for s, w in zip(seps, words[1:], strict=True))
    return " ".join(words)


@pytest.mark.parametrize("style", ["words", "pairs", "mixed"])
def test_random_digit_strings_in_every_style(style: str) -> None:
    rng = random.Random(f"numbers-{style}")
    for _ in range(150):
        length = rng.randint(4, 16)
        digits = "".join(rng.choice("0123456789") for _ in range(length))
        spoken = _say(digits, style, rng)
        assert _digits(f"nomor saya {spoken} ya pak") == [digits], spoken


@pytest.mark.parametrize(
    ("digits", "kind", "plausible"),
    [
        ("081234567890", "mobile", True),
        ("6281234567890", "mobile", True),
        ("81234567890", "mobile", True),  # the spoken "kosong" lost
        ("08123456", "mobile", False),  # too short for a mobile number
        ("0845", "number", True),  # a short ticket number that happens to start with 08
        ("0215551234", "landline", True),
        ("3303074512900001", "nik", True),
        ("9999074512900001", "nik", False),  # no such region
        ("3303073212900001", "nik", False),  # 32 December
        ("2514", "number", True),
    ],
)
def test_plausibility(digits: str, kind: str, plausible: bool) -> None:
    check = check_number(digits)
    assert (check.kind, check.plausible) == (kind, plausible)


def test_nik_decodes_region_birth_date_and_sex() -> None:
    man = decode_nik("3303071208850003")
    woman = decode_nik("3303075208850003")  # day 12 + 40
    assert man is not None and woman is not None
    assert man.region_code == "33.03.07" and man.region[0] == "Jawa Tengah"
    assert (man.birth_date, man.sex) == ("1985-08-12", "L")
    assert (woman.birth_date, woman.sex) == ("1985-08-12", "P")
    assert decode_nik("3303071208850003", today=date(1980, 1, 1)) is None  # born in the future
    assert nik_valid("3303071208850003") and not nik_valid("3303071213850003")  # no 13th month


def test_plausibility_chooses_between_hypotheses() -> None:
    # The recogniser's first guess lost a digit; the second makes a valid mobile number.
    hypotheses = [
        "kosong delapan satu dua tiga empat",
        "kosong delapan satu dua tiga empat lima enam tujuh delapan",
    ]
    assert choose_reading(hypotheses) == 1
    # A NIK with a real region and date beats one with a 13th month.
    niks = ["tiga tiga nol tiga nol tujuh satu dua satu tiga delapan lima nol nol nol tiga",
            "tiga tiga nol tiga nol tujuh satu dua nol delapan delapan lima nol nol nol tiga"]  # fmt: skip
    assert choose_reading(niks) == 1
    assert choose_reading(["tidak ada nomor", "juga tidak"]) == 0
    with pytest.raises(ValueError):
        choose_reading([])


def _timed(text: str, unsure: set[str]) -> tuple[TimedWord, ...]:
    return tuple(
        TimedWord(w, round(i * 0.4, 2), round(i * 0.4 + 0.35, 2), 0.3 if w in unsure else 0.95)
        for i, w in enumerate(text.split())
    )


def test_unsure_number_is_marked_with_its_audio_span(pipeline: Language) -> None:
    text = "tolong hubungi saya di nomor kosong delapan satu dua tiga empat lima enam tujuh delapan sembilan"
    sure = analyze(text, AnalysisContext(words=_timed(text, set())), pipeline=pipeline)
    unsure = analyze(text, AnalysisContext(words=_timed(text, {"tujuh"})), pipeline=pipeline)
    [phone] = [e for e in unsure.entities if e.label == "PHONE"]
    assert phone.number is not None and phone.number.needs_confirmation
    assert phone.number.digits == "08123456789" and min(phone.number.digit_confidences) <= 0.3
    assert phone.number.audio_start == pytest.approx(5 * 0.4) and phone.number.audio_end == pytest.approx(
        15 * 0.4 + 0.35
    )
    assert not sure.numbers[0].needs_confirmation
    # Serialized for the API.
    as_dict = unsure.to_dict()
    assert as_dict["numbers"][0]["needs_confirmation"] is True
    assert as_dict["numbers"][0]["audio_start"] == pytest.approx(2.0)


def test_nik_entity_carries_its_details(pipeline: Language) -> None:
    text = "nik saya tiga tiga nol tiga nol tujuh lima dua nol delapan delapan lima nol nol nol tiga"
    analysis = analyze(text, pipeline=pipeline)
    [nik] = [e for e in analysis.entities if e.label == "NIK"]
    assert nik.number is not None and nik.number.nik is not None
    assert (nik.number.nik.sex, nik.number.nik.birth_date) == ("P", "1985-08-12")
    assert not nik.number.needs_confirmation


def test_implausible_mobile_number_needs_confirmation() -> None:
    [number] = read_numbers("nomor saya kosong delapan satu dua tiga empat lima enam")
    assert number.kind == "mobile" and not number.plausible and number.needs_confirmation


def test_misheard_multipliers_join_the_digits_but_not_ordinary_words() -> None:
    """Whisper writes "puluh" as "pulu" or "puru" (also a word: a skin disease) and "ratus" as "ratos"."""
    assert [n.digits for n in read_numbers("enam puru satu, tiga puru dua")] == ["6132"]
    pairs = "lima belas, sembilan pulu delapan, delapan pulu satu"
    assert [n.digits for n in read_numbers(pairs)] == ["159881"]
    assert [n.value for n in read_numbers("biayanya sembilan ratos lima puluh ribu rupiah")] == ["950000"]
    assert read_numbers("anak saya sakit puru di kaki sejak lama") == []


def test_a_liquid_closing_a_syllable_is_a_cheap_change_that_swallows_no_ordinary_text(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Whisper writes "kosong terlapan" for "kosong delapan" (d → t, then an r closing the syllable, as
    ter-, ber-, per- do). An r or l after a vowel costs what an added vowel costs; the spellings this adds
    that are ordinary words count only inside a run of digits, and no word of the complaint corpus that is
    not one is newly read as a digit."""
    import json
    from pathlib import Path

    from nlp import digit_words

    assert read_digit_word("terlapan").value == 8  # type: ignore[union-attr]
    assert _digits("kosong terlapan satu dua tiga") == ["08123"]
    with_rule = dict(lexicon())
    monkeypatch.setattr(digit_words, "LIQUID_CODA", digit_words.OTHER)
    lexicon.cache_clear()
    try:
        without = lexicon()
        assert "terlapan" not in without
    finally:
        lexicon.cache_clear()
    new = {w: r for w, r in with_rule.items() if w not in without}
    assert 0 < len(new) < 0.2 * len(without)  # a few thousand more spellings, not a flood
    corpus = Path(__file__).resolve().parents[2] / "nlp" / "data" / "corpus"
    said = set()
    for name in ("train.jsonl", "dev.jsonl"):
        for line in (corpus / name).read_text(encoding="utf-8").splitlines():
            row = json.loads(line)
            said.update(re.findall(r"[a-z]+", f"{row['text']} {row.get('asr_text', '')}".lower()))
    swallowed = sorted(w for w in said & new.keys() if new[w].kind != "ambiguous")
    assert swallowed == [], swallowed


def test_a_loosely_heard_first_consonant_is_still_the_digit() -> None:
    assert read_digit_word("gelapan").value == 8  # type: ignore[union-attr]
    assert [n.digits for n in read_numbers("kosong gelapan satu dua tiga")] == ["08123"]


def test_the_reading_the_others_agree_with_wins_among_equally_plausible_ones() -> None:
    """Among n-best readings that all make a plain number, the one the others (and the first pass) support
    wins over the top-ranked one in which the decoder made up digits of its own."""
    readings = [
        "lima sembilan dua, tujuh sembilan nol tiga",  # the prompt's digits, continued
        "lima sembilan tujuh sembilan satu",
        "lima sembilan tujuh sembilan satu.",
        "Lima, Sambilan, Tujok, Sambilan, Satu",  # the first pass
    ]
    assert choose_reading(readings) == 1


def test_a_nik_with_one_digit_wrong_beats_a_reading_that_lost_a_digit() -> None:
    """A reading that stopped one digit short of a NIK fits nothing; the full-length reading with one digit
    misheard (a 13th month) still has a NIK's shape and is closer to what was said."""
    say = lambda digits: " ".join(_WORD[int(d)] for d in digits)  # noqa: E731
    one_wrong, short = say("3303071213850003"), say("330307120885000")
    assert reading_score(one_wrong) > reading_score(short)
    assert choose_reading([short, one_wrong]) == 1
    # A valid NIK still beats both.
    assert choose_reading([one_wrong, say("3303071208850003"), short]) == 1


def test_a_settled_first_reading_is_not_replaced_by_readings_that_agree_with_each_other() -> None:
    """The first pass heard 081357246809 perfectly; the number-only readings, decoded with a digit prompt,
    share digits of the prompt, so they agree with each other more than with the first reading (7 digit
    errors were chosen over it on a telephone call). A first reading that is a valid number with every digit
    word spelt right stays; one that is not (a misspelt digit, a plain number) still gives way."""
    say = lambda digits: " ".join(_WORD[int(d)] if d != "0" else "kosong" for d in digits)  # noqa: E731
    heard = say("081357246809")
    agreeing = [say("085279036149"), say("085279036146"), say("085279031614")]
    assert all(check_number(d).plausible for d in ("081357246809", "085279036149", "085279031614"))
    assert choose_reading([*agreeing, heard]) != 3  # agreement alone unseats it (as before)
    assert choose_reading([*agreeing, heard], first=3) == 3
    # A first reading with a misheard digit word is not settled: agreement decides as before.
    unsure = heard.replace("tujuh", "tuyuk")
    assert read_numbers(unsure)[0].plausible
    assert choose_reading([*agreeing, unsure], first=3) == choose_reading([*agreeing, unsure])
    # A settled first reading still gives way to a reading that fits better: none can beat a valid number,
    # but a plain number as first reading is not settled.
    short = say("13572468")
    assert choose_reading([heard, short], first=1) == 0


def test_tokens_and_runs_cache_serves_each_text_its_own_numbers() -> None:
    """normalize() and read_numbers share the last few texts' tokens and number runs: read in turn, with an
    acronym or a decimal (where normalize skips tokens) among them, every text gets what a cold start gives,
    and a caller changing the lists it was given changes nothing for the next caller."""
    from nlp.normalize import _tokens_and_runs, normalize, tokens_and_runs

    texts = [
        "nomor saya kosong delapan satu dua tiga empat lima enam tujuh delapan sembilan",
        "pe el en mati sejak dua hari, rt nol tiga rw nol lima",
        "dimintai satu koma lima juta rupiah untuk surat tanah",
        "iuran lima puluh ribu tiap bulan, nik tiga dua nol satu",
        "jalan rusak di desa sukamaju",
    ]

    def fresh(text: str) -> tuple[str, list]:
        _tokens_and_runs.cache_clear()
        return normalize(text).text, read_numbers(text)

    expected = {t: fresh(t) for t in texts}
    _tokens_and_runs.cache_clear()
    for text in texts * 3 + texts[::-1]:
        assert (normalize(text).text, read_numbers(text)) == expected[text]
    toks, runs = tokens_and_runs(texts[0])
    toks.clear()
    runs.clear()
    assert (normalize(texts[0]).text, read_numbers(texts[0])) == expected[texts[0]]


def test_copies_of_one_reading_in_the_n_best_are_one_witness() -> None:
    """Three of the decoder's four readings say the same wrong digits with other punctuation (159661); the
    fourth says 159881, as the first pass did. Counted three times, the copies outvoted the reading the first
    pass agrees with (seed 3, clean); each digit string counts once, and the plausibility ties are broken by
    the decoder's order. Two different readings that agree still beat one alone."""
    readings = [
        "lima belas, sembilan puluh delapan, delapan puluh satu",
        "lima belas, sembilan puluh, enam, enam puluh satu",
        "lima belas, sembilan puluh, enam, enam puluh satu",
        "lima belas, sembilan puluh, enam, enam, puluh satu",
        "lima belas, sambilan puluh galapan, galapan puluh saatu.",  # the first pass
    ]
    assert read_numbers(readings[0])[0].digits == "159881"
    assert {read_numbers(r)[0].digits for r in readings[1:4]} == {"159661"}
    assert choose_reading(readings, first=4) == 0
    say = lambda digits: " ".join(_WORD[int(d)] for d in digits)  # noqa: E731
    assert choose_reading([say("59279"), say("59791"), say("59791"), say("59792")]) == 1


def test_two_digit_words_run_together_are_both_read() -> None:
    """Whisper base writes two digit words as one ("digatua" for tiga dua, "Noltiga", "Patulima"; first
    passes of tuning seed 5 by telephone). Read as nothing, the word dropped both digits or cut the number in
    two: the first reading below lost the last three digits of 0822547320. Each part must be a known spelling
    of a digit of three letters or more and the whole no ordinary word, so "satpol" or "nerima" read as no
    number."""
    heard = "Nul terapan dua dua lima tempat tunuh digatua nul."
    words = [
        TimedWord("Nul", 0.0, 0.52, 0.16), TimedWord("terapan", 0.52, 0.96, 0.19),
        TimedWord("dua", 0.96, 1.34, 0.2), TimedWord("dua", 1.34, 1.72, 0.81),
        TimedWord("lima", 1.72, 2.2, 0.92), TimedWord("tempat", 2.2, 2.6, 0.71),
        TimedWord("tunuh", 2.6, 3.18, 0.12), TimedWord("digatua", 3.18, 3.9, 0.38),
        TimedWord("nul.", 3.9, 4.4, 0.79),
    ]  # fmt: skip
    [number] = read_numbers(heard, words)
    assert number.digits == "0822547320"
    assert heard[number.start_char : number.end_char] == "Nul terapan dua dua lima tempat tunuh digatua nul"
    assert (number.audio_start, number.audio_end) == (0.0, 4.4)
    # The glued word's digits carry its recogniser confidence, as any other word's.
    assert number.digit_confidences[7:9] == (round(0.85 * 0.38, 3), round(0.85 * 0.38, 3))
    assert _digits("nomor saya Noltiga satu satu dua lima") == ["031125"]
    ordinary = read_numbers("petugas satpol datang dua tiga kali, nerima uang lima puluh ribu")
    assert [n.digits for n in ordinary] == ["50000"]  # the amount only
