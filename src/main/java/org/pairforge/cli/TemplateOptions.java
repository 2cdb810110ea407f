package org.pairforge.cli;

import org.pairforge.run.UsageException;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** The options of commands that can make their own inputs from a template (documents, web). */
final class TemplateOptions {
    @Option(names = "--template", paramLabel = "NAME",
            description = "make synthetic inputs from templates/ instead of reading INPUT (documents: ebook, exam, article; web: landing, dashboard, form, pricing, blog, table)")
    String template;

    @Option(names = "--content", paramLabel = "FILE",
            description = "with --template: the text to build from: an unpacked EPUB folder, corpus zh/*.json, or your JSON {title, sections, questions}")
    Path content;

    @Option(names = "--count", paramLabel = "N", description = "with --template: how many to make (default: ${DEFAULT-VALUE})")
    int count = 10;

    @Option(names = "--seed", paramLabel = "S", description = "with --template: the seed every content and style choice derives from (default: ${DEFAULT-VALUE})")
    long seed = 0;

    boolean active() {
        return template != null;
    }

    /** Misuse stops the run: a template with inputs or without content, or nothing to do at all. */
    void check(List<Path> inputs) {
        if (template == null) {
            if (inputs.isEmpty()) {
                throw new UsageException("give at least one INPUT, or --template NAME --content FILE");
            }
            return;
        }
        if (!inputs.isEmpty() || content == null) {
            throw new UsageException("--template makes its own inputs from --content FILE; give no INPUT");
        }
        if (count < 1) {
            throw new UsageException("--count must be at least 1, got " + count);
        }
    }

    /** Where the made inputs go: named by template and seed, so the same command makes the same files (keys, --resume). */
    Path generatedDir(Path out) {
        return out.resolve("generated").resolve(template + "-" + seed);
    }

    void putSettings(Map<String, Object> settings) {
        if (template != null) {
            settings.put("template", template);
            settings.put("content", content.toString());
            settings.put("count", count);
            settings.put("seed", seed);
        }
    }
}
