package org.pairforge.run;

import org.pairforge.core.Rejection;
import org.pairforge.core.Sample;

import java.util.List;

/** Decides which samples of a shard are exact duplicates of samples kept before. */
public interface Deduplicator {
    String REASON = "duplicate";

    /** Returns the samples to keep and adds a rejection per duplicate. May wait for earlier shards. */
    List<Sample> admit(int shard, List<Sample> samples, List<Rejection> rejections) throws InterruptedException;

    /**
     * A shard that will not be admitted (finished in an earlier run, or failed), with the samples it kept:
     * dedup key → sample key.
     */
    void settle(int shard, java.util.Map<String, String> keptSamples);

    /** No cross-shard memory: for callers that de-duplicate themselves, e.g. a Spark {@code dropDuplicates}. */
    static Deduplicator none() {
        return new Deduplicator() {
            @Override
            public List<Sample> admit(int shard, List<Sample> samples, List<Rejection> rejections) {
                return samples;
            }

            @Override
            public void settle(int shard, java.util.Map<String, String> keptSamples) {
            }
        };
    }
}
