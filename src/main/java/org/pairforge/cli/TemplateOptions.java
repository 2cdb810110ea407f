package org.pairforge.cli;

import org.pairforge.core.UsageException;
import org.pairforge.template.TemplateContent;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** The options of commands that can make their own inputs from a template (documents, web). */
final class TemplateOptions {
    @Option(names = "--template", paramLabel = "NAME",
            description = "make synthetic inputs from templates/ instead of reading INPUT (documents: ebook, exam, article; web: landing, pricing, dashboard, table, form, blog, product, shop, signin, docs, chat, settings, mobile)")
    String template;

    @Option(names = "--content", paramLabel = "FILE",
            description = "with --template: the text to build from: an unpacked EPUB folder, corpus zh/*.json, or your JSON {title, sections, questions} (default: templates/content/sherlock-holmes.json)")
    Path content;

    @Option(names = "--count", paramLabel = "N", description = "with --template: how many to make (default: ${DEFAULT-VALUE})")
    int count = 10;

    @Option(names = "--seed", paramLabel = "S", description = "with --template: the seed every content and style choice derives from (default: ${DEFAULT-VALUE})")
    long seed = 0;

    boolean active() {
        return template != null;
    }

    /** Misuse stops the run: a template with inputs, a count below one, or nothing to do at all. */
    void check(List<Path> inputs) {
        if (template == null) {
            if (inputs.isEmpty()) {
                throw new UsageException("give at least one INPUT, or --template NAME");
            }
            return;
        }
        if (!inputs.isEmpty()) {
            throw new UsageException("--template makes its own inputs; give no INPUT (got " + inputs.get(0) + ")");
        }
        if (count < 1) {
            throw new UsageException("--count must be at least 1, got " + count);
        }
    }

    /** The content to build from: --content, else the public-domain English text bundled with the templates. */
    Path contentPath() {
        return content != null ? content : DocumentsCommand.templatesDir().resolve("content").resolve("sherlock-holmes.json");
    }

    /** The content, or a usage error saying what is wrong with the file the user named. */
    TemplateContent loadContent() {
        Path file = contentPath();
        if (!Files.exists(file)) {
            throw new UsageException("--content " + file + ": no such file or folder");
        }
        try {
            return TemplateContent.load(file);
        } catch (IOException e) {
            throw new UsageException("--content " + file + " cannot be read: " + e.getMessage());
        }
    }

    /** Where the made inputs go: named by template and seed, so the same command makes the same files (keys, --resume). */
    Path generatedDir(Path out) {
        return out.resolve("generated").resolve(template + "-" + seed);
    }

    void putSettings(Map<String, Object> settings) {
        if (template != null) {
            settings.put("template", template);
            settings.put("content", contentPath().toString());
            settings.put("count", count);
            settings.put("seed", seed);
        }
    }
}
