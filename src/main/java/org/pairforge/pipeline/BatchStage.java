package org.pairforge.pipeline;

import org.pairforge.core.Sample;

import java.util.List;

/**
 * A stage that wants many samples at once (a model server that batches, a client that keeps many requests in
 * flight). It gets the samples that reached it from one input, or more, in order, and returns one verdict per
 * sample in the same order. Thread-safe, as {@link Stage} is. An exception fails every sample of the call
 * as a {@code stage_fault} naming the stage; so does a list of the wrong length.
 */
@FunctionalInterface
public interface BatchStage {
    List<Verdict> apply(List<Sample> samples) throws Exception;

    /**
     * About how many samples it would like per call. A caller that gathers samples across inputs (a shard's, in
     * {@code ShardProcessor}) sends this many at a time, and keeps the next batch coming while one is out.
     */
    default int batchSize() {
        return 64;
    }

    default String name() {
        String n = getClass().getSimpleName();
        return n.isEmpty() || n.contains("$$") ? "batch stage" : n;
    }
}
