package org.pairforge.browser;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.CDPSession;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.ServiceWorkerPolicy;

/**
 * Each worker thread's context and page, kept across inputs: only the site behind the routes changes. A new
 * page costs a renderer process (150–280 ms here), more than rendering a one-page document takes. Playwright
 * objects are single-threaded, so each thread has its own, tied to its pooled browser.
 *
 * <p>With scripts on, every input gets a fresh context: a script could leave cookies or storage for the next
 * input, and output must not depend on which worker ran what. With scripts off a document cannot store
 * anything, and the routes answer without cookies.
 */
public final class WorkerPages {
    private final boolean javaScript;
    private final ThreadLocal<WorkerPage> pages = new ThreadLocal<>();

    public WorkerPages(boolean javaScript) {
        this.javaScript = javaScript;
    }

    /** A worker's reusable page, serving {@code site} until {@link #release}. */
    public static final class WorkerPage {
        private final Browser browser;
        private final BrowserContext context;
        private final Page page;
        private final HermeticSite.Switch sites;
        private HermeticSite owner;
        private CDPSession devtools;
        private int width;
        private int height;
        private com.microsoft.playwright.options.Media media;
        /** The blank page it is parked at ({@link HermeticSite#blankBeside}), ready for {@code setContent}; null when not. */
        public String parkedAt;

        private WorkerPage(Browser browser, boolean javaScript) {
            this.browser = browser;
            this.context = browser.newContext(new Browser.NewContextOptions()
                    .setOffline(true)
                    .setJavaScriptEnabled(javaScript)
                    .setServiceWorkers(ServiceWorkerPolicy.BLOCK)
                    .setAcceptDownloads(false)
                    .setDeviceScaleFactor(1));
            this.sites = new HermeticSite.Switch(context);
            this.page = context.newPage();
        }

        public Page page() {
            return page;
        }

        public HermeticSite site() {
            return owner;
        }

        /** A DevTools session on the page, opened on first use. */
        public CDPSession devtools() {
            if (devtools == null) {
                devtools = context.newCDPSession(page);
            }
            return devtools;
        }

        /** Resizing costs a DevTools round trip and a relayout even to the same size, so only real changes. */
        public void resize(int newWidth, int newHeight) {
            if (newWidth != width || newHeight != height) {
                page.setViewportSize(newWidth, newHeight);
                width = newWidth;
                height = newHeight;
            }
        }

        /**
         * The CSS media the page's documents are laid out for from their first layout on, kept across
         * navigations: set before loading, a print layout is not preceded by a screen layout thrown away.
         */
        public void media(com.microsoft.playwright.options.Media wanted) {
            if (wanted != media) {
                page.emulateMedia(new Page.EmulateMediaOptions().setMedia(wanted));
                media = wanted;
            }
        }
    }

    /** This thread's page, now serving {@code site}. */
    public WorkerPage acquire(Browser browser, HermeticSite site) {
        WorkerPage p = pages.get();
        if (p != null && javaScript && p.owner != site) {
            p.context.close();
            p = null;
        }
        if (p == null || p.browser != browser || p.page.isClosed()) {
            p = new WorkerPage(browser, javaScript);
            pages.set(p);
        }
        p.owner = site;
        p.sites.set(site);
        return p;
    }

    /** The input is done: its site is no longer served. */
    public void release(WorkerPage page) {
        page.sites.set(null);
    }

    /** A hung or crashed page is not reused; {@link BrowserPool} replaces the browser. */
    public void discard() {
        pages.remove();
    }
}
