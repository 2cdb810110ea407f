package org.pairforge.run;

import java.io.Serializable;
import java.util.List;
import java.util.Map;

/**
 * Decides which samples of a shard are exact duplicates of samples kept before. The rule is one, wherever it runs
 * (a CLI worker, a Spark driver): of samples with the same dedup key, the first in input order is kept.
 */
public interface Deduplicator {
    String REASON = "duplicate";

    /** What de-duplication needs of a sample: not its bytes. */
    record Entry(String key, String dedupKey, String source) implements Serializable {
    }

    /** A sample found to repeat {@code first}, an earlier sample's key. */
    record Duplicate(String key, String source, String first) implements Serializable {
        /** The duplicate's rejection message. */
        public String message() {
            return "same image bytes and normalized text as " + first;
        }
    }

    /** The duplicates among a shard's samples, in the shard's order. May wait for earlier shards. */
    List<Duplicate> admit(int shard, List<Entry> entries) throws InterruptedException;

    /**
     * A shard that will not be admitted (finished in an earlier run, or failed), with the samples it kept:
     * dedup key → sample key.
     */
    void settle(int shard, Map<String, String> keptSamples);
}
