package org.pairforge.cli;

import org.pairforge.document.DocumentOptions;
import org.pairforge.document.FlyingSaucerEngine;
import org.pairforge.pipeline.PipelineSpec;
import org.pairforge.template.DocumentTemplates;
import org.pairforge.page.PageOptions;
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

@Command(name = "documents", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Renders e-books, HTML documents and PDFs to page images paired with each page's exact text, word boxes, Markdown and layout blocks.")
final class DocumentsCommand implements Callable<Integer> {
    @Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(arity = "0..*", paramLabel = "INPUT",
            description = ".epub archives, unpacked EPUB folders (with META-INF/container.xml), XHTML files, PDFs, or folders holding them")
    List<Path> inputs = new java.util.ArrayList<>();

    @CommandLine.Mixin
    TemplateOptions templateOptions;

    @CommandLine.Mixin
    RunOptions run;

    @CommandLine.Mixin
    CheckStage check;

    @CommandLine.Mixin
    MarkdownFlags markdown;

    @Option(names = "--max-unmapped", paramLabel = "SHARE", description = "a PDF page whose glyphs lack Unicode text over this share is unmapped_text (default: ${DEFAULT-VALUE})")
    double maxUnmapped = 0.02;

    @Option(names = "--ocr-scanned", paramLabel = "LANGS", arity = "0..1", fallbackValue = "eng",
            description = "read a PDF page without a text layer with Tesseract (LANGS: eng, chi_sim, eng+chi_sim; default eng) instead of rejecting it as no_text_layer; its text_source is ocr")
    String ocrScanned;

    @Option(names = "--profile", paramLabel = "NAME|FILE",
            description = "render profile: a name in renderers/ or a .json file (default: the --engine's own, else the template's engine, else flying-saucer); flags below override it")
    String profileName;

    @Option(names = "--engine", paramLabel = "ENGINE", description = "renderer: flying-saucer or chromium (default: the profile's)")
    String engine;

    @Option(names = "--dpi", paramLabel = "DPI", description = "page image resolution (default: the profile's)")
    Float dpi;

    @Option(names = "--max-pages", paramLabel = "N", description = "pages rendered per document at most (default: the profile's)")
    Integer maxPages;

    @Option(names = "--render-timeout", paramLabel = "DURATION", description = "longest one whole document may take to render, all its chapters together, e.g. 60s or 2m (default: the profile's)")
    String renderTimeout;

    @Option(names = "--max-input-mb", paramLabel = "MB", description = "largest input file, and the most an .epub may unpack to (default: the profile's)")
    Integer maxInputMb;

    static Path templatesDir() {
        return Path.of(System.getProperty("pairforge.home", ".")).resolve("templates");
    }

    /** renderers/ beside the installation (bin/pairforge passes its root), else in the working folder. */
    static Path renderersDir() {
        return Path.of(System.getProperty("pairforge.home", ".")).resolve("renderers");
    }

    @Option(names = "--max-page-pixels", paramLabel = "N", description = "largest page raster, width x height (default: ${DEFAULT-VALUE})")
    long maxPagePixels = PageOptions.MAX_PIXELS;

    private static final org.pairforge.kinds.DocumentsKind KIND = new org.pairforge.kinds.DocumentsKind();

    @Override
    public Integer call() throws Exception {
        DocumentOptions options;
        RunConfig config;
        try {
            templateOptions.check(inputs);
            DocumentTemplates templates = templateOptions.active()
                    ? new DocumentTemplates(templatesDir(), templateOptions.template) : null;
            if (profileName == null) {
                // Each engine's bundled profile is named after it: --engine alone picks that engine's defaults.
                if (engine != null && DocumentOptions.ENGINES.contains(engine)) {
                    profileName = engine;
                } else {
                    profileName = templates != null ? templates.preferredEngine() : FlyingSaucerEngine.NAME;
                }
            }
            DocumentOptions.Builder b = DocumentOptions.fromProfile(profileName, renderersDir()).maxPagePixels(maxPagePixels);
            if (engine != null) {
                b.engine(engine);
            }
            if (dpi != null) {
                b.dpi(dpi);
            }
            if (maxPages != null) {
                b.maxPages(maxPages);
            }
            if (renderTimeout != null) {
                b.renderTimeout(Durations.parse("--render-timeout", renderTimeout));
            }
            if (maxInputMb != null) {
                b.maxInputBytes((long) maxInputMb << 20);
            }
            options = b.markdown(markdown.options(org.pairforge.markdown.MarkdownOptions.TableFormat.HTML)).maxUnmapped(maxUnmapped).ocrLang(ocrScanned).build();
            if (templates != null) {
                Path generated = templateOptions.generatedDir(run.out("documents"));
                templates.generate(templateOptions.loadContent(), templateOptions.count, templateOptions.seed, generated);
                inputs = List.of(generated);
            }
            Map<String, Object> settings = new LinkedHashMap<>(KIND.settings(options));
            templateOptions.putSettings(settings);
            config = new RunConfig(KIND.name(), inputs, run.out(KIND.name()), run.workers, run.shardSize(KIND.shardSize()),
                    run.resume, run.overwrite, options.maxInputBytes(), settings);
        } catch (IllegalArgumentException | UsageException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
        return Runs.execute(spec.commandLine(), KIND.spec(options), config, run, check.enabled(), false);
    }
}
