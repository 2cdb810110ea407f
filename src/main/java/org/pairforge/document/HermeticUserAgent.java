package org.pairforge.document;

import org.xhtmlrenderer.pdf.ITextOutputDevice;
import org.xhtmlrenderer.pdf.ITextUserAgent;
import org.xhtmlrenderer.resource.CSSResource;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Flying Saucer's only way to fetch anything (CSS, images, fonts). It opens files inside the document's
 * own folder and nothing else: no network, no file elsewhere on the machine, whatever the input links to.
 */
final class HermeticUserAgent extends ITextUserAgent {
    private final Path root;
    private final int dotsPerPixel;
    private int refused;

    HermeticUserAgent(ITextOutputDevice device, int dotsPerPixel, Path root) throws IOException {
        super(device, dotsPerPixel);
        this.root = root.toRealPath();
        this.dotsPerPixel = dotsPerPixel;
    }

    /** The most pixels an SVG image of a document is drawn with, and the time it may take. */
    static final long MAX_SVG_PIXELS = 16_000_000L;
    static final java.time.Duration SVG_TIMEOUT = java.time.Duration.ofSeconds(10);

    /**
     * SVG images never reach Flying Saucer's own SVG path: that is Batik, a large engine whose resource loading
     * is not this user agent's, and it rasterizes at print resolution and deflates the result (13 s for the
     * corpus e-book's title page). They are drawn here with JSVG instead, the notebook path's hermetic SVG
     * renderer, which loads nothing, at one pixel per SVG unit (0.2 s for that page).
     */
    @Override
    public org.xhtmlrenderer.resource.ImageResource getImageResource(String uri) {
        String resolved = resolveURI(uri);
        byte[] svg = resolved == null ? null : svgBytes(resolved);
        if (svg == null) {
            if (resolved != null && tooManyPixels(resolved)) {
                refused++;
                return new org.xhtmlrenderer.resource.ImageResource(resolved, null);
            }
            return super.getImageResource(uri);
        }
        try {
            byte[] png = org.pairforge.image.SvgRasterizer.toPng(new String(svg, java.nio.charset.StandardCharsets.UTF_8),
                    MAX_SVG_PIXELS, SVG_TIMEOUT);
            com.lowagie.text.Image image = com.lowagie.text.Image.getInstance(png);
            image.scaleAbsolute(image.getPlainWidth() * dotsPerPixel, image.getPlainHeight() * dotsPerPixel);
            return new org.xhtmlrenderer.resource.ImageResource(resolved, new org.xhtmlrenderer.pdf.ITextFSImage(image));
        } catch (org.pairforge.image.SvgRasterizer.SvgException | IOException | RuntimeException e) {
            return new org.xhtmlrenderer.resource.ImageResource(resolved, null);
        }
    }

    /**
     * The most pixels a raster image may have. Decoding is width × height × 4 bytes whatever the file's size:
     * a 1 MB PNG of 20000×20000 pixels filled the whole heap (every worker's) before this check.
     */
    static final long MAX_IMAGE_PIXELS = org.pairforge.page.PageOptions.MAX_PIXELS;

    /** Whether an image's header (read without decoding any pixel) declares more than {@link #MAX_IMAGE_PIXELS}. */
    private boolean tooManyPixels(String uri) {
        try {
            Object source;
            DataUri data = DataUri.of(uri);
            if (data != null) {
                if (!data.header().endsWith(";base64")) {
                    return false;
                }
                source = new java.io.ByteArrayInputStream(data.bytes());
            } else {
                Path file = allowed(uri);
                if (file == null) {
                    return false; // refused when it is opened
                }
                source = file.toFile();
            }
            try (javax.imageio.stream.ImageInputStream in = javax.imageio.ImageIO.createImageInputStream(source)) {
                java.util.Iterator<javax.imageio.ImageReader> readers = in == null ? null : javax.imageio.ImageIO.getImageReaders(in);
                if (readers == null || !readers.hasNext()) {
                    return false;
                }
                javax.imageio.ImageReader reader = readers.next();
                try {
                    reader.setInput(in, true, true);
                    return (long) reader.getWidth(0) * reader.getHeight(0) > MAX_IMAGE_PIXELS;
                } finally {
                    reader.dispose();
                }
            }
        } catch (IOException | RuntimeException e) {
            return false; // not an image this probe knows: the renderer's own loading decides
        }
    }

    /** A {@code data:} URI: its header in lower case ({@code image/png;base64}) and its still encoded payload. */
    private record DataUri(String header, String payload) {
        static DataUri of(String uri) {
            int comma = uri.indexOf(',');
            return uri.startsWith("data:") && comma >= 5
                    ? new DataUri(uri.substring(5, comma).toLowerCase(java.util.Locale.ROOT), uri.substring(comma + 1)) : null;
        }

        byte[] bytes() {
            return header.endsWith(";base64") ? java.util.Base64.getMimeDecoder().decode(payload)
                    : java.net.URLDecoder.decode(payload, java.nio.charset.StandardCharsets.UTF_8).getBytes(java.nio.charset.StandardCharsets.UTF_8);
        }
    }

    /** The bytes of an SVG image (a file inside the root, or a data: URI), else null. */
    private byte[] svgBytes(String uri) {
        try {
            DataUri data = DataUri.of(uri);
            if (data != null) {
                return data.header().startsWith("image/svg") ? data.bytes() : null;
            }
            Path file = allowed(uri);
            if (file == null) {
                return null;
            }
            byte[] head;
            try (InputStream in = Files.newInputStream(file)) {
                head = in.readNBytes(512);
            }
            String start = new String(head, StandardCharsets.ISO_8859_1).stripLeading().replace("\uFEFF", "");
            boolean isSvg = file.getFileName().toString().toLowerCase(java.util.Locale.ROOT).endsWith(".svg")
                    || start.startsWith("<svg") || start.startsWith("<?xml") && start.contains("<svg");
            return isSvg ? Files.readAllBytes(file) : null;
        } catch (IOException | IllegalArgumentException e) {
            return null;
        }
    }

    /**
     * How many fetches were refused (outside the document, or an image above {@link #MAX_IMAGE_PIXELS}):
     * recorded in the metadata, so a page missing its images says why.
     */
    int refused() {
        return refused;
    }

    /**
     * Stylesheets that import each other (a.css imports b.css, which imports a.css) sent Flying Saucer into
     * endless recursion over its cache of parsed sheets. Browsers ignore such a cycle; here an {@code @import}
     * of a sheet this document has already loaded is left out, so the import graph stays a tree.
     */
    private static final Pattern IMPORT = Pattern.compile(
            "@import\\s+(?:url\\(\\s*['\"]?([^'\")\\s]+)['\"]?\\s*\\)|['\"]([^'\"]+)['\"])[^;]*;",
            Pattern.CASE_INSENSITIVE);
    private final Set<String> stylesheetsLoaded = new HashSet<>();

    @Override
    public CSSResource getCSSResource(String link) {
        String uri = resolveURI(link);
        stylesheetsLoaded.add(sameFile(uri));
        try (InputStream in = openStream(uri)) {
            // Latin-1 maps bytes one to one, so the sheet's own encoding passes through untouched.
            String css = new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
            Matcher m = IMPORT.matcher(css);
            StringBuilder kept = new StringBuilder();
            while (m.find()) {
                String href = m.group(1) != null ? m.group(1) : m.group(2);
                String target = sameFile(URI.create(uri).resolve(href.replace(" ", "%20")).toString());
                m.appendReplacement(kept, stylesheetsLoaded.contains(target) ? "" : Matcher.quoteReplacement(m.group()));
            }
            m.appendTail(kept);
            return new CSSResource(new java.io.ByteArrayInputStream(
                    kept.toString().getBytes(StandardCharsets.ISO_8859_1)));
        } catch (IOException | IllegalArgumentException e) {
            return new CSSResource(InputStream.nullInputStream());
        }
    }

    /** One spelling per file ("file:/a/b.css", "file:///a/./b.css"), for telling whether a sheet came before. */
    private static String sameFile(String uri) {
        try {
            URI u = URI.create(uri).normalize();
            return "file".equals(u.getScheme()) ? Path.of(u).normalize().toString() : u.toString();
        } catch (IllegalArgumentException | java.nio.file.FileSystemNotFoundException e) {
            return uri;
        }
    }

    @Override
    protected InputStream openStream(String uri) throws IOException {
        if (uri.equals(RENDERER_DEFAULT_CSS)) {
            return ITextUserAgent.class.getResourceAsStream("/resources/css/XhtmlNamespaceHandler.css");
        }
        Path file = allowed(uri);
        if (file == null) {
            refused++;
            throw new IOException("refused outside the document: " + uri);
        }
        return Files.newInputStream(file);
    }

    /** The renderer's own default stylesheet (display rules for XHTML) ships in its jar. */
    private static final String RENDERER_DEFAULT_CSS = String.valueOf(
            ITextUserAgent.class.getResource("/resources/css/XhtmlNamespaceHandler.css"));

    private Path allowed(String uri) {
        try {
            URI u = URI.create(uri);
            if (!"file".equals(u.getScheme()) || u.getPath() == null) {
                return null;
            }
            // A file URL's query or fragment ("style.css?v=2", cache-busting) names no other file.
            Path p = Path.of(u.getPath());
            if (!Files.exists(p)) {
                return null;
            }
            Path real = p.toRealPath(); // follows links, so a symlink cannot lead out of the tree
            return real.startsWith(root) && Files.isRegularFile(real) ? real : null;
        } catch (IllegalArgumentException | IOException | java.nio.file.FileSystemNotFoundException e) {
            return null;
        }
    }
}
