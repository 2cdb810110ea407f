package org.pairforge.cli;

import org.pairforge.run.RunConfig;
import org.pairforge.core.UsageException;
import org.pairforge.template.WebTemplates;
import org.pairforge.web.WebOptions;
import org.pairforge.pipeline.PipelineSpec;
import org.pairforge.browser.Vendored;
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

@Command(name = "web", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Screenshots web pages in Chromium, one pair per viewport: the image and the page's self-contained HTML.")
final class WebCommand implements Callable<Integer> {
    @Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(arity = "0..*", paramLabel = "INPUT",
            description = ".html files (with their folder's CSS and images), folders of them, or JSON Lines with an 'html' or 'text' field per row")
    List<Path> inputs = new java.util.ArrayList<>();

    @CommandLine.Mixin
    TemplateOptions templates;

    @CommandLine.Mixin
    RunOptions run;

    @CommandLine.Mixin
    CheckStage check;

    @Option(names = "--viewport", paramLabel = "WxH[,WxH...]", description = "one sample per viewport (default: ${DEFAULT-VALUE})")
    String viewports = "1280x800,390x844";

    @Option(names = "--full-page", description = "shoot the whole scrollable page, not only the first screen")
    boolean fullPage;

    @Option(names = "--format", paramLabel = "png|jpeg", description = "image format (default: ${DEFAULT-VALUE})")
    String format = "png";

    @Option(names = "--javascript", description = "run the pages' scripts (still offline and confined to the page's folder)")
    boolean javaScript;

    @Option(names = "--page-timeout", paramLabel = "DURATION", description = "longest a page may take to load, per viewport (default: ${DEFAULT-VALUE})")
    String pageTimeout = "20s";

    @Option(names = "--max-height", paramLabel = "PX", description = "full-page screenshots are cut at this height (default: ${DEFAULT-VALUE})")
    int maxHeight = 16_384;

    @Option(names = "--max-input-mb", paramLabel = "MB", description = "largest page or file a page may load (default: ${DEFAULT-VALUE})")
    int maxInputMb = 64;

    @Option(names = "--vendor", paramLabel = "URL=PATH", description = "serve a local copy for a remote URL, "
            + "such as a CDN stylesheet (a URL ending in / maps a folder); repeatable. Nothing else leaves the page's folder")
    Map<String, Path> vendor = new LinkedHashMap<>();

    private static final org.pairforge.kinds.WebKind KIND = new org.pairforge.kinds.WebKind();

    @Override
    public Integer call() throws Exception {
        WebOptions options;
        RunConfig config;
        try {
            templates.check(inputs);
            if (templates.active()) {
                Path generated = templates.generatedDir(run.out("web"));
                new WebTemplates(DocumentsCommand.templatesDir(), templates.template)
                        .generate(templates.loadContent(), templates.count, templates.seed, generated);
                inputs = List.of(generated);
            }
            Duration timeout = Durations.parse("--page-timeout", pageTimeout);
            options = WebOptions.builder().viewports(viewports).fullPage(fullPage).format(format).javaScript(javaScript)
                    .pageTimeout(timeout).maxHeight(maxHeight).maxFileBytes((long) maxInputMb << 20)
                    .vendored(Vendored.of(vendor)).build();
            Map<String, Object> settings = new LinkedHashMap<>(KIND.settings(options));
            templates.putSettings(settings);
            config = new RunConfig(KIND.name(), inputs, run.out(KIND.name()), run.workers, run.shardSize(KIND.shardSize()),
                    run.resume, run.overwrite, options.maxFileBytes(), settings);
        } catch (IllegalArgumentException | UsageException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
        return Runs.execute(spec.commandLine(), KIND.spec(options), config, run, check.enabled(), false);
    }
}
