"""The number pass: found where a number is spoken, decoded again with number words only, nowhere else."""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest
from rapidfuzz.distance import Levenshtein

from nlp.digit_words import read_digit_word
from nlp.numbers import choose_reading
from tests.audio import run, silence, speak, telephone_line
from voice import resolve_model
from voice.audio import decode_pcm
from voice.engines.whisper import WhisperEngine
from voice.numbers import (
    HYPOTHESES,
    Stretch,
    digit_like,
    find_number_stretches,
    number_only_suppression,
    number_pass,
)
from voice.types import Segment, Word

DIGITS = ["kosong", "satu", "dua", "tiga", "empat", "lima", "enam", "tujuh", "delapan", "sembilan"]


def _words(text: str, *, confidence: float = 0.9, gap: float = 0.1) -> list[Word]:
    out, t = [], 0.0
    for w in text.split():
        out.append(Word(round(t, 2), round(t + 0.3, 2), w, confidence))
        t += 0.3 + gap
    return out


def test_digit_like_words_include_misheard_ones() -> None:
    for word in ("semilan", "lapan", "tujuk", "3,", "0812", "Kosong,", "delapan"):
        assert digit_like(word), word
    for word in ("jalan", "rusak", "saya", "desa", "air"):
        assert not digit_like(word), word


def test_a_number_only_reading_is_written_in_number_words_nlp_can_read() -> None:
    """The number-only decoder can write nothing but number words, yet spells some of them so that nlp
    cannot read them ("dgapan", "puh", "sembat"); such a word split the number in two (a reading "too
    short"). Written as its nearest number word, the whole number is read; a far word stays as it is."""
    from nlp.numbers import read_numbers
    from voice import numbers

    decoded = "enam dua, nol dgapan lima puh tiga, delapan puru sembat saia"
    assert [n.digits for n in read_numbers(decoded)] != ["62085384"]  # as decoded: split, or lost
    written = numbers._as_number_words(decoded)
    assert written == "enam dua, nol delapan lima puluh tiga, delapan puluh empat saia"
    assert [n.digits for n in read_numbers(written)] == ["62085384"]
    assert numbers._number_word_of("sembilan,") == ("sembilan,", 1.0)
    text, nearness = numbers._number_word_of("Dgapan,")
    assert text == "delapan," and numbers.READ_AS_NUMBER <= nearness < 1.0
    assert numbers._number_word_of("Lima-Gerapan") == ("Lima-delapan", numbers._nearness("gerapan"))
    assert numbers._number_word_of("1-0-8") == ("1-0-8", 1.0)


def test_a_word_read_as_its_nearest_number_word_keeps_a_lower_confidence() -> None:
    """Aligned words of a chosen reading are written as number words, each with its confidence lowered by
    how far its spelling was: nlp then still marks a digit read from a far spelling as unsure."""
    from voice import numbers

    class Aligner:  # a stand-in for Whisper's aligner: real audio cannot be made to yield "dgapan" on cue
        frames_per_second = 100

        def find_alignment(self, tokenizer: object, texts: list, encoded: object, frames: list) -> list:
            return [[{"word": " dgapan,", "start": 0.0, "end": 0.5, "probability": 0.9},
                     {"word": " lima", "start": 0.5, "end": 1.0, "probability": 0.9}]]  # fmt: skip

    stretch = Stretch(2.0, 3.0, "digits")
    timed = numbers._timed_words(Aligner(), (None, np.zeros((1, 500, 8))), [(0, stretch, [1, 2])])
    [dgapan, lima] = timed[0]
    assert (dgapan.text, lima.text) == ("delapan,", "lima")
    assert dgapan.confidence < lima.confidence == 0.9 and dgapan.start == 2.0


def test_stretches_cover_numbers_and_leave_ordinary_speech() -> None:
    ordinary = _words("jalan di depan rumah saya rusak parah sudah lama tidak diperbaiki")
    assert find_number_stretches(ordinary, 6.0) == []
    call = _words("tolong hubungi saya di kosong delapan satu semilan tiga ya pak terima kasih")
    [stretch] = find_number_stretches(call, 7.0)
    inside = [w.text for w in call if stretch.start <= (w.start + w.end) / 2 <= stretch.end]
    assert inside[:5] == ["kosong", "delapan", "satu", "semilan", "tiga"]
    assert "tolong" not in inside and "terima" not in inside


def test_unsure_words_after_a_cue_are_a_stretch() -> None:
    heard = ["empat", "puru", "chatu", "tutu"]  # "empat puluh satu tujuh", heard as a phrase
    words = [
        *_words("nomor hp saya"),
        *(Word(1.3 + i * 0.4, 1.6 + i * 0.4, w, 0.3) for i, w in enumerate(heard)),
    ]
    stretches = find_number_stretches(words, 4.0)
    assert stretches and stretches[0].start <= 1.3 and stretches[-1].end >= 2.8


def _heard(*words: tuple[str, float]) -> list[Word]:
    """Timed words as a first pass gives them, 0.1 s apart: (text, confidence)."""
    return [Word(round(i * 0.4, 2), round(i * 0.4 + 0.3, 2), w, c) for i, (w, c) in enumerate(words)]


def _inside(words: list[Word], stretches: list[Stretch]) -> list[str]:
    return [w.text for w in words if any(s.start <= (w.start + w.end) / 2 <= s.end for s in stretches)]


def test_a_stretch_takes_in_the_unsure_words_before_the_number() -> None:
    """The first digits are often heard as unsure ordinary words ("Tuatika tuat lapan enam nol satu" for
    "dua tiga dua delapan enam nol satu"): the re-read must hear them, or it starts mid-number."""
    words = _heard(
        ("Tuatika", 0.3), ("tuat", 0.4), ("lapan", 0.5), ("enam", 0.8), ("nol", 0.7), ("tatu", 0.5)
    )
    assert _inside(words, find_number_stretches(words, 3.0))[:2] == ["Tuatika", "tuat"]


def test_a_misheard_cue_stays_out_of_the_stretch() -> None:
    """ "Nomor saya", however misheard, is not part of the number: decoded with number words only it turns
    into digits, and the digit prompt begins with those words, so the decoder recites the prompt."""
    words = _heard(("Nomon", 0.2), ("Saya", 0.4), ("Kosong", 0.6), ("berlapan", 0.4), ("satu", 0.5))
    assert _inside(words, find_number_stretches(words, 3.0)) == ["Kosong", "berlapan", "satu"]


def test_a_misheard_cue_before_a_digit_like_word_starts_a_stretch() -> None:
    """ "nomot saya digakosong tu …" for "nomor saya delapan kosong dua …" (the first pass of a generated
    call on an AMD machine): one digit-like word, so no stretch of digits, and "nomot" is no cue word. A
    word one letter from a cue of four letters or more is one, if a digit-like word follows it."""
    words = _heard(("nomot", 0.7), ("saya", 0.9), ("digakosong", 0.4), ("tu", 0.5), ("pak", 0.4))
    assert _inside(words, find_number_stretches(words, 3.0))[:2] == ["digakosong", "tu"]
    # Ordinary speech with a word one letter from a cue ("kontrak", "mode") and no digit after it: nothing.
    for text in ("kontrak kerja saya sudah habis bulan lalu", "mode pembayaran belum jelas sampai sekarang"):
        heard = _heard(*((w, 0.4) for w in text.split()))
        assert find_number_stretches(heard, 4.0) == [], text
    # A word two letters away is not a cue.
    words = _heard(("mohon", 0.7), ("saya", 0.9), ("digakosong", 0.4), ("tu", 0.5), ("pak", 0.4))
    assert find_number_stretches(words, 3.0) == []


def test_words_that_sound_like_digits_after_a_number_are_taken_in() -> None:
    """The last digits heard confidently as near-words ("puru" for puluh, "sahur" for satu) belong to the
    number; an ordinary word after it ("terima kasih") does not."""
    words = _heard(("Kosong", 0.9), ("tempat", 0.9), ("puru", 0.9), ("sahur", 0.9), ("terima", 0.9))
    assert _inside(words, find_number_stretches(words, 3.0)) == ["Kosong", "tempat", "puru", "sahur"]


def _first_pass(*words: tuple[float, float, str, float]) -> list[Word]:
    return [Word(*w) for w in words]


def test_a_cue_s_tail_heard_as_words_stays_out_of_the_stretch() -> None:
    """ "nomor laporannya enam sembilan empat tujuh" and "nomor tiketnya empat dua empat tiga": the first pass
    (Whisper base, generated calls of tuning seed 5, clean and telephone) hears the cue's second word as
    unsure words, the stretch took them in, and the number-only decoder wrote them as digits ("delapan",
    "tiga tiga": 86947, 334243). Words that sound like a cue's tail ("laporannya", "tiketnya") are left out;
    the word after them ("ahm" for enam) is kept."""
    calls = [
        _first_pass(
            (0.0, 0.74, "nomor", 0.4706),
            (0.74, 1.2, "lapor", 0.3594),
            (1.2, 1.66, "anja,", 0.2843),
            (1.86, 2.28, "ahm,", 0.2937),
            (2.38, 2.96, "sembilan,", 0.8744),
            (3.24, 3.72, "empat,", 0.5148),
            (3.88, 4.3, "tujo.", 0.4439),
        ),
        _first_pass(
            (0.0, 0.68, "Nomor", 0.5127),
            (0.68, 1.42, "dikatian,", 0.4696),
            (1.54, 1.92, "empat", 0.5269),
            (1.92, 2.32, "dua,", 0.4292),
            (2.4, 2.78, "empat", 0.981),
            (2.78, 3.32, "diger.", 0.4249),
        ),
        _first_pass(
            (0.02, 0.7, "Nomor", 0.4896),
            (0.7, 1.4, "diketia", 0.3801),
            (1.4, 1.9, "empat", 0.5592),
            (1.9, 2.2, "dua", 0.3019),
            (2.2, 2.74, "empat", 0.8769),
            (2.74, 3.38, "digun.", 0.4095),
        ),
    ]
    for words, first in zip(calls, ("ahm,", "empat", "empat"), strict=True):
        stretches = find_number_stretches(words, words[-1].end + 0.4)
        inside = _inside(words, stretches)
        assert inside[0] == first, inside
        assert stretches[0].start >= words[words.index(next(w for w in words if w.text == first)) - 1].end


def test_first_digits_heard_as_words_are_not_taken_for_a_cue_s_tail() -> None:
    """The first digits are often heard as words too, after a cue or not ("tuberapa" for "dua delapan" after
    "kodenya", "tolong garapan" for "kosong delapan" after "nomor saya", "Galapan" for delapan): a word that
    sounds even loosely like a number word is never left out."""
    cases = [
        (
            _first_pass(
                (0.02, 0.8, "Komenya", 0.4921),
                (0.8, 1.46, "tuberapa", 0.2975),
                (1.46, 2.0, "lima", 0.5646),
                (2.0, 2.26, "satu", 0.1933),
                (2.26, 2.86, "empat", 0.6009),
                (2.86, 3.28, "satu", 0.8503),
            ),
            "tuberapa",
        ),
        (
            _first_pass(
                (0.0, 0.68, "Nomor", 0.3765),
                (0.68, 1.3, "cahaya", 0.4626),
                (1.3, 1.98, "tolong", 0.4413),
                (1.98, 2.46, "garapan", 0.5514),
                (2.46, 3.28, "tujus", 0.6803),
                (3.28, 3.96, "tujus", 0.9528),
                (3.96, 4.98, "Sembilan", 0.4784),
                (4.98, 5.44, "lima,", 0.8674),
            ),
            "tolong",
        ),
        (
            _first_pass(
                (0.0, 0.78, "Galapan,", 0.5626),
                (1.02, 1.38, "puru,", 0.2502),
                (1.56, 1.86, "tiga,", 0.6919),
                (2.28, 2.68, "empat,", 0.8234),
                (2.92, 3.28, "puru,", 0.9717),
                (3.5, 3.82, "tiga,", 0.9909),
            ),
            "Galapan,",
        ),
    ]
    for words, first in cases:
        inside = _inside(words, find_number_stretches(words, words[-1].end + 0.4))
        assert first in inside and inside[0] in ("cahaya", first), inside


@pytest.fixture(scope="module")
def engine(models_dir: Path) -> WhisperEngine:
    model = resolve_model(language="id", models_dir=models_dir)
    return WhisperEngine(model.absolute_path(models_dir), language="id")


def test_number_only_decoding_allows_every_digit_word(engine: WhisperEngine) -> None:
    suppressed = set(number_only_suppression(engine.model))
    tokenizer = engine.model.hf_tokenizer
    for word in [*DIGITS, "nol", "puluh", "belas"]:
        ids = tokenizer.encode(" " + word, add_special_tokens=False).ids
        assert not suppressed & set(ids), word
    for word in ("jalan", "rumah", "saya", "desa", "rusak"):
        assert set(tokenizer.encode(" " + word, add_special_tokens=False).ids) & suppressed, word


def test_number_only_decoding_writes_punctuation_unless_told_not_to(
    engine: WhisperEngine, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Commas and full stops are allowed by default (a comma keeps the number going); PUNCTUATION (a bench
    knob, README session 13) takes them away while digits and digit words stay allowed."""
    from voice import numbers

    tokenizer = engine.model.hf_tokenizer
    marks = {tokenizer.token_to_id(t) for t in (",", ".")}
    digits = {tokenizer.token_to_id(t) for t in ("0", "5")}
    assert not marks & set(number_only_suppression(engine.model))
    monkeypatch.setattr(numbers, "PUNCTUATION", "")
    suppressed = set(number_only_suppression(engine.model))
    assert marks <= suppressed
    assert not digits & suppressed
    ids = tokenizer.encode(" delapan", add_special_tokens=False).ids
    assert not suppressed & set(ids)


def _load(path: Path) -> np.ndarray:
    return np.frombuffer(b"".join(decode_pcm(path)), dtype="<i2").astype(np.float32) / 32768.0


def _digits(text: str) -> str:
    """Digits as Suara reads them downstream (nlp's tolerant digit words: "sempilan" is 9)."""
    out = []
    for tok in re.findall(r"[0-9]+|[a-z]+", text.lower()):
        reading = read_digit_word(tok)
        out.append(tok if tok.isdigit() else str(reading.value) if reading else "")
    return "".join(out)


def test_number_pass_on_a_telephone_line_keeps_or_improves_the_digits(
    engine: WhisperEngine, tmp_path: Path
) -> None:
    """Real Whisper base on generated phone-band calls: the digits read after the pass are at least as
    close to what was said, summed over twelve calls (six numbers, two voices; espeak is robotic, so no
    exact strings). One call's outcome is not stable across machines: CTranslate2's kernels differ by
    processor, and a call the pass improved on one machine it made worse on another (7 December 2026, an
    AMD machine: 3071925 by id+m3, 3 digit errors before, 6 after); over these twelve it removed 60 -> 49
    digit errors there, and three calls, as this test had before, were too few to say."""
    numbers = ["081357246809", "3071925", "0856411739", "6471028853", "2094", "081299047315"]
    voices = [("id+m3", 150), ("ms", 130)]
    before = after = total = found = 0
    for k, digits in enumerate(numbers):
        for j, (voice, speed) in enumerate(voices):
            text = "nomor saya " + " ".join(DIGITS[int(d)] for d in digits)
            clean = speak(text, tmp_path / f"n{k}{j}.wav", voice=voice, speed=speed)
            padded = tmp_path / f"n{k}{j}p.wav"
            run("sox", str(clean), str(padded), "pad", "0.3", "0.3")
            audio = _load(telephone_line(padded, tmp_path / f"n{k}{j}t.wav", rate=16000))
            first = engine.transcribe_array(audio)
            second, report = number_pass(engine.model, audio, first)
            found += bool(report)
            assert all(isinstance(r.stretch, Stretch) for r in report)
            # Punctuation stays on its word: "nol , empat" would split the number where the speaker paused.
            assert all(any(ch.isalnum() for ch in w.text) for seg in second for w in seg.words), second
            before += Levenshtein.distance(digits, _digits(" ".join(s.text for s in first)))
            after += Levenshtein.distance(digits, _digits(" ".join(s.text for s in second)))
            total += len(digits)
    # A number is found where the first pass heard a digit or a cue; on the AMD machine one call's first
    # pass heard neither ("nomot saya digakosong tu …" for 3071925 by ms): a misheard cue starts no stretch.
    assert found >= len(numbers) * len(voices) - 1, found
    assert after <= before
    assert after <= total * 0.5  # most digits right after the pass


def test_a_number_whose_digits_repeat_is_read_to_its_last_digit(
    engine: WhisperEngine, tmp_path: Path
) -> None:
    """Real Whisper on a generated NIK whose digits and pairs of digits repeat: the number-only reading
    holds all sixteen digits. Session 6's decoder banned any three tokens said twice, and "tujuh" alone is
    three tokens ("tu", "j", "uh"): a second "tujuh" could not be written and the reading stopped early
    (9 of 10 generated NIKs, 7 of 10 mobile numbers could not be written out in full)."""
    nik = "3374017107850017"
    clean = speak(
        "nik saya " + " ".join(DIGITS[int(d)] for d in nik), tmp_path / "nik.wav", voice="id", speed=140
    )
    padded = tmp_path / "nikp.wav"
    run("sox", str(clean), str(padded), "pad", "0.3", "0.4")
    audio = _load(padded)
    first = engine.transcribe_array(audio)
    _second, report = number_pass(engine.model, audio, first)
    assert report, "a spoken NIK must be found"
    best = max((_digits(r.readings[0]) for r in report if r.readings), key=len)
    assert len(best) >= len(nik) - 1, report
    assert Levenshtein.distance(nik, best) <= 3, best


def _spread(
    text: str, audio: np.ndarray, *, unsure: set[str] = frozenset(), sure: float = 0.8, pad: float = 0.3
) -> list[Segment]:
    """A first pass written out: the words of `text` evenly over the audio (`pad` seconds left at each
    end), at confidence `sure` except those in `unsure` (0.3). For tests of what the pass does with a given
    first reading, which Whisper itself gives differently on different processors."""
    said = text.split()
    step = (len(audio) / 16000 - 2 * pad) / len(said)
    words = tuple(
        Word(round(pad + i * step, 2), round(pad + (i + 0.9) * step, 2), w, 0.3 if w in unsure else sure)
        for i, w in enumerate(said)
    )
    confidence = round(sum(w.confidence for w in words) / len(words), 4)
    return [Segment(words[0].start, words[-1].end, text, words, confidence)]


def test_first_digits_heard_as_an_ordinary_word_are_read_again(engine: WhisperEngine, tmp_path: Path) -> None:
    """Real Whisper base on a generated call ("nomor saya tiga kosong tujuh satu sembilan dua lima", through
    a phone line) whose first pass heard the first digit inside an unsure word ("khatiga", as Whisper did on
    an Intel machine): the stretch takes that word in, so the re-read hears the 3 (a stretch from "kosong"
    on lost it), and the re-read is what is kept. Whether every digit then comes out right depends on the
    processor (on an AMD machine Whisper read this call "satu empat" three times over); the pass's effect
    on digits is tested over twelve calls above."""
    digits = "3071925"
    text = "nomor saya " + " ".join(DIGITS[int(d)] for d in digits)
    clean = speak(text, tmp_path / "n.wav", voice="id+m3", speed=150)
    padded = tmp_path / "np.wav"
    run("sox", str(clean), str(padded), "pad", "0.3", "0.3")
    audio = _load(telephone_line(padded, tmp_path / "nt.wav", rate=16000))
    first = _spread("nomor saya khatiga kosong tujuh satu sembilan dua lima", audio, unsure={"khatiga"})
    khatiga = first[0].words[2]
    _second, report = number_pass(engine.model, audio, first, choose=choose_reading)
    [stretch] = report
    assert stretch.stretch.start <= khatiga.start and stretch.stretch.end >= first[0].words[-1].end, report
    assert stretch.before.split()[0] == "khatiga" and stretch.readings, report


def test_ordinary_speech_is_left_alone(engine: WhisperEngine, id_speech: Path) -> None:
    audio = _load(id_speech)
    first = engine.transcribe_array(audio)
    second, report = number_pass(engine.model, audio, first)
    # "tiga bulan" holds one digit word: not a number being given, so nothing is decoded again.
    assert report == [] and second == first


def test_near_misses_in_ordinary_speech_are_not_read_again_as_digits(
    engine: WhisperEngine, tmp_path: Path
) -> None:
    """Real Whisper on a generated complaint, with the first pass Whisper gave for one of the development
    voices ("lama di depan" for "lama tidak diperbaiki"): two near-misses of digit words make a stretch, but
    no number word was heard in it, so the number-only decoder (which turns any speech into digits) must not
    replace it (development seed 5: "lima dua, lima satu empat" replaced it, WER 64.9% -> 68.8%); nor is
    it decoded at all, since no reading could replace it (8 of 155 stretches of tuning seeds 3+5)."""
    said = "jalan di depan rumah saya rusak parah sudah lama tidak diperbaiki"
    audio = _load(speak(said, tmp_path / "s.wav", voice="id", speed=150))
    first = _spread("Salan di depan rumah saya rusak para suda lama di depan pake.", audio, sure=0.5, pad=0.0)
    words = first[0].words
    assert find_number_stretches(list(words), len(audio) / 16000), "the near-misses make a stretch"
    counting = _CountingModel(engine.model)
    second, report = number_pass(counting, audio, first, choose=choose_reading)
    assert second == first
    assert report and all(r.kept == "before" and r.after == r.before for r in report)
    assert counting.encoded == [], "a stretch that cannot be replaced is not decoded"


def test_number_pass_is_deterministic(engine: WhisperEngine, tmp_path: Path) -> None:
    clean = speak("kosong delapan lima dua satu tujuh", tmp_path / "d.wav", voice="id", speed=140)
    audio = _load(clean)
    first = engine.transcribe_array(audio)
    runs = [number_pass(engine.model, audio, first)[0] for _ in range(2)]
    assert runs[0] == runs[1]


def test_the_narrowed_decoder_reads_as_the_full_one(
    engine: WhisperEngine, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The pass decodes with a copy of the decoder that knows only the tokens a number-only reading can
    write or be prompted with (the output layer over all 51,865 tokens was most of a decoding step); the
    same weights row for row, so the same readings, token for token, as the full decoder with the rest
    suppressed."""
    from voice import numbers

    texts = ["nik saya tiga tiga tujuh empat nol satu tujuh satu nol tujuh delapan lima nol nol satu tujuh",
             "nomor saya kosong delapan satu tiga lima tujuh dua empat enam delapan"]  # fmt: skip
    for k, text in enumerate(texts):
        clean = speak(text, tmp_path / f"w{k}.wav", voice="id", speed=140)
        padded = tmp_path / f"w{k}p.wav"
        run("sox", str(clean), str(padded), "pad", "0.3", "0.4")
        audio = _load(telephone_line(padded, tmp_path / f"w{k}t.wav", rate=16000) if k else padded)
        words = [w for s in engine.transcribe_array(audio) for w in s.words]
        stretches = find_number_stretches(words, len(audio) / 16000)
        assert stretches, [w.text for w in words]
        pieces = [audio[int(s.start * 16000) : int(s.end * 16000)] for s in stretches]
        options = {"language": "id", "beam_size": 5, "hypotheses": HYPOTHESES, "context": 10.0}
        readings = {}
        for narrow in (True, False):
            monkeypatch.setattr(numbers, "NARROW_VOCABULARY", narrow)
            readings[narrow] = [
                d.hypotheses for d in numbers._decode_batch(engine.model, pieces, stretches, **options)[1]
            ]
        assert readings[True] == readings[False]
        assert all(readings[True]), readings
    monkeypatch.setattr(numbers, "NARROW_VOCABULARY", True)
    narrowed = numbers._narrow_decoder(engine.model, set())
    assert narrowed is not None, "the pass decodes with the narrowed decoder"
    assert 1000 < len(narrowed.full_ids) < 5000  # the allowed tokens and the special ones, not 51,865


def test_the_narrowed_copy_decodes_on_one_thread(
    engine: WhisperEngine, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A number-only decode is a few rows a step, too little work to split: the copy runs on one thread per
    replica (half the time of CTranslate2's default two, README session 15), as many replicas as the model
    has workers. The real constructor is called; only its arguments are recorded."""
    import ctranslate2

    from voice import numbers

    made: list[dict] = []
    real = ctranslate2.models.Whisper

    def recording(*args: object, **kwargs: object) -> object:
        made.append(kwargs)
        return real(*args, **kwargs)

    monkeypatch.setattr(ctranslate2.models, "Whisper", recording)
    monkeypatch.setattr(numbers, "_narrowed", {})
    narrowed = numbers._narrow_decoder(engine.model, set())
    assert narrowed is not None and len(made) == 1
    assert made[0]["intra_threads"] == numbers.NARROW_THREADS == 1
    assert made[0]["inter_threads"] == 1  # the engine's model has one worker


def test_the_suppression_list_is_every_token_no_number_word_can_hold(engine: WhisperEngine) -> None:
    """The list is built with one set lookup per token (beginnings and pieces of the number words) over the
    tokenizer's batch decode: the same ids as testing each token, decoded alone, against every number word
    in turn (the way it was built before, 0.3 s of the process's first pass)."""
    from voice import numbers

    tokenizer = engine.model.hf_tokenizer
    eot = tokenizer.token_to_id("<|endoftext|>")

    def allowed(piece: str) -> bool:
        core = piece.lower().strip()
        if not core:
            return True
        if all(ch.isdigit() or ch in numbers.NUMBER_MARKS for ch in core):
            return any(ch.isdigit() for ch in core) or all(ch in numbers.PUNCTUATION for ch in core)
        if not core.isalpha():
            return False
        if piece.startswith(" "):
            return any(w.startswith(core) for w in numbers.NUMBER_WORDS)
        return any(core in w for w in numbers.NUMBER_WORDS)

    expected = [i for i in range(eot) if not allowed(tokenizer.decode([i]))]
    assert number_only_suppression(engine.model) == expected
    assert 40_000 < len(expected) < eot


def _variable_names(model_bin: bytes) -> list[str]:
    """The variable names of a CTranslate2 model.bin, in order."""
    import struct

    at = 4
    size = struct.unpack_from("H", model_bin, at)[0]
    at += 2 + size + 4  # spec name, revision
    count = struct.unpack_from("I", model_bin, at)[0]
    at += 4
    names = []
    for _ in range(count):
        size = struct.unpack_from("H", model_bin, at)[0]
        names.append(model_bin[at + 2 : at + 1 + size].decode())
        at += 2 + size
        rank = model_bin[at]
        at += 1 + 4 * rank + 1
        at += 4 + struct.unpack_from("I", model_bin, at)[0]
    return names


def test_the_narrowed_copy_leaves_out_the_encoder_layers_it_never_runs(engine: WhisperEngine) -> None:
    """The copy only decodes the full model's encoder output, so of the encoder it keeps what CTranslate2
    needs to load it (the first layer, convolutions, final norm): 38 of Whisper base's 145 MB less to build,
    convert and keep. That it still reads as the full decoder does is the test above."""
    from voice import numbers
    from voice.engines.whisper import loaded_setting

    setting = loaded_setting(engine.model)
    assert setting is not None
    folder = setting[0]
    tokenizer = engine.model.hf_tokenizer
    size = tokenizer.get_vocab_size()
    keep = [*range(0, 3000), *range(50257, size)]
    files = numbers._narrow_model_files(folder, {t: i for i, t in enumerate(keep)}, size)
    names = _variable_names(files["model.bin"])
    full = _variable_names((folder / "model.bin").read_bytes())
    assert [n for n in full if n not in names] == [
        n for n in full if re.match(r"encoder/layer_[1-9]\d*/", n)
    ], "only the encoder's later layers are left out"
    assert any(n.startswith("encoder/layer_0/") for n in names)
    assert len(files["model.bin"]) < 0.5 * (folder / "model.bin").stat().st_size


class _CountingModel:
    """The real model, with its encoder calls counted (the cost of the pass is mostly the encoder's)."""

    def __init__(self, model: object) -> None:
        self._model = model
        self.encoded: list[tuple[int, ...]] = []

    def encode(self, features: np.ndarray) -> object:
        self.encoded.append(tuple(features.shape))
        return self._model.encode(features)  # type: ignore[attr-defined]

    def __getattr__(self, name: str) -> object:
        return getattr(self._model, name)


def test_all_stretches_of_a_recording_share_one_short_encoder_pass(
    engine: WhisperEngine, tmp_path: Path
) -> None:
    """Two numbers in one call cost one batched encoder pass over a few seconds each, not two passes over
    Whisper's 30 s window (that made the pass cost +113-126% of the first pass on number-heavy audio)."""
    parts = []
    for k, text in enumerate(
        ["nomor saya kosong delapan satu tiga lima tujuh", "jalan rusak parah sekali di desa kami",
         "nik saya tiga tiga nol tiga satu dua"]
    ):  # fmt: skip
        parts.append(speak(text, tmp_path / f"p{k}.wav", voice="id", speed=140))
    call = tmp_path / "call.wav"
    run("sox", *map(str, parts), str(call), "pad", "0.3", "0.3")
    audio = _load(call)
    first = engine.transcribe_array(audio)
    words = [w for s in first for w in s.words]
    assert len(find_number_stretches(words, len(audio) / 16000)) >= 2, [w.text for w in words]
    counting = _CountingModel(engine.model)
    _segments, report = number_pass(counting, audio, first)
    assert len(report) >= 2
    assert len(counting.encoded) == 1, counting.encoded
    batch, _mels, frames = counting.encoded[0]
    assert batch == len(report) and frames <= 1000 + 2  # 10 s of context, not 30 s


def test_readings_without_the_prompt_share_the_encoder_pass(engine: WhisperEngine, tmp_path: Path) -> None:
    """Decoding each stretch again without the digit prompt (the decoder sometimes recites its prompt
    instead of the audio) costs a second decode, not a second encoder pass, and both sets of readings
    are offered, the prompted ones first (then no stretch is decoded a third time for a recital)."""
    clean = speak("nomor saya kosong delapan satu tiga lima tujuh", tmp_path / "n.wav", voice="id", speed=140)
    audio = _load(clean)
    first = engine.transcribe_array(audio)
    counting = _CountingModel(engine.model)
    _segments, both = number_pass(counting, audio, first, unprompted=2)
    assert len(counting.encoded) == 1, counting.encoded
    _segments, prompted = number_pass(engine.model, audio, first, unprompted=0)
    assert both and len(both) == len(prompted)
    for b, p in zip(both, prompted, strict=True):
        assert len(b.readings) == HYPOTHESES + 2
        assert b.readings[:HYPOTHESES] == p.readings[:HYPOTHESES]


def test_a_stretch_whose_readings_all_recite_the_prompt_is_decoded_again_without_it(
    engine: WhisperEngine, tmp_path: Path
) -> None:
    """Where every prompted reading says the digit prompt's words in its order (the decoder reciting its
    prompt instead of the audio, or a caller who says those digits), the stretch is decoded again without
    the prompt on the same encoder output, and those readings follow the prompted ones; a stretch read
    otherwise is decoded once."""
    from voice.numbers import RETRY_RECITED

    audio = _load(speak("lima dua tujuh sembilan", tmp_path / "r.wav", voice="ms", speed=150))
    first = engine.transcribe_array(audio)
    counting = _CountingModel(engine.model)
    _segments, [recited] = number_pass(counting, audio, first)
    assert len(counting.encoded) == 1, counting.encoded
    assert RETRY_RECITED > 0 and len(recited.readings) == HYPOTHESES + RETRY_RECITED, recited.readings
    # The control's first pass is written out: Whisper's own differs by processor, and one with no number
    # word spelt right is not decoded again at all.
    other = _load(speak("tiga kosong satu enam", tmp_path / "o.wav", voice="id", speed=140))
    _segments, [once] = number_pass(engine.model, other, _spread("tiga kosong satu enam", other))
    assert len(once.readings) == HYPOTHESES, once.readings


def test_a_stretch_whose_readings_mostly_recite_the_prompt_is_retried() -> None:
    """Three of four prompted readings recite the prompt's tail and the fourth half of it ("tiga, enam
    empat empat", a clean call on an AMD machine): the stretch is decoded again without the prompt, as
    where every reading recites (before, it was not, and the bad first reading stayed); one reciting
    reading of four is not enough."""
    from voice import numbers

    prompt = numbers.DIGIT_PROMPT
    recited = "nol tiga, enam satu empat,"
    readings = [
        f"kosong delapan {recited}",
        f"delapan {recited}",
        f"satu {recited}",
        "tiga, enam empat empat",
    ]
    assert numbers._mostly_recited([f"satu {recited}"] * 4, [prompt] * 4)
    assert numbers._mostly_recited(readings, [prompt] * 4)
    assert not numbers._mostly_recited([readings[0], *["satu dua tiga empat"] * 3], [prompt] * 4)
    assert not numbers._mostly_recited([], [])


def test_listen_again_reads_the_file_and_says_what_it_did(
    engine: WhisperEngine, models_dir: Path, tmp_path: Path
) -> None:
    from voice import listen_again, transcribe_file

    clean = speak("nomor hp saya kosong delapan satu dua lima tujuh sembilan", tmp_path / "c.wav", voice="id")
    call = telephone_line(clean, tmp_path / "t.wav", rate=8000)
    first = transcribe_file(call, language="id", models_dir=models_dir)
    again = listen_again(call, first, models_dir=models_dir)
    done = again.metadata["numbers"]
    assert done and {"start", "end", "before", "after", "kept"} <= set(done[0])
    assert all(0 <= d["start"] < d["end"] <= first.duration + 0.01 for d in done)
    kept_after = [d for d in done if d["kept"] == "after"]
    assert all(d["after"] in again.text for d in kept_after)
    # Another language: its number words are not known here, so the transcript is left as it was.
    other = replace(first, language="ko")
    assert listen_again(call, other, models_dir=models_dir) is other


class _AligningModel(_CountingModel):
    """The real model, with the rows of every alignment counted as well."""

    def __init__(self, model: object) -> None:
        super().__init__(model)
        self.aligned: list[int] = []

    def find_alignment(self, tokenizer: object, texts: list, encoded: object, frames: list) -> list:
        self.aligned.append(len(texts))
        return self._model.find_alignment(tokenizer, texts, encoded, frames)  # type: ignore[attr-defined]


def test_only_the_readings_kept_are_aligned(engine: WhisperEngine, tmp_path: Path) -> None:
    """Word times are needed only for a reading that replaces the first one: a stretch whose first reading
    stands is not aligned (session 9 aligned every stretch of the batch and dropped the others)."""
    parts = [
        speak(text, tmp_path / f"a{k}.wav", voice="id", speed=140)
        for k, text in enumerate(
            [
                "nomor saya kosong delapan satu tiga lima tujuh",
                "jalan rusak parah sekali",
                "nik saya tiga tiga nol tiga satu dua",
            ]
        )
    ]
    gap = silence(tmp_path / "gap.wav", 1.5)
    call = tmp_path / "call.wav"
    run("sox", *map(str, [parts[0], gap, parts[1], gap, parts[2], call]), "pad", "0.3", "0.3")
    audio = _load(call)
    first = engine.transcribe_array(audio)
    calls: list[int] = []

    def first_only(readings: list[str], *, first: int) -> int:
        """Keep the best new reading of the first stretch, the first pass's reading of every other."""
        calls.append(1)
        return 0 if len(calls) == 1 else first

    model = _AligningModel(engine.model)
    _segments, report = number_pass(model, audio, first, choose=first_only)
    assert [r.kept for r in report if r.readings] == ["after"] + ["before"] * (len(calls) - 1), report
    assert len(calls) >= 2 and model.encoded[0][0] == len(calls)
    assert model.aligned == [1]


def test_two_digit_prompts_share_one_batch_and_each_is_checked_for_its_own_recital(
    engine: WhisperEngine, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A prompt leaks its own digits into a reading ("… lima lima dua empat" for "lima lima delapan", the
    prompt saying "lima dua, … satu empat"): with DIGIT_PROMPTS in two orders, each stretch is decoded
    with both in one batch (one encoder pass, one decode), half the readings each, and a reading is a
    recital only of the prompt it was decoded with."""
    import voice.numbers as numbers

    assert numbers._recites("lima dua tujuh", numbers.DIGIT_PROMPT)
    assert not numbers._recites("lima dua tujuh", numbers.SECOND_PROMPT)
    first_words = numbers._prompt_words(numbers.DIGIT_PROMPT)
    second_words = numbers._prompt_words(numbers.SECOND_PROMPT)
    assert sorted(first_words) == sorted(second_words)
    assert not numbers._grams(first_words[2:], 2) & numbers._grams(second_words[2:], 2), (
        "no digit pair shared"
    )
    clean = speak("nomor saya kosong delapan satu tiga lima tujuh", tmp_path / "n.wav", voice="id", speed=140)
    audio = _load(clean)
    first = engine.transcribe_array(audio)
    monkeypatch.setattr(numbers, "DIGIT_PROMPTS", (numbers.DIGIT_PROMPT, numbers.SECOND_PROMPT))
    generated: list[int] = []

    class Decoder(_CountingModel):
        @property
        def model(self) -> object:
            inner = self._model.model  # type: ignore[attr-defined]

            class Generate:
                def generate(self, encoded: object, prompts: list, **options: object) -> object:
                    generated.append(len(prompts))
                    return inner.generate(encoded, prompts, **options)

            return Generate()

    counting = Decoder(engine.model)
    _segments, report = number_pass(counting, audio, first, choose=choose_reading)
    assert len(report) == 1 and len(counting.encoded) == 1, counting.encoded
    assert generated[0] == 2, generated  # one stretch, once per prompt, in one call
    assert len(report[0].readings) >= HYPOTHESES, report


def test_a_reading_decoded_without_the_prompt_is_not_taken_for_a_recital_of_it(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The recital retry decodes a stretch again without the digit prompt, so its readings cannot recite it;
    yet they were checked against every prompt, and a real number that begins as the prompt does (0852 …,
    "kosong delapan lima dua", the first pass hearing "tu a" for "dua") was rejected with the right reading
    in hand (seed 3, clean). Prompted readings are still checked against their own prompt."""
    from voice import numbers

    said = "kosong delapan lima dua dua enam dua satu sembilan tiga kosong delapan"
    heard = "koson delapan lima tu a tu a lam tu a satu sempilan tiga koson delapan"
    recital = "kosong delapan lima dua, tujuh sembilan nol tiga, enam satu empat, kosong delapan"
    words = _words(heard, confidence=0.5)
    segments = [Segment(words[0].start, words[-1].end, heard, tuple(words), 0.5)]
    stretch = Stretch(0.0, words[-1].end + 0.2, "digits")
    texts = [recital] * HYPOTHESES + [said] * 2

    class Tokenizer:
        @staticmethod
        def decode(tokens: list[int]) -> str:
            return texts[tokens[0]]

    decoded = numbers._Decoded(stretch, [[k] for k in range(len(texts))], [0] * HYPOTHESES + [-1, -1])

    def aligned(_model: object, _aligner: object, chosen: list) -> dict[int, list[Word]]:
        return {i: _words(texts[tokens[0]]) for i, _stretch, tokens in chosen}

    monkeypatch.setattr(numbers, "_decode_batch", lambda *_a, **_k: ((Tokenizer(), None), [decoded]))
    monkeypatch.setattr(numbers, "_timed_words", aligned)
    assert numbers._recites(said, numbers.DIGIT_PROMPT)  # the prompt's own "delapan lima dua", unheard
    _segments, [report] = numbers._listen_again(
        None, segments, [stretch], [np.zeros(16000 * 6, dtype=np.float32)], choose=choose_reading
    )
    assert report.kept == "after" and report.after == said, report
