package org.pairforge.cli;

import org.pairforge.document.ChromiumEngine;
import org.pairforge.document.DocumentPairs;
import org.pairforge.document.FlyingSaucerEngine;
import org.pairforge.document.HtmlEngine;
import org.pairforge.document.RenderProfile;
import org.pairforge.template.DocumentTemplates;
import org.pairforge.template.TemplateContent;
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

    @Parameters(arity = "0..*", paramLabel = "INPUT",
            description = ".epub archives, unpacked EPUB folders (with META-INF/container.xml), XHTML files, or folders holding them")
    List<Path> inputs = new java.util.ArrayList<>();

    @Option(names = "--template", paramLabel = "NAME", description = "make synthetic documents instead: ebook, exam or article (templates/NAME)")
    String template;

    @Option(names = "--content", paramLabel = "FILE", description = "with --template: a JSON content file (corpus zh/*.json, or {title, sections, questions}) or an unpacked EPUB folder")
    Path content;

    @Option(names = "--count", paramLabel = "N", description = "with --template: documents to make (default: ${DEFAULT-VALUE})")
    int count = 10;

    @Option(names = "--seed", paramLabel = "S", description = "with --template: the seed every style and content choice derives from (default: ${DEFAULT-VALUE})")
    long seed = 0;

    @CommandLine.Mixin
    RunOptions run;

    @Option(names = "--profile", paramLabel = "NAME|FILE",
            description = "render profile: a name in renderers/ or a .json file (default: flying-saucer, or the template's engine); flags below override it")
    String profileName;

    @Option(names = "--engine", paramLabel = "ENGINE", description = "renderer: flying-saucer or chromium (default: the profile's)")
    String engine;

    @Option(names = "--dpi", paramLabel = "DPI", description = "page image resolution (default: the profile's)")
    Float dpi;

    @Option(names = "--max-pages", paramLabel = "N", description = "pages rendered per document at most (default: the profile's)")
    Integer maxPages;

    @Option(names = "--render-timeout", paramLabel = "SECONDS", description = "longest one whole document may take to render, all its chapters together (default: the profile's)")
    Double renderTimeoutSeconds;

    @Option(names = "--max-input-mb", paramLabel = "MB", description = "largest input file, and the most an .epub may unpack to (default: the profile's)")
    Integer maxInputMb;

    static Path templatesDir() {
        return Path.of(System.getProperty("pairforge.home", ".")).resolve("templates");
    }

    /** renderers/ beside the installation (bin/pairforge passes its root), else in the working folder. */
    static Path renderersDir() {
        return Path.of(System.getProperty("pairforge.home", ".")).resolve("renderers");
    }

    @Override
    public Integer call() throws Exception {
        PageOptions options;
        RunConfig config;
        RenderProfile profile;
        double timeoutSeconds;
        try {
            DocumentTemplates templates = null;
            if (template != null) {
                if (!inputs.isEmpty() || content == null) {
                    throw new UsageException("--template makes its own documents from --content FILE; give no INPUT");
                }
                if (count < 1) {
                    throw new UsageException("--count must be at least 1, got " + count);
                }
                templates = new DocumentTemplates(templatesDir(), template);
            } else if (inputs.isEmpty()) {
                throw new UsageException("give at least one INPUT, or --template NAME --content FILE");
            }
            if (profileName == null) {
                profileName = templates != null && engine == null ? templates.preferredEngine() : FlyingSaucerEngine.NAME;
            }
            profile = RenderProfile.load(profileName, renderersDir());
            if (templates != null) {
                // Generated where the run's output lives, under a name made of template and seed: the same command
                // makes the same files, so keys and --resume hold.
                Path generated = run.out.resolve("generated").resolve(template + "-" + seed);
                templates.generate(TemplateContent.load(content), count, seed, generated);
                inputs = List.of(generated);
            }
            String useEngine = engine != null ? engine : profile.engine();
            if (!List.of(FlyingSaucerEngine.NAME, ChromiumEngine.NAME).contains(useEngine)) {
                throw new UsageException("--engine must be " + FlyingSaucerEngine.NAME + " or " + ChromiumEngine.NAME + ", got " + useEngine);
            }
            float useDpi = dpi != null ? dpi : profile.dpi();
            int usePages = maxPages != null ? maxPages : profile.maxPages();
            timeoutSeconds = renderTimeoutSeconds != null ? renderTimeoutSeconds : profile.renderTimeoutSeconds();
            int useInputMb = maxInputMb != null ? maxInputMb : profile.maxInputMb();
            options = new PageOptions(useDpi, usePages, 40_000_000L);
            Map<String, Object> settings = new LinkedHashMap<>();
            settings.put("profile", profileName);
            settings.put("engine", useEngine);
            settings.put("page", profile.pageCss());
            settings.put("javascript", profile.javascript());
            if (template != null) {
                settings.put("template", template);
                settings.put("content", content.toString());
                settings.put("count", count);
                settings.put("seed", seed);
            }
            settings.put("dpi", useDpi);
            settings.put("max_pages", usePages);
            settings.put("render_timeout_s", timeoutSeconds);
            config = new RunConfig("documents", inputs, run.out, run.workers, run.shardSize(4), run.resume, run.overwrite,
                    (long) useInputMb << 20, settings);
        } catch (IllegalArgumentException | UsageException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
        java.time.Duration timeout = java.time.Duration.ofMillis(Math.round(timeoutSeconds * 1000));
        HtmlEngine htmlEngine = settingsEngine(config).equals(ChromiumEngine.NAME)
                ? new ChromiumEngine(timeout, profile.pageSize(), profile.pageMargin(), profile.javascript(), config.maxInputBytes())
                : new FlyingSaucerEngine(timeout, profile.pageCss());
        return Runs.execute(spec.commandLine(), new DocumentPairs(options, config.maxInputBytes(), htmlEngine),
                InputKind.DOCUMENTS, config, run);
    }

    private static String settingsEngine(RunConfig config) {
        return (String) config.settings().get("engine");
    }
}
