package org.pairforge.core;

/** Pieces of sample keys: fixed-width numbers sort in order and keep keys the same length. */
public final class Keys {
    private Keys() {
    }

    public static String pad(int n, int width) {
        String digits = Integer.toString(n);
        return digits.length() >= width ? digits : "0".repeat(width - digits.length()) + digits;
    }
}
