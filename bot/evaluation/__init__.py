"""Offline evaluation of what Briefbot reads (`briefbot eval`): briefs against IndoSum, actors and
places against detik and InaGeo, the seed against its gold. A development tool: it reads
../shared/data and is left out of the Docker image."""

from bot.evaluation.evaluate import (
    DEFAULT_DATA,
    SEED_GOLD,
    entity_match,
    eval_brief,
    eval_entities,
    eval_seed,
    print_rouge,
    score_seed,
)
from bot.evaluation.stories import eval_stories

__all__ = [
    "DEFAULT_DATA",
    "SEED_GOLD",
    "entity_match",
    "eval_brief",
    "eval_entities",
    "eval_seed",
    "eval_stories",
    "print_rouge",
    "score_seed",
]
