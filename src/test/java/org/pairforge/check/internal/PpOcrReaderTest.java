package org.pairforge.check.internal;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** PP-OCR's detection post-processing on probability maps made by hand. */
class PpOcrReaderTest {
    private static void fill(float[] m, int w, int x0, int y0, int x1, int y1, float p) {
        for (int y = y0; y < y1; y++) {
            for (int x = x0; x < x1; x++) {
                m[y * w + x] = p;
            }
        }
    }

    @Test
    void eachConfidentRegionIsOneBoxGrownByTheUnclipDistanceAndScaledToTheImage() {
        int w = 200, h = 100;
        float[] m = new float[w * h];
        fill(m, w, 10, 10, 110, 20, 0.9f);   // a line of text, 100 x 10
        fill(m, w, 10, 50, 60, 60, 0.9f);    // a shorter one below it
        fill(m, w, 150, 80, 190, 90, 0.35f); // over the pixel threshold, under the box threshold: noise
        fill(m, w, 150, 10, 151, 30, 0.9f);  // one pixel wide (two, dilated): too thin to be text
        List<PpOcrReader.Box> boxes = PpOcrReader.boxes(m, w, h, 2 * w, 2 * h);
        PpOcrReader.Box line = boxes.stream().filter(b -> b.width() > 150).findFirst().orElseThrow();
        // The dilated region is 101 x 11; PaddleOCR's unclip distance is area * 1.6 / perimeter.
        double d = 101 * 11 * 1.6 / (2.0 * (101 + 11));
        assertEquals(Math.round((10 - d) * 2), line.x0(), 1, line.toString());
        assertEquals(Math.round((111 + d) * 2), line.x1(), 1, line.toString());
        assertEquals(Math.round((10 - d) * 2), line.y0(), 1, line.toString());
        assertEquals(Math.round((21 + d) * 2), line.y1(), 1, line.toString());
        assertTrue(boxes.stream().anyMatch(b -> b.y0() > line.y1() && b.x1() < line.x1()), "the shorter line: " + boxes);
        assertTrue(boxes.stream().noneMatch(b -> b.y0() > 140), "the faint region is not text: " + boxes);
        assertEquals(2, boxes.size(), boxes.toString());
    }

    @Test
    void aRegionAtTheImagesEdgeGivesABoxInsideTheImage() {
        int w = 40, h = 20;
        float[] m = new float[w * h];
        fill(m, w, 0, 8, 40, 20, 0.9f); // text cut by the page's left, right and bottom edges
        List<PpOcrReader.Box> boxes = PpOcrReader.boxes(m, w, h, w, h);
        assertEquals(1, boxes.size(), boxes.toString());
        PpOcrReader.Box b = boxes.get(0);
        assertEquals(0, b.x0());
        assertEquals(w, b.x1());
        assertEquals(h, b.y1());
        assertTrue(b.y0() < 8, "grown upwards by the unclip distance: " + b);
    }
}
