package org.pairforge.kinds;

import org.pairforge.fixtures.internal.SyntheticNotebooks;
import org.pairforge.notebook.NotebookOptions;
import org.pairforge.pipeline.Kind;
import org.pairforge.pipeline.Pipeline;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** Figures of Jupyter notebooks paired with the code that drew them. */
public final class NotebooksKind implements Kind<NotebookOptions> {
    @Override
    public String name() {
        return "notebooks";
    }

    @Override
    public NotebookOptions defaults() {
        return NotebookOptions.builder().build();
    }

    @Override
    public Pipeline.Builder pipeline(NotebookOptions options) {
        return Pipeline.notebooks(options);
    }

    @Override
    public Map<String, Object> settings(NotebookOptions o) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("context", o.context().id());
        m.put("min_code_lines", o.minCodeLines());
        m.put("max_code_lines", o.maxCodeLines());
        m.put("min_image_side", o.minImageSide());
        m.put("max_image_pixels", o.maxImagePixels());
        m.put("blank_share", o.blankShare());
        m.put("verify_pixels", o.verifyPixels());
        m.put("max_json_depth", o.maxJsonDepth());
        m.put("svg_timeout_ms", o.svgTimeout().toMillis());
        return m;
    }

    @Override
    public int shardSize() {
        return 1000;
    }

    @Override
    public Fixture<NotebookOptions> fixture() {
        return new Fixture<>() {
            @Override
            public NotebookOptions write(Path inputs, int count, long seed, FixtureMaterials materials) throws IOException {
                SyntheticNotebooks.write(inputs, count, seed);
                return defaults();
            }
        };
    }
}
