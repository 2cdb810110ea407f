package org.pairforge.document;

import org.pairforge.browser.HtmlCharset;
import org.pairforge.core.UnreadableInputException;
import org.w3c.dom.Attr;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NamedNodeMap;
import org.w3c.dom.Node;
import org.xml.sax.SAXException;

import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * XML parsing for untrusted input: no DTD is fetched, no external entity is expanded, nothing is read
 * from anywhere but the bytes given. XHTML's {@code <!DOCTYPE ...>} is allowed; HTML's named characters
 * ({@code &nbsp;}) become numeric references first ({@link NamedEntities}), as if its DTD had been read.
 */
final class SafeXml {
    private SafeXml() {
    }

    /** Chromium's HTML parser puts deeper elements beside their parent; Flying Saucer's layout recursion overflows. */
    static final int MAX_DEPTH = 512;

    /** Elements nested past {@link #MAX_DEPTH}: every later step walks the tree recursively. */
    static final class TooDeep extends IOException {
        TooDeep(String message) {
            super(message);
        }
    }

    private static Document checkDepth(Document doc) throws TooDeep {
        int depth = depth(doc);
        if (depth > MAX_DEPTH) {
            throw new TooDeep("elements nest " + depth + " deep; the limit is " + MAX_DEPTH
                    + ", where browsers' HTML parsers stop nesting");
        }
        return doc;
    }

    /** The deepest element nesting, walked without recursion (the document may be hostile). */
    static int depth(Document doc) {
        int deepest = 0;
        int depth = 0;
        Node n = doc.getDocumentElement();
        while (n != null) {
            if (n.getNodeType() == Node.ELEMENT_NODE) {
                deepest = Math.max(deepest, depth + 1);
            }
            if (n.getFirstChild() != null) {
                depth++;
                n = n.getFirstChild();
                continue;
            }
            while (n != null && n.getNextSibling() == null) {
                n = n.getParentNode();
                depth--;
                if (depth < 0) {
                    return deepest;
                }
            }
            n = n == null ? null : n.getNextSibling();
        }
        return deepest;
    }

    /** A chapter to render, or a rejection: {@code missing_chapter} when it is not there, else {@code bad_xhtml}. */
    static Document chapter(Path file) throws UnreadableInputException {
        try {
            return parseDocument(file);
        } catch (TooDeep e) {
            throw new UnreadableInputException("too_deep", e.getMessage());
        } catch (java.nio.file.NoSuchFileException e) {
            throw new UnreadableInputException("missing_chapter", "named by the book but not in it");
        } catch (IOException e) {
            throw new UnreadableInputException("bad_xhtml", e.getMessage());
        }
    }

    /**
     * XHTML (.xhtml, EPUB chapters) is parsed as XML; HTML (.html, .htm) with jsoup's HTML5 parser, which
     * fetches nothing, in the encoding every engine reads it in, and converted to a namespaced W3C DOM the
     * renderer accepts.
     */
    static Document parseDocument(Path file) throws IOException {
        String name = file.getFileName().toString().toLowerCase(java.util.Locale.ROOT);
        if (name.endsWith(".html") || name.endsWith(".htm")) {
            byte[] bytes = Files.readAllBytes(file);
            org.jsoup.nodes.Document html = org.jsoup.Jsoup.parse(new java.io.ByteArrayInputStream(bytes),
                    HtmlCharset.of(bytes).name(), file.toUri().toString());
            Document dom = checkDepth(new org.jsoup.helper.W3CDom().fromJsoup(html));
            giveAttributesLocalNames(dom.getDocumentElement());
            return dom;
        }
        return checkDepth(parse(file));
    }

    private static final Set<String> BOOLEAN_ATTRIBUTES = Set.of("hidden", "open", "checked", "selected", "disabled",
            "readonly", "multiple", "required", "reversed");

    /**
     * jsoup's W3C DOM makes attributes the DOM Level 1 way, without a local name, and Flying Saucer's
     * attribute selectors match by local name: {@code [hidden]}, {@code a[href]} or {@code input[type=text]}
     * matched nothing in an HTML file. Plain names are made again namespace-aware; prefixed ones are left.
     * An empty value is no attribute to Flying Saucer, so HTML's bare boolean attributes get their XHTML
     * spelling ({@code hidden="hidden"}).
     */
    private static void giveAttributesLocalNames(Element element) {
        NamedNodeMap attributes = element.getAttributes();
        List<Attr> levelOne = new ArrayList<>();
        for (int i = 0; i < attributes.getLength(); i++) {
            Attr a = (Attr) attributes.item(i);
            if (a.getLocalName() == null && a.getName().indexOf(':') < 0 && !a.getName().equals("xmlns")) {
                levelOne.add(a);
            }
        }
        for (Attr a : levelOne) {
            element.removeAttributeNode(a);
            String value = a.getValue().isEmpty() && BOOLEAN_ATTRIBUTES.contains(a.getName()) ? a.getName() : a.getValue();
            element.setAttributeNS(null, a.getName(), value);
        }
        for (Node c = element.getFirstChild(); c != null; c = c.getNextSibling()) {
            if (c instanceof Element child) {
                giveAttributesLocalNames(child);
            }
        }
    }

    static Document parse(Path file) throws IOException {
        try (InputStream in = new java.io.ByteArrayInputStream(NamedEntities.toNumeric(Files.readAllBytes(file)))) {
            DocumentBuilder builder = factory().newDocumentBuilder();
            builder.setEntityResolver((publicId, systemId) -> {
                throw new SAXException("external entity refused: " + systemId);
            });
            // The default handler prints "[Fatal Error] ..." to stderr before throwing; the rejection says it once.
            builder.setErrorHandler(new org.xml.sax.helpers.DefaultHandler() {
                @Override
                public void fatalError(org.xml.sax.SAXParseException e) throws SAXException {
                    throw e;
                }
            });
            Document doc = builder.parse(in, file.toUri().toString());
            return doc;
        } catch (ParserConfigurationException | SAXException e) {
            throw new IOException(file.getFileName() + " is not well-formed, safe XML: " + e.getMessage(), e);
        }
    }

    private static DocumentBuilderFactory factory() throws ParserConfigurationException {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setNamespaceAware(true);
        f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
        f.setFeature("http://xml.org/sax/features/external-general-entities", false);
        f.setFeature("http://xml.org/sax/features/external-parameter-entities", false);
        f.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
        f.setAttribute(XMLConstants.ACCESS_EXTERNAL_DTD, "");
        f.setAttribute(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
        f.setXIncludeAware(false);
        f.setExpandEntityReferences(true); // internal entities only (external ones are off above); the JDK caps their expansion
        return f;
    }
}
