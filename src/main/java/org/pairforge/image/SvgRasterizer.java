package org.pairforge.image;

import com.github.weisj.jsvg.SVGDocument;
import com.github.weisj.jsvg.parser.DocumentLimits;
import com.github.weisj.jsvg.parser.LoaderContext;
import com.github.weisj.jsvg.parser.SVGLoader;
import com.github.weisj.jsvg.parser.resources.ResourcePolicy;
import com.github.weisj.jsvg.view.FloatSize;
import org.pairforge.core.TimeLimit;

import javax.imageio.ImageIO;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.regex.Pattern;

/**
 * SVG → PNG with JSVG, a static renderer: no scripts, and here no external resources at all (only data:
 * URIs inside the SVG), so an untrusted notebook cannot make rendering touch the network or the disk.
 * Documents with a DTD are refused outright: entity declarations are how XML reaches outside itself.
 */
public final class SvgRasterizer {
    private static final Pattern DOCTYPE = Pattern.compile("<!DOCTYPE", Pattern.CASE_INSENSITIVE);
    private static final LoaderContext HERMETIC = LoaderContext.builder()
            .externalResourcePolicy(ResourcePolicy.DENY_ALL)
            .documentLimits(new DocumentLimits(64, 16, 200_000))
            .build();

    /**
     * The JDK's own StAX parser, set up as JSVG sets up the one it finds: JSVG asks for whichever the class path
     * offers, and beside Spark that is Woodstox, with other limits and messages. One parser everywhere keeps a
     * figure's fate the same in the CLI and in a Spark job.
     */
    private static final javax.xml.stream.XMLInputFactory XML = xmlFactory();

    private static javax.xml.stream.XMLInputFactory xmlFactory() {
        javax.xml.stream.XMLInputFactory f = javax.xml.stream.XMLInputFactory.newDefaultFactory();
        f.setProperty(javax.xml.stream.XMLInputFactory.SUPPORT_DTD, false);
        f.setProperty(javax.xml.stream.XMLInputFactory.IS_REPLACING_ENTITY_REFERENCES, false);
        f.setProperty(javax.xml.stream.XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        return f;
    }

    /**
     * Held so the settings stick. JSVG logs why a document does not load ("Maximum nesting depth reached 65 >
     * 64") and returns null: the reason is kept here for the rejection record instead of going to the console.
     */
    private static final java.util.logging.Logger JSVG_LOG = java.util.logging.Logger.getLogger("com.github.weisj.jsvg");
    private static final ThreadLocal<Throwable> LOAD_FAILURE = new ThreadLocal<>();

    static {
        JSVG_LOG.setUseParentHandlers(false);
        JSVG_LOG.addHandler(new java.util.logging.Handler() {
            @Override
            public void publish(java.util.logging.LogRecord record) {
                if (record.getThrown() != null) {
                    LOAD_FAILURE.set(record.getThrown());
                }
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        });
    }

    private SvgRasterizer() {
    }

    /** Thrown with a message fit for a rejection record, and the funnel's reason code. */
    public static final class SvgException extends Exception {
        private final String reason;

        public SvgException(String message) {
            this(message, "svg_unrenderable");
        }

        public SvgException(String message, String reason) {
            super(message);
            this.reason = reason;
        }

        public String reason() {
            return reason;
        }
    }

    /** {@link #toPng(String, long)} with a time limit. */
    public static byte[] toPng(String svg, long maxPixels, Duration timeout) throws SvgException {
        try {
            return TimeLimit.run(timeout, "SVG rendering (--svg-timeout)", () -> toPng(svg, maxPixels));
        } catch (TimeLimit.Exceeded e) {
            throw new SvgException(e.getMessage(), "svg_timeout");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof SvgException svgProblem) {
                throw svgProblem;
            }
            throw new SvgException("SVG failed to render: " + e.getCause());
        }
    }

    /** Rasterizes at 1 CSS pixel per SVG user unit, over white like a notebook shows it. */
    public static byte[] toPng(String svg, long maxPixels) throws SvgException {
        if (DOCTYPE.matcher(svg).find()) {
            throw new SvgException("SVG has a DOCTYPE; DTDs and entities are refused in untrusted input");
        }
        SVGDocument doc;
        LOAD_FAILURE.remove();
        try {
            ByteArrayInputStream in = new ByteArrayInputStream(svg.getBytes(StandardCharsets.UTF_8));
            doc = new SVGLoader().load(() -> XML.createXMLEventReader(in), null, HERMETIC);
        } catch (RuntimeException e) {
            throw new SvgException("SVG does not parse: " + e.getMessage());
        }
        if (doc == null) {
            Throwable why = LOAD_FAILURE.get();
            LOAD_FAILURE.remove();
            throw new SvgException(why == null ? "SVG does not parse"
                    : "SVG does not parse: " + why.getMessage().lines().findFirst().orElse(why.toString()));
        }
        FloatSize size = doc.size();
        int w = (int) Math.ceil(size.width);
        int h = (int) Math.ceil(size.height);
        if (w <= 0 || h <= 0) {
            throw new SvgException("SVG has no usable size (" + size.width + "x" + size.height + ")");
        }
        if ((long) w * h > maxPixels) {
            throw new SvgException("SVG would rasterize to " + w + "x" + h + " = " + ((long) w * h)
                    + " pixels, over the limit of " + maxPixels + " (--max-image-pixels)");
        }
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        try {
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, w, h);
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_STROKE_CONTROL, RenderingHints.VALUE_STROKE_PURE);
            doc.render(null, g, null);
        } catch (RuntimeException e) {
            throw new SvgException("SVG failed to render: " + e);
        } finally {
            g.dispose();
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ImageIO.write(img, "png", out);
        } catch (IOException e) {
            throw new SvgException("PNG encoding failed: " + e.getMessage());
        }
        return out.toByteArray();
    }
}
