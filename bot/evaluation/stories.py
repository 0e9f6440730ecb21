"""`briefbot eval stories`: the story clustering against a hand-labelled gold clustering.

The gold (tests/fixtures/stories/gold.jsonl, made by reading: see its README) names articles of
../shared/data by id, with their story and their split: `dev` is what weights and thresholds
are fitted on, `test` is reported and never tuned on. Articles are clustered online in the order
they were published, as the bot meets them. Scores: B-cubed precision, recall and F1 (per
article) and pairwise precision, recall and F1 (over pairs of articles), beside a baseline
measured in the same run: TF-IDF cosine over title and lead with single-link merging at its
best dev threshold.
"""

from __future__ import annotations

import gzip
import itertools
import json
import math
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path

from bot.evaluation.evaluate import ROOT, analyse_cached
from nlp.analysis import Analysis
from nlp.language import detect_language
from nlp.stories import DEFAULT_WEIGHTS, OnlineClusterer, StoryWeights, article_signature
from nlp.timex import parse_date

GOLD = ROOT / "tests" / "fixtures" / "stories" / "gold.jsonl"

Clustering = Mapping[str, str]  # article id -> cluster label


# ------------------------------------------------------------------ scores


def bcubed(predicted: Clustering, gold: Clustering) -> dict[str, float]:
    """B-cubed precision, recall and F1 (Bagga and Baldwin 1998), averaged over articles."""
    by_pred: dict[str, set[str]] = defaultdict(set)
    by_gold: dict[str, set[str]] = defaultdict(set)
    for item in gold:
        by_pred[predicted[item]].add(item)
        by_gold[gold[item]].add(item)
    precision = recall = 0.0
    for item in gold:
        same = len(by_pred[predicted[item]] & by_gold[gold[item]])
        precision += same / len(by_pred[predicted[item]])
        recall += same / len(by_gold[gold[item]])
    return _prf(precision / len(gold), recall / len(gold))


def pairwise(predicted: Clustering, gold: Clustering) -> dict[str, float]:
    """Precision, recall and F1 over the pairs of articles put together."""
    items = sorted(gold)
    both = pred_pairs = gold_pairs = 0
    for a, b in itertools.combinations(items, 2):
        in_pred, in_gold = predicted[a] == predicted[b], gold[a] == gold[b]
        pred_pairs += in_pred
        gold_pairs += in_gold
        both += in_pred and in_gold
    return _prf(both / pred_pairs if pred_pairs else 1.0, both / gold_pairs if gold_pairs else 1.0)


def _prf(p: float, r: float) -> dict[str, float]:
    return {"precision": round(p, 4), "recall": round(r, 4), "f1": round(2 * p * r / (p + r) if p + r else 0, 4)}


def scores(predicted: Clustering, gold: Clustering) -> dict[str, dict[str, float]]:
    return {"bcubed": bcubed(predicted, gold), "pairwise": pairwise(predicted, gold)}


# ------------------------------------------------------------------ data


def read_gold(path: Path = GOLD) -> list[dict[str, str]]:
    with open(path, encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def _records(data: Path, files: Iterable[str]) -> Iterator[dict[str, str]]:
    for name in sorted(set(files)):
        path = data / name
        opener = gzip.open if path.suffix == ".gz" else open
        with opener(path, "rt", encoding="utf-8") as fh:
            for line in fh:
                yield json.loads(line)


def gold_records(data: Path, gold: list[dict[str, str]]) -> list[dict[str, str]]:
    """The gold's articles from ../shared/data, in the order the bot would meet them."""
    wanted = {row["id"] for row in gold}
    found = {rec["id"]: rec for rec in _records(data, (row["file"] for row in gold)) if rec["id"] in wanted}
    missing = wanted - set(found)
    if missing:
        raise SystemExit(f"{len(missing)} gold articles not found in {data}: {sorted(missing)[:5]} ...")
    return sorted(found.values(), key=lambda r: (r.get("date") or "", r.get("time") or "", r["id"]))


# ------------------------------------------------------------------ the baseline


def _words(text: str) -> list[str]:
    return [w for w in re.findall(r"\w+", text.lower()) if len(w) > 2]


def baseline_similarities(records: list[dict[str, str]]) -> dict[tuple[str, str], float]:
    """TF-IDF cosine over title and lead (the first 300 characters) for every pair."""
    bags = {r["id"]: Counter(_words(f"{r.get('title') or ''} {(r.get('text') or '')[:300]}")) for r in records}
    df = Counter(w for bag in bags.values() for w in bag)
    n = len(bags)
    vectors = {}
    for key, bag in bags.items():
        vec = {w: (1 + math.log(c)) * math.log(n / df[w]) for w, c in bag.items()}
        norm = math.sqrt(sum(v * v for v in vec.values())) or 1.0
        vectors[key] = {w: v / norm for w, v in vec.items()}
    sims = {}
    for a, b in itertools.combinations(sorted(vectors), 2):
        va, vb = vectors[a], vectors[b]
        if len(va) > len(vb):
            va, vb = vb, va
        sims[(a, b)] = sum(v * vb.get(w, 0.0) for w, v in va.items())
    return sims


def single_link(items: list[str], sims: Mapping[tuple[str, str], float], threshold: float) -> dict[str, str]:
    """Connected components over the pairs at or above the threshold."""
    parent = {i: i for i in items}

    def find(x: str) -> str:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for (a, b), value in sims.items():
        if value >= threshold and a in parent and b in parent:
            parent[find(a)] = find(b)
    return {i: find(i) for i in items}


# ------------------------------------------------------------------ the run


def cluster(records: list[dict[str, str]], analyses: Mapping[str, Analysis], weights: StoryWeights) -> dict[str, str]:
    clusterer = OnlineClusterer(weights)
    filed = {r["id"]: clusterer.add(article_signature(analyses[r["id"]], parse_date(r.get("date")))) for r in records}
    return {article: str(clusterer.story_of(story)) for article, story in filed.items()}


GRID = {
    "entities": (0.0, 0.5),
    "nearest": (0.0, 0.25, 0.5),
    "other_places": (0.0, 0.05, 0.1),
    "days": (0.0, 0.03, 0.08),
    "bridge": (None, 0.35),
    "threshold": tuple(round(0.15 + 0.025 * i, 3) for i in range(11)),
}


def fit(groups: list[tuple[list[dict[str, str]], Clustering]], analyses: Mapping[str, Analysis]) -> StoryWeights:
    """The weights and threshold with the best sum of mean B-cubed F1 and mean pairwise F1 over
    the (dev) groups, each clustered on its own (both are targets; B-cubed alone, inflated by
    one-article stories, chose thresholds that kept fewer pairs together)."""
    best: tuple[float, float] = (-1.0, -1.0)
    chosen = DEFAULT_WEIGHTS
    for values in itertools.product(*GRID.values()):
        weights = StoryWeights(**dict(zip(GRID, values)))
        found = [scores(cluster(records, analyses, weights), gold) for records, gold in groups]
        bcubed_f1 = sum(f["bcubed"]["f1"] for f in found) / len(found)
        key = (bcubed_f1 + sum(f["pairwise"]["f1"] for f in found) / len(found), bcubed_f1)
        if key > best:
            best, chosen = key, weights
    return chosen


def _evaluate(
    records: list[dict[str, str]],
    analyses: Mapping[str, Analysis],
    labels: Mapping[str, str],
    split_of: Mapping[str, str],
    weights: StoryWeights,
) -> dict[str, object]:
    """One file's gold: dev and test with these weights, and the baseline at its best dev threshold."""
    by_split = {s: [r for r in records if split_of[r["id"]] == s] for s in ("dev", "test")}
    gold_of = {s: {r["id"]: labels[r["id"]] for r in rs} for s, rs in by_split.items()}
    report: dict[str, object] = {}
    sims = {s: baseline_similarities(rs) for s, rs in by_split.items()}
    dev_items = [r["id"] for r in by_split["dev"]]
    thresholds = [round(0.02 * i, 2) for i in range(5, 40)]
    best_threshold = max(thresholds, key=lambda t: bcubed(single_link(dev_items, sims["dev"], t), gold_of["dev"])["f1"])
    for s, rs in by_split.items():
        gold = gold_of[s]
        report[s] = {
            "articles": len(rs),
            "stories_in_gold": len(set(gold.values())),
            "multi_article_stories_in_gold": sum(1 for n in Counter(gold.values()).values() if n > 1),
            "briefbot": scores(cluster(rs, analyses, weights), gold),
            "baseline": {
                "threshold": best_threshold,
                **scores(single_link([r["id"] for r in rs], sims[s], best_threshold), gold),
            },
        }
    return report


def eval_stories(data: Path, models_dir: Path, refit: bool = False, gold_path: Path = GOLD) -> dict[str, object]:
    """Each file's gold on its own (the sets are samples of different years), dev and test,
    with the bundled weights, or with one set of weights fitted on the dev splits (`refit`);
    the baseline with its best dev threshold beside them."""
    gold_rows = read_gold(gold_path)
    records = gold_records(data, gold_rows)
    labels = {row["id"]: row["story"] for row in gold_rows}
    split_of = {row["id"]: row["split"] for row in gold_rows}
    file_of = {row["id"]: row["file"] for row in gold_rows}
    # each article analysed in its own language, as the bot routes it (nlp.detect_language)
    language_of = {
        r["id"]: "en" if detect_language(f"{r.get('title') or ''}\n{r['text']}") == "en" else "id" for r in records
    }
    analyses: dict[str, Analysis] = {}
    for lang in sorted(set(language_of.values())):
        mine = [r for r in records if language_of[r["id"]] == lang]
        analyses.update(analyse_cached(mine, models_dir, "stories-gold", lang))
    files = {name: [r for r in records if file_of[r["id"]] == name] for name in sorted(set(file_of.values()))}
    weights = DEFAULT_WEIGHTS
    if refit:
        # fitted on the dated files only: the English set has no dates (its README), on which the
        # days' weight and the window would be fitted to nothing
        dev = [[r for r in rs if split_of[r["id"]] == "dev"] for rs in files.values() if any(r.get("date") for r in rs)]
        weights = fit([(rs, {r["id"]: labels[r["id"]] for r in rs}) for rs in dev], analyses)
    report: dict[str, object] = {"weights": weights.__dict__}
    for name, mine in files.items():
        report[name] = _evaluate(mine, analyses, labels, split_of, weights)
    return report
