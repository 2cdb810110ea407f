package org.pairforge.cli;

import org.pairforge.latex.LatexOptions;
import org.pairforge.pipeline.PipelineSpec;
import org.pairforge.latex.TexEngine;
import org.pairforge.page.PageOptions;
import org.pairforge.run.RunConfig;
import org.pairforge.core.UsageException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

@Command(name = "latex", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Compiles LaTeX papers and pairs every page image with its Markdown (Nougat's conventions: math as LaTeX), layout blocks, text and the LaTeX lines that produced it.")
final class LatexCommand implements Callable<Integer> {
    @Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(arity = "1..*", paramLabel = "INPUT",
            description = "project folders, arXiv source archives (.tar.gz .tgz .tar .zip, or a gzipped .tex), single .tex files, or folders holding them")
    List<Path> inputs;

    @CommandLine.Mixin
    RunOptions run;

    @CommandLine.Mixin
    CheckStage check;

    @CommandLine.Mixin
    MarkdownFlags markdown;

    @Option(names = "--engine", paramLabel = "ENGINE", description = "auto, pdflatex or xelatex (default: ${DEFAULT-VALUE}: xelatex for ctex/fontspec/xeCJK papers)")
    String engine = "auto";

    @Option(names = "--timeout", paramLabel = "DURATION", description = "longest one paper's whole compile may take, e.g. 120s or 2m (default: ${DEFAULT-VALUE})")
    String timeout = "120s";

    @Option(names = "--dpi", paramLabel = "DPI", description = "page image resolution (default: ${DEFAULT-VALUE})")
    float dpi = 144;

    @Option(names = "--max-pages", paramLabel = "N", description = "pages rendered per paper at most (default: ${DEFAULT-VALUE})")
    int maxPages = 100;

    @Option(names = "--max-page-pixels", paramLabel = "N", description = "largest page raster, width x height (default: ${DEFAULT-VALUE})")
    long maxPagePixels = PageOptions.MAX_PIXELS;

    @Option(names = "--max-input-mb", paramLabel = "MB", description = "most a paper's sources may occupy unpacked (default: ${DEFAULT-VALUE})")
    int maxInputMb = 200;

    @Option(names = "--max-output-mb", paramLabel = "MB", description = "largest file TeX may write, the PDF included (default: ${DEFAULT-VALUE})")
    int maxOutputMb = 100;

    private static final org.pairforge.kinds.LatexKind KIND = new org.pairforge.kinds.LatexKind();

    @Override
    public Integer call() throws Exception {
        LatexOptions options;
        RunConfig config;
        try {
            TexEngine forced = TexEngine.parse(engine);
            options = LatexOptions.builder().dpi(dpi).maxPages(maxPages).maxPagePixels(maxPagePixels).engine(forced)
                    .timeout(Durations.parse("--timeout", timeout)).maxInputBytes((long) maxInputMb << 20)
                    .maxFileBytes((long) maxOutputMb << 20).markdown(markdown.options(org.pairforge.markdown.MarkdownOptions.TableFormat.LATEX)).build();
            config = new RunConfig(KIND.name(), inputs, run.out(KIND.name()), run.workers, run.shardSize(KIND.shardSize()),
                    run.resume, run.overwrite, options.maxInputBytes(), KIND.settings(options));
        } catch (IllegalArgumentException | UsageException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
        return Runs.execute(spec.commandLine(), KIND.spec(options), config, run, check.enabled(), false);
    }
}
