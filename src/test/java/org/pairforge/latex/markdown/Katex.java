package org.pairforge.latex.markdown;

import com.fasterxml.jackson.databind.ObjectMapper;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * KaTeX (from npm, as bin/setup installs it) run by the system's node: which formulas of a Markdown text it
 * refuses, with {@code throwOnError}, as a reader rendering the dataset would meet them.
 */
public final class Katex {
    private static final ObjectMapper JSON = new ObjectMapper();
    static final Pattern INLINE = Pattern.compile("\\\\\\((.+?)\\\\\\)", Pattern.DOTALL);
    static final Pattern DISPLAY = Pattern.compile("\\\\\\[(.+?)\\\\\\]", Pattern.DOTALL);

    private Katex() {
    }

    public static Path home() {
        String dir = System.getenv().getOrDefault("PAIRFORGE_KATEX",
                Path.of(System.getProperty("user.home"), ".cache", "pairforge", "katex-0.16.47").toString());
        Path module = Path.of(dir, "node_modules", "katex");
        assertTrue(Files.isDirectory(module), "no KaTeX at " + module + " (run bin/setup)");
        return module;
    }

    /** The formulas of a Markdown text: {@code \( \)} inline, {@code \[ \]} display. */
    public record Formula(String latex, boolean display) {
    }

    public static List<Formula> formulas(String md) {
        List<Formula> out = new ArrayList<>();
        Matcher d = DISPLAY.matcher(md);
        while (d.find()) {
            out.add(new Formula(d.group(1), true));
        }
        Matcher i = INLINE.matcher(md);
        while (i.find()) {
            out.add(new Formula(i.group(1), false));
        }
        return out;
    }

    /** The error KaTeX gives for each formula, or null where it parses. */
    public static List<String> errors(List<Formula> formulas, Path work) throws Exception {
        Path in = work.resolve("formulas.json");
        List<Object> items = new ArrayList<>();
        for (Formula f : formulas) {
            items.add(List.of(f.latex(), f.display()));
        }
        JSON.writeValue(in.toFile(), items);
        Path script = work.resolve("katex-check.js");
        Files.writeString(script, """
                const katex = require(process.argv[2]);
                const items = JSON.parse(require('fs').readFileSync(process.argv[3], 'utf8'));
                const out = items.map(([f, display]) => {
                  try { katex.renderToString(f, {throwOnError: true, displayMode: display, strict: 'ignore'}); return null; }
                  catch (e) { return String(e.message); }
                });
                process.stdout.write(JSON.stringify(out));
                """);
        Process p = new ProcessBuilder("node", script.toString(), home().toString(), in.toString())
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        byte[] out = p.getInputStream().readAllBytes();
        assertEquals(0, p.waitFor(), "node failed");
        List<String> errors = new ArrayList<>();
        for (var n : JSON.readTree(new String(out, StandardCharsets.UTF_8))) {
            errors.add(n.isNull() ? null : n.asText());
        }
        return errors;
    }
}
