package org.pairforge.template;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.pairforge.document.EpubBook;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Structured text for templates, from a file: the corpus's Chinese classics (a JSON array of
 * {@code {chapter, paragraphs}}, or chinese-poetry's {@code {title, content: [{type, content: [{chapter,
 * author, paragraphs}]}]}}), an e-book (an unpacked EPUB folder), or a user's JSON:
 * {@code {"title", "sections": [{"heading", "byline"?, "paragraphs": [...]}], "questions"?: [{"text",
 * "choices": [...]}]}}.
 */
public record TemplateContent(String title, String language, List<Section> sections, List<Question> questions) {

    public record Section(String heading, String byline, List<String> paragraphs) {
    }

    public record Question(String text, List<String> choices) {
    }

    public static TemplateContent load(Path file) throws IOException {
        if (Files.isDirectory(file)) {
            return fromEpub(file);
        }
        JsonNode root = new ObjectMapper().readTree(file.toFile());
        String fallbackTitle = file.getFileName().toString().replaceFirst("\\.json$", "");
        List<Section> sections = new ArrayList<>();
        List<Question> questions = new ArrayList<>();
        String title = root.path("title").asText(fallbackTitle);
        if (root.isArray()) {
            addSections(root, sections);
        } else if (root.has("sections")) {
            addSections(root.get("sections"), sections);
        } else if (root.has("content")) {
            for (JsonNode group : root.get("content")) {
                addSections(group.has("content") ? group.get("content") : group, sections);
            }
        }
        for (JsonNode q : root.path("questions")) {
            List<String> choices = new ArrayList<>();
            q.path("choices").forEach(c -> choices.add(c.asText()));
            if (!q.path("text").asText().isBlank() && choices.size() >= 2) {
                questions.add(new Question(q.get("text").asText(), choices));
            }
        }
        if (sections.isEmpty() && questions.isEmpty()) {
            throw new IllegalArgumentException("--content " + file + " has no sections, paragraphs or questions");
        }
        return new TemplateContent(title, languageOf(title, sections), sections, questions);
    }

    private static void addSections(JsonNode items, List<Section> sections) {
        for (JsonNode item : items.isArray() ? items : List.of(items)) {
            List<String> paragraphs = new ArrayList<>();
            item.path("paragraphs").forEach(p -> {
                if (!p.asText().isBlank()) {
                    paragraphs.add(p.asText().strip());
                }
            });
            if (paragraphs.isEmpty()) {
                continue;
            }
            String heading = firstText(item, "heading", "chapter", "title");
            String byline = firstText(item, "byline", "author");
            sections.add(new Section(heading, byline, paragraphs));
        }
    }

    private static String firstText(JsonNode item, String... fields) {
        for (String f : fields) {
            if (item.hasNonNull(f) && !item.get(f).asText().isBlank()) {
                return item.get(f).asText().strip();
            }
        }
        return null;
    }

    private static TemplateContent fromEpub(Path dir) throws IOException {
        try {
            EpubBook book = EpubBook.open(dir);
            List<Section> sections = new ArrayList<>();
            for (Path chapter : book.chapters()) {
                EpubBook.ChapterText text = EpubBook.text(chapter);
                if (text.paragraphs().size() >= 3) {
                    sections.add(new Section(text.heading(), null, text.paragraphs()));
                }
            }
            String title = book.title() != null ? book.title() : dir.getFileName().toString();
            return new TemplateContent(title, languageOf(title, sections), sections, List.of());
        } catch (org.pairforge.core.UnreadableInputException e) {
            throw new IOException(e.getMessage(), e);
        }
    }

    /**
     * Frequent characters written differently in the two Chinese scripts (each only in its own script), to tell
     * a traditional text from a simplified one: enough to classify a text, not to convert one.
     */
    private static final String TRADITIONAL_ONLY = "這們說為來個學國時會對詩語見無長東門馬風間問聽開關飛歸鄉書紅鳥龍萬歲願遠"
            + "還過進連邊發將爾親賢義禮樂孫車軍頭華樓夢聲燈淚難觀歡應當從眾氣聞陽陰麼誰謂請讀論顏";
    private static final String SIMPLIFIED_ONLY = "这们说为来个学国时会对诗语见无长东门马风间问听开关飞归乡书红鸟龙万岁愿远"
            + "还过进连边发将尔亲贤义礼乐孙车军头华楼梦声灯泪难观欢应当从众气闻阳阴么谁谓请读论颜";

    /** zh-Hant or zh-CN when Han characters dominate the letters (by which script's own forms it uses), else en. */
    static String languageOf(String title, List<Section> sections) {
        long han = 0;
        long letters = 0;
        long traditional = 0;
        long simplified = 0;
        StringBuilder sample = new StringBuilder(title);
        for (Section s : sections.subList(0, Math.min(5, sections.size()))) {
            s.paragraphs().forEach(sample::append);
        }
        for (int i = 0; i < sample.length(); i++) {
            char c = sample.charAt(i);
            if (Character.isLetter(c)) {
                letters++;
                if (Character.UnicodeScript.of(c) == Character.UnicodeScript.HAN) {
                    han++;
                    traditional += TRADITIONAL_ONLY.indexOf(c) >= 0 ? 1 : 0;
                    simplified += SIMPLIFIED_ONLY.indexOf(c) >= 0 ? 1 : 0;
                }
            }
        }
        if (han * 2 <= letters) {
            return "en";
        }
        return traditional > simplified ? "zh-Hant" : "zh-CN";
    }

    public boolean isChinese() {
        return language.toLowerCase(Locale.ROOT).startsWith("zh");
    }

    /** Chinese in traditional characters (Taiwan, Hong Kong, classical editions). */
    public boolean isTraditionalChinese() {
        return language.toLowerCase(Locale.ROOT).startsWith("zh-hant");
    }
}
