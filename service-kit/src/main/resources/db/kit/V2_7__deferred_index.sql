-- Secondary indexes of a read model that a bulk rebuild dropped at its reset, to build them again from the rebuilt
-- tables (ProjectedTables.indexesBuiltAfterRebuild, DeferredIndexes): recorded in the reset's transaction, so that an
-- index whose rebuild did not end in its instance (the instance stopped) is built again by any instance later.
CREATE TABLE deferred_index (
    index_name  VARCHAR(63)  PRIMARY KEY,
    processor   VARCHAR(255) NOT NULL,
    definition  TEXT         NOT NULL,
    instance_id VARCHAR(255) NOT NULL,
    deferred_at TIMESTAMPTZ  NOT NULL DEFAULT now()
);
