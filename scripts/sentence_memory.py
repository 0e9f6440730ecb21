"""Peak memory of one analysis with and without the bound on word runs (nlp.cleanup.bound_runs).

    .venv/bin/python scripts/sentence_memory.py [ARTICLE_ID] [MAX_RUN_WORDS]

Reads ../shared/data/news-id/clickid-raw.jsonl.gz; the default article is the one whose body is a
single 1,000-word "sentence" (its scraper dropped the punctuation). Run it once per limit: the
peak is the process's, so each figure needs a fresh process.
"""

import gzip
import json
import resource
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import nlp  # noqa: E402
from nlp import cleanup  # noqa: E402

article_id = sys.argv[1] if len(sys.argv) > 1 else "clickid-6afd491d0382"
limit = int(sys.argv[2]) if len(sys.argv) > 2 else cleanup.MAX_RUN_WORDS
with gzip.open(ROOT.parent / "shared/data/news-id/clickid-raw.jsonl.gz", "rt", encoding="utf-8") as fh:
    record = next(r for r in map(json.loads, fh) if r["id"] == article_id)
cleaned = cleanup.clean_text(record["text"], record["title"]).replace("\n\n", " ")
text = cleanup.bound_runs(cleaned, limit)
nlp.get_pipeline(ROOT / "models", "id")
loaded = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024
start = time.time()
analysis = nlp.analyze(text, ROOT / "models", "id", record["title"])
print(
    f"{article_id}, runs of at most {limit} words: {len(analysis.sentences)} sentences, longest "
    f"{max(s.words for s in analysis.sentences)} tokens; peak RSS {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024} MB"
    f" (after loading {loaded} MB); {time.time() - start:.1f} s"
)
