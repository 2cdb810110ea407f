package org.pairforge.page;

import org.junit.jupiter.api.Test;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.zip.CRC32;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PagePngTest {
    @Test
    void greyAndRgbImagesDecodeToExactlyTheirPixels() throws Exception {
        Random random = new Random(7);
        for (int type : new int[]{BufferedImage.TYPE_BYTE_GRAY, BufferedImage.TYPE_INT_RGB}) {
            for (int[] size : new int[][]{{1, 1}, {3, 7}, {640, 480}}) {
                BufferedImage image = new BufferedImage(size[0], size[1], type);
                for (int y = 0; y < size[1]; y++) {
                    for (int x = 0; x < size[0]; x++) {
                        int v = y % 3 == 0 ? random.nextInt(1 << 24) : (x * 255 / size[0]) * 0x010101;
                        image.setRGB(x, y, v);
                    }
                }
                byte[] png = PagePng.encode(image);
                BufferedImage back = ImageIO.read(new ByteArrayInputStream(png));
                assertEquals(size[0], back.getWidth());
                assertEquals(size[1], back.getHeight());
                for (int y = 0; y < size[1]; y++) {
                    for (int x = 0; x < size[0]; x++) {
                        assertEquals(image.getRGB(x, y), back.getRGB(x, y), "type " + type + " pixel " + x + "," + y);
                    }
                }
                assertEquals(List.of("IHDR", "IDAT", "IEND"), chunksWithValidCrc(png));
            }
        }
    }

    @Test
    void otherImageTypesAreLeftToImageIo() {
        BufferedImage argb = new BufferedImage(4, 4, BufferedImage.TYPE_INT_ARGB);
        assertFalse(PagePng.supports(argb));
        assertThrows(IllegalArgumentException.class, () -> PagePng.encode(argb));
        assertTrue(PagePng.supports(new BufferedImage(4, 4, BufferedImage.TYPE_BYTE_GRAY)));
    }

    /** The chunk names in order, after checking every chunk's CRC (ImageIO's reader does not). */
    private static List<String> chunksWithValidCrc(byte[] png) {
        ByteBuffer b = ByteBuffer.wrap(png);
        b.position(8);
        List<String> names = new ArrayList<>();
        while (b.hasRemaining()) {
            int length = b.getInt();
            byte[] typeAndData = new byte[4 + length];
            b.get(typeAndData);
            CRC32 crc = new CRC32();
            crc.update(typeAndData);
            String name = new String(typeAndData, 0, 4, java.nio.charset.StandardCharsets.US_ASCII);
            assertEquals((int) crc.getValue(), b.getInt(), "CRC of " + name);
            names.add(name);
        }
        return names;
    }
}
