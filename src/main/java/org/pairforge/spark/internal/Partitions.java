package org.pairforge.spark.internal;

import org.pairforge.source.Input;

/** Where a job's inputs go: each at its place in the whole input, so partitions and shards follow input order. */
public final class Partitions {
    /** An input and its place in the whole input. */
    public record Placed(long index, Input input) {
    }

    private Partitions() {
    }
}
