package org.pairforge.browser;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.microsoft.playwright.CDPSession;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ChromiumIT {
    /**
     * Chromium preloads WebUI pages for a browser window (the omnibox popups) even headless, and their renderer
     * was as busy as ours. The launch flags turn them off; a Chromium that renames the features brings them back,
     * and this says so.
     */
    @Test
    void theBrowserRunsNoPagesButOurs() {
        try (Chromium chromium = Chromium.launch()) {
            WorkerPages.WorkerPage page = new WorkerPages(false).acquire(chromium.browser(), null);
            page.page().setContent("<p>hello</p>");
            CDPSession session = chromium.browser().newBrowserCDPSession();
            JsonObject params = new JsonObject();
            JsonArray filter = new JsonArray();
            JsonObject everything = new JsonObject();
            everything.addProperty("exclude", false);
            filter.add(everything);
            params.add("filter", filter);
            List<String> others = new ArrayList<>();
            int pages = 0;
            for (JsonElement t : session.send("Target.getTargets", params).getAsJsonArray("targetInfos")) {
                JsonObject target = t.getAsJsonObject();
                String type = target.get("type").getAsString();
                if (type.equals("page")) {
                    pages++;
                } else if (!type.equals("tab")) {
                    others.add(type + " " + target.get("url").getAsString());
                }
            }
            session.detach();
            assertEquals(List.of(), others, "targets besides the pages");
            assertTrue(pages >= 1, "our page is a target");
        }
    }
}
