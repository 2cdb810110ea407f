package org.pairforge.template;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.samskivert.mustache.Mustache;
import com.samskivert.mustache.Template;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Synthetic documents from structured content: a template under {@code templates/NAME/} (a Mustache XHTML
 * page and {@code style.json}, the ranges its style knobs are drawn from) is filled with a slice of the
 * content and one drawn style per document. Document {@code i} of seed {@code s} is the same file on every
 * run and machine (fonts permitting), so a fixture set is reproducible from its command line. The chosen
 * template and style ride along in the document's {@code <meta name="pairforge:*">} tags, where the
 * document pipeline picks them up into each page's metadata.
 */
public final class DocumentTemplates {
    public static final List<String> NAMES = List.of("ebook", "exam", "article");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path templatesDir;
    private final String name;
    private final Template page;
    private final StyleSampler styles;

    public DocumentTemplates(Path templatesDir, String name) throws IOException {
        if (!NAMES.contains(name)) {
            throw new IllegalArgumentException("--template must be one of " + NAMES + ", got '" + name + "'");
        }
        this.templatesDir = templatesDir;
        this.name = name;
        Path dir = templatesDir.resolve(name);
        Mustache.Compiler compiler = Mustache.compiler().nullValue("").withLoader(this::partial);
        try (Reader r = Files.newBufferedReader(dir.resolve("page.xhtml.mustache"), StandardCharsets.UTF_8)) {
            this.page = compiler.compile(r);
        }
        this.styles = new StyleSampler(JSON.readTree(dir.resolve("style.json").toFile()));
    }

    private Reader partial(String partialName) throws IOException {
        Path p = templatesDir.resolve(partialName + ".mustache").normalize();
        if (!p.startsWith(templatesDir.normalize())) {
            throw new IOException("partial outside templates/: " + partialName);
        }
        return Files.newBufferedReader(p, StandardCharsets.UTF_8);
    }

    /** The engine the template is designed for (e.g. chromium for CSS columns) when no flag says otherwise. */
    public String preferredEngine() {
        return styles.engine();
    }

    /** Writes documents {@code 0..count-1} as {@code NAME-SEED-NNNNN.xhtml} into {@code dir}; returns their paths. */
    public List<Path> generate(TemplateContent content, int count, long seed, Path dir) throws IOException {
        Files.createDirectories(dir);
        List<Path> files = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            Path file = dir.resolve(String.format("%s-%d-%05d.xhtml", name, seed, i));
            Files.writeString(file, render(content, seed, i), StandardCharsets.UTF_8);
            files.add(file);
        }
        return files;
    }

    String render(TemplateContent content, long seed, int index) throws IOException {
        SplittableRandom random = new SplittableRandom(seed * 1_000_003L + index);
        Map<String, Object> style = styles.sample(random, content);
        int wanted = styles.paragraphs(random);
        List<Map<String, Object>> sections = slice(content, wanted, random);

        Map<String, Object> model = new HashMap<>(style);
        model.put("template", name);
        model.put("lang", content.language());
        model.put("style_json", JSON.writeValueAsString(style));
        model.put("sections", sections);
        model.put("title", title(content, sections));
        if (name.equals("article") && !sections.isEmpty()) {
            // The first paragraph becomes the abstract, and is not repeated in the body.
            @SuppressWarnings("unchecked")
            List<String> first = (List<String>) sections.get(0).get("paragraphs");
            model.put("abstract", first.get(0));
            sections.get(0).put("paragraphs", first.subList(1, first.size()));
        }
        if (name.equals("exam")) {
            List<String> paragraphs = new ArrayList<>();
            for (Map<String, Object> s : sections) {
                @SuppressWarnings("unchecked")
                List<String> ps = (List<String>) s.get("paragraphs");
                paragraphs.addAll(ps);
            }
            model.put("questions", questions(ExamQuestions.make(content, paragraphs, Math.max(6, wanted), random),
                    (int) style.get("columns")));
            model.put("instructions", !content.isChinese() ? "Part I. Choose the best answer for each question."
                    : content.isTraditionalChinese() ? "一、選擇題：下列各題均有四個選項，其中只有一個符合題意。"
                    : "一、选择题：下列各题均有四个选项，其中只有一个符合题意。");
        }
        return page.execute(model);
    }

    private String title(TemplateContent content, List<Map<String, Object>> sections) {
        return switch (name) {
            case "exam" -> !content.isChinese() ? content.title() + ": Reading Quiz"
                    : content.title() + (content.isTraditionalChinese() ? " 單元測驗" : " 单元测验");
            default -> content.title();
        };
    }

    /** Consecutive sections from a random start until about {@code wanted} paragraphs, wrapping around. */
    private static List<Map<String, Object>> slice(TemplateContent content, int wanted, SplittableRandom random) {
        List<Map<String, Object>> out = new ArrayList<>();
        List<TemplateContent.Section> all = content.sections();
        if (all.isEmpty()) {
            return out;
        }
        int start = random.nextInt(all.size());
        int taken = 0;
        for (int i = 0; i < all.size() && taken < wanted; i++) {
            TemplateContent.Section s = all.get((start + i) % all.size());
            List<String> paragraphs = s.paragraphs().subList(0, Math.min(s.paragraphs().size(), wanted - taken));
            taken += paragraphs.size();
            Map<String, Object> section = new HashMap<>();
            section.put("number", out.size() + 1);
            section.put("heading", s.heading() != null ? s.heading() : content.title());
            section.put("byline", s.byline());
            section.put("paragraphs", paragraphs);
            out.add(section);
        }
        return out;
    }

    private static List<Map<String, Object>> questions(List<TemplateContent.Question> questions, int perRow) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (TemplateContent.Question q : questions) {
            List<Map<String, Object>> rows = new ArrayList<>();
            List<Map<String, Object>> cells = new ArrayList<>();
            for (int c = 0; c < q.choices().size(); c++) {
                cells.add(Map.of("letter", String.valueOf((char) ('A' + c)), "choice", q.choices().get(c)));
                if (cells.size() == perRow || c == q.choices().size() - 1) {
                    rows.add(Map.of("cells", cells));
                    cells = new ArrayList<>();
                }
            }
            out.add(Map.of("number", out.size() + 1, "text", q.text(), "rows", rows));
        }
        return out;
    }
}
