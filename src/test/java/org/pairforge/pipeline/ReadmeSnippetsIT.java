package org.pairforge.pipeline;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pairforge.core.Extraction;
import org.pairforge.core.Sample;

import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import java.io.ByteArrayOutputStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The README's library snippets, exactly as written there, compiled with the JDK's compiler against the test
 * class path and run on the corpus: a snippet that no longer compiles or no longer works fails here. Each
 * snippet ends with an {@code Extraction result} in scope, which the test then checks.
 */
class ReadmeSnippetsIT {
    private static final Pattern SNIPPET = Pattern.compile("<!-- snippet: (\\w+) -->\\n```java\\n(.*?)\\n```", Pattern.DOTALL);
    private static final Map<String, String> SNIPPETS = new LinkedHashMap<>();

    @TempDir
    static Path classes;

    @BeforeAll
    static void readReadme() throws Exception {
        Matcher m = SNIPPET.matcher(Files.readString(Path.of("README.md")));
        while (m.find()) {
            SNIPPETS.put(m.group(1), m.group(2));
        }
        assertEquals(java.util.Set.of("notebooks", "documents", "latex", "web", "stage", "check"), SNIPPETS.keySet());
    }

    private static Extraction run(String name) throws Exception {
        String className = "Snippet_" + name;
        String source = """
                import java.nio.file.*;
                import java.util.*;
                import org.pairforge.core.*;
                import org.pairforge.pipeline.*;
                import org.pairforge.notebook.NotebookOptions;
                import org.pairforge.document.DocumentOptions;
                import org.pairforge.latex.LatexOptions;
                import org.pairforge.markdown.MarkdownOptions;
                import org.pairforge.web.WebOptions;
                import org.pairforge.check.*;
                public class %s {
                    public static Extraction run() throws Exception {
                %s
                        return result;
                    }
                }
                """.formatted(className, SNIPPETS.get(name));
        Path file = classes.resolve(className + ".java");
        Files.writeString(file, source);
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        ByteArrayOutputStream errors = new ByteArrayOutputStream();
        int code = javac.run(null, null, errors, "-d", classes.toString(), "-classpath", System.getProperty("java.class.path"),
                file.toString());
        assertEquals(0, code, "the README's " + name + " snippet compiles:\n" + errors.toString(StandardCharsets.UTF_8));
        try (URLClassLoader loader = new URLClassLoader(new URL[]{classes.toUri().toURL()}, ReadmeSnippetsIT.class.getClassLoader())) {
            return (Extraction) loader.loadClass(className).getMethod("run").invoke(null);
        }
    }

    @Test
    void notebooks() throws Exception {
        Extraction result = run("notebooks");
        assertTrue(result.samples().size() >= 3, "figures: " + result.samples().size());
        for (Sample s : result.samples()) {
            assertEquals("notebook-figure", s.metadata().get("kind"));
            assertTrue(s.key().startsWith(org.pairforge.core.Hashing.sourceKey("notebooks/04.01-Simple-Line-Plots.ipynb")));
            assertNotNull(s.dedupKey());
        }
    }

    @Test
    void documents() throws Exception {
        Extraction result = run("documents");
        assertEquals(3, result.samples().size(), "--max-pages 3");
        assertTrue(result.samples().get(0).text().contains("To Sherlock Holmes she is always"), result.samples().get(0).text());
        assertTrue(result.rejections().stream().anyMatch(r -> r.reason().equals("too_many_pages")), result.rejections().toString());
    }

    @Test
    void latex() throws Exception {
        Extraction result = run("latex");
        assertEquals(2, result.samples().size(), result.rejections().toString());
        for (Sample s : result.samples()) {
            assertEquals("latex-page", s.metadata().get("kind"));
            assertFalse(s.extras().get("tex").isBlank(), "the page's LaTeX lines");
            assertTrue(s.extras().get("md").startsWith("# Converging") || s.extras().get("md").contains("# I. INTRODUCTION")
                    || s.extras().get("md").length() > 500, "the page's Markdown: " + s.extras().get("md"));
            assertFalse(s.extras().get("grounding.txt").isBlank(), "grounding text asked for");
            assertFalse(s.metadata().containsKey("compile_seconds"), "no timings in a sample");
        }
        assertTrue(result.seconds().get("compile") > 0, "timings go to the extraction: " + result.seconds());
    }

    @Test
    void web() throws Exception {
        Extraction result = run("web");
        assertEquals(1, result.samples().size(), result.rejections().toString());
        Sample shot = result.samples().get(0);
        assertEquals(800, shot.image().width());
        assertTrue(shot.text().contains("Sherlock Holmes"), shot.text());
    }

    @Test
    void stage() throws Exception {
        Extraction result = run("stage");
        assertFalse(result.samples().isEmpty());
        for (Sample s : result.samples()) {
            int words = (Integer) s.metadata().get("word_count");
            assertTrue(words >= 50);
            assertEquals(Integer.toString(words), s.extras().get("words.txt"));
        }
        for (org.pairforge.core.Rejection r : result.rejections()) {
            if (r.reason().equals("too_few_words")) {
                assertTrue(r.message().contains("under 50"), r.message());
            }
        }
    }

    @Test
    void check() throws Exception {
        Extraction result = run("check");
        assertEquals(2, result.samples().size(), result.rejections().toString());
        for (Sample s : result.samples()) {
            Map<?, ?> check = (Map<?, ?>) s.metadata().get("check");
            assertEquals("tesseract", check.get("checker"));
            assertEquals("ok", check.get("status"));
            assertTrue(((Number) ((Map<?, ?>) check.get("scores")).get("score")).doubleValue() >= 0.8, check.toString());
            assertTrue(s.extras().get("caption.txt").contains("Holmes"), s.extras().get("caption.txt"));
        }
    }
}
