"""Service refusals in the visitor's language.

The services refuse in English (the API's `detail`, read by programs and the CLI), often with the value
that was wrong inside the sentence. A page shows the same refusal through this table: the pattern of the
service's sentence and the catalogue string it becomes, its named groups filling the `{fields}`. A group
named `reason` is itself a refusal (looked up again); `speaker` is a show's speaker label ("caller-2"),
shown as its name. A test checks that every string here has its Indonesian entry.
"""

from __future__ import annotations

import re

from api.pages.i18n import Translate
from api.pages.labels import speaker_name

_NUMBER = r"[0-9.]+"
_LABEL = r"[a-z]+(?:-[0-9]+)?"

REFUSALS: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern), message)
    for pattern, message in (
        # The upload form without JavaScript (api/recording/upload.py), one recording at a time.
        (r"send exactly one file", "Choose one recording at a time (several need JavaScript)."),
        (r"no 'file' field in the upload", "Choose a recording to upload."),
        (r"the uploaded file is empty", "The chosen file is empty."),
        # Turn fixes (api/recording/turns.py, api/intake/turns.py).
        (rf"no speaker '(?P<speaker>{_LABEL})' in this show", "There is no speaker {speaker} in this show."),
        (r"choose two different speakers to merge", "Choose two different speakers to merge."),
        (r"choose the two speakers to merge", "Choose two different speakers to merge."),
        (r"choose the speaker and the time to split at", "Give the time to split at, in seconds."),
        (r"choose the speaker and their role", "Choose the speaker and their role."),
        (rf"(?P<speaker>{_LABEL}) is already a [a-z]+", "{speaker} already has that role."),
        (
            r"the host keeps the host label; relabel the other speaker instead",
            "The host keeps the host label; relabel the other speaker instead.",
        ),
        (
            rf"(?P<at>{_NUMBER}) s is not inside a turn of (?P<speaker>{_LABEL})",
            "{at} s is not inside a turn of {speaker}.",
        ),
        (
            rf"split at least (?P<least>{_NUMBER}) s inside the turn "
            rf"\((?P<start>{_NUMBER})–(?P<end>{_NUMBER}) s\)",
            "Split at least {least} s inside the turn ({start}–{end} s).",
        ),
        (
            rf"nothing (?P<speaker>{_LABEL}) says after (?P<at>{_NUMBER}) s can be told apart; "
            r"choose a later time",
            "Nothing {speaker} says after {at} s can be told apart; choose a later time.",
        ),
        (
            r"only the show's producer or a verifier may fix its turns",
            "Only the show's producer or a verifier may fix its turns.",
        ),
        (r"only a radio talkshow has turns to fix", "Only a radio talkshow has turns to fix."),
        (
            r"the show is still being processed; its turns can be fixed once that is done",
            "The show is still being processed; its turns can be fixed once that is done.",
        ),
        (
            r"the turns changed meanwhile(?: \(version [0-9]+, not [0-9]+\))?; reload(?: and try again)?",
            "Someone else fixed the turns meanwhile: reload the page and try again.",
        ),
        (
            r"the language pipeline \(nlp\) is not installed; the complaints could not follow the turns",
            "The language pipeline is not installed, so the complaints could not follow the turns.",
        ),
        # Corrections and workflow on the complaint page (api/pages/complaint.py, api/complaint/*).
        (r"the corrected word cannot be empty", "The corrected word cannot be empty."),
        (
            r"that word is not in the transcript \(it may have changed\): reload the page",
            "That word is no longer in the transcript (it may have changed): reload the page.",
        ),
        (
            r"this complaint has no transcript you may correct",
            "This complaint has no transcript you may correct.",
        ),
        (r"agency cannot be removed, only changed", "The agency cannot be removed, only changed."),
        (r"text cannot be empty", "The text cannot be empty."),
        (r"(?P<ref>\S+) came as text; edit its text instead", "{ref} came as text; edit its text instead."),
        (r"a complaint cannot be a duplicate of itself", "A complaint cannot be a duplicate of itself."),
        # A code comes quoted, a number bare (api/agency/service.py formats the reference with !r).
        (r"unknown agency '?(?P<code>[^' ]+)'?", "No agency has the code {code}."),
        # Routing rules as nlp validates them (nlp/routing.py, wrapped by api/agency/routing.py).
        (
            r"aturan rute tidak valid: rule '(?P<rule>[^']*)'(?: \(#[0-9]+\))?: (?P<reason>.+)",
            "The routing rule {rule} is not valid: {reason}",
        ),
        (r"aturan rute tidak valid: rule #[0-9]+: (?P<reason>.+)", "The routing rule is not valid: {reason}"),
        (r"missing (?P<names>.+)", "{names} is missing."),
        (r"unknown fields (?P<names>.+)", "Unknown fields: {names}."),
        (
            r"id must be lowercase letters, digits, '-', '_' or '.'",
            "The id may hold only lowercase letters, digits, '-', '_' and '.'.",
        ),
        (r"topics must not be empty", "Choose at least one topic."),
        (r"unknown topics \[(?P<names>.*)\] \(see taxonomy\.json\)", "Unknown topics: {names}."),
        (r"level must be one of (?P<levels>.+), got '(?P<got>.*)'", "The level must be one of {levels}."),
        (
            r"weight must be a number in \(0, 1\], got .+",
            "The weight must be a number above 0 and at most 1.",
        ),
        (
            r"region_prefix must be a dotted Kemendagri code like '33' or '33\.03'",
            "The region prefix must be a dotted Kemendagri code like 33 or 33.03.",
        ),
        (r"agency must be a non-empty string", "Choose the agency."),
        (
            r"unknown national agency '(?P<name>[^']*)' \(see agencies\.json\)",
            "Unknown national agency {name}.",
        ),
        (
            r"unknown office kind '(?P<name>[^']*)' \(see office_types in agencies\.json\)",
            "Unknown kind of office {name}.",
        ),
        (
            r"office kind '(?P<name>[^']*)' exists at \[(?P<levels>.*)\], not at '(?P<level>[^']*)'",
            "An office of kind {name} exists only at the levels {levels}, not at {level}.",
        ),
        (
            r"(?P<name>[a-z_]+) must be a list of non-empty strings",
            "{name} must be a list of non-empty texts.",
        ),
        (
            r"'replaces' names unknown rules \[(?P<names>.*)\]",
            "It replaces rules that do not exist: {names}.",
        ),
        (r"duplicate rule ids: (?P<names>.+)", "Two rules share the id {names}."),
    )
)


def refusal_text(t: Translate, detail: str) -> str:
    """A service's refusal `detail` in the visitor's language (the sentence itself when it has no entry)."""
    for pattern, message in REFUSALS:
        match = pattern.fullmatch(detail)
        if match is None:
            continue
        fields = {k: v for k, v in match.groupdict().items() if v is not None}
        if "reason" in fields:
            fields["reason"] = refusal_text(t, fields["reason"])
        if "speaker" in fields:
            fields["speaker"] = speaker_name(t, fields["speaker"])
        return t(message, **fields)
    return t(detail)
