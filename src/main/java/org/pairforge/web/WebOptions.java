package org.pairforge.web;

import org.pairforge.browser.Vendored;

import java.time.Duration;
import java.util.List;

/**
 * How pages are shot.
 *
 * @param viewports    one sample per viewport ({@code --viewport})
 * @param fullPage     the whole scrollable page rather than the first screen ({@code --full-page})
 * @param format       {@code png} or {@code jpeg} ({@code --format})
 * @param javaScript   run the page's scripts ({@code --javascript}; off by default)
 * @param pageTimeout  the most one page may take to load, per viewport ({@code --page-timeout})
 * @param maxHeight    full-page screenshots are cut at this many pixels ({@code --max-height})
 * @param maxFileBytes the largest file a page may load from its folder ({@code --max-input-mb})
 * @param vendored     local copies served for remote URLs, such as a CDN's stylesheet ({@code --vendor})
 */
public record WebOptions(List<Viewport> viewports, boolean fullPage, String format, boolean javaScript,
                         Duration pageTimeout, int maxHeight, long maxFileBytes, Vendored vendored) {
    public WebOptions {
        viewports = List.copyOf(viewports);
        vendored = vendored == null ? Vendored.NONE : vendored;
        if (viewports.isEmpty()) {
            throw new IllegalArgumentException("--viewport needs at least one size");
        }
        if (!format.equals("png") && !format.equals("jpeg")) {
            throw new IllegalArgumentException("--format must be png or jpeg, got '" + format + "'");
        }
        if (maxHeight < 100) {
            throw new IllegalArgumentException("--max-height must be at least 100 px, got " + maxHeight);
        }
    }

    public static WebOptions defaults() {
        return new WebOptions(List.of(new Viewport(1280, 800), new Viewport(390, 844)), false, "png", false,
                Duration.ofSeconds(20), 16_384, 64L << 20, Vendored.NONE);
    }
}
