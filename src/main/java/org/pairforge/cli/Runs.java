package org.pairforge.cli;

import org.pairforge.pipeline.Pipeline;
import org.pairforge.run.BatchRunner;
import org.pairforge.run.RunConfig;
import org.pairforge.run.RunSummary;
import org.pairforge.run.UsageException;
import picocli.CommandLine;

import java.nio.file.Path;
import java.util.Map;

/** What every batch command does once its options are turned into an extractor and a run. */
final class Runs {
    private Runs() {
    }

    /** Builds the pipeline, runs the batch through it, and closes it (its browsers, its temporary area). */
    static int execute(CommandLine cli, Pipeline.Builder pipeline, RunConfig config, RunOptions run) throws Exception {
        Map<String, Object> summary;
        try (Pipeline p = pipeline.build()) {
            summary = new BatchRunner(p, config, TerminalProgress.forConsole(config.command(), !run.noProgress)).run();
        } catch (UsageException e) {
            throw new CommandLine.ParameterException(cli, e.getMessage());
        }
        return report(cli.getOut(), summary, config.out());
    }

    private static int report(java.io.PrintWriter stdout, Map<String, Object> summary, Path out) {
        stdout.print(RunSummary.render(summary));
        stdout.println("wrote " + out.resolve("shards") + ", " + out.resolve("summary.json") + ", " + out.resolve("rejects.jsonl"));
        stdout.flush();
        return 0;
    }
}
