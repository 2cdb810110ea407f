package org.pairforge.document;

import org.pairforge.core.UnreadableInputException;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * An unpacked EPUB: META-INF/container.xml names the OPF package; its spine gives the reading order of the
 * XHTML chapters. Every path is checked to stay inside the book's folder.
 */
public record EpubBook(Path root, String title, String language, List<Path> chapters) {

    public static EpubBook open(Path root) throws UnreadableInputException {
        Path container = root.resolve("META-INF").resolve("container.xml");
        if (!Files.isRegularFile(container)) {
            throw new UnreadableInputException("not_an_epub", root + " has no META-INF/container.xml");
        }
        try {
            Document c = SafeXml.parse(container);
            Element rootfile = first(c, "rootfile");
            if (rootfile == null || rootfile.getAttribute("full-path").isEmpty()) {
                throw new UnreadableInputException("not_an_epub", "container.xml names no package (rootfile full-path)");
            }
            Path opf = inside(root, root.resolve(rootfile.getAttribute("full-path")));
            Document pkg = SafeXml.parse(opf);
            Map<String, Element> manifest = new HashMap<>();
            NodeList items = pkg.getElementsByTagNameNS("*", "item");
            for (int i = 0; i < items.getLength(); i++) {
                Element item = (Element) items.item(i);
                manifest.put(item.getAttribute("id"), item);
            }
            List<Path> chapters = new ArrayList<>();
            NodeList refs = pkg.getElementsByTagNameNS("*", "itemref");
            for (int i = 0; i < refs.getLength(); i++) {
                Element item = manifest.get(((Element) refs.item(i)).getAttribute("idref"));
                if (item != null && item.getAttribute("media-type").equals("application/xhtml+xml")) {
                    chapters.add(inside(root, opf.getParent().resolve(hrefPath(item.getAttribute("href")))));
                }
            }
            if (chapters.isEmpty()) {
                throw new UnreadableInputException("not_an_epub", "the package's spine lists no XHTML chapter");
            }
            return new EpubBook(root, text(pkg, "title"), text(pkg, "language"), chapters);
        } catch (IOException e) {
            throw new UnreadableInputException("bad_epub", e.getMessage());
        }
    }

    /**
     * A manifest href is a URL: "Chapter%201.xhtml" is the file "Chapter 1.xhtml", and a fragment or query
     * is not part of the file's name. Books also write raw spaces, which a URL may not hold.
     */
    static String hrefPath(String href) {
        try {
            String path = new java.net.URI(href.strip().replace(" ", "%20")).getPath();
            return path == null || path.isEmpty() ? href : path;
        } catch (java.net.URISyntaxException e) {
            return href;
        }
    }

    static Path inside(Path root, Path p) throws UnreadableInputException {
        Path normal = p.normalize();
        if (!normal.startsWith(root.normalize())) {
            throw new UnreadableInputException("path_outside_book", p + " points outside the book's folder");
        }
        return normal;
    }

    private static Element first(Document d, String localName) {
        NodeList n = d.getElementsByTagNameNS("*", localName);
        return n.getLength() == 0 ? null : (Element) n.item(0);
    }

    private static String text(Document d, String localName) {
        Element e = first(d, localName);
        return e == null ? null : e.getTextContent().strip();
    }

    /** A chapter's first heading and its paragraphs' text, for templates that re-lay a book's content. */
    public record ChapterText(String heading, List<String> paragraphs) {
    }

    public static ChapterText text(Path chapter) throws java.io.IOException {
        Document doc = SafeXml.parseDocument(chapter);
        String heading = null;
        for (String h : List.of("h1", "h2", "h3")) {
            org.w3c.dom.NodeList found = doc.getElementsByTagNameNS("*", h);
            if (found.getLength() > 0 && !found.item(0).getTextContent().isBlank()) {
                heading = found.item(0).getTextContent().strip().replaceAll("\\s+", " ");
                break;
            }
        }
        List<String> paragraphs = new java.util.ArrayList<>();
        org.w3c.dom.NodeList ps = doc.getElementsByTagNameNS("*", "p");
        for (int i = 0; i < ps.getLength(); i++) {
            String t = ps.item(i).getTextContent().strip().replaceAll("\\s+", " ");
            if (t.length() >= 20) {
                paragraphs.add(t);
            }
        }
        return new ChapterText(heading, paragraphs);
    }
}
