package org.pairforge.cli;

import org.pairforge.document.ChromiumEngine;
import org.pairforge.document.DocumentPairs;
import org.pairforge.document.FlyingSaucerEngine;
import org.pairforge.document.HtmlEngine;
import org.pairforge.document.RenderProfile;
import org.pairforge.template.DocumentTemplates;
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

    @CommandLine.Mixin
    TemplateOptions templateOptions;

    @CommandLine.Mixin
    RunOptions run;

    private static final List<String> ENGINES = List.of(FlyingSaucerEngine.NAME, ChromiumEngine.NAME);

    @Option(names = "--profile", paramLabel = "NAME|FILE",
            description = "render profile: a name in renderers/ or a .json file (default: the --engine's own, else the template's engine, else flying-saucer); flags below override it")
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
            templateOptions.check(inputs);
            DocumentTemplates templates = templateOptions.active()
                    ? new DocumentTemplates(templatesDir(), templateOptions.template) : null;
            if (profileName == null) {
                // Each engine's bundled profile is named after it: --engine alone picks that engine's defaults.
                if (engine != null && ENGINES.contains(engine)) {
                    profileName = engine;
                } else {
                    profileName = templates != null ? templates.preferredEngine() : FlyingSaucerEngine.NAME;
                }
            }
            profile = RenderProfile.load(profileName, renderersDir());
            if (templates != null) {
                Path generated = templateOptions.generatedDir(run.out("documents"));
                templates.generate(templateOptions.loadContent(), templateOptions.count, templateOptions.seed, generated);
                inputs = List.of(generated);
            }
            String useEngine = engine != null ? engine : profile.engine();
            if (!ENGINES.contains(useEngine)) {
                throw new UsageException("--engine must be " + FlyingSaucerEngine.NAME + " or " + ChromiumEngine.NAME + ", got " + useEngine);
            }
            if (useEngine.equals(ChromiumEngine.NAME) && !profile.fonts().isEmpty()) {
                throw new UsageException("the profile's fonts are registered with flying-saucer only; chromium draws with the system's fonts (fontconfig)");
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
            templateOptions.putSettings(settings);
            settings.put("dpi", useDpi);
            settings.put("max_pages", usePages);
            settings.put("render_timeout_s", timeoutSeconds);
            config = new RunConfig("documents", inputs, run.out("documents"), run.workers, run.shardSize(4), run.resume, run.overwrite,
                    (long) useInputMb << 20, settings);
        } catch (IllegalArgumentException | UsageException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
        java.time.Duration timeout = java.time.Duration.ofMillis(Math.round(timeoutSeconds * 1000));
        HtmlEngine htmlEngine = settingsEngine(config).equals(ChromiumEngine.NAME)
                ? new ChromiumEngine(timeout, profile.pageSize(), profile.pageMargin(), profile.javascript(), config.maxInputBytes())
                : new FlyingSaucerEngine(timeout, profile.pageCss(), profile.fontFiles());
        return Runs.execute(spec.commandLine(), new DocumentPairs(options, config.maxInputBytes(), htmlEngine),
                InputKind.DOCUMENTS, config, run);
    }

    private static String settingsEngine(RunConfig config) {
        return (String) config.settings().get("engine");
    }
}
