-- The head office page's member search looks for any part of a name or a phone
-- (`ILIKE '%wang%'`, `LIKE '%5678%'`) and for the start of a card number. A B-tree
-- serves none of the "any part" forms, so at a chain's million members each search read
-- the whole table. Trigram GIN indexes (pg_trgm, a trusted extension: the database
-- owner may create it) serve them from three characters on; shorter text still scans,
-- bounded by the search's LIMIT. Only live rows are indexed: merged and erased members
-- are never searched.

CREATE EXTENSION IF NOT EXISTS pg_trgm;

CREATE INDEX members_name_trgm ON members USING gin (name gin_trgm_ops)
  WHERE merged_into IS NULL AND erased_at IS NULL;
CREATE INDEX members_phone_trgm ON members USING gin (phone gin_trgm_ops)
  WHERE merged_into IS NULL AND erased_at IS NULL AND phone IS NOT NULL;
CREATE INDEX members_card_trgm ON members USING gin (card_number gin_trgm_ops)
  WHERE merged_into IS NULL AND erased_at IS NULL;
