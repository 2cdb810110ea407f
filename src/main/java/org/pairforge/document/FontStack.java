package org.pairforge.document;

import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.xhtmlrenderer.pdf.ITextFontResolver;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * The fonts Flying Saucer may use, registered by file (it sees no system fonts), and the default family
 * order per language: CJK documents get the CJK family first (its fonts also cover Latin), others DejaVu.
 * A book's own CSS still wins where it names fonts; {@link CoveringFontResolver} skips a named font that
 * cannot draw the document's characters (Flying Saucer has no per-glyph fallback), and the glyph-coverage
 * check rejects what no installed font draws.
 */
final class FontStack {
    private static final List<Path> FONTS = List.of(
            Path.of("/usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf"),
            Path.of("/usr/share/fonts/truetype/dejavu/DejaVuSerif-Bold.ttf"),
            Path.of("/usr/share/fonts/truetype/dejavu/DejaVuSerif-Italic.ttf"),
            Path.of("/usr/share/fonts/truetype/dejavu/DejaVuSerif-BoldItalic.ttf"),
            Path.of("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"),
            Path.of("/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf"),
            Path.of("/usr/share/fonts/truetype/dejavu/DejaVuSansMono.ttf"),
            // Debian's fonts-noto-cjk: collections, registered by their plain .ttc path.
            Path.of("/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc"),
            Path.of("/usr/share/fonts/opentype/noto/NotoSerifCJK-Bold.ttc"),
            Path.of("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc"),
            Path.of("/usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc"));

    static final String CJK_SERIF = "\"Noto Serif CJK SC\", \"Noto Sans CJK SC\"";
    static final String LATIN_SERIF = "\"DejaVu Serif\"";

    private FontStack() {
    }

    /**
     * @param needed the distinct characters the document shows that need a glyph ({@link CoveringFontResolver#needed}):
     *               the CJK collections (tens of faces, a second of parsing) are registered only for a CJK language
     *               or characters DejaVu cannot draw, since nothing else would pick them
     */
    static void register(ITextFontResolver resolver, List<Path> extra, int[] needed, String lang)
            throws java.io.IOException {
        boolean cjk = isCjk(lang) || !latinDraws(needed);
        for (Path font : FONTS) {
            if (Files.isRegularFile(font) && (cjk || !isCollection(font.toString()))) {
                add(resolver, font.toString());
            }
        }
        for (Path font : extra) {
            add(resolver, font.toString());
        }
    }

    /**
     * Each font file's faces, read once per process: Flying Saucer's {@code addFont(path)} parses the file again
     * for every document (a CJK collection's cmaps for each chapter of a book). OpenPDF shares the faces it caches
     * between documents and threads in the same way.
     */
    private static final java.util.Map<String, List<com.lowagie.text.pdf.BaseFont>> FACES =
            new java.util.concurrent.ConcurrentHashMap<>();

    /** Whether the DejaVu fonts draw every one of these characters. */
    private static boolean latinDraws(int[] needed) throws java.io.IOException {
        List<com.lowagie.text.pdf.BaseFont> latin = new java.util.ArrayList<>();
        for (Path font : FONTS) {
            if (Files.isRegularFile(font) && !isCollection(font.toString())) {
                latin.addAll(loaded(font.toString()));
            }
        }
        return java.util.Arrays.stream(needed).allMatch(cp -> latin.stream().anyMatch(f -> f.charExists(cp)));
    }

    private static List<com.lowagie.text.pdf.BaseFont> loaded(String path) throws java.io.IOException {
        List<com.lowagie.text.pdf.BaseFont> faces = FACES.get(path);
        if (faces == null) {
            synchronized (FACES) { // threads starting together read each file once
                faces = FACES.get(path);
                if (faces == null) {
                    faces = faces(path);
                    FACES.put(path, faces);
                }
            }
        }
        return faces;
    }

    private static void add(ITextFontResolver resolver, String path) throws java.io.IOException {
        List<com.lowagie.text.pdf.BaseFont> faces = loaded(path);
        boolean collection = isCollection(path);
        for (int i = 0; i < faces.size(); i++) {
            resolver.addFont(faces.get(i), collection ? path + "," + i : path, null);
        }
    }

    /** A TrueType collection (.ttc): its faces are registered as {@code path,index}. */
    private static boolean isCollection(String path) {
        return path.toLowerCase(java.util.Locale.ROOT).endsWith(".ttc");
    }

    private static List<com.lowagie.text.pdf.BaseFont> faces(String path) throws java.io.IOException {
        String lower = path.toLowerCase(java.util.Locale.ROOT);
        if (!lower.endsWith(".ttf") && !lower.endsWith(".otf") && !lower.endsWith(".ttc")) {
            throw new java.io.IOException("unsupported font type (not .ttf, .otf or .ttc): " + path);
        }
        List<String> names = new java.util.ArrayList<>();
        if (isCollection(path)) {
            int count = com.lowagie.text.pdf.BaseFont.enumerateTTCNames(path).length;
            for (int i = 0; i < count; i++) {
                names.add(path + "," + i);
            }
        } else {
            names.add(path);
        }
        List<com.lowagie.text.pdf.BaseFont> faces = new java.util.ArrayList<>();
        for (String name : names) {
            faces.add(com.lowagie.text.pdf.BaseFont.createFont(name, com.lowagie.text.pdf.BaseFont.IDENTITY_H,
                    true, true, null, null));
        }
        return List.copyOf(faces);
    }

    /**
     * What HTML5 hides that Flying Saucer's XHTML 1 user-agent sheet shows: a template's content, the hidden
     * attribute, a closed dialog. Browsers (and so the Chromium engine) hide them; a document's own CSS may
     * still show them, as it may in a browser.
     */
    private static final String HTML5_HIDDEN = "template, datalist, dialog, *[hidden] { display: none } dialog[open] { display: block } "
            // MathML's annotations (a formula's TeX) are for machines: browsers do not show them
            + "annotation, annotation-xml { display: none } ";

    /**
     * Puts the language's default font stack and the profile's page rule first in the head, so the
     * document's own CSS can override both.
     */
    static void applyDefaults(Document doc, String pageCss) {
        Element html = doc.getDocumentElement();
        String lang = lang(doc);
        String family = isCjk(lang) ? CJK_SERIF : LATIN_SERIF;
        Node head = first(html, "head");
        if (head == null) {
            head = html.insertBefore(doc.createElementNS(html.getNamespaceURI(), "head"), html.getFirstChild());
        }
        Element style = doc.createElementNS(html.getNamespaceURI(), "style");
        style.setAttribute("type", "text/css");
        style.setTextContent(HTML5_HIDDEN + pageCss + " body { font-family: " + family + ", serif; }");
        head.insertBefore(style, head.getFirstChild());
    }

    /** The root element's {@code lang} or {@code xml:lang}, else "". */
    static String lang(Document doc) {
        Element html = doc.getDocumentElement();
        String lang = html.getAttribute("lang");
        return lang.isEmpty() ? html.getAttributeNS("http://www.w3.org/XML/1998/namespace", "lang") : lang;
    }

    static boolean isCjk(String lang) {
        String l = lang.toLowerCase(Locale.ROOT);
        return l.startsWith("zh") || l.startsWith("ja") || l.startsWith("ko");
    }

    private static Node first(Element parent, String localName) {
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (localName.equals(n.getLocalName())) {
                return n;
            }
        }
        return null;
    }
}
