-- One full-text index for everything people can search: articles now, clinics later.
-- kind and url are stored but not searched; the porter stemmer lets "treatments" find "treatment".
CREATE VIRTUAL TABLE search_index USING fts5(
    title,
    summary,
    body,
    kind UNINDEXED,
    url UNINDEXED,
    tokenize = 'porter unicode61 remove_diacritics 2'
);
