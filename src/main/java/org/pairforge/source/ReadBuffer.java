package org.pairforge.source;

/**
 * One thread's memory for reading inputs into, reused from input to input ({@link Input#loadInto}). Holds
 * either its own array, grown to the largest input so far, or an array the input already had (a JSON Lines
 * row's content), so nothing is copied twice.
 */
public final class ReadBuffer {
    /**
     * An array grown past this for an unusually large input is let go after it, not kept by the thread: every
     * worker thread keeps one, so this bounds what a run holds between inputs (most notebooks are
     * well under 1 MB, and reading a larger one into a new array costs little next to extracting it).
     */
    static final int KEEP_BYTES = 4 << 20;

    private byte[] own = new byte[0];
    private byte[] bytes = own;
    private int length;

    /** The input's bytes are {@code bytes()[0, length())}. */
    public byte[] bytes() {
        return bytes;
    }

    public int length() {
        return length;
    }

    /** Done with the current input. */
    public void release() {
        bytes = null;
        length = 0;
        if (own.length > KEEP_BYTES) {
            own = new byte[0];
        }
    }

    /** Holds an array the input already had, whole. */
    void hold(byte[] content) {
        bytes = content;
        length = content.length;
    }

    /** This buffer's own array, at least {@code n} bytes long, to read an input into. */
    byte[] room(int n) {
        if (own.length < n) {
            // Some room to spare for the next, slightly larger input; none for one that will not be kept.
            own = new byte[n > KEEP_BYTES ? n : (int) Math.min(KEEP_BYTES, n + (long) n / 4)];
        }
        bytes = own;
        length = 0;
        return own;
    }

    /** A larger array of this buffer's own, holding the first {@code keep} bytes read so far. */
    byte[] grow(int keep, int capacity) {
        byte[] larger = new byte[capacity];
        System.arraycopy(own, 0, larger, 0, keep);
        own = larger;
        bytes = own;
        length = 0;
        return own;
    }

    /** The input read into {@link #room} is {@code n} bytes long. */
    void filled(int n) {
        length = n;
    }
}
