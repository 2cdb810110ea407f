package org.pairforge.pipeline;

import java.util.Map;

/**
 * A stage that measures what it did over the whole run (the self-check's request latencies): a batch run puts
 * {@link #report()} into {@code summary.json} under the stage's name, as {@code this_run}. Only what cannot be
 * kept in the samples or in a shard's stats belongs here, since a resumed run reports only its own part.
 */
public interface Reporting {
    /** Stage name → its figures for this run so far; plain values that serialize to JSON. */
    Map<String, Object> report();
}
