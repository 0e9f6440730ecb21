"""Stories in SQLite: the index of story signatures an article's candidates come from, filing
an article under its story (nlp.stories decides), taking it out again, and the story rows."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from datetime import date, timedelta
from typing import Any

from nlp.stories import (
    LANGUAGE_KEY,
    LATEST_REPORTS,
    ArticleSignature,
    Corpus,
    StorySignature,
    StoryWeights,
    index_keys,
    placement,
)
from nlp.timex import parse_date
from storage.rows import ArticleRef, EventRow, StoredArticle, StoryRow, StoryUpdate
from storage.sql.base import ANALYSED, REF_COLUMNS, Connection, is_row_id
from storage.sql.queries import AnswerQueries

ALL_ARTICLES = ""  # the key_frequencies row that counts every article filed
MAX_CANDIDATES = 30
MAX_WINDOW_ARTICLES = 5000  # a briefing's window read at most: the newest arrivals


# the day an undated story's keys carry (story_keys.last_day): later than any, always open
UNDATED = "9999-12-31"

# how nlp.stories writes actors, places and languages; a word is stored as "w:<word>"
NAME_PREFIXES = ("a:", "p:", LANGUAGE_KEY)


def _stored(key: str) -> str:
    """A signature's key as the tables hold it: names as they are, words under "w:"."""
    return key if key.startswith(NAME_PREFIXES) else f"w:{key}"


def _keys(terms: Counter[str], entities: Counter[str]) -> Counter[str]:
    keys: Counter[str] = Counter({_stored(k): v for k, v in terms.items()})
    keys.update(entities)
    return keys


def _split(rows: Iterable[tuple[str, int]]) -> tuple[Counter[str], Counter[str]]:
    """Stored keys back into (terms, entities)."""
    terms: Counter[str] = Counter()
    entities: Counter[str] = Counter()
    for key, count in rows:
        if key.startswith("w:"):
            terms[key[2:]] = count
        else:
            entities[key] = count
    return terms, entities


class _Frequencies(Corpus):
    """Document frequencies read from key_frequencies for the keys a decision looks at."""

    def frequency(self, key: str) -> int:
        return super().frequency(_stored(key))


class StoryQueries(AnswerQueries):
    """The stories, and the index that finds an article's candidate stories."""

    story_weights: StoryWeights

    @staticmethod
    async def _read_frequencies(db: Connection, keys: Iterable[str], into: Counter[str]) -> None:
        """Add the stored frequencies of these (stored) keys to `into`."""
        wanted = list(dict.fromkeys(keys))
        for start in range(0, len(wanted), 500):  # SQLite's bound on parameters
            chunk = wanted[start : start + 500]
            async with db.execute(
                f"SELECT key, articles FROM key_frequencies WHERE key IN ({','.join('?' * len(chunk))})", chunk
            ) as cur:
                into.update({row[0]: row[1] for row in await cur.fetchall()})

    async def _candidates(self, db: Connection, keys: Sequence[str], day: date | None) -> list[StorySignature]:
        """The open stories sharing one of the keys, most shared first, with their signatures."""
        if not keys:
            return []
        marks = ",".join("?" * len(keys))
        params: list[Any] = list(keys)
        open_since = ""
        if day is not None:  # the keys of open stories only: a range of story_keys_open
            open_since = " AND sk.last_day >= ?"
            params.append((day - timedelta(days=self.story_weights.window_days)).isoformat())
        async with db.execute(
            f"SELECT s.id, s.first_day, s.last_day, s.articles FROM story_keys sk"
            f" JOIN stories s ON s.id = sk.story_id WHERE sk.key IN ({marks}){open_since}"
            f" GROUP BY s.id ORDER BY COUNT(*) DESC, s.id DESC LIMIT {MAX_CANDIDATES}",
            params,
        ) as cur:
            stories = {
                row[0]: StorySignature(id=row[0], first=parse_date(row[1]), last=parse_date(row[2]), articles=row[3])
                for row in await cur.fetchall()
            }
        if not stories:
            return []
        rows: dict[int, list[tuple[str, int]]] = {story_id: [] for story_id in stories}
        async with db.execute(
            f"SELECT story_id, key, count FROM story_keys WHERE story_id IN ({','.join('?' * len(stories))})",
            list(stories),
        ) as cur:
            for story_id, key, count in await cur.fetchall():
                rows[story_id].append((key, count))
        for story_id, story in stories.items():
            story.terms, story.entities = _split(rows[story_id])
        if self.story_weights.nearest:
            await self._read_latest_reports(db, stories)
        return list(stories.values())

    @staticmethod
    async def _read_latest_reports(db: Connection, stories: dict[int, StorySignature]) -> None:
        """Each story's latest reports' terms (StorySignature.latest), the last filed last."""
        marks = ",".join("?" * len(stories))
        latest: dict[tuple[int, int], Counter[str]] = {}
        async with db.execute(
            f"SELECT a.story_id, a.id, ak.key, ak.count FROM ("
            f"  SELECT id, story_id, ROW_NUMBER() OVER (PARTITION BY story_id ORDER BY id DESC) AS n"
            f"  FROM articles WHERE story_id IN ({marks})"
            f") a JOIN article_keys ak ON ak.article_id = a.id"
            f" WHERE a.n <= {LATEST_REPORTS} AND ak.key LIKE 'w:%'",
            list(stories),
        ) as cur:
            for story_id, article_id, key, count in await cur.fetchall():
                latest.setdefault((story_id, article_id), Counter())[key[2:]] = count
        for story_id, article_id in sorted(latest):
            stories[story_id].latest.append(latest[(story_id, article_id)])

    async def _file_in_story(
        self, db: Connection, article_id: int, article: ArticleSignature, new_story: bool = False
    ) -> int:
        """Put an article under the story it reports (a new one if none fits); its story id.
        Runs inside the write transaction that stores the article's analysis."""
        keys = _keys(article.terms, article.entities)
        await db.executemany(
            "INSERT INTO key_frequencies (key, articles) VALUES (?, 1)"
            " ON CONFLICT(key) DO UPDATE SET articles = key_frequencies.articles + 1",
            [(k,) for k in [ALL_ARTICLES, *keys]],
        )
        story = None
        if not new_story:
            frequencies: Counter[str] = Counter()
            await self._read_frequencies(db, [ALL_ARTICLES, *keys], frequencies)
            corpus = _Frequencies(frequencies.pop(ALL_ARTICLES, 0), frequencies)
            probe = [_stored(k) for k in index_keys(article, corpus)]
            candidates = await self._candidates(db, probe, article.day)
            # the candidates' own keys weigh in their vectors' norms: read those not read yet
            theirs = {k for c in candidates for k in _keys(c.terms, c.entities)} - set(frequencies)
            await self._read_frequencies(db, theirs, corpus.frequencies)
            story, joined = placement(article, candidates, corpus, self.story_weights)
            if story is not None:
                for other in joined:  # the article shows them to be one story
                    await self._join(db, story.id, other.id)
        day = article.day.isoformat() if article.day else None
        if story is None:
            async with db.execute(
                "INSERT INTO stories (first_day, last_day) VALUES (?, ?) RETURNING id", (day, day)
            ) as cur:
                row = await cur.fetchone()
            assert row is not None
            story_id = int(row[0])
        else:
            story_id = story.id
        await db.execute(
            "UPDATE stories SET articles = articles + 1,"
            " first_day = CASE WHEN CAST(?2 AS TEXT) IS NULL OR (first_day IS NOT NULL AND first_day <= ?2) THEN first_day ELSE ?2 END,"
            " last_day = CASE WHEN CAST(?2 AS TEXT) IS NULL OR (last_day IS NOT NULL AND last_day >= ?2) THEN last_day ELSE ?2 END"
            " WHERE id = ?1",
            (story_id, day),
        )
        await db.executemany(
            "INSERT INTO story_keys (key, story_id, count) VALUES (?, ?, ?)"
            " ON CONFLICT(key, story_id) DO UPDATE SET count = story_keys.count + excluded.count",
            [(k, story_id, v) for k, v in keys.items()],
        )
        await self._carry_day(db, story_id)
        await db.executemany(
            "INSERT INTO article_keys (article_id, key, count) VALUES (?, ?, ?)",
            [(article_id, k, v) for k, v in keys.items()],
        )
        await db.execute("UPDATE articles SET story_id = ? WHERE id = ?", (story_id, article_id))
        return story_id

    @classmethod
    async def _join(cls, db: Connection, keep: int, other: int) -> None:
        """Move every article of story `other`, and its signature, into story `keep`."""
        await db.execute(
            "INSERT INTO story_keys (key, story_id, count) SELECT key, ?1, count FROM story_keys WHERE story_id = ?2"
            " ON CONFLICT(key, story_id) DO UPDATE SET count = story_keys.count + excluded.count",
            (keep, other),
        )
        await db.execute("UPDATE articles SET story_id = ?1 WHERE story_id = ?2", (keep, other))
        await db.execute(
            "UPDATE stories SET articles = (SELECT COUNT(*) FROM articles WHERE story_id = ?1) WHERE id = ?1",
            (keep,),
        )
        await db.execute("DELETE FROM stories WHERE id = ?", (other,))
        await cls._redate(db, keep)

    @staticmethod
    async def _carry_day(db: Connection, story_id: int) -> None:
        """Give the story's keys its latest day (story_keys.last_day, what finds open stories);
        only the rows whose day changed are written."""
        day = f"COALESCE((SELECT last_day FROM stories WHERE id = ?1), '{UNDATED}')"
        await db.execute(
            f"UPDATE story_keys SET last_day = {day} WHERE story_id = ?1 AND last_day <> {day}", (story_id,)
        )

    async def _unfile(self, db: Connection, article_id: int) -> None:
        """Take an article out of its story (before it is deleted, or split out): the story's
        signature and counts lose the article's; a story left empty goes."""
        async with db.execute("SELECT story_id FROM articles WHERE id = ?", (article_id,)) as cur:
            row = await cur.fetchone()
        story_id = row[0] if row else None
        keys = await self._article_keys(db, article_id)
        if keys:
            await db.executemany(
                "UPDATE key_frequencies SET articles = articles - 1 WHERE key = ?",
                [(k,) for k in [ALL_ARTICLES, *(k for k, _ in keys)]],
            )
        if story_id is not None:
            await db.executemany(
                "UPDATE story_keys SET count = count - ? WHERE key = ? AND story_id = ?",
                [(v, k, story_id) for k, v in keys],
            )
            await db.execute("DELETE FROM story_keys WHERE story_id = ? AND count <= 0", (story_id,))
            await db.execute("UPDATE articles SET story_id = NULL WHERE id = ?", (article_id,))
            await db.execute("UPDATE stories SET articles = articles - 1 WHERE id = ?", (story_id,))
            await db.execute("DELETE FROM stories WHERE id = ? AND articles <= 0", (story_id,))
            await self._redate(db, story_id)
        await db.execute("DELETE FROM article_keys WHERE article_id = ?", (article_id,))

    @staticmethod
    async def _article_keys(db: Connection, article_id: int) -> list[tuple[str, int]]:
        async with db.execute("SELECT key, count FROM article_keys WHERE article_id = ?", (article_id,)) as cur:
            return [(r[0], r[1]) for r in await cur.fetchall()]

    @staticmethod
    async def _redate(db: Connection, story_id: int) -> None:
        await db.execute(
            "UPDATE stories SET first_day = (SELECT MIN(substr(COALESCE(published, added_at), 1, 10)) FROM articles"
            " WHERE story_id = ?1), last_day = (SELECT MAX(substr(COALESCE(published, added_at), 1, 10))"
            " FROM articles WHERE story_id = ?1) WHERE id = ?1",
            (story_id,),
        )
        await StoryQueries._carry_day(db, story_id)

    # ------------------------------------------------------------------ reading

    async def stories(
        self, topic: str | None = None, limit: int = 20, min_articles: int = 2, entities: bool = True
    ) -> list[StoryRow]:
        """The newest stories (by their latest article) with at least `min_articles` articles;
        with a topic, those whose articles match it. `entities=False` leaves their actors and
        places unread (for ranking them)."""
        where, params = "s.articles >= ?", [min_articles]
        scope = await self._scope(topic, None) if topic else None
        if scope is not None:
            within, scope_params = self._in("id", scope)
            where += f" AND s.id IN (SELECT story_id FROM articles WHERE {within} AND story_id IS NOT NULL)"
            params += scope_params
        async with self._db.execute(
            f"SELECT s.id, s.first_day, s.last_day FROM stories s WHERE {where} ORDER BY s.last_day DESC, s.id DESC LIMIT ?",
            [*params, limit],
        ) as cur:
            heads = [tuple(row) for row in await cur.fetchall()]
        return await self._story_rows(heads, entities)

    async def story(self, story_id: int, entities: bool = True) -> StoryRow | None:
        """One story: its articles (newest first) and who and where in them (unless not `entities`)."""
        if not is_row_id(story_id):
            return None
        async with self._db.execute("SELECT id, first_day, last_day FROM stories WHERE id = ?", (story_id,)) as cur:
            head = await cur.fetchone()
        rows = await self._story_rows([tuple(head)], entities) if head else []
        return rows[0] if rows else None

    async def _story_rows(self, heads: Sequence[tuple[Any, ...]], entities: bool) -> list[StoryRow]:
        """Stories from their (id, first day, last day): every one's articles read in one query
        (a query a story made /brief's ranking of 24 stories 48 round trips)."""
        if not heads:
            return []
        within, params = self.dialect.in_ids("ar.story_id", [head[0] for head in heads])
        members: dict[int, list[tuple[int, ArticleRef]]] = {head[0]: [] for head in heads}
        async with self._db.execute(
            f"SELECT ar.story_id, ar.id, {REF_COLUMNS} FROM articles ar WHERE {within} AND ar.{ANALYSED}"
            " ORDER BY ar.story_id, COALESCE(ar.published, ar.added_at) DESC, ar.id DESC",
            params,
        ) as cur:
            for row in await cur.fetchall():
                members[row[0]].append((row[1], ArticleRef(*row[2:])))
        stories = []
        for story_id, first, last in heads:
            actors, places = await self._story_entities(story_id) if entities else ([], [])
            stories.append(
                StoryRow(
                    id=story_id,
                    first=first,
                    last=last,
                    articles=[ref for _, ref in members[story_id]],
                    article_ids=[article_id for article_id, _ in members[story_id]],
                    actors=actors,
                    places=places,
                )
            )
        return stories

    async def _story_entities(self, story_id: int) -> tuple[list[str], list[str]]:
        """Who and where in a story's articles, the most salient (mentioned) first."""
        async with self._db.execute(
            "SELECT e.name, r.s FROM (SELECT aa.actor_id, SUM(aa.salience) AS s FROM article_actors aa"
            " WHERE aa.article_id IN (SELECT id FROM articles WHERE story_id = ?) GROUP BY aa.actor_id) r"
            " JOIN actors e ON e.id = r.actor_id ORDER BY r.s DESC, e.name LIMIT 8",
            (story_id,),
        ) as cur:
            actors = [row[0] for row in await cur.fetchall()]
        async with self._db.execute(
            "SELECT p.name, r.n FROM (SELECT m.place_id, COUNT(*) AS n FROM mentions m WHERE m.place_id IS NOT NULL"
            " AND m.article_id IN (SELECT id FROM articles WHERE story_id = ?) GROUP BY m.place_id) r"
            " JOIN places p ON p.id = r.place_id ORDER BY r.n DESC, p.name LIMIT 8",
            (story_id,),
        ) as cur:
            places = [row[0] for row in await cur.fetchall()]
        return actors, places

    async def story_events(self, story_id: int, limit: int = 60) -> list[EventRow]:
        """The events a story's articles tell, the newest article first, each in its order."""
        if not is_row_id(story_id):
            return []
        scope = (f"SELECT id FROM articles WHERE story_id = ? AND {ANALYSED}", [story_id])
        return (await self._events([], None, scope, limit=limit))[0]

    async def story_updates(
        self, after_id: int, upto_id: int, topic: str | None = None, limit: int = 5
    ) -> tuple[list[StoryUpdate], int, int]:
        """The stories that articles with after_id < id <= upto_id (matching the topic, if any)
        joined, those with the most new reports from the most outlets first, at most `limit`;
        then how many stories and how many articles the window holds in all."""
        within, params = self._within("ar.id", await self._scope(topic, None))
        async with self._db.execute(
            f"SELECT ar.id, ar.story_id, {REF_COLUMNS} FROM articles ar"
            f" WHERE ar.id > ? AND ar.id <= ? AND ar.{ANALYSED}{within} ORDER BY ar.id DESC LIMIT ?",
            [after_id, upto_id, *params, MAX_WINDOW_ARTICLES],
        ) as cur:
            rows = list(await cur.fetchall())
        groups: dict[int, StoryUpdate] = {}  # by story id; an article of no story by -(its id)
        for row in rows:
            key = row[1] if row[1] is not None else -row[0]
            group = groups.setdefault(key, StoryUpdate(row[1], [], 0))
            group.new.append(StoredArticle(row[0], ArticleRef(*row[2:])))

        def weight(update: StoryUpdate) -> tuple[int, int, int]:
            outlets = {a.ref.source or a.ref.ext_id for a in update.new}
            return (len(outlets), len(update.new), update.new[0].id)

        chosen = sorted(groups.values(), key=weight, reverse=True)[:limit]
        story_ids = [u.story_id for u in chosen if u.story_id is not None]
        if story_ids:
            async with self._db.execute(
                f"SELECT story_id, COUNT(*) FROM articles WHERE story_id IN ({','.join('?' * len(story_ids))})"
                f" AND id <= ? AND {ANALYSED} GROUP BY story_id",
                [*story_ids, after_id],
            ) as cur:
                earlier: dict[int, int] = {row[0]: row[1] for row in await cur.fetchall()}
            for update in chosen:
                update.earlier = earlier.get(update.story_id, 0) if update.story_id is not None else 0
        return chosen, len(groups), len(rows)


class StoryCorrections(StoryQueries):
    """What admins correct and what `briefbot stories --rebuild` does: merge, split, rebuild."""

    async def merge_stories(self, keep: int, other: int) -> bool:
        """Move every article of `other` into `keep`; False if either story is unknown."""
        if keep == other or not (is_row_id(keep) and is_row_id(other)):
            return False
        async with self.transaction() as db:
            async with db.execute("SELECT COUNT(*) FROM stories WHERE id IN (?, ?)", (keep, other)) as cur:
                row = await cur.fetchone()
            if not row or row[0] != 2:
                return False
            await self._join(db, keep, other)
        return True

    async def split_article(self, ext_id: str) -> int | None:
        """Take an article out of its story into a story of its own; the new story's id, or None
        if the article is unknown or has no story."""
        async with self.transaction() as db:
            async with db.execute(
                "SELECT id, substr(COALESCE(published, added_at), 1, 10) FROM articles WHERE ext_id = ?"
                " AND story_id IS NOT NULL",
                (ext_id,),
            ) as cur:
                row = await cur.fetchone()
            if row is None:
                return None
            article_id, day = int(row[0]), row[1]
            keys = await self._article_keys(db, article_id)
            await self._unfile(db, article_id)
            return await self._file_in_story(db, article_id, _signature(keys, day), new_story=True)

    async def rebuild_stories(self) -> int:
        """File every analysed article afresh, oldest first, as if each had just arrived;
        returns how many stories there are after."""
        async with self.transaction() as db:
            async with db.execute(
                f"SELECT id, substr(COALESCE(published, added_at), 1, 10) FROM articles WHERE {ANALYSED}"
                " ORDER BY COALESCE(published, added_at), id"
            ) as cur:
                articles = [(int(r[0]), r[1]) for r in await cur.fetchall()]
            kept = {article_id: await self._article_keys(db, article_id) for article_id, _ in articles}
            for table in ("story_keys", "article_keys", "key_frequencies"):
                await db.execute(f"DELETE FROM {table}")
            await db.execute("UPDATE articles SET story_id = NULL")
            await db.execute("DELETE FROM stories")
            for article_id, day in articles:
                await self._file_in_story(db, article_id, _signature(kept[article_id], day))
        return await self.count("SELECT COUNT(*) FROM stories")


def _signature(keys: Iterable[tuple[str, int]], day: str | None) -> ArticleSignature:
    """An article's signature back from its stored keys."""
    terms, entities = _split(keys)
    return ArticleSignature(terms, entities, parse_date(day))
