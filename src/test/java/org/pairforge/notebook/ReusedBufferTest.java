package org.pairforge.notebook;

import org.junit.jupiter.api.Test;
import org.pairforge.TestData;
import org.pairforge.core.EncodedImage;
import org.pairforge.core.Extraction;
import org.pairforge.core.Sample;
import org.pairforge.core.SourceRef;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A notebook read into the front of a longer, reused buffer is extracted exactly as from an array of its own:
 * nothing past its length is read, even when what follows would complete a truncated notebook.
 */
class ReusedBufferTest {
    private final NotebookPairs pairs = new NotebookPairs(NotebookOptions.builder().build());

    /** Everything an extraction says, images by content. */
    private static String canonical(Extraction e) {
        StringBuilder sb = new StringBuilder(e.readable() + " " + e.candidates());
        for (Sample s : e.samples()) {
            sb.append("\nsample ").append(s.key()).append(' ').append(s.text()).append(' ').append(s.metadata());
            for (EncodedImage img : s.images()) {
                sb.append(" image ").append(Arrays.hashCode(img.bytes())).append(':').append(img.bytes().length);
            }
        }
        e.rejections().forEach(r -> sb.append("\nrejected ").append(r));
        return sb.toString();
    }

    /** The notebook's first {@code length} bytes at the front of a buffer that goes on with {@code rest}. */
    private String inBuffer(byte[] notebook, int length, byte[] rest) {
        byte[] buffer = Arrays.copyOf(notebook, length + rest.length);
        System.arraycopy(rest, 0, buffer, length, rest.length);
        return canonical(pairs.extract(SourceRef.of("nb"), buffer, length));
    }

    private String alone(byte[] notebook, int length) {
        return canonical(pairs.extract(Arrays.copyOf(notebook, length), SourceRef.of("nb")));
    }

    private static List<Path> inputs() throws Exception {
        List<Path> files = new ArrayList<>();
        for (Path dir : List.of(TestData.corpus("notebooks"), TestData.fixtures("notebooks"))) {
            try (Stream<Path> s = Files.walk(dir)) {
                files.addAll(s.filter(p -> p.toString().endsWith(".ipynb")).sorted().toList());
            }
        }
        return files;
    }

    @Test
    void wholeNotebooksFollowedByOtherBytesAreReadAsAlone() throws Exception {
        byte[] other = Files.readAllBytes(inputs().get(0));
        int kept = 0;
        for (Path f : inputs()) {
            byte[] nb = Files.readAllBytes(f);
            String alone = alone(nb, nb.length);
            assertEquals(alone, inBuffer(nb, nb.length, other), f.toString());
            assertEquals(alone, inBuffer(nb, nb.length, "garbage\"]}}".getBytes()), f.toString());
            kept += alone.split("\nsample ").length - 1;
        }
        assertTrue(kept > 50, kept + " samples: the comparison must cover kept pairs, not only rejections");
    }

    @Test
    void aTruncatedNotebookStaysTruncatedWhenTheBufferHoldsTheRestOfIt() throws Exception {
        int cuts = 0;
        for (Path f : inputs().subList(0, 12)) {
            byte[] nb = Files.readAllBytes(f);
            // Cuts everywhere in the file: inside base64 images, strings, numbers, names and between tokens.
            for (int length = 1; length < nb.length; length += Math.max(1, nb.length / 97)) {
                byte[] rest = Arrays.copyOfRange(nb, length, nb.length);
                String alone = alone(nb, length);
                assertEquals(alone, inBuffer(nb, length, rest), f + " cut at " + length);
                cuts++;
            }
        }
        assertTrue(cuts > 1000, cuts + " cuts");
    }
}
