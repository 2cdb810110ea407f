package org.pairforge.template;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Multiple-choice questions for the exam template. A user's own questions are used as given; from plain
 * text they are made the way K-12 sheets often are: for Chinese, "which line follows「…」?" with the true next
 * clause among three others from the text; for English, a sentence with one word blanked and that word among
 * three others.
 */
final class ExamQuestions {
    private ExamQuestions() {
    }

    private static final Pattern CLAUSE = Pattern.compile("[^，。；？！、：“”「」]+[，。；？！]");
    private static final Pattern SENTENCE = Pattern.compile("[^.!?]{40,200}[.!?]");
    private static final Pattern LONG_WORD = Pattern.compile("\\b[A-Za-z]{6,}\\b");

    static List<TemplateContent.Question> make(TemplateContent content, List<String> paragraphs, int count, SplittableRandom random) {
        if (!content.questions().isEmpty()) {
            List<TemplateContent.Question> pool = new ArrayList<>(content.questions());
            List<TemplateContent.Question> out = new ArrayList<>();
            int start = random.nextInt(pool.size());
            for (int i = 0; i < Math.min(count, pool.size()); i++) {
                out.add(pool.get((start + i) % pool.size()));
            }
            return out;
        }
        return content.isChinese() ? nextLine(paragraphs, count, random) : cloze(paragraphs, count, random);
    }

    private static List<TemplateContent.Question> nextLine(List<String> paragraphs, int count, SplittableRandom random) {
        List<String> clauses = new ArrayList<>();
        for (String p : paragraphs) {
            Matcher m = CLAUSE.matcher(p);
            while (m.find()) {
                String c = m.group().substring(0, m.group().length() - 1).strip();
                if (c.length() >= 3) {
                    clauses.add(c);
                }
            }
        }
        List<TemplateContent.Question> out = new ArrayList<>();
        for (int tries = 0; out.size() < count && tries < count * 10 && clauses.size() >= 5; tries++) {
            int i = random.nextInt(clauses.size() - 1);
            List<String> choices = choices(clauses.get(i + 1), clauses, clauses.get(i), random);
            if (choices != null) {
                out.add(new TemplateContent.Question("「" + clauses.get(i) + "」的下一句是：", choices));
            }
        }
        return out;
    }

    private static List<TemplateContent.Question> cloze(List<String> paragraphs, int count, SplittableRandom random) {
        List<String> sentences = new ArrayList<>();
        List<String> words = new ArrayList<>();
        for (String p : paragraphs) {
            Matcher s = SENTENCE.matcher(p);
            while (s.find()) {
                sentences.add(s.group().strip());
            }
            Matcher w = LONG_WORD.matcher(p);
            while (w.find()) {
                words.add(w.group().toLowerCase(java.util.Locale.ROOT));
            }
        }
        List<TemplateContent.Question> out = new ArrayList<>();
        for (int tries = 0; out.size() < count && tries < count * 10 && !sentences.isEmpty() && words.size() >= 5; tries++) {
            String sentence = sentences.get(random.nextInt(sentences.size()));
            Matcher w = LONG_WORD.matcher(sentence);
            List<int[]> spans = new ArrayList<>();
            while (w.find()) {
                spans.add(new int[]{w.start(), w.end()});
            }
            if (spans.isEmpty()) {
                continue;
            }
            int[] blank = spans.get(random.nextInt(spans.size()));
            String answer = sentence.substring(blank[0], blank[1]).toLowerCase(java.util.Locale.ROOT);
            List<String> choices = choices(answer, words, answer, random);
            if (choices != null) {
                out.add(new TemplateContent.Question("Fill in the blank: " + sentence.substring(0, blank[0]) + "______"
                        + sentence.substring(blank[1]), choices));
            }
        }
        return out;
    }

    /** The answer and three distinct others (never the question's own clause), in a random order; null when the pool is too small. */
    private static List<String> choices(String answer, List<String> pool, String exclude, SplittableRandom random) {
        Set<String> picked = new LinkedHashSet<>();
        picked.add(answer);
        for (int tries = 0; picked.size() < 4 && tries < 50; tries++) {
            String c = pool.get(random.nextInt(pool.size()));
            if (!c.equals(exclude)) {
                picked.add(c);
            }
        }
        if (picked.size() < 4) {
            return null;
        }
        List<String> shuffled = new ArrayList<>(picked);
        for (int i = shuffled.size() - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            String t = shuffled.get(i);
            shuffled.set(i, shuffled.get(j));
            shuffled.set(j, t);
        }
        return shuffled;
    }
}
