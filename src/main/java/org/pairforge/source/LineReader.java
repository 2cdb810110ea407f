package org.pairforge.source;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * Splits a byte stream on '\n' with a cap per line; an over-long line is skipped, not held. Scans its own
 * buffer: per-byte reads through a stream cost a lock each and would cap JSON Lines input at ~50 MB/s.
 */
final class LineReader {
    static final byte[] TOO_LONG = new byte[0];

    private final InputStream in;
    private final long maxLine;
    private final byte[] buf = new byte[1 << 16];
    private int pos;
    private int limit;
    private long lineNumber;

    LineReader(InputStream in, long maxLine) {
        this.in = in;
        this.maxLine = maxLine;
    }

    /** 1-based number of the line last returned. */
    long lineNumber() {
        return lineNumber;
    }

    byte[] next() throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream(8192);
        long length = 0;
        boolean any = false;
        while (true) {
            if (pos == limit) {
                limit = in.read(buf);
                pos = 0;
                if (limit <= 0) {
                    limit = 0;
                    break;
                }
            }
            any = true;
            int start = pos;
            while (pos < limit && buf[pos] != '\n') {
                pos++;
            }
            int n = pos - start;
            if (length + n <= maxLine) {
                line.write(buf, start, n);
            }
            length += n;
            if (pos < limit) { // found the newline
                pos++;
                break;
            }
        }
        if (!any) {
            return null;
        }
        lineNumber++;
        return length > maxLine ? TOO_LONG : line.toByteArray();
    }
}
