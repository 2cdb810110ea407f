package org.pairforge.web;

import com.fasterxml.jackson.databind.JsonNode;
import org.pairforge.document.Ocr;

/** Whether the text boxes a page reports are where Tesseract reads text on its screenshot. */
final class TextBoxCheck {
    private TextBoxCheck() {
    }

    /** {compared, inside}: confident OCR words, and those whose centre lies in some box. */
    static int[] ocrWordsInBoxes(byte[] png, JsonNode boxes) throws Exception {
        int compared = 0;
        int inside = 0;
        for (Ocr.OcrWord w : Ocr.words(png, "eng")) {
            if (w.confidence() < 85 || w.text().length() < 3) {
                continue;
            }
            compared++;
            double cx = (w.x0() + w.x1()) / 2.0;
            double cy = (w.y0() + w.y1()) / 2.0;
            for (JsonNode b : boxes) {
                if (b.get("x0").asDouble() <= cx && cx <= b.get("x1").asDouble() && b.get("y0").asDouble() <= cy && cy <= b.get("y1").asDouble()) {
                    inside++;
                    break;
                }
            }
        }
        return new int[]{compared, inside};
    }
}
