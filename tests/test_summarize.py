"""Choosing brief sentences, and a story brief that says each fact once."""

from bot.ingest.service import IngestService
from bot.services import AnswerService
from bot.settings import DEFAULT_MODELS_DIR
from nlp.analysis import Analysis, Place, Sentence
from nlp.summarize import drop_repeats, rank_sentences
from storage import NewArticle, open_store


def sentences(*texts, complete=True):
    return [Sentence(index=i, text=t, words=len(t.split()), complete=complete) for i, t in enumerate(texts)]


def test_fragments_never_make_the_brief_and_order_is_kept():
    ss = sentences(
        "Gempa bermagnitudo 6,2 mengguncang Palu pada Jumat pagi.",
        "Ribuan warga mengungsi ke dataran tinggi setelah gempa.",
        "Pemerintah mengirim bantuan logistik ke lokasi bencana.",
        "Sementara itu harga cabai naik di pasar.",
    )
    ss[1].complete = False
    brief = rank_sentences(ss, [], [Place("Palu", [0])], title="Gempa mengguncang Palu")
    assert 0 in brief and 1 not in brief
    assert brief == sorted(brief) and len(brief) <= 3


def test_drop_repeats_keeps_the_first_telling():
    texts = [
        "Gempa bermagnitudo 6,2 mengguncang Palu pada Jumat pagi.",
        "Gempa bermagnitudo 6,2 mengguncang Palu, Jumat pagi, kata BMKG.",
        "Ribuan warga mengungsi ke dataran tinggi.",
    ]
    assert drop_repeats(texts) == [0, 2]


async def test_story_brief_over_several_articles_says_each_fact_once(tmp_path):
    store = await open_store(tmp_path / "story.sqlite3")
    service = IngestService(store, DEFAULT_MODELS_DIR)
    try:
        facts = [
            ("Gempa bermagnitudo 6,2 mengguncang Palu pada Jumat pagi.", "Ribuan warga Palu mengungsi."),
            ("Gempa bermagnitudo 6,2 mengguncang Palu, Jumat pagi, menurut BMKG.", "Bandara Palu ditutup sementara."),
            ("Gempa 6,2 mengguncang Palu pada Jumat pagi.", "Jembatan Kuning di Palu runtuh."),
        ]
        for n, (first, second) in enumerate(facts):
            ss = sentences(first, second)
            await store.add_article(
                NewArticle(
                    ext_id=f"palu-{n}",
                    title=f"Gempa Palu {n}",
                    raw_text=first + " " + second,
                    text=first + " " + second,
                    content_hash=f"h{n}",
                    language="id",
                    source=f"media{n}",
                ),
                Analysis(language="id", sentences=ss, actors=[], places=[Place("Palu", [0, 1])], brief=[0, 1]),
            )
        rows = await AnswerService(service.store).brief(topic="Palu")
        texts = [s.text for s in rows.sentences]
        assert sum("mengguncang Palu" in t for t in texts) == 1
        assert {
            "Ribuan warga Palu mengungsi.",
            "Bandara Palu ditutup sementara.",
            "Jembatan Kuning di Palu runtuh.",
        } <= set(texts)
        assert {ref.ext_id for ref in rows.sources} == {"palu-0", "palu-1", "palu-2"}
    finally:
        await service.aclose()
        await store.close()
