package org.pairforge.image;

import org.pairforge.core.EncodedImage;
import org.pairforge.core.EncodedImage.ImageFormat;

import java.util.zip.CRC32;

/**
 * Identifies image bytes by signature and validates their container structure without decoding pixels:
 * for PNG every chunk's length and CRC, IHDR first and IEND last; for JPEG the marker chain from SOI
 * through a frame header to the scan and a closing EOI. That catches truncation and corruption at memory
 * speed; {@link BlankDetector} decodes pixels where it is needed.
 */
public final class ImageProbe {
    private static final byte[] PNG_SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};

    private ImageProbe() {
    }

    public static EncodedImage probe(byte[] bytes, String declaredMediaType) {
        if (startsWith(bytes, PNG_SIGNATURE)) {
            return probePng(bytes, declaredMediaType);
        }
        if (bytes.length >= 3 && (bytes[0] & 0xff) == 0xff && (bytes[1] & 0xff) == 0xd8 && (bytes[2] & 0xff) == 0xff) {
            return probeJpeg(bytes, declaredMediaType);
        }
        return new EncodedImage(bytes, declaredMediaType, ImageFormat.UNKNOWN, 0, 0,
                "bytes are neither PNG nor JPEG (first bytes " + hexPrefix(bytes) + ")");
    }

    private static EncodedImage probePng(byte[] b, String declared) {
        int pos = PNG_SIGNATURE.length;
        int width = 0;
        int height = 0;
        boolean sawIdat = false;
        boolean first = true;
        CRC32 crc = new CRC32();
        while (true) {
            if (pos + 12 > b.length) {
                return png(b, declared, width, height, "PNG is truncated before its IEND chunk");
            }
            long length = readInt(b, pos) & 0xffffffffL;
            if (length > b.length - pos - 12L) {
                return png(b, declared, width, height, "PNG chunk at byte " + pos + " claims " + length
                        + " bytes, beyond the end of the image");
            }
            int typeAt = pos + 4;
            String type = new String(b, typeAt, 4, java.nio.charset.StandardCharsets.ISO_8859_1);
            crc.reset();
            crc.update(b, typeAt, 4 + (int) length);
            int stored = readInt(b, typeAt + 4 + (int) length);
            if ((int) crc.getValue() != stored) {
                return png(b, declared, width, height, "PNG chunk " + type + " at byte " + pos + " fails its CRC");
            }
            if (first) {
                if (!type.equals("IHDR") || length < 13) {
                    return png(b, declared, 0, 0, "PNG does not start with an IHDR chunk");
                }
                width = readInt(b, typeAt + 4);
                height = readInt(b, typeAt + 8);
                if (width <= 0 || height <= 0) {
                    return png(b, declared, 0, 0, "PNG declares a non-positive size " + width + "x" + height);
                }
                first = false;
            }
            if (type.equals("IDAT")) {
                sawIdat = true;
            }
            pos = typeAt + 4 + (int) length + 4;
            if (type.equals("IEND")) {
                return png(b, declared, width, height, sawIdat ? null : "PNG has no image data (no IDAT chunk)");
            }
        }
    }

    private static EncodedImage png(byte[] b, String declared, int w, int h, String problem) {
        return new EncodedImage(b, declared, ImageFormat.PNG, w, h, problem);
    }

    private static EncodedImage probeJpeg(byte[] b, String declared) {
        int pos = 2;
        int width = 0;
        int height = 0;
        while (pos + 4 <= b.length) {
            if ((b[pos] & 0xff) != 0xff) {
                return jpeg(b, declared, width, height, "JPEG marker expected at byte " + pos);
            }
            int marker = b[pos + 1] & 0xff;
            if (marker == 0xff) { // fill byte
                pos++;
                continue;
            }
            if (marker == 0xd8 || (marker >= 0xd0 && marker <= 0xd7) || marker == 0x01) {
                pos += 2;
                continue;
            }
            int length = ((b[pos + 2] & 0xff) << 8) | (b[pos + 3] & 0xff);
            if (length < 2 || pos + 2 + length > b.length) {
                return jpeg(b, declared, width, height, "JPEG segment at byte " + pos + " runs past the end");
            }
            boolean frameHeader = marker >= 0xc0 && marker <= 0xcf && marker != 0xc4 && marker != 0xc8 && marker != 0xcc;
            if (frameHeader && length >= 7) {
                height = ((b[pos + 5] & 0xff) << 8) | (b[pos + 6] & 0xff);
                width = ((b[pos + 7] & 0xff) << 8) | (b[pos + 8] & 0xff);
            }
            if (marker == 0xda) { // start of scan: entropy-coded data follows up to EOI
                if (width <= 0 || height <= 0) {
                    return jpeg(b, declared, 0, 0, "JPEG has no frame header with a size before its scan");
                }
                return jpeg(b, declared, width, height, endsWithEoi(b) ? null : "JPEG is truncated (no EOI marker)");
            }
            pos += 2 + length;
        }
        return jpeg(b, declared, width, height, "JPEG is truncated before its image data");
    }

    private static boolean endsWithEoi(byte[] b) {
        // Some encoders leave padding after EOI; look at the last few bytes rather than only the final two.
        for (int i = b.length - 2; i >= Math.max(2, b.length - 64); i--) {
            if ((b[i] & 0xff) == 0xff && (b[i + 1] & 0xff) == 0xd9) {
                return true;
            }
        }
        return false;
    }

    private static EncodedImage jpeg(byte[] b, String declared, int w, int h, String problem) {
        return new EncodedImage(b, declared, ImageFormat.JPEG, w, h, problem);
    }

    private static int readInt(byte[] b, int at) {
        return ((b[at] & 0xff) << 24) | ((b[at + 1] & 0xff) << 16) | ((b[at + 2] & 0xff) << 8) | (b[at + 3] & 0xff);
    }

    private static boolean startsWith(byte[] b, byte[] prefix) {
        if (b.length < prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if (b[i] != prefix[i]) {
                return false;
            }
        }
        return true;
    }

    private static String hexPrefix(byte[] b) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < Math.min(8, b.length); i++) {
            sb.append(String.format("%02x", b[i] & 0xff));
        }
        return b.length == 0 ? "(empty)" : sb.toString();
    }
}
