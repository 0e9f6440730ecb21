"""`briefbot eval`: measure the briefs and the extraction on the shared evaluation data.

The data stays in ../shared/data (BRIEFBOT_DATA); nothing here is needed to run the bot.
Analyses are cached (one Stanza run per article) so that re-scoring is fast.
"""

from __future__ import annotations

import ast
import hashlib
import json
import os
import pickle
import re
import statistics
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import ftfy
import stanza

import nlp
from bot.settings import DEFAULT_SEEDS_DIR, source_checkout
from nlp import summarize
from nlp.analysis import Analysis
from nlp.regions import KIND_WORDS

# A development tool, run from a clone: ../shared/data beside it, caches in its build/.
ROOT = source_checkout() or Path.cwd()
DEFAULT_DATA = Path(os.environ.get("BRIEFBOT_DATA", ROOT.parent / "shared" / "data"))
CACHE_DIR = ROOT / "build" / "eval"
NLP_DIR = Path(nlp.__file__).parent


def _field(value):
    """Some fields of the shared JSON Lines files are Python literals stored as strings."""
    if isinstance(value, str) and value[:1] in "[{(":
        try:
            return ast.literal_eval(value)
        except (ValueError, SyntaxError):
            return value
    return value


def read_jsonl(path: Path, limit: int | None = None) -> Iterator[dict]:
    with open(path, encoding="utf-8") as fh:
        for i, line in enumerate(fh):
            if limit is not None and i >= limit:
                return
            yield json.loads(line)


def _fingerprint(paths: list[Path]) -> str:
    digest = hashlib.sha256()
    for p in paths:
        digest.update(p.name.encode())
        digest.update(p.read_bytes() if p.suffix == ".py" else f"{p.stat().st_size}:{p.stat().st_mtime_ns}".encode())
    return digest.hexdigest()[:12]


def _save(path: Path, cache: dict) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    tmp.write_bytes(pickle.dumps(cache))
    tmp.replace(path)


def parse_cached(records: list[dict], models_dir: Path, name: str, lang: str = "id") -> dict[str, stanza.Document]:
    """Each record's cleaned text through the Stanza pipeline, computed once per models and
    cleaned text and cached as serialized documents, so that a change to the extraction
    re-scores in seconds instead of re-parsing, and a change to the clean-up re-parses only
    the articles whose cleaned text it changed."""

    # the language's own models only: installing another language's does not void the cache
    key = _fingerprint([*sorted((models_dir / lang).rglob("*.pt")), NLP_DIR / "fragments.py"])
    cache_file = CACHE_DIR / f"{name}-parses-{key}.pkl"
    cache: dict[str, bytes] = {}
    if cache_file.exists():
        cache = pickle.loads(cache_file.read_bytes())
    texts = {r["id"]: nlp.clean_text(r["text"], r.get("title") or "", language=lang) for r in records}
    entry = {rid: f"{rid}:{hashlib.sha256(text.encode('utf-8')).hexdigest()[:16]}" for rid, text in texts.items()}
    todo = [r for r in records if entry[r["id"]] not in cache]
    if todo:
        from tqdm import tqdm

        start = time.time()
        batch = 16
        with tqdm(total=len(todo), desc=f"parsing {name}", unit="article", file=sys.stderr) as bar:
            for i in range(0, len(todo), batch):
                chunk = todo[i : i + batch]
                # as the bot parses: fragments repaired
                docs = nlp.parse_many([texts[rec["id"]] for rec in chunk], models_dir, lang)
                for rec, doc in zip(chunk, docs):
                    cache[entry[rec["id"]]] = doc.to_serialized()
                bar.update(len(chunk))
                if i // batch % 8 == 7:  # an interrupted run keeps most of its work
                    _save(cache_file, cache)
        print(f"parsed {len(todo)} articles in {time.time() - start:.0f}s", file=sys.stderr)
        _save(cache_file, cache)
    return {r["id"]: stanza.Document.from_serialized(cache[entry[r["id"]]]) for r in records}


def analyse_cached(records: list[dict], models_dir: Path, name: str, lang: str = "id") -> dict[str, Analysis]:
    """What the bot keeps of each record, extracted now from the cached parses."""
    docs = parse_cached(records, models_dir, name, lang)
    return {r["id"]: nlp.extract(docs[r["id"]], lang, r.get("title") or "") for r in records}


# ------------------------------------------------------------------ briefs (IndoSum)


def _detok(tokens: list[str]) -> str:
    text = " ".join(tokens)
    return re.sub(r" ([,.;:!?%)])", r"\1", text).replace("( ", "(")


def lead_sentences(rec: dict, k: int = 3) -> list[str]:
    """The first k sentences, by the dataset's own sentence split (as LEAD-3 is published)."""
    paragraphs = _field(rec["paragraphs_tok"])
    sentences = [_detok(s) for p in paragraphs for s in p]
    return sentences[:k]


def sumy_sentences(rec: dict, k: int = 3, method: str = "lexrank") -> list[str]:
    """sumy's LexRank/TextRank/LSA over the dataset's sentence split (sumy has no Indonesian splitter)."""
    from sumy.models.dom import ObjectDocumentModel, Paragraph
    from sumy.models.dom import Sentence as SumySentence
    from sumy.summarizers.lex_rank import LexRankSummarizer
    from sumy.summarizers.lsa import LsaSummarizer
    from sumy.summarizers.text_rank import TextRankSummarizer

    class Tokenizer:
        language = "indonesian"

        @staticmethod
        def to_words(sentence: str) -> list[str]:
            return re.findall(r"\w+", sentence.lower())

    paragraphs = _field(rec["paragraphs_tok"])
    doc = ObjectDocumentModel([Paragraph([SumySentence(_detok(s), Tokenizer) for s in p]) for p in paragraphs])
    summarizer = {"lexrank": LexRankSummarizer, "textrank": TextRankSummarizer, "lsa": LsaSummarizer}[method]()
    return [str(s) for s in summarizer(doc, k)]


def brief_sentences(
    analysis: Analysis,
    title: str = "",
    weights: dict[str, float] | None = None,
    max_sentences: int = summarize.BRIEF_MAX_SENTENCES,
) -> list[str]:
    """The brief as the bot would choose it now (the cached analysis may predate the weights)."""
    summarize.rank_sentences(analysis.sentences, analysis.actors, analysis.places, title, weights or summarize.WEIGHTS)
    chosen = summarize.select(analysis.sentences, max_sentences=max_sentences)
    by_index = {s.index: s.text for s in analysis.sentences}
    return [by_index[i] for i in chosen]


def sentence_labels(analysis: Analysis, reference: str, threshold: float = 0.7) -> list[int]:
    """1 for a sentence whose words mostly appear in the human summary (IndoSum's summaries
    are largely extractive), else 0."""
    ref = set(re.findall(r"\w+", reference.lower()))
    labels = []
    for s in analysis.sentences:
        words = re.findall(r"\w+", s.text.lower())
        labels.append(int(bool(words) and sum(w in ref for w in words) / len(words) >= threshold))
    return labels


def fit_weights(
    records: list[dict], analyses: dict[str, Analysis], l2: float = 1e-3, steps: int = 3000, lr: float = 0.5
) -> dict[str, float]:
    """Logistic regression (plain gradient descent, numpy) of sentence labels on the features."""
    import numpy as np

    xs, ys = [], []
    for rec in records:
        analysis = analyses[rec["id"]]
        feats = summarize.sentence_features(
            analysis.sentences, analysis.actors, analysis.places, rec.get("title") or ""
        )
        for s, f, y in zip(analysis.sentences, feats, sentence_labels(analysis, rec["summary"])):
            if s.complete:
                xs.append([f[name] for name in summarize.FEATURES])
                ys.append(y)
    x = np.array(xs, dtype=float)
    y = np.array(ys, dtype=float)
    w = np.zeros(x.shape[1])
    for _ in range(steps):
        p = 1.0 / (1.0 + np.exp(-(x @ w)))
        grad = x.T @ (p - y) / len(y) + l2 * w
        w -= lr * grad
    return {name: round(float(v), 3) for name, v in zip(summarize.FEATURES, w)}


def rouge(systems: dict[str, Callable[[dict], list[str]]], records: list[dict]) -> dict[str, dict[str, float]]:
    """Mean ROUGE-1/2/L F1 (x100) of each system against the human summaries, no stemming."""
    from rouge_score import rouge_scorer

    scorer = rouge_scorer.RougeScorer(["rouge1", "rouge2", "rougeL"], use_stemmer=False)
    totals: dict[str, dict[str, list[float]]] = {name: {"rouge1": [], "rouge2": [], "rougeL": []} for name in systems}
    lengths: dict[str, list[int]] = {name: [] for name in systems}
    for rec in records:
        reference = rec["summary"]
        for name, system in systems.items():
            summary = " ".join(system(rec))
            lengths[name].append(len(summary.split()))
            scores = scorer.score(reference, summary)
            for metric, value in scores.items():
                totals[name][metric].append(value.fmeasure)
    result = {}
    for name, metrics in totals.items():
        result[name] = {m: round(100 * statistics.mean(v), 2) for m, v in metrics.items()}
        result[name]["words"] = round(statistics.mean(lengths[name]), 1)
    return result


BRIEF_SETS = {"id": ("news-id/indosum-dev.jsonl", "IndoSum dev"), "en": ("news-en/bbc-dev.jsonl", "BBC News dev")}


def eval_brief(data: Path, models_dir: Path, limit: int | None = None, fit: bool = False, lang: str = "id") -> dict:
    """ROUGE of the briefs against the human summaries, beside LEAD-3 (and, for Indonesian,
    sumy's LexRank and TextRank); `fit` refits the sentence weights with cross-validation."""
    path, name = BRIEF_SETS[lang]
    records = list(read_jsonl(data / path, limit))
    analyses = analyse_cached(records, models_dir, Path(path).stem, lang)
    report: dict = {}
    if fit:
        # two-fold cross-validation: weights fitted on one half are scored on the other
        halves = [records[0::2], records[1::2]]
        fitted = [fit_weights(h, analyses) for h in halves]
        cv = {}
        for k in (2, 3, 4):
            systems = {
                f"fold{i}": (
                    lambda rec, w=fitted[1 - i], k=k: brief_sentences(analyses[rec["id"]], rec.get("title") or "", w, k)
                )
                for i in range(2)
            }
            parts = [rouge({name: fn}, halves[i]) for i, (name, fn) in enumerate(systems.items())]
            cv[f"top{k}"] = {
                m: round(
                    (parts[0]["fold0"][m] * len(halves[0]) + parts[1]["fold1"][m] * len(halves[1])) / len(records), 2
                )
                for m in ("rouge1", "rouge2", "rougeL", "words")
            }
        report["cross_validated"] = cv
        report["weights"] = fit_weights(records, analyses)
    title = lambda rec: rec.get("title") or ""  # noqa: E731
    systems = {
        "briefbot": lambda rec: brief_sentences(analyses[rec["id"]], title(rec), report.get("weights")),
        "lead-3": lead_sentences,
        "sumy-lexrank": sumy_sentences,
        "sumy-textrank": lambda rec: sumy_sentences(rec, method="textrank"),
    }
    if lang != "id":  # the dataset has no sentence split of its own: LEAD-3 takes our tokenizer's
        systems = {
            "briefbot": systems["briefbot"],
            "lead-3": lambda rec: [s.text for s in analyses[rec["id"]].sentences[:3]],
        }
    reference_words = statistics.mean(len(r["summary"].split()) for r in records)
    report.update(
        {
            "set": name,
            "articles": len(records),
            "reference_words": round(reference_words, 1),
            "rouge": rouge(systems, records),
        }
    )
    return report


def print_rouge(report: dict) -> None:
    print(f"{report['set']}, {report['articles']} articles; references average {report['reference_words']} words")
    print(f"{'system':<16}{'ROUGE-1':>9}{'ROUGE-2':>9}{'ROUGE-L':>9}{'words':>8}")
    for name, m in report["rouge"].items():
        print(f"{name:<16}{m['rouge1']:>9.2f}{m['rouge2']:>9.2f}{m['rougeL']:>9.2f}{m['words']:>8.1f}")
    if "cross_validated" in report:
        print("two-fold cross-validated briefbot, weights refitted (top-k sentences):")
        for name, m in report["cross_validated"].items():
            print(f"{name:<16}{m['rouge1']:>9.2f}{m['rouge2']:>9.2f}{m['rougeL']:>9.2f}{m['words']:>8.1f}")
        print("weights fitted on all articles (paste into nlp/summarize.py WEIGHTS):")
        print(report["weights"])


# ------------------------------------------------------------------ actors and places


def _tokens(text: str) -> list[str]:
    return re.findall(r"\w+", text.lower())


def _contains(longer: list[str], shorter: list[str]) -> bool:
    n = len(shorter)
    return n > 0 and any(longer[i : i + n] == shorter for i in range(len(longer) - n + 1))


def _gold_variants(name: str) -> list[list[str]]:
    """'Badan Pusat Statistik (BPS)' -> the full form, the form without brackets, and 'BPS'."""
    variants = [_tokens(name)]
    inner = re.findall(r"\(([^)]*)\)", name)
    outer = re.sub(r"\([^)]*\)", " ", name)
    variants.append(_tokens(outer))
    variants.extend(_tokens(x) for x in inner)
    return [v for v in variants if v]


def _untitled(name: str, lowercase_vocab: set[str]) -> list[str]:
    """ "Wakil Presiden Gibran" -> "gibran", "Menteri Keuangan Purbaya" -> "purbaya": the name after
    the title words and the words the corpus also writes in lowercase; nothing when no name is
    left ("Menteri Kabinet") or nothing was taken off."""
    from nlp.extract import lexicon

    titles = lexicon("id").title_words
    words = re.sub(r"\([^)]*\)", " ", name).split()
    k = 0
    while k < len(words) and (words[k].lower() in titles or words[k].lower() in lowercase_vocab):
        k += 1
    if k == 0 or k == len(words) or words[0].lower() not in titles:
        return []
    return _tokens(" ".join(words[k:]))


def entity_match(gold: str, found: list[str], lowercase_vocab: set[str] | None = None) -> bool:
    """A gold name is found when one of our forms equals it, or one contains the other whole-word
    ("Prabowo Subianto" in "Presiden Prabowo Subianto", "BPS" for "Badan Pusat Statistik (BPS)").
    With the corpus' lowercase words, a gold name that opens with a title is also found by its
    name alone ("Wakil Presiden Gibran" in "Gibran Rakabuming Raka")."""
    variants = _gold_variants(gold)
    if lowercase_vocab is not None and (bare := _untitled(gold, lowercase_vocab)):
        variants.append(bare)
    for g in variants:
        for f in (_tokens(x) for x in found):
            if f and (_contains(g, f) or _contains(f, g)):
                return True
    return False


def _is_named(gold: str, lowercase_vocab: set[str]) -> bool:
    """A gold entry names someone when it has a word that the corpus never writes in lowercase
    ('Prabowo', 'BPS'), unlike generic entries such as 'Masyarakat' or 'Pemerintah Daerah'."""
    return any(w[:1].isupper() and w.lower() not in lowercase_vocab for w in re.findall(r"\w+", gold))


def _names_a_place(gold: str) -> bool:
    """A gold entry that is a country or another place ("Amerika Serikat (AS)", "Tiongkok"): the
    detik annotators list states among the actors; Briefbot keeps them as places (see /where)."""
    from nlp.gazetteer import ground

    return any(ground(" ".join(v)) is not None for v in _gold_variants(gold)[:2])


SPLITS = ("dev", "untouched")


def entity_split(record_id: str) -> str:
    """ "untouched" for a fixed third of the records (by a hash of the id), "dev" for the rest:
    no rule is to be written against an untouched article, so its figures say how the rules
    hold on articles they were not fitted to."""
    return "untouched" if int(hashlib.sha1(record_id.encode("utf-8")).hexdigest(), 16) % 3 == 0 else "dev"


def one_to_one(ours: list[list[str]], gold: list[str], match: Callable[[str, list[str]], bool]) -> list[bool]:
    """Which of our items (each a list of forms) a gold entry is left for when each gold entry
    counts for one of ours at most (a maximum bipartite matching): two places that both contain
    "Aceh Utara" ("Aceh Utara", "Aceh Utara Banjir") are one right and one wrong."""
    edges = [[g for g, name in enumerate(gold) if any(match(form, [name]) for form in forms)] for forms in ours]
    owner: dict[int, int] = {}

    def claim(i: int, seen: set[int]) -> bool:
        for g in edges[i]:
            if g not in seen:
                seen.add(g)
                if g not in owner or claim(owner[g], seen):
                    owner[g] = i
                    return True
        return False

    for i in range(len(ours)):
        claim(i, set())
    matched = [False] * len(ours)
    for i in owner.values():
        matched[i] = True
    return matched


def gold_actors(rec: dict) -> list[str]:
    """A detik record's gold people and organisations, their mojibake repaired as the article's
    text is before analysis (nlp.cleanup; "BjÃƒÂ¶rn" is "Björn"): the annotators copied names
    from the broken text."""
    return [ftfy.fix_encoding(g) for group in _field(rec["entities"]).values() for g in group]


def _actor_scores(records: list[dict], analyses: dict[str, Analysis], vocab: set[str]) -> dict:
    counts = {"all": [0, 0], "named": [0, 0], "states": [0, 0]}  # [found, gold]
    ours_matched = ours_total = ours_one_to_one = 0
    for rec in records:
        analysis = analyses[rec["id"]]
        gold = gold_actors(rec)
        forms = [[a.name, *a.surfaces, *(f"{t} {a.name}" for t in a.titles)] for a in analysis.actors]
        flat = [f for fs in forms for f in fs]
        places = [s for p in analysis.places for s in (p.name, *p.surfaces)]
        for g in gold:
            if _names_a_place(g):
                counts["states"][0] += entity_match(g, places + flat)
                counts["states"][1] += 1
                continue
            hit = entity_match(g, flat, vocab)
            counts["all"][0] += hit
            counts["all"][1] += 1
            if _is_named(g, vocab):
                counts["named"][0] += hit
                counts["named"][1] += 1
        for fs in forms:
            ours_total += 1
            ours_matched += any(entity_match(g, fs, vocab) for g in gold)
        # each gold entry for one of ours at most: "Komisi III DPR" and the DPR are not both right
        ours_one_to_one += sum(one_to_one(forms, gold, lambda form, g: entity_match(g[0], [form], vocab)))
    report: dict = {
        k: {"recall": round(found / total, 4) if total else 0.0, "gold": total} for k, (found, total) in counts.items()
    }
    report["precision"] = round(ours_matched / ours_total, 4) if ours_total else 0.0
    report["precision, one to one"] = round(ours_one_to_one / ours_total, 4) if ours_total else 0.0
    report["extracted"] = ours_total
    report["articles"] = len(records)
    return report


def _place_words(name: str) -> tuple[str, ...]:
    """A place name's words for an exact match, without the kind words that open it ("Kabupaten
    Pacitan" is "Pacitan")."""
    words = _tokens(name)
    while len(words) > 1 and words[0] in KIND_WORDS:
        words = words[1:]
    return tuple(words)


def _exact_place(form: str, gold: list[str]) -> bool:
    return any(_place_words(form) == _place_words(g) for g in gold)


def _place_scores(records: list[dict], analyses: dict[str, Analysis]) -> dict:
    """Recall of the gold toponyms (one per name, kind words aside); precision over the places
    Briefbot keeps, and over those but its sites (InaGeo annotates toponyms, not streets and
    buildings: "Jalan Salemba"). A place is right by a form that contains a gold toponym or that
    one contains ("Jakarta" for "Jakarta Timur"); "one to one" lets each toponym make one place
    right at most (a duplicate or a run-on, "Aceh Utara Banjir" beside "Aceh Utara", is wrong);
    "exact names" asks for its very name, kind words aside ("Pacitan" for "Kabupaten Pacitan",
    not "Pasaman 75 jenazah" for "Pasaman"), one to one too."""
    found = total = ours_total = sites = 0
    matched = {"precision": 0, "sites": 0, "one to one": 0, "exact": 0}
    for rec in records:
        # one gold toponym per name, kind words aside: "Kabupaten Pacitan" and "Pacitan" are one
        by_words: dict[tuple[str, ...], str] = {}
        for loc in sorted({loc["text"] for loc in _field(rec["locations"])}, key=lambda t: (len(t), t)):
            by_words.setdefault(_place_words(loc), loc)
        gold = sorted(by_words.values())
        # a place is known by every form the article gave it ("NTT" and "Nusa Tenggara Timur" are
        # one place, named by the form said most): as an actor is (see _actor_scores)
        places = analyses[rec["id"]].places
        flat = [form for p in places for form in (p.name, *p.surfaces)]
        for g in gold:
            total += 1
            found += entity_match(g, flat)
        forms = [[p.name, *p.surfaces] for p in places]
        hits = [any(entity_match(form, gold) for form in fs) for fs in forms]
        matched["precision"] += sum(hits)
        matched["sites"] += sum(hit for hit, p in zip(hits, places) if p.kind == "site")
        matched["one to one"] += sum(one_to_one(forms, gold, entity_match))
        matched["exact"] += sum(one_to_one(forms, gold, _exact_place))
        ours_total += len(places)
        sites += sum(p.kind == "site" for p in places)
    toponyms = ours_total - sites
    return {
        "recall": round(found / total, 4) if total else 0.0,
        "gold": total,
        "precision": round(matched["precision"] / ours_total, 4) if ours_total else 0.0,
        "precision without sites": round((matched["precision"] - matched["sites"]) / toponyms, 4) if toponyms else 0.0,
        "precision, one to one": round(matched["one to one"] / ours_total, 4) if ours_total else 0.0,
        "precision, exact names": round(matched["exact"] / ours_total, 4) if ours_total else 0.0,
        "extracted": ours_total,
        "sites": sites,
        "articles": len(records),
    }


def eval_entities(data: Path, models_dir: Path, limit: int | None = None) -> dict:
    """Actor recall and precision on detik-entities-dev, place recall and precision on
    inageo-places-dev: on the dev part (rules may be tuned on it) and on the untouched third
    (`entity_split`), side by side."""
    detik = list(read_jsonl(data / "news-id" / "detik-entities-dev.jsonl", limit))
    analyses = analyse_cached(detik, models_dir, "detik-dev")
    vocab = {w for rec in detik for w in re.findall(r"\w+", rec["text"]) if w.islower()}
    inageo = list(read_jsonl(data / "news-id" / "inageo-places-dev.jsonl", limit))
    place_analyses = analyse_cached(inageo, models_dir, "inageo-dev")
    report: dict = {}
    for split in SPLITS:
        report[split] = {
            "actors": _actor_scores([r for r in detik if entity_split(r["id"]) == split], analyses, vocab),
            "places": _place_scores([r for r in inageo if entity_split(r["id"]) == split], place_analyses),
        }
    report["all"] = {"actors": _actor_scores(detik, analyses, vocab), "places": _place_scores(inageo, place_analyses)}
    report["targets (untouched)"] = {
        "named-actor recall": 0.85,
        "actor precision": 0.65,
        "place recall": 0.90,
        "place precision": 0.85,
    }
    return report


# ------------------------------------------------------------------ the seed article

SEED_GOLD = ROOT / "tests" / "fixtures" / "seed-gold.json"


def score_seed(analysis: Analysis, gold: dict) -> dict:
    """The seed article's analysis against its hand-made gold: sentence segmentation (a sentence
    is right when it starts and ends as a gold one), the people ranked first, places and events."""
    found = [s.text for s in analysis.sentences]
    right = sum(any(t.startswith(a) and t.endswith(b) for t in found) for a, b in gold["sentences"])
    precision = right / len(found) if found else 0.0
    recall = right / len(gold["sentences"])
    people = [a for a in analysis.actors if a.kind == "PER"]
    top = people[: len(gold["actors"])]
    places = {p.name: p for p in analysis.places}
    events = {(e.actor, e.predicate, e.time) for e in analysis.events}
    return {
        "sentences": {
            "gold": len(gold["sentences"]),
            "found": len(found),
            "right": right,
            "f1": round(2 * precision * recall / (precision + recall), 4) if right else 0.0,
        },
        "people": [{"name": a.name, "titles": a.titles} for a in people],
        "top_people_right": {a.name for a in top} == set(gold["actors"])
        and all(set(gold["actors"][a.name]) <= set(a.titles) for a in top),
        "places_found": sorted(n for n in gold["places"] if n in places),
        "places_missed": sorted(n for n in gold["places"] if n not in places),
        "places_grounded": sorted(
            n
            for n, (kind, cc) in gold["places"].items()
            if n in places and (places[n].kind, places[n].country_code) == (kind, cc)
        ),
        "places_extra": sorted(set(places) - set(gold["places"])),
        "events_found": [e for e in gold["events"] if tuple(e) in events],
        "events": len(analysis.events),
    }


def eval_seed(models_dir: Path, published: str = "2024-08-21") -> dict:
    """`briefbot eval seed`: the seed article through the whole analysis, scored on its gold."""

    gold = json.loads(SEED_GOLD.read_text(encoding="utf-8"))
    raw = next(DEFAULT_SEEDS_DIR.glob("*.txt")).read_text(encoding="utf-8")
    title, _, body = raw.partition("\n")
    analysis = nlp.analyze(nlp.clean_text(body, title), models_dir, "id", title, published)
    report = score_seed(analysis, gold)
    # the same sentence score with no repair at all: the tokenizer alone on the text as it came
    unrepaired = nlp.extract(nlp.get_pipeline(models_dir, "id")(body), "id", title, published)
    report["sentences_without_repair"] = score_seed(unrepaired, gold)["sentences"]
    return report
