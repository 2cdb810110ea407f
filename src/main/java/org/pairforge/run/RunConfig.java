package org.pairforge.run;

import org.pairforge.core.UsageException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * One batch run. {@code settings} are the capability's options as plain values: they go into
 * {@code run.json} and {@code summary.json}, and a resume must see the same ones.
 */
public record RunConfig(String command, List<Path> inputs, Path out, int workers, int shardSize,
                        boolean resume, boolean overwrite, long maxInputBytes, Map<String, Object> settings) {
    public RunConfig {
        inputs = List.copyOf(inputs);
        settings = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(settings)); // as given: summary.json prints it
        if (workers < 1) {
            throw new UsageException("--workers must be at least 1, got " + workers);
        }
        if (shardSize < 1) {
            throw new UsageException("--shard-size must be at least 1, got " + shardSize);
        }
        if (resume && overwrite) {
            throw new UsageException("--resume and --overwrite contradict each other; pass one");
        }
    }

    /** This run with one more setting (a stage's, such as the self-check's). */
    public RunConfig withSetting(String name, Object value) {
        Map<String, Object> m = new java.util.LinkedHashMap<>(settings);
        m.put(name, value);
        return new RunConfig(command, inputs, out, workers, shardSize, resume, overwrite, maxInputBytes, m);
    }
}
