package org.pairforge.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import org.pairforge.core.Rejection;
import org.pairforge.core.Sample;

import java.io.IOException;
import java.io.Serializable;
import java.util.List;
import java.util.Map;

/**
 * A stage that keeps accounts per shard, the way the self-check tallies its statuses and lists the samples it
 * could not read. Any {@link Stage} or {@link BatchStage} may implement it; the shard engine then opens one
 * {@link Account} per shard, shows it every sample the shard made and every rejection, tells it which samples
 * de-duplication dropped, and keeps what it reports in the shard's stats file under {@link #name()}: so the
 * summary of a resumed run still covers every shard, and nothing else in a run needs to know the stage.
 */
public interface ShardAccounting {
    /** The section the accounts fill in a shard's stats and in {@code summary.json}. */
    String name();

    /** A new account for one shard. */
    Account open();

    /**
     * The run's section of {@code summary.json}, from every shard's account as its stats file holds it (shards
     * finished by an earlier, resumed run included).
     */
    Report summarize(List<JsonNode> shards);

    /** Files beside {@code summary.json} made from the shards' accounts (charts): name → bytes. */
    default Map<String, byte[]> runFiles(List<JsonNode> shards) throws IOException {
        return Map.of();
    }

    /**
     * The name of a file of lines each shard keeps ({@code NNNNNN.NAME} beside its tar) and the run joins in shard
     * order ({@code OUT/NAME}), from {@link Account#lines()}; null for none.
     */
    default String linesFile() {
        return null;
    }

    /**
     * One shard's account. It travels with the shard's other results (from a Spark task to its driver and on to
     * the task that commits the shard), so it is serializable.
     */
    interface Account extends Serializable {
        /** A sample the shard made (it may still turn out a duplicate). */
        void sample(Sample sample);

        /** A candidate or input the shard dropped, at any stage. */
        void rejection(Rejection rejection);

        /** A sample de-duplication dropped: it is not the shard's after all. */
        void duplicate(String key);

        /** What goes into the shard's stats under the stage's name: plain values that serialize to JSON. */
        Object stats();

        /** The lines of the shard's {@link #linesFile()}. */
        default List<String> lines() {
            return List.of();
        }
    }

    /**
     * The run's section of {@code summary.json} and the lines a terminal shows for it.
     *
     * @param summary plain values that serialize to JSON
     */
    record Report(Object summary, List<String> terminal) {
        public Report {
            terminal = List.copyOf(terminal);
        }
    }
}
