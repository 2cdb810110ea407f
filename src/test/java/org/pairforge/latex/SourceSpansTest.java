package org.pairforge.latex;

import org.junit.jupiter.api.Test;

import java.util.BitSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

class SourceSpansTest {
    private static BitSet lines(int... ns) {
        BitSet b = new BitSet();
        for (int n : ns) {
            b.set(n);
        }
        return b;
    }

    @Test
    void unreferencedLinesGoToTheNextPageAndASplitParagraphToBoth() {
        Map<Integer, Map<String, BitSet>> refs = new LinkedHashMap<>();
        refs.put(1, Map.of("a.tex", lines(5, 6, 7, 10)));      // lines 1-4 (preamble, \title) precede page 1's text
        refs.put(2, Map.of("a.tex", lines(10, 11, 14)));        // line 10 is a paragraph split across pages 1 and 2
        Map<Integer, List<SourceSpans.Range>> spans = SourceSpans.assign(refs, Map.of("a.tex", 16), f -> f);
        assertEquals("[a.tex:1-10]", spans.get(1).toString());
        assertEquals("[a.tex:10-16]", spans.get(2).toString(), "trailing lines belong to the last page");
    }

    @Test
    void aFloatFromEarlierInTheSourceMakesASecondRangeInTheFilesOrderOfReference() {
        Map<Integer, Map<String, BitSet>> refs = new LinkedHashMap<>();
        refs.put(1, Map.of("a.tex", lines(1, 2, 3, 6)));
        Map<String, BitSet> page2 = new LinkedHashMap<>();
        page2.put("b.tex", lines(1, 2));
        page2.put("a.tex", lines(4, 7, 8));                      // line 4: a figure placed on page 2
        refs.put(2, page2);
        Map<Integer, List<SourceSpans.Range>> spans = SourceSpans.assign(refs, Map.of("a.tex", 8, "b.tex", 2), f -> f);
        assertEquals("[a.tex:1-3, a.tex:5-6]", spans.get(1).toString());
        assertEquals("[b.tex:1-2, a.tex:4-4, a.tex:7-8]", spans.get(2).toString());
    }
}
