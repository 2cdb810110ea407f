package org.pairforge.web;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A browser window size in CSS pixels, written {@code WIDTHxHEIGHT} (also in sample keys: dot-free). */
public record Viewport(int width, int height) implements java.io.Serializable {
    private static final Pattern SIZE = Pattern.compile("(\\d{1,9})x(\\d{1,9})");

    public Viewport {
        if (width < 100 || height < 100 || width > 8192 || height > 8192) {
            throw new IllegalArgumentException("--viewport sides must be 100..8192 px, got " + width + "x" + height);
        }
    }

    /** {@code 1280x800,390x844}. */
    public static List<Viewport> parseList(String list) {
        List<Viewport> out = new ArrayList<>();
        for (String part : list.split(",")) {
            Matcher m = SIZE.matcher(part.trim());
            if (!m.matches()) {
                throw new IllegalArgumentException("--viewport takes WIDTHxHEIGHT[,WIDTHxHEIGHT...], got '" + part.trim() + "'");
            }
            out.add(new Viewport(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2))));
        }
        return List.copyOf(out);
    }

    @Override
    public String toString() {
        return width + "x" + height;
    }
}
