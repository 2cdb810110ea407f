package org.pairforge.browser;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Route;

import java.io.IOException;
import java.net.URI;
import java.net.URLConnection;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Serves one input's folder to a browser context under a made-up origin, and nothing else. Pages are
 * opened as {@code http://pairforge.invalid/...}, never as {@code file://}: a file page may load any other
 * file (an iframe of /etc/passwd), while an http page may load no file at all. Every request goes through
 * {@code route("**}{@code /*")}: a path inside the root is answered from disk, anything else is aborted and
 * counted. The context is also offline and the browser's proxy is dead, because a route alone does not see
 * prefetches, beacons or WebSockets.
 */
public final class HermeticSite {
    public static final String ORIGIN = "http://pairforge.invalid/";
    /**
     * An empty page at the origin, whatever site is current: a reused page parked here takes each input's
     * HTML by {@code setContent}, and its relative links still resolve against the origin.
     */
    public static final String BLANK = ORIGIN + ".pairforge-blank";
    private static final String BLANK_NAME = ".pairforge-blank";

    /** The empty page in the same folder of the site as {@code pageUrl}: relative links resolve from there alike. */
    public static String blankBeside(String pageUrl) {
        if (!pageUrl.startsWith(ORIGIN)) {
            return BLANK;
        }
        return pageUrl.substring(0, pageUrl.lastIndexOf('/') + 1) + BLANK_NAME;
    }

    private static boolean isBlank(String url) {
        return url.startsWith(ORIGIN) && url.endsWith("/" + BLANK_NAME);
    }

    private final Path root;
    private final long maxFileBytes;
    private final Vendored vendored;
    private final java.util.Map<String, byte[]> inMemory = new java.util.concurrent.ConcurrentHashMap<>();
    private final AtomicInteger refused = new AtomicInteger();
    private volatile String mainDocument;

    /** @param root the folder whose files may be served, or null to serve only pages given with {@link #serve} */
    public HermeticSite(Path root, long maxFileBytes) {
        this(root, maxFileBytes, Vendored.NONE);
    }

    /** @param vendored local copies served for their remote URLs ({@code --vendor}) */
    public HermeticSite(Path root, long maxFileBytes, Vendored vendored) {
        this.root = root == null ? null : root.toAbsolutePath().normalize();
        this.maxFileBytes = maxFileBytes;
        this.vendored = vendored;
    }

    /** Serves {@code html} at {@code ORIGIN + path} (a page that came as a JSON Lines row, or already in memory). */
    public String serve(String path, byte[] html) {
        String url = ORIGIN + encode(path.split("/"));
        inMemory.put(pathOf(url), html);
        return url;
    }

    /** The URL a file inside the root is served at. */
    public String urlOf(Path file) {
        Path rel = root.relativize(file.toAbsolutePath().normalize());
        String[] names = new String[rel.getNameCount()];
        for (int i = 0; i < names.length; i++) {
            names[i] = rel.getName(i).toString();
        }
        return ORIGIN + encode(names);
    }

    private static String encode(String[] names) {
        StringBuilder url = new StringBuilder();
        for (String name : names) {
            if (url.length() > 0) {
                url.append('/');
            }
            url.append(java.net.URLEncoder.encode(name, java.nio.charset.StandardCharsets.UTF_8).replace("+", "%20"));
        }
        return url.toString();
    }

    /** A URL's decoded path: Chromium may spell an escape differently from {@link #encode}. */
    private static String pathOf(String url) {
        try {
            URI uri = URI.create(url);
            return uri.getHost() + uri.getPath();
        } catch (IllegalArgumentException e) {
            return url;
        }
    }

    /**
     * The one URL the top frame may navigate to, besides {@link #BLANK}. Any other top-level navigation (a
     * {@code <meta http-equiv="refresh">}, which needs no script, or a script's redirect) is cancelled: the
     * image must show the page whose code it is paired with, and a refresh left pending must not land on the
     * next input written into a reused page.
     */
    public void allowNavigation(String url) {
        mainDocument = url;
    }

    public void install(BrowserContext context) {
        context.route("**/*", this::handle);
    }

    /**
     * Routes a long-lived context to whichever site is current: a worker reuses one context and page across
     * many inputs (a new page costs a renderer process, ~200 ms), and points this at each input's site.
     */
    public static final class Switch {
        private volatile HermeticSite current;

        public Switch(BrowserContext context) {
            context.route("**/*", route -> {
                HermeticSite site = current;
                if (site == null) {
                    route.abort("blockedbyclient");
                } else {
                    site.handle(route);
                }
            });
        }

        public void set(HermeticSite site) {
            current = site;
        }
    }

    public int refused() {
        return refused.get();
    }

    private void handle(Route route) {
        if (route.request().isNavigationRequest() && route.request().frame().parentFrame() == null
                && !isBlank(route.request().url()) && !sameDocument(route.request().url(), mainDocument)) {
            refused.incrementAndGet();
            route.abort("aborted"); // not "blockedbyclient": that would commit an error page over the document
            return;
        }
        if (isBlank(route.request().url())) {
            route.fulfill(new Route.FulfillOptions().setStatus(200).setBody("").setContentType("text/html; charset=utf-8"));
            return;
        }
        byte[] page = inMemory.get(pathOf(route.request().url()));
        if (page != null) {
            route.fulfill(new Route.FulfillOptions().setStatus(200).setBodyBytes(page).setContentType("text/html; charset=utf-8"));
            return;
        }
        Path file = fileFor(route.request().url());
        if (file == null) {
            file = vendored.fileFor(route.request().url()); // fileFor has checked a root file's size already
            if (file != null && sizeOver(file)) {
                file = null;
            }
        }
        if (file == null) {
            refused.incrementAndGet();
            route.abort("blockedbyclient");
            return;
        }
        try {
            byte[] body = Files.readAllBytes(file);
            route.fulfill(new Route.FulfillOptions().setStatus(200).setBodyBytes(body).setContentType(contentType(file, body)));
        } catch (IOException e) {
            route.fulfill(new Route.FulfillOptions().setStatus(404));
        }
    }

    private boolean sizeOver(Path file) {
        try {
            return Files.size(file) > maxFileBytes;
        } catch (IOException e) {
            return true;
        }
    }

    /** The same document: the same decoded path (and query) on the same host. */
    private static boolean sameDocument(String requested, String allowed) {
        if (allowed == null) {
            return false;
        }
        try {
            return requested.equals(allowed) || pathOf(requested).equals(pathOf(allowed))
                    && java.util.Objects.equals(URI.create(requested).getRawQuery(), URI.create(allowed).getRawQuery());
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** The file a URL names, or null when it is not a regular file (no link) inside the root and under the cap. */
    Path fileFor(String url) {
        if (root == null || !url.startsWith(ORIGIN)) {
            return null;
        }
        try {
            String path = URI.create(url).getPath();
            Path file = root.resolve(path.startsWith("/") ? path.substring(1) : path).normalize();
            if (!file.startsWith(root) || !Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)
                    || !file.toRealPath().startsWith(root.toRealPath()) || Files.size(file) > maxFileBytes) {
                return null;
            }
            return file;
        } catch (IllegalArgumentException | IOException e) {
            return null;
        }
    }

    private static String contentType(Path file, byte[] body) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        if (name.endsWith(".html") || name.endsWith(".htm")) {
            // A page that names no encoding is decoded as every engine here decodes it (see HtmlCharset);
            // one that names it keeps that, read by Chromium's own rules.
            return HtmlCharset.labelled(body) == null ? "text/html; charset=" + HtmlCharset.of(body).name() : "text/html";
        }
        if (name.endsWith(".xhtml")) {
            return "application/xhtml+xml";
        }
        if (name.endsWith(".css")) {
            return "text/css";
        }
        if (name.endsWith(".svg")) {
            return "image/svg+xml";
        }
        String guess = URLConnection.guessContentTypeFromName(name);
        return guess != null ? guess : "application/octet-stream";
    }
}
