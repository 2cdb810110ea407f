package org.pairforge.template;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.samskivert.mustache.Mustache;
import com.samskivert.mustache.Template;

import java.awt.GraphicsEnvironment;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Synthetic web UIs (WebSight-style) from real text: {@code templates/web/NAME.html.mustache} filled with
 * words, sentences and paragraphs drawn from the content (an e-book, the Chinese classics, a user's JSON)
 * and numbers drawn for figures, styled by a palette, font, size, corner radius, spacing and layout variant
 * drawn from {@code templates/web/style.json}. Page {@code i} of seed {@code s} is the same file on every
 * run. The drawn values ride along in a {@code <meta name="pairforge:style">} tag.
 */
public final class WebTemplates {
    public static final List<String> NAMES = List.of("landing", "dashboard", "form", "pricing", "blog", "table");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern SENTENCE = Pattern.compile("[^.!?。！？]{12,140}[.!?。！？]");
    private static final Pattern WORD = Pattern.compile("\\p{L}{4,12}");

    private final String name;
    private final Template page;
    private final JsonNode ranges;
    private final Set<String> installed;

    public WebTemplates(Path templatesDir, String name) throws IOException {
        if (!NAMES.contains(name)) {
            throw new IllegalArgumentException("--template must be one of " + NAMES + ", got '" + name + "'");
        }
        this.name = name;
        Path dir = templatesDir.resolve("web");
        Mustache.Compiler compiler = Mustache.compiler().nullValue("").withLoader(partial -> {
            Path p = templatesDir.resolve(partial + ".mustache").normalize();
            if (!p.startsWith(templatesDir.normalize())) {
                throw new IOException("partial outside templates/: " + partial);
            }
            return Files.newBufferedReader(p, StandardCharsets.UTF_8);
        });
        try (Reader r = Files.newBufferedReader(dir.resolve(name + ".html.mustache"), StandardCharsets.UTF_8)) {
            this.page = compiler.compile(r);
        }
        this.ranges = JSON.readTree(dir.resolve("style.json").toFile());
        this.installed = Set.of(GraphicsEnvironment.getLocalGraphicsEnvironment().getAvailableFontFamilyNames());
    }

    /** Writes pages {@code 0..count-1} as {@code NAME-SEED-NNNNN.html} into {@code dir}. */
    public List<Path> generate(TemplateContent content, int count, long seed, Path dir) throws IOException {
        Files.createDirectories(dir);
        Text text = new Text(content);
        List<Path> files = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            Path file = dir.resolve(String.format("%s-%d-%05d.html", name, seed, i));
            Files.writeString(file, render(text, content.language(), seed, i), StandardCharsets.UTF_8);
            files.add(file);
        }
        return files;
    }

    String render(Text text, String lang, long seed, int index) throws IOException {
        SplittableRandom r = new SplittableRandom(seed * 1_000_003L + index + name.hashCode());
        Map<String, Object> style = new LinkedHashMap<>();
        JsonNode palettes = ranges.get("palettes");
        JsonNode palette = palettes.get(r.nextInt(palettes.size()));
        style.put("palette", palette.get("name").asText());
        style.put("font_family", pick(r, fonts()));
        style.put("base_font_px", (int) Math.round(number(r, "base_font_px")));
        style.put("radius_px", (int) Math.round(number(r, "radius_px")));
        double spacing = Math.round(number(r, "spacing") * 100) / 100.0;
        style.put("spacing", spacing);
        List<String> layouts = new ArrayList<>();
        ranges.path("layouts").path(name).forEach(l -> layouts.add(l.asText()));
        style.put("layout", pick(r, layouts));

        Map<String, Object> m = new HashMap<>(style);
        palette.fields().forEachRemaining(e -> m.put(e.getKey(), e.getValue().asText()));
        int pad = (int) Math.round(24 * spacing);
        m.put("pad", pad);
        m.put("pad_half", pad / 2);
        m.put("pad2", pad * 2);
        m.put("gap", (int) Math.round(16 * spacing));
        m.put("gap_half", (int) Math.round(8 * spacing));
        m.put("lang", lang);
        m.put("template", name);
        m.put("brand", text.word(r));
        m.put("nav", text.words(r, 4));
        m.put("headline", text.sentence(r, 80));
        m.put("subhead", text.sentence(r, 160));
        m.put("cta", pick(r, List.of("Get started", "Try it free", "Sign up", "Request a demo", "Learn more", "Subscribe")));
        switch (name) {
            case "landing" -> m.put("features", repeat(3 + r.nextInt(4), () -> Map.of("title", text.title(r), "text", text.sentence(r, 160))));
            case "dashboard" -> {
                m.put("kpis", repeat(4, () -> Map.of("label", text.title(r), "value", String.format(Locale.ROOT, "%,d", r.nextInt(100, 99_999)),
                        "delta", (r.nextBoolean() ? "+" : "−") + r.nextInt(1, 40) + "% vs last month")));
                m.put("chart_title", text.title(r));
                m.put("bars", repeat(12, () -> 10 + r.nextInt(90)));
                putTable(m, text, r, 4, 6);
            }
            case "form" -> {
                m.put("fields", repeat(4 + r.nextInt(3), () -> Map.of("label", text.title(r), "placeholder", text.word(r))));
                m.put("select_label", text.title(r));
                m.put("options", text.words(r, 4));
                m.put("textarea_label", text.title(r));
                m.put("textarea_text", text.sentence(r, 140));
                m.put("consent", text.sentence(r, 90));
            }
            case "pricing" -> {
                int tiers = 3 + r.nextInt(2);
                int featured = r.nextInt(tiers);
                List<Object> list = new ArrayList<>();
                for (int t = 0; t < tiers; t++) {
                    list.add(Map.of("name", text.title(r), "price", "$" + (t * 15 + r.nextInt(5, 20)) + "/mo",
                            "blurb", text.sentence(r, 100), "perks", repeat(3 + r.nextInt(3), () -> text.title(r)),
                            "featured", t == featured, "cta", m.get("cta")));
                }
                m.put("tiers", list);
            }
            case "blog" -> {
                m.put("byline", "By " + text.word(r) + " " + text.word(r) + " · " + (1 + r.nextInt(28)) + " "
                        + pick(r, List.of("January", "March", "May", "July", "September", "November")) + " " + (2015 + r.nextInt(11)));
                m.put("paragraphs", text.paragraphs(r, 3 + r.nextInt(3)));
                m.put("aside_title", text.title(r));
                m.put("recent", repeat(4, () -> text.sentence(r, 70)));
            }
            case "table" -> putTable(m, text, r, 4 + r.nextInt(3), 8 + r.nextInt(8));
            default -> throw new IllegalStateException(name);
        }
        String html = page.execute(m);
        // The drawn style in a meta tag, like the document templates: it reaches each sample's metadata.
        return html.replaceFirst("<head>", "<head><meta name=\"pairforge:template\" content=\"" + name + "\">"
                + "<meta name=\"pairforge:style\" content=\"" + JSON.writeValueAsString(style).replace("\"", "&quot;") + "\">");
    }

    private static void putTable(Map<String, Object> m, Text text, SplittableRandom r, int columns, int rows) {
        m.put("table_title", text.title(r));
        List<String> header = new ArrayList<>(List.of(text.title(r)));
        header.addAll(text.words(r, columns - 1));
        m.put("columns", header);
        m.put("rows", repeat(rows, () -> {
            List<String> cells = new ArrayList<>(List.of(text.word(r) + " " + text.word(r)));
            for (int c = 1; c < columns; c++) {
                cells.add(c % 2 == 1 ? String.format(Locale.ROOT, "%,d", r.nextInt(1, 50_000)) : text.word(r));
            }
            return Map.of("cells", cells);
        }));
    }

    private List<String> fonts() {
        List<String> usable = new ArrayList<>();
        ranges.path("font_family").forEach(f -> {
            if (installed.contains(f.asText())) {
                usable.add(f.asText());
            }
        });
        if (usable.isEmpty()) {
            throw new IllegalStateException("none of templates/web/style.json's fonts is installed (run bin/setup)");
        }
        return usable;
    }

    private double number(SplittableRandom r, String field) {
        JsonNode range = ranges.path(field);
        return range.get(0).asDouble() + r.nextDouble() * (range.get(1).asDouble() - range.get(0).asDouble());
    }

    private static <T> T pick(SplittableRandom r, List<T> options) {
        return options.get(r.nextInt(options.size()));
    }

    private static <T> List<T> repeat(int n, java.util.function.Supplier<T> make) {
        List<T> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(make.get());
        }
        return out;
    }

    /** The content cut into what UIs are made of: words, short titles, sentences and paragraphs. */
    static final class Text {
        private final List<String> words = new ArrayList<>();
        private final List<String> sentences = new ArrayList<>();
        private final List<String> paragraphs = new ArrayList<>();

        Text(TemplateContent content) {
            Set<String> seen = new LinkedHashSet<>();
            for (TemplateContent.Section s : content.sections()) {
                for (String p : s.paragraphs()) {
                    paragraphs.add(p);
                    Matcher sm = SENTENCE.matcher(p);
                    while (sm.find()) {
                        sentences.add(sm.group().strip());
                    }
                    Matcher wm = WORD.matcher(p);
                    while (wm.find()) {
                        String w = wm.group();
                        if (seen.add(w.toLowerCase(Locale.ROOT))) {
                            words.add(Character.toUpperCase(w.charAt(0)) + w.substring(1));
                        }
                    }
                }
            }
            if (words.size() < 20 || sentences.size() < 10) {
                throw new IllegalArgumentException("--content has too little text for web templates: "
                        + words.size() + " words, " + sentences.size() + " sentences");
            }
        }

        String word(SplittableRandom r) {
            return words.get(r.nextInt(words.size()));
        }

        List<String> words(SplittableRandom r, int n) {
            return repeat(n, () -> word(r));
        }

        String title(SplittableRandom r) {
            return word(r) + " " + word(r).toLowerCase(Locale.ROOT);
        }

        /** A sentence of at most {@code max} characters (cut at a word boundary). */
        String sentence(SplittableRandom r, int max) {
            String s = sentences.get(r.nextInt(sentences.size()));
            if (s.length() <= max) {
                return s;
            }
            int cut = s.lastIndexOf(' ', max);
            return (cut > 20 ? s.substring(0, cut) : s.substring(0, max)).replaceAll("[,;:]$", "");
        }

        List<String> paragraphs(SplittableRandom r, int n) {
            int start = r.nextInt(paragraphs.size());
            List<String> out = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                out.add(paragraphs.get((start + i) % paragraphs.size()));
            }
            return out;
        }
    }
}
