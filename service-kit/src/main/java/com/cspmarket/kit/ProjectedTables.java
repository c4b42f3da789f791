package com.cspmarket.kit;

import java.util.List;

/**
 * Implemented by a projection (an {@code @ProcessingGroup} bean) to name the read-model tables it writes and its
 * {@code @ResetHandler} clears, so that {@code GET /admin/projections/{name}/fingerprint} can digest them: taken
 * before a rebuild and again after the replay has caught up, equal fingerprints mean the replay reproduced the read
 * model row for row.
 */
public interface ProjectedTables {

    List<String> projectedTables();

    /**
     * What the fingerprint digests: by default the tables; a projection that numbers rows in its own processing order
     * (a replay numbers them anew) names views that show what those numbers mean instead.
     */
    default List<String> digestedRelations() {
        return projectedTables();
    }

    /**
     * Indexes of these tables that a bulk rebuild drops at its reset and builds again from the rebuilt tables, before
     * the processor starts ({@link DeferredIndexes}): cheaper than keeping them up to date row by row. Only indexes
     * that no handler of the projection reads through: while the rebuild runs, queries that would use them read the
     * tables without them. Not unique ones, nor those behind constraints. None by default. A migration that drops or
     * changes one of them must allow for its absence (a rebuild may be under way: {@code DROP INDEX IF EXISTS}, and
     * the same in {@code deferred_index}).
     */
    default List<String> indexesBuiltAfterRebuild() {
        return List.of();
    }
}
