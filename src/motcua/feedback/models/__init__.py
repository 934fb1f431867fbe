"""Models of the feedback app: dossier ratings with their follow-ups, and anonymous satisfaction surveys."""

from motcua.feedback.models.rating import (
    COUNT_CRITERIA,
    COUNT_MAX,
    SCORED_CRITERIA,
    CountSource,
    Criterion,
    DossierRating,
    FollowUp,
)
from motcua.feedback.models.survey import Block, Factor, Question, Survey, SurveyAnswer, SurveyResponse

__all__ = [
    "COUNT_CRITERIA",
    "COUNT_MAX",
    "SCORED_CRITERIA",
    "Block",
    "CountSource",
    "Criterion",
    "DossierRating",
    "Factor",
    "FollowUp",
    "Question",
    "Survey",
    "SurveyAnswer",
    "SurveyResponse",
]
