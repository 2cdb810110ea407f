package org.pairforge.cli;

import picocli.CommandLine.Option;

import java.nio.file.Path;

/** The options every batch command shares: where output goes and how the run is cut and driven. */
final class RunOptions {
    @Option(names = {"-o", "--out"}, required = true, paramLabel = "OUT", description = "output folder")
    Path out;

    @Option(names = "--workers", paramLabel = "N", description = "worker threads (default: all cores, ${DEFAULT-VALUE})")
    int workers = Runtime.getRuntime().availableProcessors();

    @Option(names = "--shard-size", paramLabel = "N", description = "inputs per shard (default: ${DEFAULT-VALUE})")
    int shardSize = 1000;

    @Option(names = "--resume", description = "finish an interrupted run in OUT: finished shards are kept, the rest redone")
    boolean resume;

    @Option(names = "--overwrite", description = "replace an earlier run in OUT")
    boolean overwrite;

    @Option(names = "--no-progress", description = "no progress bar even on a terminal")
    boolean noProgress;
}
