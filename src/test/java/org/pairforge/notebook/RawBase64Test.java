package org.pairforge.notebook;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

@Timeout(60) // a decoder bug here once looped forever; fail, don't hang
class RawBase64Test {
    private static byte[] decode(String json) {
        byte[] bytes = json.getBytes(StandardCharsets.US_ASCII);
        return new RawBase64().decode(bytes, bytes.length, json.indexOf('"'));
    }

    @Test
    void agreesWithTheJdkOnEveryLengthAndLayout() {
        Random r = new Random(1);
        RawBase64 reused = new RawBase64(); // also exercises buffer growth across calls
        for (int len = 0; len < 300_000; len = len * 3 / 2 + 1) {
            byte[] data = new byte[len];
            r.nextBytes(data);
            String b64 = Base64.getEncoder().encodeToString(data);
            String mime = Base64.getMimeEncoder().encodeToString(data).replace("\r\n", "\\n");
            for (String body : new String[]{b64, b64 + "\\n", mime, b64.replace("/", "\\/"), b64.replace("=", "")}) {
                // A tail shorter than a quad after the closing quote is the case that once looped forever.
                for (String tail : new String[]{"", "}", "\n}\n", "}]}   "}) {
                    String json = "{\"image/png\": \"" + body + "\"" + tail;
                    byte[] bytes = json.getBytes(StandardCharsets.US_ASCII);
                    int quote = json.indexOf("\"", 13);
                    assertArrayEquals(data, reused.decode(bytes, bytes.length, quote), "len " + len);
                    // With the closing quote known, as the fast parser knows it: an exact-size decode, or the
                    // general path for text with line breaks or escapes.
                    assertArrayEquals(data, new RawBase64().decode(bytes, bytes.length, quote, json.lastIndexOf('"')), "len " + len);
                }
            }
        }
    }

    @Test
    void theExactPathRefusesWhatTheGeneralPathRefuses() {
        for (String json : new String[]{"\"iVBO@@==\"", "\"iVBORw==AAAA\"", "\"A\"", "\"AAAAA\"", "\"AA===\"", "\"AAA==\""}) {
            byte[] bytes = json.getBytes(StandardCharsets.US_ASCII);
            assertNull(new RawBase64().decode(bytes, 0, json.length() - 1), json);
        }
    }

    @Test
    void refusesWhatItCannotVouchFor() {
        assertNull(decode("\"iVBO@@==\""), "foreign character");
        assertNull(decode("\"iVBORw0KGgo"), "no closing quote");
        assertNull(decode("\"iVBORw==AAAA\""), "data after padding");
        assertNull(decode("\"iVBORw0KG\\u0041\""), "unicode escape");
        assertNull(decode("\"A\""), "a lone character is not base64");
        assertNull(decode("\"AAAA\\"), "input ends inside an escape");
    }
}
