package org.pairforge.document;

import org.xhtmlrenderer.pdf.ITextOutputDevice;
import org.xhtmlrenderer.pdf.ITextUserAgent;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Flying Saucer's only way to fetch anything (CSS, images, fonts). It opens files inside the document's
 * own folder and nothing else: no network, no file elsewhere on the machine, whatever the input links to.
 */
final class HermeticUserAgent extends ITextUserAgent {
    private final Path root;
    private int refused;

    HermeticUserAgent(ITextOutputDevice device, int dotsPerPixel, Path root) throws IOException {
        super(device, dotsPerPixel);
        this.root = root.toRealPath();
    }

    /** How many fetches were refused: recorded in the metadata, so a page missing its images says why. */
    int refused() {
        return refused;
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
            if (!"file".equals(u.getScheme())) {
                return null;
            }
            Path p = Path.of(u);
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
