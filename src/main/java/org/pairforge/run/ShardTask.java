package org.pairforge.run;

import org.pairforge.source.Input;

import java.util.List;

/** A shard is a fixed run of consecutive inputs: the same inputs always make the same shards. */
public record ShardTask(int index, List<Input> inputs) {
    public ShardTask {
        inputs = List.copyOf(inputs);
    }
}
