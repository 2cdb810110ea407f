package org.pairforge.cli;

import org.pairforge.check.CheckOptions;
import org.pairforge.check.CheckResume;
import org.pairforge.check.SelfCheck;
import org.pairforge.pipeline.Pipeline;
import org.pairforge.pipeline.PipelineSpec;
import org.pairforge.run.BatchRunner;
import org.pairforge.run.RunConfig;
import org.pairforge.run.RunSummary;
import org.pairforge.core.UsageException;
import picocli.CommandLine;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** What every batch command does once its options are turned into an extractor and a run. */
final class Runs {
    private Runs() {
    }

    /** Builds the pipeline (or, under {@code pairforge spark}, hands it to a Spark job), runs the batch through it, and closes it (its browsers, its temporary area). */
    static int execute(CommandLine cli, PipelineSpec pipeline, RunConfig config, RunOptions run) throws Exception {
        return execute(cli, pipeline, config, run, null, false);
    }

    /**
     * The same with the self-check as the last stage when {@code check} is not null. The model server is asked
     * for its models before anything is read: a wrong URL or model stops the run with exit 2.
     *
     * @param retryErrors on resume, redo finished shards that have samples in error, asking only for those
     */
    static int execute(CommandLine cli, PipelineSpec spec, RunConfig config, RunOptions run,
                       CheckFlags check, boolean retryErrors) throws Exception {
        SelfCheck selfCheck = null;
        try {
            CheckOptions options = null;
            if (check != null) {
                try {
                    options = check.options();
                } catch (IllegalArgumentException e) {
                    throw new UsageException(e.getMessage());
                }
            }
            SparkCommand spark = SparkCommand.above(cli);
            if (spark != null) {
                return spark.execute(cli, spec, config, options);
            }
            Pipeline.Builder pipeline = spec.builder();
            if (options != null) {
                selfCheck = SelfCheck.open(options);
                config = config.withSetting("check", options.settings());
                pipeline.stage(selfCheck);
            }
            Map<String, Object> summary;
            List<String> stageLines;
            try (Pipeline p = pipeline.build()) {
                BatchRunner runner = new BatchRunner(p, config, TerminalProgress.forConsole(config.command(), !run.noProgress));
                if (selfCheck != null && retryErrors && config.resume()) {
                    CheckResume resume = CheckResume.of(config.out());
                    selfCheck.reuse(resume.priors());
                    runner.redoing(resume.shardsToRedo()::contains);
                }
                summary = runner.run();
                stageLines = runner.terminalLines();
            }
            return report(cli.getOut(), summary, stageLines, config.out());
        } catch (UsageException e) {
            throw new CommandLine.ParameterException(cli, e.getMessage());
        } finally {
            if (selfCheck != null) {
                selfCheck.close();
            }
        }
    }

    private static int report(java.io.PrintWriter stdout, Map<String, Object> summary, List<String> stageLines, Path out) {
        stdout.print(RunSummary.render(summary, stageLines));
        stdout.println("wrote " + out.resolve("shards") + ", " + out.resolve("summary.json") + ", " + out.resolve("rejects.jsonl"));
        stdout.flush();
        return 0;
    }
}
