package org.pairforge.page;

/** A word on a rendered page, in image pixels (origin top-left, x1/y1 exclusive edges). */
public record WordBox(int x0, int y0, int x1, int y1, String text) {
}
