package org.pairforge.notebook;

import com.fasterxml.jackson.core.JsonToken;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A strict JSON pull parser over a byte array, for reading notebooks faster than Jackson: strings are searched
 * eight bytes at a time, and a string nobody reads (a figure's base64, an output's text, cell metadata) is
 * scanned once and never turned into characters. Jackson's general parser reads such a string byte by byte,
 * and on a notebook its parse was a third of the whole pipeline's time.
 *
 * <p>It accepts only what Jackson, as pairforge configures it, accepts: it throws {@link Refused} on anything
 * else, and also on valid forms it leaves to Jackson (a byte-order mark, a number read as an int that is not
 * a small integer, names over 1,000 bytes, any UTF-8 a strict decoder would question). The caller then parses
 * the notebook again with Jackson, whose answer (or error message) is the one that counts. So this class never
 * has to explain an error; it only must never accept what Jackson rejects, nor read anything differently:
 * {@code FastJsonTest} checks both against Jackson on real notebooks and on thousands of damaged ones.
 */
final class FastJson implements JsonCursor {

    /** Thrown for anything the fast path does not vouch for; no stack trace, as it is control flow. */
    static final class Refused extends RuntimeException {
        private static final Refused INSTANCE = new Refused();

        private Refused() {
            super("left to Jackson", null, false, false);
        }
    }

    private static final VarHandle LONG = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long ONES = 0x0101010101010101L;
    private static final long HIGHS = 0x8080808080808080L;
    private static final int MAX_NAME_BYTES = 1000;
    private static final int MAX_NUMBER_CHARS = 100;

    private enum Expect { VALUE, VALUE_OR_END, NAME, NAME_OR_END, COMMA_OR_END, DONE }

    private final byte[] b;
    /** The document ends here; the array may be a longer reading buffer. */
    private final int limit;
    private final int maxDepth;
    private boolean[] inObject = new boolean[32];
    private int depth;
    private int pos;
    private Expect expect = Expect.VALUE;
    private JsonToken token;
    private int tokenStart;
    /** The current string token's content starts at {@code pos} and has not been scanned yet. */
    private boolean stringPending;
    private String text;
    private String name;
    private int numberEnd;
    private boolean sawEscape;
    private boolean sawNonAscii;

    FastJson(byte[] json, int maxDepth) {
        this(json, json.length, maxDepth);
    }

    FastJson(byte[] json, int length, int maxDepth) {
        this.b = json;
        this.limit = length;
        this.maxDepth = maxDepth;
    }

    static Refused refused() {
        return Refused.INSTANCE;
    }

    @Override
    public JsonToken nextToken() {
        if (stringPending) {
            pos = skipString(pos);
            stringPending = false;
        }
        text = null;
        int c = nonSpace();
        switch (expect) {
            case COMMA_OR_END -> {
                if (c != ',') {
                    return close(c);
                }
                pos++;
                expect = inObject[depth] ? Expect.NAME : Expect.VALUE;
                c = nonSpace();
            }
            case NAME_OR_END -> {
                if (c == '}') {
                    return close(c);
                }
            }
            case VALUE_OR_END -> {
                if (c == ']') {
                    return close(c);
                }
            }
            case DONE -> throw refused();
            default -> {
            }
        }
        if (expect == Expect.NAME || expect == Expect.NAME_OR_END) {
            if (c != '"') {
                throw refused();
            }
            int start = pos + 1;
            pos = skipString(start);
            if (pos - 1 - start > MAX_NAME_BYTES) {
                throw refused();
            }
            name = decode(start, pos - 1);
            if (nonSpace() != ':') {
                throw refused();
            }
            pos++;
            expect = Expect.VALUE;
            return token = JsonToken.FIELD_NAME;
        }
        return value(c);
    }

    private JsonToken value(int c) {
        tokenStart = pos;
        switch (c) {
            case '{' -> {
                open(true);
                expect = Expect.NAME_OR_END;
                return token = JsonToken.START_OBJECT;
            }
            case '[' -> {
                open(false);
                expect = Expect.VALUE_OR_END;
                return token = JsonToken.START_ARRAY;
            }
            case '"' -> {
                pos++;
                stringPending = true;
                return scalar(JsonToken.VALUE_STRING);
            }
            case 't' -> {
                return literal("true", JsonToken.VALUE_TRUE);
            }
            case 'f' -> {
                return literal("false", JsonToken.VALUE_FALSE);
            }
            case 'n' -> {
                return literal("null", JsonToken.VALUE_NULL);
            }
            default -> {
                if (c == '-' || (c >= '0' && c <= '9')) {
                    return number();
                }
                throw refused();
            }
        }
    }

    private JsonToken scalar(JsonToken t) {
        expect = depth == 0 ? Expect.DONE : Expect.COMMA_OR_END;
        return token = t;
    }

    private void open(boolean object) {
        pos++;
        if (++depth > maxDepth) {
            throw refused();
        }
        if (depth == inObject.length) {
            inObject = Arrays.copyOf(inObject, depth * 2);
        }
        inObject[depth] = object;
    }

    private JsonToken close(int c) {
        if (depth == 0) {
            throw refused();
        }
        boolean object = inObject[depth];
        if (c != (object ? '}' : ']')) {
            throw refused();
        }
        pos++;
        depth--;
        expect = depth == 0 ? Expect.DONE : Expect.COMMA_OR_END;
        return token = object ? JsonToken.END_OBJECT : JsonToken.END_ARRAY;
    }

    private JsonToken literal(String word, JsonToken t) {
        if (pos + word.length() > limit) {
            throw refused();
        }
        for (int i = 0; i < word.length(); i++) {
            if (b[pos + i] != word.charAt(i)) {
                throw refused();
            }
        }
        pos += word.length();
        return scalar(t);
    }

    /** JSON's number grammar exactly: -?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)? */
    private JsonToken number() {
        int start = pos;
        if (b[pos] == '-') {
            pos++;
        }
        if (pos < limit && b[pos] == '0') {
            pos++;
        } else if (digits() == 0) {
            throw refused();
        }
        boolean integer = true;
        if (pos < limit && b[pos] == '.') {
            integer = false;
            pos++;
            if (digits() == 0) {
                throw refused();
            }
        }
        if (pos < limit && (b[pos] == 'e' || b[pos] == 'E')) {
            integer = false;
            pos++;
            if (pos < limit && (b[pos] == '+' || b[pos] == '-')) {
                pos++;
            }
            if (digits() == 0) {
                throw refused();
            }
        }
        if (pos - start > MAX_NUMBER_CHARS) {
            throw refused();
        }
        numberEnd = pos;
        return scalar(integer ? JsonToken.VALUE_NUMBER_INT : JsonToken.VALUE_NUMBER_FLOAT);
    }

    private int digits() {
        int start = pos;
        while (pos < limit && b[pos] >= '0' && b[pos] <= '9') {
            pos++;
        }
        return pos - start;
    }

    private int nonSpace() {
        while (pos < limit) {
            int c = b[pos];
            if (c != ' ' && c != '\n' && c != '\r' && c != '\t') {
                return c & 0xff;
            }
            pos++;
        }
        throw refused(); // the document ends inside its root value
    }

    /**
     * A byte of the word that is a quote, a backslash, a control character or not ASCII has its high bit set
     * in the result, and the lowest such byte is the first of them (bytes above it may be false positives).
     */
    private static long special(long w) {
        long quote = w ^ 0x2222222222222222L;
        long backslash = w ^ 0x5c5c5c5c5c5c5c5cL;
        return ((quote - ONES) & ~quote | (backslash - ONES) & ~backslash | (w - 0x2020202020202020L) & ~w | w) & HIGHS;
    }

    /**
     * Scans a string whose content starts at {@code i} and returns the index after its closing quote, checking
     * what Jackson checks (escapes, no raw control characters, well-formed UTF-8); notes in {@code sawEscape}
     * and {@code sawNonAscii} whether decoding it needs more than a copy.
     */
    private int skipString(int i) {
        byte[] a = b;
        int end = limit;
        sawEscape = false;
        sawNonAscii = false;
        while (true) {
            while (i + 8 <= end) {
                long found = special((long) LONG.get(a, i));
                if (found != 0) {
                    i += Long.numberOfTrailingZeros(found) >>> 3;
                    break;
                }
                i += 8;
            }
            if (i >= end) {
                throw refused();
            }
            int c = a[i] & 0xff;
            if (c == '"') {
                return i + 1;
            } else if (c == '\\') {
                sawEscape = true;
                i = afterEscape(i);
            } else if (c >= 0x80) {
                sawNonAscii = true;
                i = afterUtf8(i, c);
            } else if (c < 0x20) {
                throw refused();
            } else {
                i++; // fewer than eight bytes were left for the word-wise search
            }
        }
    }

    private int afterEscape(int i) {
        int e = at(i + 1);
        switch (e) {
            case '"', '\\', '/', 'b', 'f', 'n', 'r', 't' -> {
                return i + 2;
            }
            case 'u' -> {
                hex(i + 2);
                return i + 6;
            }
            default -> throw refused();
        }
    }

    /** Strict UTF-8: shortest forms only, no surrogates, nothing past U+10FFFF. */
    private int afterUtf8(int i, int c) {
        if (c >= 0xc2 && c <= 0xdf) {
            continuation(i + 1, 0x80, 0xbf);
            return i + 2;
        }
        if (c >= 0xe0 && c <= 0xef) {
            continuation(i + 1, c == 0xe0 ? 0xa0 : 0x80, c == 0xed ? 0x9f : 0xbf);
            continuation(i + 2, 0x80, 0xbf);
            return i + 3;
        }
        if (c >= 0xf0 && c <= 0xf4) {
            continuation(i + 1, c == 0xf0 ? 0x90 : 0x80, c == 0xf4 ? 0x8f : 0xbf);
            continuation(i + 2, 0x80, 0xbf);
            continuation(i + 3, 0x80, 0xbf);
            return i + 4;
        }
        throw refused();
    }

    private void continuation(int i, int low, int high) {
        int c = at(i);
        if (c < low || c > high) {
            throw refused();
        }
    }

    private int at(int i) {
        if (i >= limit) {
            throw refused();
        }
        return b[i] & 0xff;
    }

    private int hex(int i) {
        int v = 0;
        for (int k = 0; k < 4; k++) {
            int c = at(i + k);
            int d = c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
            if (d < 0) {
                throw refused();
            }
            v = v << 4 | d;
        }
        return v;
    }

    /** The characters of a string already checked by {@link #skipString}, between its quotes. */
    private String decode(int start, int end) {
        if (!sawEscape) {
            return new String(b, start, end - start, sawNonAscii ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
        }
        StringBuilder sb = new StringBuilder(end - start);
        int i = start;
        while (i < end) {
            if (b[i] != '\\') {
                int run = i;
                while (run < end && b[run] != '\\') {
                    run++;
                }
                sb.append(new String(b, i, run - i, StandardCharsets.UTF_8)); // a run never splits a UTF-8 sequence
                i = run;
                continue;
            }
            int e = b[i + 1];
            switch (e) {
                case 'b' -> sb.append('\b');
                case 'f' -> sb.append('\f');
                case 'n' -> sb.append('\n');
                case 'r' -> sb.append('\r');
                case 't' -> sb.append('\t');
                case 'u' -> sb.append((char) hex(i + 2)); // a lone surrogate stays one, as in Jackson
                default -> sb.append((char) e); // '"', '\\' or '/'
            }
            i += e == 'u' ? 6 : 2;
        }
        return sb.toString();
    }

    @Override
    public String currentName() {
        if (token != JsonToken.FIELD_NAME) {
            throw refused();
        }
        return name;
    }

    @Override
    public String getText() {
        if (token == JsonToken.FIELD_NAME) {
            return name;
        }
        if (token != JsonToken.VALUE_STRING) {
            throw refused();
        }
        if (stringPending) {
            int start = pos;
            pos = skipString(start);
            stringPending = false;
            text = decode(start, pos - 1);
        }
        return text;
    }

    @Override
    public String getValueAsString() {
        if (token == JsonToken.VALUE_STRING || token == JsonToken.FIELD_NAME) {
            return getText();
        }
        if (token == JsonToken.VALUE_NULL || !token.isScalarValue()) {
            return null;
        }
        throw refused(); // a number or boolean as text: Jackson's rendering is the reference
    }

    @Override
    public int getIntValue() {
        int digits = numberEnd - tokenStart;
        if (token != JsonToken.VALUE_NUMBER_INT || digits > 9) {
            throw refused();
        }
        int v = 0;
        boolean negative = b[tokenStart] == '-';
        for (int i = negative ? tokenStart + 1 : tokenStart; i < numberEnd; i++) {
            v = v * 10 + (b[i] - '0');
        }
        return negative ? -v : v;
    }

    @Override
    public void skipChildren() {
        if (token != JsonToken.START_OBJECT && token != JsonToken.START_ARRAY) {
            return;
        }
        int outside = depth - 1;
        do {
            nextToken();
        } while (depth > outside);
    }

    @Override
    public int base64Start() {
        if (token != JsonToken.VALUE_STRING) {
            throw refused();
        }
        if (stringPending) {
            pos = skipString(RawBase64.alphabetEnd(b, pos, limit)); // the rest (a line break, an escape, the quote) checked as any string
            stringPending = false;
        }
        return tokenStart;
    }

    @Override
    public int base64End() {
        if (token != JsonToken.VALUE_STRING || stringPending) {
            throw refused();
        }
        return pos - 1;
    }
}
