package org.pairforge.web;

import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;

/**
 * The page's code as one file, the text target of a web pair: every stylesheet the page links from its own
 * folder is inlined as a {@code <style>}, so the HTML alone draws what the screenshot shows (but for its
 * images). A link to a vendored URL ({@code --vendor}, e.g. a CDN's Tailwind) stays as the page wrote it:
 * the screenshot has it, and the code a model should learn links it. Links to anything else outside the
 * folder are dropped: the screenshot never had them either.
 */
final class SelfContainedHtml {
    private SelfContainedHtml() {
    }

    static String of(String html, Path page, Path root, long maxFileBytes, org.pairforge.browser.Vendored vendored) {
        Document doc = Jsoup.parse(html);
        doc.outputSettings().prettyPrint(false); // the page's own whitespace: it can change the layout
        declareUtf8(doc);
        for (Element link : doc.select("link[rel~=(?i)stylesheet][href]")) {
            String href = link.attr("href").strip();
            if (vendored.fileFor(href.startsWith("//") ? "https:" + href : href) != null) {
                continue;
            }
            String css = root == null ? null : localCss(link.attr("href"), page, root, maxFileBytes);
            if (css != null) {
                link.after(new Element("style").appendChild(new org.jsoup.nodes.DataNode(css))); // raw, not escaped
            }
            link.remove();
        }
        return doc.outerHtml();
    }

    /** KEY.html is written as UTF-8, so a page that declared GBK or Latin-1 must now say UTF-8. */
    private static void declareUtf8(Document doc) {
        for (Element meta : doc.select("meta[charset]")) {
            meta.attr("charset", "UTF-8");
        }
        for (Element meta : doc.select("meta[http-equiv~=(?i)^content-type$][content]")) {
            meta.attr("content", meta.attr("content").replaceFirst("(?i)charset\\s*=\\s*[^;\\s]+", "charset=UTF-8"));
        }
    }

    private static String localCss(String href, Path page, Path root, long maxFileBytes) {
        if (href.contains(":") || href.startsWith("//")) {
            return null; // a scheme or a host: not a file of the page's folder
        }
        try {
            String path = java.net.URLDecoder.decode(href.replaceFirst("[?#].*", ""), StandardCharsets.UTF_8);
            Path file = page.getParent().resolve(path).normalize();
            if (!file.startsWith(root) || !Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS) || Files.size(file) > maxFileBytes) {
                return null;
            }
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException | IllegalArgumentException e) {
            return null;
        }
    }
}
