package org.pairforge.run;

import org.pairforge.core.Rejection;

import java.util.List;
import java.util.Map;
import java.util.Set;

/** Decides which samples of a shard are exact duplicates of samples kept before. */
public interface Deduplicator {
    String REASON = "duplicate";

    /** What de-duplication needs of a sample: not its bytes. */
    record Entry(String key, String dedupKey, String source) {
    }

    /** Returns the keys of the duplicates and adds a rejection for each. May wait for earlier shards. */
    Set<String> admit(int shard, List<Entry> entries, List<Rejection> rejections) throws InterruptedException;

    /**
     * A shard that will not be admitted (finished in an earlier run, or failed), with the samples it kept:
     * dedup key → sample key.
     */
    void settle(int shard, Map<String, String> keptSamples);

    /** No cross-shard memory: for callers that de-duplicate themselves, e.g. a Spark {@code dropDuplicates}. */
    static Deduplicator none() {
        return new Deduplicator() {
            @Override
            public Set<String> admit(int shard, List<Entry> entries, List<Rejection> rejections) {
                return Set.of();
            }

            @Override
            public void settle(int shard, Map<String, String> keptSamples) {
            }
        };
    }
}
