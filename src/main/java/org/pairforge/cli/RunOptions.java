package org.pairforge.cli;

import picocli.CommandLine.Option;

import java.nio.file.Path;

/** The options every batch command shares: where output goes and how the run is cut and driven. */
final class RunOptions {
    @Option(names = {"-o", "--out"}, paramLabel = "OUT", description = "output folder (default: output/COMMAND)")
    Path out;

    /** The output folder: -o, else output/COMMAND in the working folder (the project's git-ignored output/). */
    Path out(String command) {
        return out != null ? out : Path.of("output", command);
    }

    @Option(names = "--workers", paramLabel = "N", description = "worker threads (default: all cores, ${DEFAULT-VALUE})")
    int workers = Runtime.getRuntime().availableProcessors();

    @Option(names = "--shard-size", paramLabel = "N",
            description = "inputs per shard; shards are what workers share, so heavy inputs get small shards (default: 1000 notebooks, 4 documents, 4 papers, 64 web pages)")
    Integer shardSize;

    /** Shards are the unit of parallel work: a shard of 1000 papers would keep all but one worker idle. */
    int shardSize(int commandDefault) {
        return shardSize != null ? shardSize : commandDefault;
    }

    @Option(names = "--resume", description = "finish an interrupted run in OUT: finished shards are kept, the rest redone")
    boolean resume;

    @Option(names = "--overwrite", description = "replace an earlier run in OUT")
    boolean overwrite;

    @Option(names = "--no-progress", description = "no progress bar even on a terminal")
    boolean noProgress;
}
