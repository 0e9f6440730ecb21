"""The reads behind /who, /where, /brief, /latest and briefings; analysed articles only."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from storage.keys import entity_key
from storage.rows import ActorDetail, ActorRow, ArticleRef, BriefRows, BriefSentence, EventRow, PlaceRow
from storage.sql.base import ANALYSED, IDS, REF_COLUMNS, Scope, SQLBase, is_row_id

# A topic covers its newest matching articles, this many at most: however large the store
# grows, /who Indonesia reads a bounded number of mentions (and news is about what is recent).
TOPIC_SCOPE = 1000


# a place's events: those that happen there, and those it does (a state acting: "Rusia menyerang")
PLACE_EVENT_COLUMNS = ["place_id", "subject_place_id"]


class AnswerQueries(SQLBase):
    """Ranked actors and places, one actor or place in full, briefs, newest articles."""

    async def _scope(self, topic: str | None, article: str | None, story: int | None = None) -> Scope:
        """SQL (a subquery of article ids) and parameters for the articles an answer covers:
        one article, one story's, or a topic's; None for every analysed article (callers then
        need no subquery at all)."""
        if story is not None:
            return f"SELECT id FROM articles WHERE story_id = ? AND {ANALYSED}", [story]
        if article:
            return f"SELECT id FROM articles WHERE ext_id = ? AND {ANALYSED}", [article]
        if topic:
            query = self.dialect.fts_query(topic)
            if not query:
                return "SELECT id FROM articles WHERE 1 = 0", []
            # The full-text index and the mentions hold analysed articles only. The ids are read
            # once here: the answers use the scope several times (counts, titles, sources).
            like = f"%{entity_key(topic)}%"
            sql = (
                f"SELECT id FROM ({self.dialect.fts_ids}) fts"
                " UNION SELECT id FROM (SELECT article_id AS id FROM mentions WHERE actor_id IS NOT NULL"
                " AND actor_id IN (SELECT id FROM actors WHERE key LIKE ?2) ORDER BY article_id DESC LIMIT ?3) actor_ids"
                " UNION SELECT id FROM (SELECT article_id AS id FROM mentions WHERE place_id IS NOT NULL"
                " AND place_id IN (SELECT id FROM places WHERE key LIKE ?2) ORDER BY article_id DESC LIMIT ?3) place_ids"
                " ORDER BY id DESC LIMIT ?3"
            )
            async with self._db.execute(sql, (query, like, TOPIC_SCOPE)) as cur:
                ids = [row[0] for row in await cur.fetchall()]
            return IDS, ids
        return None

    def _newest_rows(
        self,
        table: str,
        columns: Sequence[str],
        ids: Sequence[int] | None,
        scope: Scope,
        select: str,
        order: str,
        limit: int,
        distinct: bool = False,
    ) -> tuple[str, list[Any]]:
        """SQL of (entity, *select) rows: for each of the ids, the first `limit` rows of `table`
        by `order` whose `columns` (any of them) hold it, within the scope (ids None: the first
        `limit` rows in the scope, as entity 0); and its parameters.

        Over every article, each entity's rows are read in its (entity, article) index's order
        and stopped at the limit. Within a scope (a topic's newest 1,000 articles at most, a
        story, an article) the scope's rows are read once for all the entities and ranked per
        entity: on PostgreSQL one read per entity read the scope's rows again each time
        (/who of a word topic: 8 x 3.5 ms for the events alone at 20,000 articles).
        """
        within, scope_params = self._within("article_id", scope)

        def head(column: str | int) -> str:
            return f"{'DISTINCT ' if distinct else ''}{column} AS entity, {select}"

        parts: list[str] = []
        params: list[Any] = []
        if ids is None:
            parts.append(
                f"SELECT * FROM (SELECT {head(0)} FROM {table} WHERE 1 = 1{within} ORDER BY {order} LIMIT ?) p"
            )
            params += [*scope_params, limit]
        elif scope is None:
            for column in columns:
                for entity_id in ids:
                    parts.append(
                        f"SELECT * FROM (SELECT {head(column)} FROM {table} WHERE {column} = ?"
                        f" ORDER BY {order} LIMIT ?) p{len(parts)}"
                    )
                    params += [entity_id, limit]
        else:
            for column in columns:
                in_ids, in_params = self.dialect.in_ids(column, ids)
                parts.append(f"SELECT {head(column)} FROM {table} WHERE {in_ids}{within}")
                params += [*in_params, *scope_params]
        rows = " UNION ".join(parts)  # UNION: an event at the place its subject is counts once
        ranked = f"SELECT *, ROW_NUMBER() OVER (PARTITION BY entity ORDER BY {order}) AS nth FROM ({rows}) found"
        return f"SELECT * FROM ({ranked}) ranked WHERE nth <= ?", [*params, limit]

    async def _article_refs(
        self, column: str, ids: Sequence[int], scope: Scope, limit: int = 3
    ) -> dict[int, list[ArticleRef]]:
        """Each entity's newest articles (the highest ids: ids grow with arrival) in the scope."""
        found: dict[int, list[ArticleRef]] = {entity_id: [] for entity_id in ids}
        if not ids:
            return found
        # an actor's articles are its article_actors rows (one each); a place's, its mentions
        table = "article_actors" if column == "actor_id" else "mentions"
        picks, params = self._newest_rows(
            table, [column], ids, scope, "article_id", "article_id DESC", limit, distinct=table == "mentions"
        )
        sql = (
            f"SELECT picked.entity, {REF_COLUMNS} FROM ({picks}) picked JOIN articles ar ON ar.id = picked.article_id"
            " ORDER BY picked.entity, ar.id DESC"
        )
        async with self._db.execute(sql, params) as cur:
            for row in await cur.fetchall():
                found[row[0]].append(ArticleRef(*row[1:]))
        return found

    async def _named_scope(
        self, table: str, topic: str | None, article: str | None, story: int | None = None
    ) -> tuple[Scope, str, list[Any]]:
        """The scope of /who or /where, and a filter on the entity: a topic that names a stored
        actor (place) answers about that actor (place) over every article."""
        if article or story is not None or not topic:
            return await self._scope(topic, article, story), "", []
        key = f"%{entity_key(topic)}%"
        async with self._db.execute(f"SELECT 1 FROM {table} WHERE key LIKE ? LIMIT 1", (key,)) as cur:
            if await cur.fetchone():
                return None, f" AND {{entity}} IN (SELECT id FROM {table} WHERE key LIKE ?)", [key]
        if table == "places":  # a grounded place is keyed by its canonical name: try the name too
            async with self._db.execute("SELECT 1 FROM places WHERE lower(name) LIKE ? LIMIT 1", (key,)) as cur:
                if await cur.fetchone():
                    return None, " AND {entity} IN (SELECT id FROM places WHERE lower(name) LIKE ?)", [key]
        return await self._scope(topic, None), "", []

    async def _ranked(
        self,
        scope: Scope,
        named: str,
        named_params: list[Any],
        limit: int,
        *,
        everywhere: str,
        scoped: str,
        column: str,
        entity: str,
    ) -> list[tuple[Any, ...]]:
        """Rank rows: over every article from the counters kept with each analysis (no scan),
        else counted within the scope ({within}: `column` in it; {named}: the name filter on
        `entity`). The scoped counts are grouped by id before the names are joined: joined first,
        every mention in a topic's 1,000 articles looked its actor up (15 ms on PostgreSQL)."""
        if scope is None and not named:
            sql, params = everywhere, [limit]
        else:
            within, params = self._within(column, scope)
            named = named.format(entity=entity)
            sql, params = scoped.format(within=within, named=named), [*params, *named_params, limit]
        async with self._db.execute(sql, params) as cur:
            return [tuple(row) for row in await cur.fetchall()]

    async def actors(
        self, topic: str | None = None, article: str | None = None, limit: int = 10, story: int | None = None
    ) -> list[ActorRow]:
        """The most salient actors (nlp.extract.salience summed over articles), in the articles
        the topic or article id selects. A topic that names an actor ("Putin") answers about
        that actor."""
        scope, named, named_params = await self._named_scope("actors", topic, article, story)
        rows = await self._ranked(
            scope,
            named,
            named_params,
            limit,
            everywhere="SELECT e.id, e.name, e.kind, e.salience, e.articles FROM actors e WHERE e.articles > 0"
            " ORDER BY e.salience DESC, e.articles DESC, e.name LIMIT ?",
            scoped="SELECT e.id, e.name, e.kind, r.s, r.na FROM (SELECT aa.actor_id, SUM(aa.salience) AS s,"
            " COUNT(*) AS na FROM article_actors aa WHERE 1 = 1{within}{named} GROUP BY aa.actor_id) r"
            " JOIN actors e ON e.id = r.actor_id ORDER BY r.s DESC, r.na DESC, e.name LIMIT ?",
            column="aa.article_id",
            entity="aa.actor_id",
        )
        return await self._actor_rows(rows, scope)

    async def _actor_rows(
        self, rows: Sequence[tuple[Any, ...]], scope: Scope, titles: int = 3, refs: int = 3
    ) -> list[ActorRow]:
        """The actors of (id, name, kind, salience, articles) rows, with their titles, mention
        counts, newest articles and events within the scope: one query each for all of them."""
        ids = [row[0] for row in rows]
        if not ids:
            return []
        in_ids, in_params = self.dialect.in_ids("actor_id", ids)
        within, params = self._within("article_id", scope)
        said: dict[int, list[tuple[str, int]]] = {actor_id: [] for actor_id in ids}
        async with self._db.execute(
            f"SELECT actor_id, title, COUNT(*) FROM actor_titles WHERE {in_ids}{within} GROUP BY actor_id, title",
            [*in_params, *params],
        ) as cur:
            for actor_id, title, n in await cur.fetchall():
                said[actor_id].append((title, n))
        if scope is None:  # over every article: the counter kept with each analysis
            by_id, mentions_params = self.dialect.in_ids("id", ids)
            mentions_sql = f"SELECT id, mentions FROM actors WHERE {by_id}"
        else:
            mentions_sql = f"SELECT actor_id, COUNT(*) FROM mentions WHERE {in_ids}{within} GROUP BY actor_id"
            mentions_params = [*in_params, *params]
        async with self._db.execute(mentions_sql, mentions_params) as cur:
            mentions = {actor_id: n for actor_id, n in await cur.fetchall()}
        articles = await self._article_refs("actor_id", ids, scope, limit=refs)
        events = await self._events(["actor_id"], ids, scope, limit=refs)
        return [
            ActorRow(
                name=name,
                kind=kind,
                titles=[title for title, _ in sorted(said[actor_id], key=_title_order)[:titles]],
                mentions=mentions.get(actor_id, 0),
                salience=round(salience, 2),
                article_count=article_count,
                id=actor_id,
                articles=articles[actor_id],
                events=events[actor_id],
            )
            for actor_id, name, kind, salience, article_count in rows
        ]

    async def _events(
        self, columns: Sequence[str], ids: Sequence[int] | None, scope: Scope, limit: int = 3
    ) -> dict[int, list[EventRow]]:
        """Each entity's events, those whose `columns` (any of them) hold it (ids None: every
        event in the scope, as entity 0): the newest article first (by arrival), within an
        article in the order it tells them.

        The few wanted are picked first (ordering by the articles' dates sorted every event of
        the actor: 103 ms p95 for /who at 20,000 articles); only those few are then joined to
        their names and sentence.
        """
        found: dict[int, list[EventRow]] = {entity_id: [] for entity_id in ([0] if ids is None else ids)}
        if not found:
            return found
        picks, params = self._newest_rows(
            "events", columns, ids, scope, "id, article_id, sentence_idx", "article_id DESC, sentence_idx, id", limit
        )
        sql = (
            "SELECT picked.entity, COALESCE(a.name, sp.name), ev.predicate, ev.object, t.name, p.name, ev.time_text,"
            f" ev.date, s.text, {REF_COLUMNS} FROM ({picks}) picked"
            " JOIN events ev ON ev.id = picked.id JOIN articles ar ON ar.id = ev.article_id"
            " LEFT JOIN actors a ON a.id = ev.actor_id LEFT JOIN places sp ON sp.id = ev.subject_place_id"
            " LEFT JOIN actors t ON t.id = ev.target_actor_id LEFT JOIN places p ON p.id = ev.place_id"
            " LEFT JOIN sentences s ON s.article_id = ev.article_id AND s.idx = ev.sentence_idx"
            " ORDER BY picked.entity, ev.article_id DESC, ev.sentence_idx, ev.id"
        )
        async with self._db.execute(sql, params) as cur:
            for row in await cur.fetchall():
                found[row[0]].append(_event_row(tuple(row[1:])))
        return found

    async def places(
        self, topic: str | None = None, article: str | None = None, limit: int = 10, story: int | None = None
    ) -> list[PlaceRow]:
        """The most mentioned places; a topic that names a place answers about that place."""
        scope, named, named_params = await self._named_scope("places", topic, article, story)
        rows = await self._ranked(
            scope,
            named,
            named_params,
            limit,
            everywhere="SELECT e.id, e.name, e.mentions, e.canonical, e.kind, e.country FROM places e"
            " WHERE e.articles > 0 ORDER BY e.mentions DESC, e.articles DESC, e.name LIMIT ?",
            scoped="SELECT e.id, e.name, r.n, e.canonical, e.kind, e.country FROM (SELECT m.place_id,"
            " COUNT(*) AS n, COUNT(DISTINCT m.article_id) AS na FROM mentions m"
            " WHERE m.place_id IS NOT NULL{within}{named} GROUP BY m.place_id) r"
            " JOIN places e ON e.id = r.place_id ORDER BY r.n DESC, r.na DESC, e.name LIMIT ?",
            column="m.article_id",
            entity="m.place_id",
        )
        ids = [row[0] for row in rows]
        articles = await self._article_refs("place_id", ids, scope)
        events = await self._events(PLACE_EVENT_COLUMNS, ids, scope)
        return [
            PlaceRow(
                name=name,
                mentions=mentions,
                articles=articles[place_id],
                canonical=canonical,
                kind=kind,
                country=country,
                events=events[place_id],
                id=place_id,
            )
            for place_id, name, mentions, canonical, kind, country in rows
        ]

    async def find_actor(self, name: str) -> int | None:
        """The id of the actor a name means: the name itself, or a person's first or last name
        ("Putin"); None for a topic that is not someone ("Rusia" is not "Kedutaan Besar Rusia")."""
        key = entity_key(name)
        if not key:
            return None
        async with self._db.execute(
            "SELECT id FROM actors WHERE (key = ?1 OR (kind = 'PER' AND (key LIKE '% ' || ?1 OR key LIKE ?1 || ' %'))"
            " OR id IN (SELECT actor_id FROM actor_aliases WHERE key = ?1))"
            " AND articles > 0 ORDER BY key = ?1 DESC, salience DESC LIMIT 1",
            (key,),
        ) as cur:
            row = await cur.fetchone()
        return row[0] if row else None

    async def aliases(self, actor_ids: Sequence[int]) -> dict[int, list[str]]:
        """The other names articles gave each of these actors ("BPS", "Putin"), as written."""
        if not actor_ids:
            return {}
        within, params = self.dialect.in_ids("actor_id", list(actor_ids))
        found: dict[int, list[str]] = {actor_id: [] for actor_id in actor_ids}
        async with self._db.execute(
            f"SELECT actor_id, COALESCE(alias, key) FROM actor_aliases WHERE {within} ORDER BY actor_id, key", params
        ) as cur:
            for actor_id, alias in await cur.fetchall():
                if alias not in found[actor_id]:
                    found[actor_id].append(alias)
        return found

    async def actor_detail(self, actor_id: int) -> ActorDetail | None:
        """One actor over every article: titles, latest actions, places, co-actors, articles."""
        if not is_row_id(actor_id):
            return None
        async with self._db.execute(
            "SELECT name, kind, salience, articles FROM actors WHERE id = ? AND articles > 0", (actor_id,)
        ) as cur:
            row = await cur.fetchone()
        if row is None:
            return None
        [actor] = await self._actor_rows([(actor_id, *row)], scope=None, titles=4, refs=5)
        async with self._db.execute(
            "SELECT p.name, COUNT(*) AS n FROM mentions m JOIN places p ON p.id = m.place_id"
            " WHERE m.place_id IS NOT NULL AND m.article_id IN (SELECT article_id FROM article_actors WHERE actor_id = ?)"
            " GROUP BY p.id ORDER BY n DESC, p.name LIMIT 6",
            (actor_id,),
        ) as cur:
            places = [r[0] for r in await cur.fetchall()]
        async with self._db.execute(
            "SELECT e.name, SUM(aa.salience) AS s FROM article_actors aa JOIN actors e ON e.id = aa.actor_id"
            " WHERE aa.actor_id <> ?1 AND aa.article_id IN (SELECT article_id FROM article_actors WHERE actor_id = ?1)"
            " GROUP BY e.id ORDER BY s DESC, e.name LIMIT 6",
            (actor_id,),
        ) as cur:
            co_actors = [r[0] for r in await cur.fetchall()]
        return ActorDetail(actor=actor, places=places, co_actors=co_actors)

    async def place_detail(self, place_id: int) -> PlaceRow | None:
        """One place over every article: what it is, what happened there, the articles."""
        if not is_row_id(place_id):
            return None
        async with self._db.execute(
            "SELECT name, mentions, canonical, kind, country FROM places WHERE id = ? AND articles > 0", (place_id,)
        ) as cur:
            row = await cur.fetchone()
        if row is None:
            return None
        name, mentions, canonical, kind, country = row
        return PlaceRow(
            name=name,
            mentions=mentions,
            canonical=canonical,
            kind=kind,
            country=country,
            id=place_id,
            articles=(await self._article_refs("place_id", [place_id], None, limit=5))[place_id],
            events=(await self._events(PLACE_EVENT_COLUMNS, [place_id], None, limit=5))[place_id],
        )

    async def brief(self, topic: str | None = None, article: str | None = None, max_articles: int = 3) -> BriefRows:
        """The brief sentences of the newest articles the topic or article id selects."""
        scope = await self._scope(topic, article)
        within, params = self._within("ar.id", scope)
        sql = (
            f"SELECT ar.id, {REF_COLUMNS} FROM articles ar WHERE ar.{ANALYSED}{within}"
            " ORDER BY ar.added_at DESC, ar.id DESC LIMIT ?"
        )
        async with self._db.execute(sql, [*params, max_articles]) as cur:
            articles = [(row[0], ArticleRef(*row[1:])) for row in await cur.fetchall()]
        rows = BriefRows()
        for article_id, ref in articles:
            async with self._db.execute(
                "SELECT text FROM sentences WHERE article_id = ? AND in_brief = 1 ORDER BY idx", (article_id,)
            ) as cur:
                texts = [r[0] for r in await cur.fetchall()]
            if texts:
                rows.sources.append(ref)
                rows.sentences.extend(BriefSentence(text=t, article=ref) for t in texts)
        return rows

    async def latest(self, limit: int = 5) -> list[ArticleRef]:
        sql = f"SELECT {REF_COLUMNS} FROM articles ar WHERE ar.{ANALYSED} ORDER BY ar.added_at DESC, ar.id DESC LIMIT ?"
        async with self._db.execute(sql, (limit,)) as cur:
            return [ArticleRef(*row) for row in await cur.fetchall()]

    async def count_articles(self) -> int:
        """Analysed articles (pending and failed ones are not counted)."""
        return await self.count(f"SELECT COUNT(*) FROM articles WHERE {ANALYSED}")

    async def article(self, article_id: int) -> ArticleRef | None:
        """The article with this row id, if it is still stored."""
        if not is_row_id(article_id):
            return None
        sql = f"SELECT {REF_COLUMNS} FROM articles ar WHERE ar.id = ? AND ar.{ANALYSED}"
        async with self._db.execute(sql, (article_id,)) as cur:
            row = await cur.fetchone()
        return ArticleRef(*row) if row else None


def _event_row(row: tuple[Any, ...]) -> EventRow:
    actor, predicate, obj, target, place, time_text, date, sentence = row[:8]
    return EventRow(actor, predicate, obj, target, place, time_text, date, sentence, article=ArticleRef(*row[8:]))


def _title_order(said: tuple[str, int]) -> tuple[int, bool, int, str]:
    """Among titles said as often, a formal one ("Perdana Menteri Tiongkok") before a described
    role ("pejabat nomor dua Tiongkok"), then the longer."""
    title, times = said
    return -times, not ("A" <= title[:1] <= "Z"), -len(title), title
