"""Offline evaluation of what Briefbot reads (`briefbot eval`): briefs against IndoSum, actors and
places against detik and InaGeo, the seed against its gold, stories against their gold, and the
Stanza models themselves (UD and NER, per language). A development tool: it reads
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
from bot.evaluation.models import eval_ner, eval_ud
from bot.evaluation.stories import eval_stories

__all__ = [
    "DEFAULT_DATA",
    "SEED_GOLD",
    "entity_match",
    "eval_brief",
    "eval_entities",
    "eval_ner",
    "eval_seed",
    "eval_stories",
    "eval_ud",
    "print_rouge",
    "score_seed",
]
