package org.pairforge.inspect;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.Map;
import java.util.TreeMap;

/** An {@link Inspection}'s funnel as a terminal table: one row per run, then drops by reason and check scores. */
public final class FunnelTable {
    private FunnelTable() {
    }

    public static String render(Inspection in) {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format("%-12s %-16s %8s %10s %10s %8s %8s%n", "run", "kind", "inputs", "unreadable", "candidates", "kept", "rejects"));
        Map<String, Integer> reasons = new TreeMap<>();
        StringBuilder checks = new StringBuilder();
        for (Inspection.Run r : in.runs()) {
            JsonNode s = r.summary();
            sb.append(String.format("%-12s %-16s %8s %10s %10s %8s %8d%n", r.command(), r.kind(), s.path("inputs_read").asText("-"),
                    s.path("inputs_unreadable").asText("-"), s.path("candidates").asText("-"), s.path("kept").asText("" + r.samples()),
                    r.rejectsTotal()));
            s.path("dropped").fields().forEachRemaining(e -> reasons.merge(String.format("%-12s %s", r.command(), e.getKey()), e.getValue().asInt(), Integer::sum));
            s.path("check").path("by_kind").fields().forEachRemaining(e -> checks.append(String.format("  %-12s %-16s %-8s median %-6s p10 %s%n",
                    r.command(), e.getKey(), e.getValue().path("status").asText(), e.getValue().path("median").asText(),
                    e.getValue().path("p10").asText())));
        }
        for (Inspection.Run r : in.runs()) {
            r.problems().forEach(p -> sb.append("unreadable shard in ").append(r.command()).append(": ").append(p).append('\n'));
        }
        if (!reasons.isEmpty()) {
            sb.append("dropped by reason\n");
            reasons.forEach((reason, n) -> sb.append(String.format("  %-44s %8d%n", reason, n)));
        }
        if (!checks.isEmpty()) {
            sb.append("self-check\n").append(checks);
        }
        return sb.toString();
    }
}
