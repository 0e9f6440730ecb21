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
]
