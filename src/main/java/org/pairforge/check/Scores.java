package org.pairforge.check;

import org.apache.commons.text.similarity.LevenshteinDistance;

import java.text.Normalizer;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How a reading of an image is scored against the pair's own text. Pages and web screenshots: character error
 * rate after {@link #normalize}; score = 1 − min(1, CER). Notebook figures: {@code text_recall}, the share of the
 * words read from the figure that occur in the code, and {@code chart_type_agreement} between the chart types
 * the caption names and the plotting calls in the code.
 */
public final class Scores {
    private Scores() {
    }

    /** A page's score. {@code exact} is false when the distance passed the bound: the score is then at most {@code score}. */
    public record PageScore(double score, Double cer, boolean exact, int referenceChars, int readChars) {
    }

    /** A figure's score; {@code textRecall} is null when no word could be read ({@code no_text}). */
    public record FigureScore(Double textRecall, int wordsRead, int wordsInCode, Double chartTypeAgreement,
                              Set<String> captionChartTypes, Set<String> codeChartTypes) {
    }

    private static final Pattern WHITESPACE = Pattern.compile("\\s+");

    /** Unicode NFKC, whitespace collapsed to one space, and no space next to a CJK character (OCR spaces those freely). */
    public static String normalize(String s) {
        String n = WHITESPACE.matcher(Normalizer.normalize(s, Normalizer.Form.NFKC)).replaceAll(" ").strip();
        StringBuilder out = new StringBuilder(n.length());
        for (int i = 0; i < n.length(); i++) {
            char c = n.charAt(i);
            if (c == ' ' && i > 0 && i + 1 < n.length() && (isCjk(n.codePointBefore(i)) || isCjk(n.codePointAt(i + 1)))) {
                continue;
            }
            out.append(c);
        }
        return out.toString();
    }

    static boolean isCjk(int cp) {
        Character.UnicodeScript script = Character.UnicodeScript.of(cp);
        if (script == Character.UnicodeScript.HAN || script == Character.UnicodeScript.HIRAGANA
                || script == Character.UnicodeScript.KATAKANA || script == Character.UnicodeScript.HANGUL) {
            return true;
        }
        Character.UnicodeBlock b = Character.UnicodeBlock.of(cp);
        return b == Character.UnicodeBlock.CJK_SYMBOLS_AND_PUNCTUATION || b == Character.UnicodeBlock.HALFWIDTH_AND_FULLWIDTH_FORMS;
    }

    /**
     * Character error rate of {@code read} against {@code reference}. With {@code minScore}, the edit distance is
     * banded by the largest one that still scores {@code minScore} (O(k·n) rather than O(n²)): past it, the exact
     * value does not change the verdict, and the score returned is the bound.
     */
    public static PageScore page(String read, String reference, Double minScore) {
        String r = normalize(read);
        String ref = normalize(reference);
        int n = ref.length();
        if (n == 0) {
            return new PageScore(r.isEmpty() ? 1.0 : 0.0, r.isEmpty() ? 0.0 : null, true, 0, r.length());
        }
        // Beyond n edits the score is 0 whatever the distance, so n always bounds the work.
        int bound = n;
        if (minScore != null) {
            bound = (int) Math.min(n, Math.floor((1 - minScore) * n + 1e-9));
        }
        if (Math.abs(r.length() - n) > bound) {
            return new PageScore(bounded(bound, n), null, false, n, r.length());
        }
        int d = new LevenshteinDistance(bound).apply(r, ref);
        if (d < 0) {
            return new PageScore(bounded(bound, n), null, false, n, r.length());
        }
        double cer = (double) d / n;
        return new PageScore(round(1 - Math.min(1, cer)), round(cer), true, n, r.length());
    }

    /**
     * A screen's score, whatever order the reader went in: the transcript's words matched one to one with the
     * text's (the same word first, then, among those left, a misread one within a quarter of its letters), and
     * the letters matched counted. {@code score} is their F1: {@code 2·matched / (referenceChars + readChars)}.
     */
    public record ScreenScore(double score, double recall, double precision, int matchedChars, int referenceChars, int readChars) {
    }

    /** Names of the metrics, as the {@code check} object records them. */
    public static final String CER = "cer", WORD_F1 = "word_f1";

    /** Runs of letters and digits, lower-cased; each Han, kana or Hangul character alone (readers space them freely). */
    private static final Pattern TOKEN = Pattern.compile("[\\p{IsHan}\\p{IsHiragana}\\p{IsKatakana}\\p{IsHangul}]|[\\p{L}\\p{N}&&[^\\p{IsHan}\\p{IsHiragana}\\p{IsKatakana}\\p{IsHangul}]]+");

    static List<String> tokens(String s) {
        List<String> out = new java.util.ArrayList<>();
        Matcher m = TOKEN.matcher(Normalizer.normalize(s, Normalizer.Form.NFKC).toLowerCase(Locale.ROOT));
        while (m.find()) {
            out.add(m.group());
        }
        return out;
    }

    /**
     * Order-independent: a UI in columns, cards and sidebars reads in another order than its DOM, which a
     * character error rate over the whole text counts as errors; another page's text still matches little.
     */
    public static ScreenScore screen(String read, String reference) {
        List<String> ref = tokens(reference);
        List<String> got = tokens(read);
        int refChars = ref.stream().mapToInt(String::length).sum();
        int readChars = got.stream().mapToInt(String::length).sum();
        if (refChars == 0 || readChars == 0) {
            double same = refChars == readChars ? 1.0 : 0.0;
            return new ScreenScore(same, same, same, 0, refChars, readChars);
        }
        Map<String, Integer> left = new java.util.HashMap<>();
        ref.forEach(t -> left.merge(t, 1, Integer::sum));
        int matched = 0;
        List<String> unmatched = new java.util.ArrayList<>();
        for (String t : got) {
            Integer n = left.get(t);
            if (n != null && n > 0) {
                left.put(t, n - 1);
                matched += t.length();
            } else {
                unmatched.add(t);
            }
        }
        // Misread words: each against the unmatched text words of about its length, the closest taken.
        java.util.TreeMap<Integer, List<String>> byLength = new java.util.TreeMap<>();
        left.forEach((t, n) -> {
            for (int i = 0; i < n; i++) {
                if (t.length() >= 3) {
                    byLength.computeIfAbsent(t.length(), k -> new java.util.ArrayList<>()).add(t);
                }
            }
        });
        byLength.values().forEach(java.util.Collections::sort); // the same choice on every run
        unmatched.sort(java.util.Comparator.comparingInt(String::length).reversed().thenComparing(java.util.Comparator.naturalOrder()));
        for (String t : unmatched) {
            int allowed = t.length() / 4;
            if (t.length() < 3 || allowed == 0) {
                continue;
            }
            String best = null;
            int bestD = allowed + 1;
            for (List<String> same : byLength.subMap(t.length() - allowed, true, t.length() + allowed, true).values()) {
                LevenshteinDistance lev = new LevenshteinDistance(bestD - 1);
                for (String c : same) {
                    int d = lev.apply(t, c);
                    if (d >= 0 && d < bestD) {
                        bestD = d;
                        best = c;
                        lev = new LevenshteinDistance(Math.max(0, d - 1));
                    }
                }
            }
            if (best != null) {
                byLength.get(best.length()).remove(best);
                matched += Math.max(t.length(), best.length()) - bestD;
            }
        }
        double recall = (double) matched / refChars;
        double precision = (double) matched / readChars;
        return new ScreenScore(round(2.0 * matched / (refChars + readChars)), round(Math.min(1, recall)), round(Math.min(1, precision)),
                matched, refChars, readChars);
    }

    private static double bounded(int bound, int n) {
        return Math.max(0, round(1 - Math.min(1, (bound + 1.0) / n)));
    }

    private static final Pattern WORDS = Pattern.compile("[\\p{IsAlphabetic}&&[^\\p{IsHan}]]{3,}|\\p{IsHan}+");

    /**
     * Month and weekday names: a date axis's tick labels, which come from the data, not from the code, so
     * counting them would fail every time-series figure.
     */
    private static final Set<String> DATE_TICKS = Set.of("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep",
            "sept", "oct", "nov", "dec", "january", "february", "march", "april", "june", "july", "august", "september",
            "october", "november", "december", "mon", "tue", "wed", "thu", "fri", "sat", "sun", "monday", "tuesday",
            "wednesday", "thursday", "friday", "saturday", "sunday");

    /** Distinct words of 3+ letters, or runs of Han characters, lower-cased, date tick labels left out: what text_recall counts. */
    public static Set<String> words(String s) {
        Set<String> out = new LinkedHashSet<>();
        Matcher m = WORDS.matcher(Normalizer.normalize(s, Normalizer.Form.NFKC));
        while (m.find()) {
            String w = m.group().toLowerCase(Locale.ROOT);
            if (!DATE_TICKS.contains(w)) {
                out.add(w);
            }
        }
        return out;
    }

    /**
     * @param figureText the text read from the figure
     * @param caption    the model's description of the figure (chart type words), or null (Tesseract reads text only)
     */
    public static FigureScore figure(String figureText, String caption, String code) {
        Set<String> read = words(figureText);
        String haystack = Normalizer.normalize(code, Normalizer.Form.NFKC).toLowerCase(Locale.ROOT);
        int found = 0;
        for (String w : read) {
            if (haystack.contains(w)) {
                found++;
            }
        }
        Double recall = read.isEmpty() ? null : round((double) found / read.size());
        Set<String> captionTypes = caption == null ? Set.of() : captionChartTypes(caption);
        Set<String> codeTypes = codeChartTypes(code);
        Double agreement = null;
        if (!captionTypes.isEmpty() && !codeTypes.isEmpty()) {
            agreement = captionTypes.stream().anyMatch(codeTypes::contains) ? 1.0 : 0.0;
        }
        return new FigureScore(recall, read.size(), found, agreement, captionTypes, codeTypes);
    }

    /** Chart type → words a caption uses for it. Order matters: "horizontal bar" before "bar". */
    private static final Map<String, Pattern> CAPTION_TYPES = new LinkedHashMap<>();
    /** Chart type → the plotting calls (matplotlib, pandas, seaborn, plotly) that draw it. */
    private static final Map<String, Pattern> CODE_TYPES = new LinkedHashMap<>();

    static {
        caption("barh", "horizontal bar");
        caption("bar", "bar (?:chart|graph|plot)|bars?\\b|column chart|histogram-like bar");
        caption("hist", "histograms?|distribution plot|density plot|kde");
        caption("scatter", "scatter|bubble chart");
        caption("pie", "pie|donut|doughnut");
        caption("heatmap", "heat ?maps?|confusion matrix|correlation matrix|matrix plot");
        caption("image", "\\bimage\\b|photograph|picture");
        caption("box", "box ?plots?|box-and-whisker|boxes");
        caption("violin", "violin");
        caption("line", "line (?:chart|graph|plot)|lines?\\b|time series|curves?");
        caption("area", "area (?:chart|plot)|stacked area");
        code("barh", "\\.barh\\(|kind\\s*=\\s*['\"]barh['\"]|orient\\s*=\\s*['\"]h['\"]");
        code("bar", "\\.bar\\(|kind\\s*=\\s*['\"]bar['\"]|barplot\\(|countplot\\(|\\.bar\\b|px\\.bar\\(|go\\.Bar\\(");
        code("hist", "\\.hist\\(|histplot\\(|distplot\\(|kdeplot\\(|displot\\(|kind\\s*=\\s*['\"](?:hist|kde|density)['\"]|px\\.histogram\\(");
        code("scatter", "\\.scatter\\(|scatterplot\\(|kind\\s*=\\s*['\"]scatter['\"]|px\\.scatter\\(|regplot\\(|lmplot\\(|pairplot\\(");
        code("pie", "\\.pie\\(|kind\\s*=\\s*['\"]pie['\"]|px\\.pie\\(");
        code("heatmap", "heatmap\\(|matshow\\(|pcolor(?:mesh)?\\(|imshow\\([^)]*(?:corr|confusion|matrix)|clustermap\\(");
        code("image", "imshow\\(|\\.show_image|plt\\.imread|Image\\.open");
        code("box", "boxplot\\(|kind\\s*=\\s*['\"]box['\"]|px\\.box\\(");
        code("violin", "violinplot\\(");
        code("line", "\\.plot\\(|(?<![\\w.])plot!?\\(|\\.errorbar\\(|lineplot\\(|kind\\s*=\\s*['\"]line['\"]|\\.semilogy\\(|\\.semilogx\\(|\\.loglog\\(|px\\.line\\(|\\.step\\(");
        code("area", "\\.fill_between\\(|\\.stackplot\\(|kind\\s*=\\s*['\"]area['\"]");
    }

    private static void caption(String type, String regex) {
        CAPTION_TYPES.put(type, Pattern.compile(regex, Pattern.CASE_INSENSITIVE));
    }

    private static void code(String type, String regex) {
        CODE_TYPES.put(type, Pattern.compile(regex));
    }

    static Set<String> captionChartTypes(String caption) {
        return matching(CAPTION_TYPES, caption);
    }

    static Set<String> codeChartTypes(String code) {
        return matching(CODE_TYPES, code);
    }

    private static Set<String> matching(Map<String, Pattern> types, String s) {
        Set<String> found = new TreeSet<>();
        types.forEach((type, p) -> {
            if (p.matcher(s).find()) {
                found.add(type);
            }
        });
        return found;
    }

    /** Scores carry four decimals: enough to sort by, and the same digits on every machine. */
    static double round(double v) {
        return Math.round(v * 10000) / 10000.0;
    }

    /** Whether a sample of {@code kind} is scored as a page or screen (CER against its text) rather than as a figure. */
    public static boolean scoredAsPage(String kind) {
        return !"notebook-figure".equals(kind);
    }
}
