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
        description = "Screenshots web pages in Chromium, one pair per viewport: the whole page's image, its self-contained HTML, and the words, element boxes and Markdown the image shows.")
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

    @CommandLine.Mixin
    MarkdownFlags markdown;

    @Option(names = "--viewport", paramLabel = "WxH[,WxH...]", description = "one sample per viewport (default: ${DEFAULT-VALUE})")
    String viewports = "1280x800,390x844";

    @Option(names = "--css", paramLabel = "tailwind|plain", description = "with --template: Tailwind utility classes, or plain class names with their own rules; "
            + "either way the page carries the CSS it uses (default: tailwind)")
    String css;

    @Option(names = "--lang", paramLabel = "en|zh", description = "with --template: the pages' language (default: the --content's)")
    String lang;

    @Option(names = "--viewport-only", description = "shoot the first screen only (the image is then marked crops_page when the page is taller); "
            + "by default the whole page is shot, up to --max-height")
    boolean viewportOnly;

    /** The default since whole pages are; still accepted so that older scripts run. */
    @Option(names = "--full-page", hidden = true)
    boolean fullPage;

    @Option(names = "--format", paramLabel = "png|jpeg", description = "image format (default: ${DEFAULT-VALUE})")
    String format = "png";

    @Option(names = "--javascript", description = "run the pages' scripts (still offline and confined to the page's folder)")
    boolean javaScript;

    @Option(names = "--page-timeout", paramLabel = "DURATION", description = "longest a page may take to load, per viewport (default: ${DEFAULT-VALUE})")
    String pageTimeout = "20s";

    @Option(names = "--max-height", paramLabel = "PX", description = "whole-page screenshots are cut at this height, marked truncated_at (default: ${DEFAULT-VALUE})")
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
            if (!templates.active() && (css != null || lang != null)) {
                throw new UsageException((css != null ? "--css" : "--lang") + " shapes template pages: give it with --template NAME");
            }
            String cssMode = css == null ? "tailwind" : css;
            if (templates.active()) {
                Path generated = templates.generatedDir(run.out("web"));
                org.pairforge.template.TemplateContent content = templates.loadContent();
                WebTemplates pages = new WebTemplates(DocumentsCommand.templatesDir(), templates.template, cssMode);
                if (lang == null) {
                    pages.generate(content, templates.count, templates.seed, generated); // in the content's language
                } else {
                    pages.generate(content, templates.count, templates.seed, generated, lang);
                }
                inputs = List.of(generated);
            }
            Duration timeout = Durations.parse("--page-timeout", pageTimeout);
            if (viewportOnly && fullPage) {
                throw new UsageException("--viewport-only and --full-page ask for opposite shots: give one");
            }
            options = WebOptions.builder().viewports(viewports).fullPage(!viewportOnly).format(format).javaScript(javaScript)
                    .pageTimeout(timeout).maxHeight(maxHeight).maxFileBytes((long) maxInputMb << 20)
                    .vendored(Vendored.of(vendor)).markdown(markdown.options(org.pairforge.markdown.MarkdownOptions.TableFormat.HTML)).build();
            Map<String, Object> settings = new LinkedHashMap<>(KIND.settings(options));
            templates.putSettings(settings);
            if (templates.active()) {
                settings.put("css", cssMode);
                if (lang != null) {
                    settings.put("lang", lang);
                }
            }
            config = new RunConfig(KIND.name(), inputs, run.out(KIND.name()), run.workers, run.shardSize(KIND.shardSize()),
                    run.resume, run.overwrite, options.maxFileBytes(), settings);
        } catch (IllegalArgumentException | IllegalStateException | UsageException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
        return Runs.execute(spec.commandLine(), KIND.spec(options), config, run, check.enabled(), false);
    }
}
