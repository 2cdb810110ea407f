package org.pairforge.core;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class SourceRefTest {
    /** KEY.json writes provenance in this order: it must be the row's, not a hash order that changes per JVM. */
    @Test
    void provenanceKeepsTheOrderItWasGivenIn() {
        Map<String, Object> row = new LinkedHashMap<>();
        List<String> names = new ArrayList<>();
        for (String n : List.of("max_stars_repo_name", "max_stars_repo_path", "size", "licenses", "hexsha", "lang",
                "ext", "avg_line_length", "alphanum_fraction", "id")) {
            row.put(n, n.length());
            names.add(n);
        }
        SourceRef ref = new SourceRef("x.jsonl#1", row);
        assertEquals(names, new ArrayList<>(ref.provenance().keySet()));
        assertThrows(UnsupportedOperationException.class, () -> ref.provenance().put("y", 1));
    }
}
