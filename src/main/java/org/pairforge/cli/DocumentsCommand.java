package org.pairforge.cli;

import org.pairforge.document.DocumentPairs;
import org.pairforge.page.PageOptions;
import org.pairforge.run.RunConfig;
import org.pairforge.run.UsageException;
import org.pairforge.source.InputKind;
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

@Command(name = "documents", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Renders e-books and HTML documents to page images paired with each page's exact text and word boxes.")
final class DocumentsCommand implements Callable<Integer> {
    @Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(arity = "1..*", paramLabel = "INPUT",
            description = ".epub archives, unpacked EPUB folders (with META-INF/container.xml), XHTML files, or folders holding them")
    List<Path> inputs;

    @CommandLine.Mixin
    RunOptions run;

    @Option(names = "--engine", paramLabel = "ENGINE", description = "renderer: flying-saucer (default: ${DEFAULT-VALUE})")
    String engine = DocumentPairs.ENGINE;

    @Option(names = "--dpi", paramLabel = "DPI", description = "page image resolution (default: ${DEFAULT-VALUE})")
    float dpi = 144;

    @Option(names = "--max-pages", paramLabel = "N", description = "pages rendered per document at most (default: ${DEFAULT-VALUE})")
    int maxPages = 500;

    @Option(names = "--render-timeout", paramLabel = "SECONDS", description = "longest one chapter may take to lay out (default: ${DEFAULT-VALUE})")
    double renderTimeoutSeconds = 120;

    @Option(names = "--max-input-mb", paramLabel = "MB", description = "largest input file, and the most an .epub may unpack to (default: ${DEFAULT-VALUE})")
    int maxInputMb = 512;

    @Override
    public Integer call() throws Exception {
        PageOptions options;
        RunConfig config;
        try {
            if (!engine.equals(DocumentPairs.ENGINE)) {
                throw new UsageException("--engine " + engine + " is not available yet; use " + DocumentPairs.ENGINE);
            }
            options = new PageOptions(dpi, maxPages, 40_000_000L);
            Map<String, Object> settings = new LinkedHashMap<>();
            settings.put("engine", engine);
            settings.put("dpi", dpi);
            settings.put("max_pages", maxPages);
            settings.put("render_timeout_s", renderTimeoutSeconds);
            config = new RunConfig("documents", inputs, run.out, run.workers, run.shardSize, run.resume, run.overwrite,
                    (long) maxInputMb << 20, settings);
        } catch (IllegalArgumentException | UsageException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
        return Runs.execute(spec.commandLine(), new DocumentPairs(options, java.time.Duration.ofMillis(Math.round(renderTimeoutSeconds * 1000)),
                config.maxInputBytes()), InputKind.DOCUMENTS, config, run);
    }
}
