package org.pairforge.pipeline;

import java.io.IOException;
import java.io.Serializable;
import java.nio.file.Path;
import java.util.Map;

/**
 * A kind of pairs pairforge makes, as a value: its name, its options' defaults, its pipeline from options, the
 * settings a run of it records, the shard size that suits it, and how to make a few inputs of it for fixtures. Kinds
 * are registered, not listed ({@link Kinds}): a jar names its kinds in
 * {@code META-INF/services/org.pairforge.pipeline.Kind}, pairforge its own four, so a new kind touches no core file.
 * A kind travels to where pipelines are opened (a Spark executor), so it serializes.
 *
 * @param <O> its options: an immutable value, serializable
 */
public interface Kind<O extends Serializable> extends Serializable {
    /** As the CLI, {@code run.json} and a Spark job name it. */
    String name();

    /** Its options as they are when nothing is set. */
    O defaults();

    /** A pipeline for {@code options}: the kind's extractor and its own stages; the caller may add more. */
    Pipeline.Builder pipeline(O options);

    /** The options as plain values, for {@code run.json} and {@code summary.json}: what a resume must see again. */
    Map<String, Object> settings(O options);

    /** Inputs per shard when the user does not say: heavy inputs get small shards, so every worker has one. */
    int shardSize();

    /** How to make a pipeline of this kind where it is needed, from {@code options}. */
    default PipelineSpec spec(O options) {
        return () -> pipeline(options);
    }

    /** How fixtures of this kind are made; null when it has none. */
    default Fixture<O> fixture() {
        return null;
    }

    /** What fixtures of a kind are made from: the templates and texts bundled in pairforge's jar. */
    interface FixtureMaterials {
        /** A folder holding {@code templates/} as the jar bundles it. */
        Path templates();

        /** The text the templates are filled with (a book's chapters, as JSON). */
        Path content();
    }

    /**
     * A few inputs of a kind made from a seed, some made to be rejected, and the options to make pairs of them with.
     *
     * @param <O> the kind's options
     */
    interface Fixture<O extends Serializable> extends Serializable {
        /** Writes about {@code count} inputs into {@code inputs}; the same seed makes the same bytes. */
        O write(Path inputs, int count, long seed, FixtureMaterials materials) throws IOException;

        /** Inputs per shard in a fixture: small, so a fixture has several shards as real datasets do. */
        default int shardSize() {
            return 3;
        }
    }
}
