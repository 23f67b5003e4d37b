-- Optional fields read below their type's review threshold. A pipeline that withholds them
-- (extractor.uncertain_optional_fields: withhold, the default) keeps them out of
-- docket.results.fields, docket.fields and so the typed views, which only ever show values the
-- model was sure enough of, and lets the required fields decide whether the result is ok.
-- They are kept here, name → {value, confidence, page, bbox, source_text, decided_by}, so a
-- reviewer or an SQL user can still see what was read and where.
ALTER TABLE docket.results ADD COLUMN withheld jsonb NOT NULL DEFAULT '{}';
