package org.pairforge.kinds;

import org.pairforge.pipeline.Kind;
import org.pairforge.pipeline.Pipeline;
import org.pairforge.template.TemplateContent;
import org.pairforge.template.WebTemplates;
import org.pairforge.web.Viewport;
import org.pairforge.web.WebOptions;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Screenshots of web pages per viewport, paired with their text and HTML. */
public final class WebKind implements Kind<WebOptions> {
    @Override
    public String name() {
        return "web";
    }

    @Override
    public WebOptions defaults() {
        return WebOptions.defaults();
    }

    @Override
    public Pipeline.Builder pipeline(WebOptions options) {
        return Pipeline.web(options);
    }

    @Override
    public Map<String, Object> settings(WebOptions o) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("viewports", String.join(",", o.viewports().stream().map(Viewport::toString).toList()));
        m.put("full_page", o.fullPage());
        m.put("format", o.format());
        m.put("javascript", o.javaScript());
        m.put("page_timeout_s", o.pageTimeout().toMillis() / 1000.0);
        m.put("max_height", o.maxHeight());
        o.markdown().putSettings(m);
        if (!o.vendored().isEmpty()) {
            m.put("vendored", o.vendored().urls());
        }
        return m;
    }

    @Override
    public int shardSize() {
        return 64;
    }

    @Override
    public Fixture<WebOptions> fixture() {
        return new Fixture<>() {
            @Override
            public WebOptions write(Path inputs, int n, long seed, FixtureMaterials materials) throws IOException {
                TemplateContent content = TemplateContent.load(materials.content());
                List<String> names = WebTemplates.NAMES;
                int[] per = new int[names.size()];
                for (int i = 0; i < n; i++) {
                    per[(int) Math.floorMod(seed + i, (long) names.size())]++;
                }
                List<Path> pages = new ArrayList<>();
                for (int t = 0; t < names.size(); t++) {
                    if (per[t] > 0) {
                        pages.addAll(new WebTemplates(materials.templates(), names.get(t)).generate(content, per[t], seed, inputs));
                    }
                }
                // Rejected on purpose: the first page again, under another name (a duplicate).
                pages.sort(null);
                Files.copy(pages.get(0), inputs.resolve("zz-copy-of-" + pages.get(0).getFileName()));
                return WebOptions.builder().viewports("800x600").build();
            }

            @Override
            public int shardSize() {
                return 2;
            }
        };
    }
}
