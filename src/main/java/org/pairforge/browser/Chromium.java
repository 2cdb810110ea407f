package org.pairforge.browser;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Playwright;
import com.microsoft.playwright.options.Proxy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * One thread's Chromium: a Playwright connection and a browser launched from Debian's package (browser
 * downloads are neither possible nor wanted). Playwright objects belong to the thread that made them, so
 * each worker thread gets its own through {@link BrowserPool}.
 *
 * <p>Launched closed to the network on two levels of its own, before any page adds the third (routes):
 * every request goes to a proxy on a dead loopback port, loopback included ({@code <-loopback>}, which
 * Chromium would otherwise exempt), and background services that phone home are off.
 */
public final class Chromium implements AutoCloseable {
    /** Debian's binary; /usr/bin/chromium is a wrapper script that adds flags of its own. */
    public static final Path EXECUTABLE = Path.of(System.getProperty("pairforge.chromium", "/usr/lib/chromium/chromium"));
    /** Port 9 (discard) on loopback: nothing listens there, so a request that slips past the routes dies. */
    static final String DEAD_PROXY = "http://127.0.0.1:9";
    /**
     * Chromium merges this {@code --disable-features} list with Playwright's. The two omnibox popups are WebUI
     * pages Chromium preloads for a browser window, headless or not: their renderer kept about as busy as the one
     * drawing our documents, and the browser process with it (a third of Chromium's CPU per printed document).
     * Renderer accessibility is off: nothing here reads an accessibility tree (web pages' roles come from the
     * measuring script), and printing still tags its PDFs: with and without it, the same bytes for the corpus
     * e-book and 120 template pages.
     */
    static final List<String> FLAGS = List.of("--no-sandbox", "--disable-gpu", "--disable-renderer-accessibility",
            "--disable-background-networking",
            "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic",
            "--disable-features=NetworkPrediction,OptimizationHints,MediaRouter,WebUIOmniboxPopup,WebUIOmniboxAimPopup",
            "--proxy-bypass-list=<-loopback>");

    private final Playwright playwright;
    private final Browser browser;
    /** An argument Chromium ignores, by which this browser's process is found to kill it. */
    private final String marker;

    private Chromium(Playwright playwright, Browser browser, String marker) {
        this.playwright = playwright;
        this.browser = browser;
        this.marker = marker;
    }

    static Chromium launch() {
        if (!Files.isExecutable(EXECUTABLE)) {
            throw new IllegalStateException("Chromium not found at " + EXECUTABLE + " (run bin/setup, or set -Dpairforge.chromium)");
        }
        if (System.getProperty("playwright.nodejs.path") == null) {
            // The Playwright driver is a Node.js program, and the bundle of Node binaries is not shipped.
            System.setProperty("playwright.nodejs.path", systemNode().toString());
        }
        Playwright playwright = Playwright.create(new Playwright.CreateOptions()
                .setEnv(Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")));
        String marker = "--pairforge-browser=" + java.util.UUID.randomUUID();
        List<String> args = new java.util.ArrayList<>(FLAGS);
        args.add(marker);
        try {
            Browser browser = playwright.chromium().launch(new BrowserType.LaunchOptions()
                    .setExecutablePath(EXECUTABLE)
                    .setArgs(args)
                    .setProxy(new Proxy(DEAD_PROXY))
                    .setTimeout(60_000));
            return new Chromium(playwright, browser, marker);
        } catch (RuntimeException e) {
            playwright.close();
            throw e;
        }
    }

    private static Path systemNode() {
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin").split(java.io.File.pathSeparator)) {
            Path node = Path.of(dir, "node");
            if (Files.isExecutable(node)) {
                return node;
            }
        }
        throw new IllegalStateException("Node.js (node) is not on the PATH; the Playwright driver needs it (run bin/setup)");
    }

    /**
     * The one line of a Playwright error that says what happened. Errors relayed from the driver read
     * "Error {", then "message='…'", then a JavaScript stack; the message line is the useful one.
     */
    public static String reason(RuntimeException e) {
        String m = String.valueOf(e.getMessage());
        int at = m.indexOf("message='");
        String line = at >= 0 ? m.substring(at + "message='".length()) : m;
        return line.lines().findFirst().orElse("").strip();
    }

    public Browser browser() {
        return browser;
    }

    /**
     * Kills this browser's processes from any thread, without a Playwright call (those belong to the thread
     * that is stuck): its pending calls then fail as "closed".
     */
    void kill() {
        ProcessHandle.current().descendants()
                .filter(p -> p.info().commandLine().map(c -> c.contains(marker)).orElse(false))
                .forEach(p -> {
                    p.descendants().forEach(ProcessHandle::destroyForcibly);
                    p.destroyForcibly();
                });
    }

    boolean isHealthy() {
        return browser.isConnected();
    }

    @Override
    public void close() {
        try {
            browser.close();
        } catch (RuntimeException ignored) {
            // a crashed browser is closed already
        }
        playwright.close();
    }
}
