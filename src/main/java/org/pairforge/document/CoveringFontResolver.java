package org.pairforge.document;

import com.lowagie.text.pdf.BaseFont;
import org.xhtmlrenderer.css.value.FontSpecification;
import org.xhtmlrenderer.layout.SharedContext;
import org.xhtmlrenderer.pdf.FontFamily;
import org.xhtmlrenderer.pdf.ITextFontResolver;
import org.xhtmlrenderer.render.FSFont;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Text;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Flying Saucer draws a whole run with the first family of a {@code font-family} list it knows, and drops
 * every character that font lacks: it has no per-glyph fallback. So a Chinese e-book whose CSS says
 * {@code font-family: serif} (Times, Latin only) or names a Latin font lost all its Chinese. This resolver
 * does per document what a browser does per glyph: of the families a rule asks for, it uses the first one
 * whose font can draw every character the document shows, and the generic families ({@code serif},
 * {@code sans-serif}, {@code monospace}) mean the installed DejaVu and Noto CJK fonts, not the PDF
 * base-14 fonts. When no font covers everything, the one that covers most is used, and the glyph-coverage
 * check still rejects the page.
 */
final class CoveringFontResolver extends ITextFontResolver {
    private int[] needed;
    private final String cjkSuffix;
    private final Map<String, Integer> missingByFamily = new HashMap<>();
    private final Map<List<String>, String[]> chosen = new HashMap<>();

    /**
     * @param shownText the text the document shows
     * @param lang      the document's language tag, which picks the CJK fonts' regional glyph forms
     */
    CoveringFontResolver(String shownText, String lang) {
        this.needed = shownText.codePoints().filter(GlyphCoverage::needsGlyph).distinct().toArray();
        this.cjkSuffix = cjkRegion(lang);
    }

    /** The distinct characters of the shown text that need a glyph (those outside fallback runs, after {@link #fallBackPerRun}). */
    int[] needed() {
        return needed.clone();
    }

    /** Marks the spans {@link #fallBackPerRun} makes. */
    static final String FALLBACK_ATTRIBUTE = "data-pairforge-fallback";

    /**
     * A browser falls back per glyph; Flying Saucer cannot, and this resolver's per-document choice put a whole
     * English page in Noto CJK (its wide punctuation and tall lines included) for the sake of three Chinese
     * characters in one example. So, in a document not written in a CJK language, each run of characters
     * DejaVu lacks and Noto CJK draws is wrapped in a span of the CJK family, as a browser would draw it, and
     * the document-wide choice then only has to cover the text outside those runs. A text that is mostly CJK
     * (over 30% of its characters), tagged or not, keeps the document-wide choice. Call after the fonts are
     * registered and before layout.
     */
    void fallBackPerRun(Document doc) {
        BaseFont latin = regular("DejaVu Serif");
        String cjkFamily = "Noto Sans CJK " + cjkSuffix;
        BaseFont cjk = regular(cjkFamily);
        if (latin == null || cjk == null) {
            return;
        }
        List<Text> texts = new ArrayList<>();
        collectTexts(doc.getDocumentElement(), texts);
        long marks = 0;
        long fallbackMarks = 0;
        for (Text text : texts) {
            for (int cp : text.getData().codePoints().toArray()) {
                if (GlyphCoverage.needsGlyph(cp)) {
                    marks++;
                    fallbackMarks += !latin.charExists(cp) && cjk.charExists(cp) ? 1 : 0;
                }
            }
        }
        if (fallbackMarks == 0 || fallbackMarks * 10 > marks * 3) {
            return; // nothing to fall back for, or a CJK text without a lang tag: the document-wide choice fits it
        }
        StringBuilder outside = new StringBuilder();
        for (Text text : texts) {
            String value = text.getData();
            int start = 0;
            boolean fallback = false;
            List<String> runs = new ArrayList<>();
            for (int i = 0; i < value.length(); ) {
                int cp = value.codePointAt(i);
                boolean needsCjk = GlyphCoverage.needsGlyph(cp) && !latin.charExists(cp) && cjk.charExists(cp);
                boolean neutral = !GlyphCoverage.needsGlyph(cp);
                if (!neutral && needsCjk != fallback) {
                    runs.add(value.substring(start, i));
                    start = i;
                    fallback = needsCjk;
                }
                i += Character.charCount(cp);
            }
            runs.add(value.substring(start));
            if (runs.size() == 1) {
                outside.append(value);
                continue;
            }
            org.w3c.dom.Node parent = text.getParentNode();
            for (int r = 0; r < runs.size(); r++) {
                String run = runs.get(r);
                if (run.isEmpty()) {
                    continue;
                }
                if (r % 2 == 0) { // runs alternate, starting with one DejaVu draws (maybe empty)
                    parent.insertBefore(doc.createTextNode(run), text);
                    outside.append(run);
                } else {
                    Element span = doc.createElementNS(parent.getNamespaceURI(), "span");
                    span.setAttribute("style", "font-family: \"" + cjkFamily + "\"");
                    span.setAttribute(FALLBACK_ATTRIBUTE, "");
                    span.appendChild(doc.createTextNode(run));
                    parent.insertBefore(span, text);
                }
            }
            parent.removeChild(text);
        }
        needed = outside.codePoints().filter(GlyphCoverage::needsGlyph).distinct().toArray();
        missingByFamily.clear();
        chosen.clear();
    }

    private static void collectTexts(org.w3c.dom.Node node, List<Text> out) {
        for (org.w3c.dom.Node c = node.getFirstChild(); c != null; c = c.getNextSibling()) {
            if (c instanceof Text text && c.getNodeType() == org.w3c.dom.Node.TEXT_NODE) {
                out.add(text);
            } else if (c instanceof Element e && !GlyphCoverage.HIDDEN.contains(e.getLocalName())) {
                collectTexts(e, out);
            }
        }
    }

    private BaseFont regular(String family) {
        FontFamily registered = getFonts().get(family);
        return registered == null || registered.getFontDescriptions().isEmpty()
                ? null : registered.getFontDescriptions().get(0).getFont();
    }

    @Override
    public FSFont resolveFont(SharedContext context, FontSpecification spec) {
        if (spec.families == null || needed.length == 0) {
            return super.resolveFont(context, spec);
        }
        String[] families = chosen.computeIfAbsent(List.of(spec.families), this::choose);
        FontSpecification covering = new FontSpecification();
        covering.size = spec.size;
        covering.fontWeight = spec.fontWeight;
        covering.fontStyle = spec.fontStyle;
        covering.variant = spec.variant;
        covering.families = families;
        return super.resolveFont(context, covering);
    }

    /** The asked families with generics spelled out, the best-covering known one first. */
    private String[] choose(List<String> asked) {
        List<String> candidates = new ArrayList<>();
        List<String> known = new ArrayList<>();
        for (String family : asked) {
            String name = registeredName(unquote(family));
            known.add(name);
            candidates.addAll(expand(name));
        }
        candidates.addAll(expand("serif")); // the last resort a browser has too
        String best = null;
        int bestMissing = Integer.MAX_VALUE;
        for (String family : candidates) {
            int missing = missing(family);
            if (missing < bestMissing) {
                best = family;
                bestMissing = missing;
                if (missing == 0) {
                    break;
                }
            }
        }
        if (best == null) {
            return known.toArray(String[]::new);
        }
        List<String> order = new ArrayList<>(List.of(best));
        order.addAll(known);
        return order.toArray(String[]::new);
    }

    /**
     * CSS matches family names without regard to ASCII case ({@code "dejavu sans"} is DejaVu Sans); Flying
     * Saucer looks them up as written, so a book's lower-case name fell through to the default font.
     */
    private String registeredName(String family) {
        if (getFonts().containsKey(family)) {
            return family;
        }
        for (String name : getFonts().keySet()) {
            if (name.equalsIgnoreCase(family)) {
                return name;
            }
        }
        return family;
    }

    private List<String> expand(String family) {
        return switch (family.toLowerCase(Locale.ROOT)) {
            case "serif", "cursive", "fantasy" -> List.of("DejaVu Serif", "Noto Serif CJK " + cjkSuffix);
            case "sans-serif", "system-ui", "ui-sans-serif" -> List.of("DejaVu Sans", "Noto Sans CJK " + cjkSuffix);
            case "monospace", "ui-monospace" -> List.of("DejaVu Sans Mono", "Noto Sans Mono CJK " + cjkSuffix);
            default -> List.of(family);
        };
    }

    /** How many needed characters a registered family's regular font lacks; MAX_VALUE when it is not registered. */
    private int missing(String family) {
        return missingByFamily.computeIfAbsent(family, name -> {
            BaseFont font = regular(name);
            if (font == null) {
                return Integer.MAX_VALUE;
            }
            int lacking = 0;
            for (int cp : needed) {
                if (!font.charExists(cp)) {
                    lacking++;
                }
            }
            return lacking;
        });
    }

    private static String unquote(String family) {
        String f = family.strip();
        if (f.length() >= 2 && (f.charAt(0) == '"' || f.charAt(0) == '\'') && f.charAt(f.length() - 1) == f.charAt(0)) {
            return f.substring(1, f.length() - 1);
        }
        return f;
    }

    /** Noto CJK's regional variant for a language tag: SC unless the tag says otherwise. */
    static String cjkRegion(String lang) {
        String l = lang == null ? "" : lang.toLowerCase(Locale.ROOT);
        if (l.startsWith("ja")) {
            return "JP";
        }
        if (l.startsWith("ko")) {
            return "KR";
        }
        if (l.startsWith("zh") && (l.contains("hant") || l.contains("-tw") || l.contains("-hk") || l.contains("-mo"))) {
            return "TC";
        }
        return "SC";
    }
}
