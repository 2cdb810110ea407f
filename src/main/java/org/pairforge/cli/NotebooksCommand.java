package org.pairforge.cli;

import org.pairforge.notebook.CodeContext;
import org.pairforge.notebook.NotebookOptions;
import org.pairforge.pipeline.PipelineSpec;
import org.pairforge.run.RunConfig;
import org.pairforge.core.UsageException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

@Command(name = "notebooks", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Pairs every figure in Jupyter notebooks with the code that drew it.")
final class NotebooksCommand implements Callable<Integer> {
    @Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(arity = "1..*", paramLabel = "INPUT",
            description = ".ipynb / .ipynb.gz files, folders (recursive), or JSON Lines (.jsonl, .jsonl.gz) with a 'content' field per line")
    List<Path> inputs;

    @CommandLine.Mixin
    RunOptions run;

    @CommandLine.Mixin
    CheckStage check;

    @Option(names = "--context", paramLabel = "MODE", description = "code for a figure: cell, since-last-figure, all-preceding (default: ${DEFAULT-VALUE})")
    String context = "since-last-figure";

    @Option(names = "--min-code-lines", paramLabel = "N", description = "fewest code lines, blank and comment-only lines not counted (default: ${DEFAULT-VALUE})")
    int minCodeLines = 5;

    @Option(names = "--max-code-lines", paramLabel = "N", description = "cap on code lines when joining several cells; earlier cells are dropped first (default: ${DEFAULT-VALUE})")
    int maxCodeLines = 200;

    @Option(names = "--min-image-side", paramLabel = "PX", description = "smallest width or height (default: ${DEFAULT-VALUE})")
    int minImageSide = 32;

    @Option(names = "--max-image-pixels", paramLabel = "N", description = "largest width x height (default: ${DEFAULT-VALUE})")
    long maxImagePixels = org.pairforge.page.PageOptions.MAX_PIXELS;

    @Option(names = "--blank-share", paramLabel = "F", description = "an image is blank when this share of its pixels is one colour (default: ${DEFAULT-VALUE})")
    double blankShare = 0.995;

    @Option(names = "--verify-pixels", description = "decode every image's pixels (slow); by default only images small enough to be blank are decoded")
    boolean verifyPixels;

    @Option(names = "--max-input-mb", paramLabel = "MB", description = "largest notebook (after gunzip) or JSON Lines line (default: ${DEFAULT-VALUE})")
    int maxInputMb = 256;

    @Option(names = "--max-json-depth", paramLabel = "N", description = "deepest JSON nesting accepted (default: ${DEFAULT-VALUE})")
    int maxJsonDepth = 256;

    @Option(names = "--svg-timeout", paramLabel = "DURATION", description = "longest an SVG figure may take to rasterize, e.g. 10s or 500ms (default: ${DEFAULT-VALUE})")
    String svgTimeout = "10s";

    private static final org.pairforge.kinds.NotebooksKind KIND = new org.pairforge.kinds.NotebooksKind();

    @Override
    public Integer call() throws Exception {
        NotebookOptions options;
        RunConfig config;
        try {
            options = NotebookOptions.builder().context(CodeContext.parse(context)).minCodeLines(minCodeLines)
                    .maxCodeLines(maxCodeLines).minImageSide(minImageSide).maxImagePixels(maxImagePixels)
                    .blankShare(blankShare).verifyPixels(verifyPixels).maxInputBytes((long) maxInputMb << 20)
                    .maxJsonDepth(maxJsonDepth)
                    .svgTimeout(Durations.parse("--svg-timeout", svgTimeout)).build();
            config = new RunConfig(KIND.name(), inputs, run.out(KIND.name()), run.workers, run.shardSize(KIND.shardSize()),
                    run.resume, run.overwrite, options.maxInputBytes(), KIND.settings(options));
        } catch (IllegalArgumentException | UsageException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
        return Runs.execute(spec.commandLine(), KIND.spec(options), config, run, check.enabled(), false);
    }
}
