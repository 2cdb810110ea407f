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
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeSet;

/**
 * Synthetic web UIs (WebSight-style): {@code templates/web/NAME.html.mustache}, thirteen kinds of page, each
 * with layout variants, filled with content that fits its slots ({@link WebContent}: Datafaker's people,
 * companies, products, addresses; interface words from {@code ui.json}; long text from the content), in English
 * or Chinese, with pictures drawn as SVG ({@link WebImages}), styled by a palette, font, base size, corner
 * radius, spacing and variant drawn from {@code style.json}.
 *
 * <p>A template writes roles ({@code {{c.card}}}), which {@code roles.json} maps to Tailwind utility classes.
 * {@code --css tailwind} pages write those classes; {@code --css plain} pages write the role's name as a class.
 * Both inline the rules they use, cut from the stylesheets bin/web-css compiled with Tailwind at setup
 * ({@code templates/web/compiled/}), after a {@code :root} rule with the page's drawn palette, radius, spacing,
 * font and size: {@code KEY.html} alone draws the page. Page {@code i} of seed {@code s} is the same file on
 * every run. The drawn values ride along in a {@code <meta name="pairforge:style">} tag.
 */
public final class WebTemplates {
    public static final List<String> NAMES = List.of("landing", "pricing", "dashboard", "table", "form", "blog", "product",
            "shop", "signin", "docs", "chat", "settings", "mobile");
    public static final List<String> CSS = List.of("tailwind", "plain");
    public static final List<String> LANGUAGES = List.of("en", "zh");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String name;
    private final String css;
    private final Template page;
    private final JsonNode ranges;
    private final JsonNode roles;
    private final JsonNode ui;
    private final String compiled;
    private final Set<String> installed;

    public WebTemplates(Path templatesDir, String name) throws IOException {
        this(templatesDir, name, "tailwind");
    }

    /**
     * @param css {@code tailwind} or {@code plain}
     * @throws IllegalStateException when bin/web-css has not compiled the stylesheets since the roles changed
     */
    public WebTemplates(Path templatesDir, String name, String css) throws IOException {
        if (!NAMES.contains(name)) {
            throw new IllegalArgumentException("--template must be one of " + NAMES + ", got '" + name + "'");
        }
        if (!CSS.contains(css)) {
            throw new IllegalArgumentException("--css must be tailwind or plain, got '" + css + "'");
        }
        this.name = name;
        this.css = css;
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
        this.roles = JSON.readTree(dir.resolve("roles.json").toFile());
        this.ui = JSON.readTree(dir.resolve("ui.json").toFile());
        Path sheet = dir.resolve("compiled").resolve(css + ".css");
        Path stamp = dir.resolve("compiled").resolve("sources.sha256");
        java.io.ByteArrayOutputStream sources = new java.io.ByteArrayOutputStream();
        sources.write(Files.readAllBytes(dir.resolve("roles.json")));
        sources.write(Files.readAllBytes(dir.resolve("theme.css")));
        if (!Files.isRegularFile(sheet) || !Files.isRegularFile(stamp)
                || !Files.readString(stamp).strip().equals(org.pairforge.core.Hashing.sha256Hex(sources.toByteArray()))) {
            throw new IllegalStateException(sheet + " is missing or was compiled from other roles than templates/web/roles.json: "
                    + "run bin/setup (it compiles the web templates' CSS with Tailwind)");
        }
        this.compiled = Files.readString(sheet, StandardCharsets.UTF_8);
        this.installed = Set.of(GraphicsEnvironment.getLocalGraphicsEnvironment().getAvailableFontFamilyNames());
    }

    /** Writes pages {@code 0..count-1} in the content's language as {@code NAME-SEED-NNNNN.html} into {@code dir}. */
    public List<Path> generate(TemplateContent content, int count, long seed, Path dir) throws IOException {
        return generate(content, count, seed, dir, content.language().startsWith("zh") ? "zh" : "en");
    }

    /** @param lang {@code en} or {@code zh}: the interface's words, names and addresses; long text still comes from the content */
    public List<Path> generate(TemplateContent content, int count, long seed, Path dir, String lang) throws IOException {
        if (!LANGUAGES.contains(lang)) {
            throw new IllegalArgumentException("--lang must be en or zh, got '" + lang + "'");
        }
        Files.createDirectories(dir);
        WebContent.Text text = new WebContent.Text(content);
        List<Path> files = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            Path file = dir.resolve(String.format("%s-%d-%05d.html", name, seed, i));
            Files.writeString(file, render(text, lang, seed, i), StandardCharsets.UTF_8);
            files.add(file);
        }
        return files;
    }

    String render(WebContent.Text text, String lang, long seed, int index) throws IOException {
        SplittableRandom r = new SplittableRandom(seed * 1_000_003L + index + name.hashCode() + (lang.equals("zh") ? 7919 : 0));
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
        String layout = pick(r, layouts);
        style.put("layout", layout);
        style.put("css", css);
        style.put("lang", lang);

        Map<String, String> colours = new LinkedHashMap<>();
        palette.fields().forEachRemaining(e -> colours.put(e.getKey(), e.getValue().asText()));
        WebContent content = new WebContent(ui.get(lang), lang, text, r, colours.get("accent"));
        Map<String, Object> m = new HashMap<>(content.model(name, layout));
        m.put("lang", lang.equals("zh") ? "zh-CN" : "en");
        m.put("c", roleClasses(layout));
        m.put("v", Map.of(layout, true));
        m.put("css", "/*pairforge:css*/");
        String html = page.execute(m);
        String sheet = root(style, colours, lang) + CssRules.keep(compiled, classesOf(html));
        html = html.replace("/*pairforge:css*/", sheet);
        // The drawn style in a meta tag, like the document templates: it reaches each sample's metadata.
        return html.replaceFirst("<head>", "<head><meta name=\"pairforge:template\" content=\"" + name + "\">"
                + "<meta name=\"pairforge:style\" content=\"" + JSON.writeValueAsString(style).replace("\"", "&quot;") + "\">");
    }

    /** Each role's classes for this variant: the utilities (tailwind) or the role's name (plain); none for an empty role. */
    private Map<String, String> roleClasses(String layout) {
        Map<String, String> out = new HashMap<>();
        roles.fields().forEachRemaining(e -> {
            if (e.getKey().equals("_")) {
                return;
            }
            String cls = e.getKey().replace('_', '-');
            String utilities;
            if (e.getValue().isTextual()) {
                utilities = e.getValue().asText();
            } else {
                // A variant role on a page of another template's variants takes its first list.
                String variant = e.getValue().has(layout) ? layout : e.getValue().fieldNames().next();
                utilities = e.getValue().get(variant).asText();
                cls += "-" + variant;
            }
            out.put(e.getKey(), utilities.isBlank() ? "" : css.equals("tailwind") ? utilities : cls);
        });
        return out;
    }

    /** The page's theme: the drawn palette, radius, spacing unit, font and base size as the variables the compiled CSS reads. */
    private static String root(Map<String, Object> style, Map<String, String> c, String lang) {
        String fg = c.get("text");
        String card = c.get("surface");
        String font = "\"" + style.get("font_family") + "\"" + (lang.equals("zh") ? ", \"Noto Sans CJK SC\"" : "") + ", sans-serif";
        return ":root{--background:" + c.get("bg") + ";--foreground:" + fg + ";--card:" + card
                + ";--muted-foreground:" + c.get("muted") + ";--primary:" + c.get("accent") + ";--primary-foreground:" + c.get("on_accent")
                + ";--border:" + mix(fg, card, 0.16) + ";--soft:" + mix(c.get("accent"), card, 0.12)
                + ";--radius:" + style.get("radius_px") + "px;--spacing:" + String.format(Locale.ROOT, "%.4frem", 0.25 * (Double) style.get("spacing"))
                + ";--font:" + font + ";font-size:" + style.get("base_font_px") + "px}\n";
    }

    /** {@code a} over {@code b} at {@code share}, as #rrggbb. */
    static String mix(String a, String b, double share) {
        int x = Integer.parseInt(a.substring(1), 16), y = Integer.parseInt(b.substring(1), 16);
        int out = 0;
        for (int shift = 16; shift >= 0; shift -= 8) {
            int ca = (x >> shift) & 0xff, cb = (y >> shift) & 0xff;
            out |= ((int) Math.round(ca * share + cb * (1 - share))) << shift;
        }
        return String.format("#%06x", out);
    }

    /** Every class the page's elements write. */
    static Set<String> classesOf(String html) {
        Set<String> out = new TreeSet<>();
        for (org.jsoup.nodes.Element e : org.jsoup.Jsoup.parse(html).select("[class]")) {
            out.addAll(e.classNames());
        }
        return out;
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

    static <T> T pick(SplittableRandom r, List<T> options) {
        return options.get(r.nextInt(options.size()));
    }
}
