"""Schema migrations, applied in order; PRAGMA user_version records how many ran."""

from __future__ import annotations

MIGRATIONS: list[str] = [
    # 1: articles, their sentences, actors, places and where each is mentioned
    """
    CREATE TABLE articles (
        id           INTEGER PRIMARY KEY,
        ext_id       TEXT NOT NULL UNIQUE,
        content_hash TEXT NOT NULL UNIQUE,
        title        TEXT NOT NULL,
        text         TEXT NOT NULL,
        raw_text     TEXT NOT NULL,
        language     TEXT NOT NULL,
        source       TEXT,
        url          TEXT,
        published    TEXT,
        added_by     INTEGER,
        added_at     TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
    );
    CREATE INDEX articles_added_at ON articles(added_at);

    CREATE TABLE sentences (
        article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
        idx        INTEGER NOT NULL,
        text       TEXT NOT NULL,
        score      REAL NOT NULL DEFAULT 0,
        in_brief   INTEGER NOT NULL DEFAULT 0,
        PRIMARY KEY (article_id, idx)
    ) WITHOUT ROWID;

    CREATE TABLE actors (
        id   INTEGER PRIMARY KEY,
        key  TEXT NOT NULL UNIQUE,
        name TEXT NOT NULL,
        kind TEXT NOT NULL CHECK (kind IN ('PER', 'ORG'))
    );

    CREATE TABLE places (
        id   INTEGER PRIMARY KEY,
        key  TEXT NOT NULL UNIQUE,
        name TEXT NOT NULL
    );

    CREATE TABLE actor_titles (
        actor_id   INTEGER NOT NULL REFERENCES actors(id) ON DELETE CASCADE,
        article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
        title      TEXT NOT NULL,
        PRIMARY KEY (actor_id, article_id, title)
    ) WITHOUT ROWID;

    CREATE TABLE mentions (
        id           INTEGER PRIMARY KEY,
        article_id   INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
        sentence_idx INTEGER NOT NULL,
        actor_id     INTEGER REFERENCES actors(id) ON DELETE CASCADE,
        place_id     INTEGER REFERENCES places(id) ON DELETE CASCADE,
        surface      TEXT NOT NULL,
        CHECK ((actor_id IS NULL) <> (place_id IS NULL))
    );
    CREATE INDEX mentions_actor ON mentions(actor_id, article_id) WHERE actor_id IS NOT NULL;
    CREATE INDEX mentions_place ON mentions(place_id, article_id) WHERE place_id IS NOT NULL;
    CREATE INDEX mentions_article ON mentions(article_id);

    CREATE VIRTUAL TABLE articles_fts USING fts5(
        title, text, content='articles', content_rowid='id', tokenize='unicode61 remove_diacritics 2'
    );
    CREATE TRIGGER articles_fts_insert AFTER INSERT ON articles BEGIN
        INSERT INTO articles_fts(rowid, title, text) VALUES (new.id, new.title, new.text);
    END;
    CREATE TRIGGER articles_fts_delete AFTER DELETE ON articles BEGIN
        INSERT INTO articles_fts(articles_fts, rowid, title, text) VALUES ('delete', old.id, old.title, old.text);
    END;
    """,
    # 2: per-chat settings, scheduled briefings, and chats a bot admin allowed to add articles.
    # A subscription's last_slot is the UTC moment of the last scheduled slot it handled (its
    # creation time before the first), last_article_id the newest article id its last briefing
    # covered: the next briefing holds the matching articles with a higher id.
    """
    CREATE TABLE chat_settings (
        chat_id    INTEGER PRIMARY KEY,
        chat_type  TEXT NOT NULL,
        language   TEXT NOT NULL DEFAULT 'id' CHECK (language IN ('id', 'en')),
        timezone   TEXT NOT NULL DEFAULT 'Asia/Jakarta',
        length     TEXT NOT NULL DEFAULT 'short' CHECK (length IN ('short', 'long')),
        updated_by INTEGER,
        updated_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
    );

    CREATE TABLE subscriptions (
        id              INTEGER PRIMARY KEY AUTOINCREMENT,
        chat_id         INTEGER NOT NULL REFERENCES chat_settings(chat_id) ON DELETE CASCADE,
        topic           TEXT,
        time_of_day     TEXT NOT NULL,
        last_slot       TEXT NOT NULL,
        last_article_id INTEGER NOT NULL DEFAULT 0,
        last_sent_at    TEXT,
        created_by      INTEGER,
        created_at      TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
    );
    CREATE UNIQUE INDEX subscriptions_unique ON subscriptions(chat_id, time_of_day, lower(coalesce(topic, '')));

    CREATE TABLE allowed_chats (
        chat_id  INTEGER PRIMARY KEY,
        added_by INTEGER,
        added_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
    );
    """,
    # 3: an article's author, as a web page names it
    """
    ALTER TABLE articles ADD COLUMN author TEXT;
    """,
    # 4: the ingestion queue and fast answers on a large store.
    # An article is stored 'pending' before analysis and becomes 'analysed' in the transaction
    # that writes its analysis ('failed' after too many attempts); only analysed articles are
    # answered about, so the full-text index holds those alone. Actors and places count their
    # mentions and articles, so /who and /where without a topic read a ranked index instead of
    # every mention.
    """
    ALTER TABLE articles ADD COLUMN status TEXT NOT NULL DEFAULT 'analysed'
        CHECK (status IN ('pending', 'analysed', 'failed'));
    ALTER TABLE articles ADD COLUMN attempts INTEGER NOT NULL DEFAULT 0;
    CREATE INDEX articles_pending ON articles(id) WHERE status = 'pending';

    DROP TRIGGER articles_fts_insert;
    DROP TRIGGER articles_fts_delete;
    CREATE TRIGGER articles_fts_insert AFTER INSERT ON articles WHEN new.status = 'analysed' BEGIN
        INSERT INTO articles_fts(rowid, title, text) VALUES (new.id, new.title, new.text);
    END;
    CREATE TRIGGER articles_fts_analysed AFTER UPDATE OF status ON articles
        WHEN new.status = 'analysed' AND old.status <> 'analysed' BEGIN
        INSERT INTO articles_fts(rowid, title, text) VALUES (new.id, new.title, new.text);
    END;
    CREATE TRIGGER articles_fts_delete AFTER DELETE ON articles WHEN old.status = 'analysed' BEGIN
        INSERT INTO articles_fts(articles_fts, rowid, title, text) VALUES ('delete', old.id, old.title, old.text);
    END;

    ALTER TABLE actors ADD COLUMN mentions INTEGER NOT NULL DEFAULT 0;
    ALTER TABLE actors ADD COLUMN articles INTEGER NOT NULL DEFAULT 0;
    ALTER TABLE places ADD COLUMN mentions INTEGER NOT NULL DEFAULT 0;
    ALTER TABLE places ADD COLUMN articles INTEGER NOT NULL DEFAULT 0;
    UPDATE actors SET
        mentions = (SELECT COUNT(*) FROM mentions m WHERE m.actor_id = actors.id),
        articles = (SELECT COUNT(DISTINCT m.article_id) FROM mentions m WHERE m.actor_id = actors.id);
    UPDATE places SET
        mentions = (SELECT COUNT(*) FROM mentions m WHERE m.place_id = places.id),
        articles = (SELECT COUNT(DISTINCT m.article_id) FROM mentions m WHERE m.place_id = places.id);
    CREATE INDEX actors_rank ON actors(mentions DESC, articles DESC, name);
    CREATE INDEX places_rank ON places(mentions DESC, articles DESC, name);
    CREATE INDEX actor_titles_article ON actor_titles(article_id);
    """,
    # 5: events (who did what, where, when), places grounded in a gazetteer, actors' salience.
    # A grounded place is keyed by what it is ("city:Moscow:RU"), so "Moskow" and "Moscow" are
    # one place; an ungrounded one keeps its name key. Each article's actors keep their
    # salience there (article_actors), and actors.salience sums it, as mentions are counted.
    """
    ALTER TABLE places ADD COLUMN canonical TEXT;
    ALTER TABLE places ADD COLUMN kind TEXT;
    ALTER TABLE places ADD COLUMN country TEXT;
    ALTER TABLE places ADD COLUMN country_code TEXT;

    ALTER TABLE actors ADD COLUMN salience REAL NOT NULL DEFAULT 0;
    UPDATE actors SET salience = mentions;
    CREATE INDEX actors_salience ON actors(salience DESC, name);

    CREATE TABLE article_actors (
        article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
        actor_id   INTEGER NOT NULL REFERENCES actors(id) ON DELETE CASCADE,
        salience   REAL NOT NULL,
        PRIMARY KEY (actor_id, article_id)
    ) WITHOUT ROWID;
    CREATE INDEX article_actors_article ON article_actors(article_id);
    INSERT INTO article_actors (article_id, actor_id, salience)
        SELECT article_id, actor_id, COUNT(*) FROM mentions WHERE actor_id IS NOT NULL
        GROUP BY article_id, actor_id;

    CREATE TABLE events (
        id               INTEGER PRIMARY KEY,
        article_id       INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
        sentence_idx     INTEGER NOT NULL,
        actor_id         INTEGER REFERENCES actors(id) ON DELETE CASCADE,
        subject_place_id INTEGER REFERENCES places(id) ON DELETE CASCADE,  -- a state acting
        predicate        TEXT NOT NULL,
        lemma            TEXT NOT NULL,
        object           TEXT NOT NULL DEFAULT '',
        target_actor_id  INTEGER REFERENCES actors(id) ON DELETE SET NULL,
        place_id         INTEGER REFERENCES places(id) ON DELETE SET NULL,
        time_text        TEXT,
        date             TEXT,
        CHECK ((actor_id IS NULL) <> (subject_place_id IS NULL))
    );
    CREATE INDEX events_actor ON events(actor_id, article_id) WHERE actor_id IS NOT NULL;
    CREATE INDEX events_subject_place ON events(subject_place_id, article_id) WHERE subject_place_id IS NOT NULL;
    CREATE INDEX events_place ON events(place_id, article_id) WHERE place_id IS NOT NULL;
    CREATE INDEX events_article ON events(article_id);

    -- other names an article gave an actor ("BPS" for "Badan Pusat Statistik"): a later article
    -- that uses only the short form joins the same actor
    CREATE TABLE actor_aliases (
        key      TEXT NOT NULL,
        actor_id INTEGER NOT NULL REFERENCES actors(id) ON DELETE CASCADE,
        PRIMARY KEY (key, actor_id)
    ) WITHOUT ROWID;
    CREATE INDEX actor_aliases_actor ON actor_aliases(actor_id);
    """,
    # 6: stories, the news events several articles report (nlp.stories decides which). A story
    # keeps the summed signature of its articles (story_keys: terms and names with counts) and
    # each article its own (article_keys), so an article can leave its story again (/forget,
    # /split). key_frequencies counts the articles each key occurs in (the '' key: all of them).
    """
    CREATE TABLE stories (
        id        INTEGER PRIMARY KEY,
        first_day TEXT,
        last_day  TEXT,
        articles  INTEGER NOT NULL DEFAULT 0
    );
    CREATE INDEX stories_last_day ON stories(last_day);
    ALTER TABLE articles ADD COLUMN story_id INTEGER REFERENCES stories(id) ON DELETE SET NULL;
    CREATE INDEX articles_story ON articles(story_id) WHERE story_id IS NOT NULL;

    CREATE TABLE story_keys (
        key      TEXT NOT NULL,
        story_id INTEGER NOT NULL REFERENCES stories(id) ON DELETE CASCADE,
        count    INTEGER NOT NULL,
        PRIMARY KEY (key, story_id)
    ) WITHOUT ROWID;
    CREATE INDEX story_keys_story ON story_keys(story_id);

    CREATE TABLE article_keys (
        article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
        key        TEXT NOT NULL,
        count      INTEGER NOT NULL,
        PRIMARY KEY (article_id, key)
    ) WITHOUT ROWID;

    CREATE TABLE key_frequencies (
        key      TEXT PRIMARY KEY,
        articles INTEGER NOT NULL
    ) WITHOUT ROWID;
    """,
]
