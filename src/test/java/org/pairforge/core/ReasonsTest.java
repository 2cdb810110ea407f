package org.pairforge.core;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** One registry of reason codes: the README's table says the same, and the sources raise no code it lacks. */
class ReasonsTest {
    private static final Pattern ROW = Pattern.compile("^\\| `([a-z0-9_]+)` \\| (\\w+) \\| (.*) \\|$");
    /** The places a reason code is written as a literal when it is raised. */
    private static final List<Pattern> RAISED = List.of(
            Pattern.compile("UnreadableInputException\\(\\s*\"([a-z0-9_]+)\""),
            Pattern.compile("Drop\\(\\s*\"([a-z0-9_]+)\""),
            Pattern.compile("SvgException\\(\\s*\"([a-z0-9_]+)\""),
            Pattern.compile("Stage\\.[A-Z]+,\\s*\"([a-z0-9_]+)\""),
            Pattern.compile("failed\\(\\s*\"([a-z0-9_]+)\""),
            Pattern.compile("(?:FAULT|REASON) = \"([a-z0-9_]+)\""));

    @Test
    void theReadmesTableIsTheRegistry() throws Exception {
        String readme = Files.readString(Path.of("README.md"));
        String section = readme.substring(readme.indexOf("### Rejects and reason codes"));
        section = section.substring(0, section.indexOf("\n#", 4));
        List<String> table = new ArrayList<>();
        for (String line : section.lines().toList()) {
            Matcher m = ROW.matcher(line);
            if (m.matches()) {
                table.add(m.group(1) + " | " + m.group(2) + " | " + m.group(3).replace("\\|", "|"));
            }
        }
        List<String> registry = Reasons.all().values().stream()
                .map(r -> r.code() + " | " + r.stage().id() + " | " + r.meaning()).toList();
        assertEquals(registry, table);
    }

    @Test
    void everyCodeTheSourcesRaiseIsRegistered() throws Exception {
        Set<String> raised = new TreeSet<>();
        try (Stream<Path> files = Files.walk(Path.of("src/main/java"))) {
            for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                String source = Files.readString(f);
                for (Pattern p : RAISED) {
                    Matcher m = p.matcher(source);
                    while (m.find()) {
                        raised.add(m.group(1));
                    }
                }
            }
        }
        assertTrue(raised.size() >= 40, "the patterns find the raised codes: " + raised);
        Set<String> unregistered = new TreeSet<>(raised);
        unregistered.removeAll(Reasons.all().keySet());
        assertEquals(Set.of(), unregistered, "codes raised but not in Reasons (and so not in the README)");
    }
}
