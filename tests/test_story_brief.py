"""A story's brief and timeline across its reports: the lead from the most central report,
later developments after it, a fact several outlets tell said once with all of them."""

from bot.services.stories import timeline
from nlp.summarize import central_report, story_brief
from storage import ArticleRef, EventRow

KOMPAS = [
    "Gempa bermagnitudo 6,5 mengguncang Kota Ambon, Maluku, pada Kamis pagi.",
    "Ribuan warga Ambon mengungsi ke perbukitan karena takut tsunami.",
]
TEMPO = [
    "Gempa bermagnitudo 6,5 mengguncang Kota Ambon di Maluku pada Kamis pagi.",  # Kompas's lead, reworded
    "Kepala BMKG mengatakan gempa dipicu aktivitas sesar lokal di darat Ambon.",
]
ODD = ["Harga cabai di pasar induk naik dua kali lipat pekan ini."]  # filed wrongly: the least central
ANTARA = ["Jumlah korban gempa Ambon bertambah, ribuan warga masih mengungsi ke perbukitan."]


def test_the_most_central_report_is_the_one_that_shares_most_with_the_others():
    assert central_report([ODD, KOMPAS, TEMPO]) == 1
    assert central_report([KOMPAS]) == 0 and central_report([]) == 0


def test_the_brief_leads_with_the_central_report_and_collapses_repeats_keeping_every_source():
    lines = story_brief([ODD, KOMPAS, TEMPO, ANTARA], max_sentences=5)
    texts = [text for text, _ in lines]
    assert texts[0] == KOMPAS[0]  # the lead, from the central report
    assert dict(lines)[KOMPAS[0]] == [1, 2]  # Tempo says it too: said once, both sources kept
    assert TEMPO[0] not in texts
    # after the lead: the central report's lead sentences, then the later reports in order,
    # then what the earlier one adds
    assert texts == [KOMPAS[0], KOMPAS[1], TEMPO[1], ANTARA[0], ODD[0]]
    assert len(story_brief([ODD, KOMPAS, TEMPO, ANTARA], max_sentences=2)) == 2
    assert story_brief([]) == []


def _event(actor: str, predicate: str, obj: str, source: str, published: str, date: str | None = None) -> EventRow:
    ref = ArticleRef(ext_id=source.lower(), title=f"{source} report", source=source, published=published)
    return EventRow(actor, predicate, obj, None, "Ambon", None, date, f"{actor} {predicate} {obj}.", ref)


def test_the_timeline_tells_each_happening_once_with_every_outlet_oldest_first():
    events = [  # as the store gives them: the newest article first
        _event("BPBD Maluku", "mencatat", "korban 20 orang", "Antara", "2019-09-28"),
        _event("BMKG", "mencatat", "gempa susulan", "Tempo", "2019-09-26"),
        _event("Gempa", "mengguncang", "Kota Ambon", "Tempo", "2019-09-26", date="2019-09-26"),
        _event("Gempa", "mengguncang", "Kota Ambon, Maluku", "Kompas", "2019-09-26", date="2019-09-26"),
    ]
    told = timeline(events)
    assert [(e.event.actor, e.sources) for e in told] == [
        ("Gempa", ["Kompas", "Tempo"]),  # one happening, two outlets
        ("BMKG", ["Tempo"]),
        ("BPBD Maluku", ["Antara"]),
    ]
    assert [e.day for e in told] == ["2019-09-26", "2019-09-26", "2019-09-28"]
    assert len(timeline(events, limit=1)) == 1 and timeline(events, limit=1)[0].sources == ["Kompas", "Tempo"]
