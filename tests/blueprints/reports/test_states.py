"""Every report step from every status: allowed where the process says so, refused elsewhere."""

from __future__ import annotations

import pytest

from blueprints.reports.states import REPORT_STEPS, ReportError, ReportStatus, ReportStep, next_status
from blueprints.reports.wordcount import MAX_REACTION_WORDS, count_words, reaction_error

ALLOWED = {
    (ReportStatus.DRAFT, ReportStep.SUBMIT): ReportStatus.SUBMITTED,
    (ReportStatus.SUBMITTED, ReportStep.APPROVE): ReportStatus.APPROVED,
    (ReportStatus.SUBMITTED, ReportStep.RETURN): ReportStatus.DRAFT,
    (ReportStatus.APPROVED, ReportStep.START_RESPONSE): ReportStatus.IN_RESPONSE,
    (ReportStatus.IN_RESPONSE, ReportStep.ISSUE_DEFINITIVE): ReportStatus.DEFINITIVE,
    (ReportStatus.DEFINITIVE, ReportStep.ISSUE_CORRECTION): ReportStatus.DEFINITIVE,
}


@pytest.mark.parametrize("status", list(ReportStatus))
@pytest.mark.parametrize("step", list(ReportStep))
def test_every_step_from_every_status(status: ReportStatus, step: ReportStep) -> None:
    expected = ALLOWED.get((status, step))
    if expected is None:
        with pytest.raises(ReportError) as refused:
            next_status(status, step)
        assert refused.value.errors["_schema"][0].endswith(".")
    else:
        assert next_status(status, step) is expected


def test_the_table_and_the_oracle_agree() -> None:
    table = {(s, step): target for step, (sources, target) in REPORT_STEPS.items() for s in sources}
    assert table == ALLOWED


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("", 0),
        ("een", 1),
        ("  twee   woorden\n", 2),
        ("zorg-en-welzijn is één woord", 4),
        ("- opsomming\n- met streepjes –", 3),
        ("Wij, de aanbieder: 'akkoord'.", 4),
        ("1.2 norm", 2),
    ],
)
def test_words_are_counted_as_a_reader_counts(text: str, words: int) -> None:
    assert count_words(text) == words


def test_the_reaction_may_have_200_words_not_201() -> None:
    assert reaction_error(" ".join(["woord"] * MAX_REACTION_WORDS)) is None
    message = reaction_error(" ".join(["woord"] * (MAX_REACTION_WORDS + 1)))
    assert message == "De reactie telt 201 woorden; er mogen er hoogstens 200 zijn."
