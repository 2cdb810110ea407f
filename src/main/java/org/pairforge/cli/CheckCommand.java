package org.pairforge.cli;

import org.pairforge.check.Datasets;
import org.pairforge.run.RunConfig;
import org.pairforge.core.UsageException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

@Command(name = "check", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Self-checks finished datasets: Tesseract, or a vision model served behind an OpenAI-compatible API, reads every image;",
                "the answer is kept as KEY.caption.txt and scored against the pair's text (KEY.json's 'check').",
                "Writes a new dataset in the same layout; --resume also retries exactly the samples whose check failed."})
final class CheckCommand implements Callable<Integer> {
    @Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(arity = "1..*", paramLabel = "DATASET", description = "output folders of pairforge runs (their shards/NNNNNN.tar), or shard tars")
    List<Path> inputs;

    @CommandLine.Mixin
    RunOptions run;

    @CommandLine.Mixin
    CheckFlags flags;

    @Option(names = "--max-shard-mb", paramLabel = "MB", description = "largest shard tar read (default: ${DEFAULT-VALUE})")
    int maxShardMb = 4096;

    @Override
    public Integer call() throws Exception {
        RunConfig config;
        try {
            // One input shard is one output shard by default: a shard's samples go to the reader together.
            config = new RunConfig("check", inputs, run.out("check"), run.workers, run.shardSize(1), run.resume,
                    run.overwrite, (long) maxShardMb << 20, Map.of("max_shard_mb", maxShardMb));
        } catch (IllegalArgumentException | UsageException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
        long maxBytes = config.maxInputBytes();
        return Runs.execute(spec.commandLine(), () -> Datasets.pipeline(maxBytes), config, run, flags, true);
    }
}
