package org.pairforge.document;

import org.pairforge.core.TempFolder;
import org.pairforge.core.UnreadableInputException;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Enumeration;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * Unpacks an {@code .epub} into a temporary folder for rendering, refusing what could escape or exhaust:
 * entry names that leave the folder (zip-slip), more entries than {@code maxEntries}, and more than
 * {@code maxBytes} once decompressed. The bytes are counted as they are written (headers can lie).
 * Deleting the folder is the caller's, through {@link TempFolder#close()}.
 */
final class EpubArchive {
    private EpubArchive() {
    }

    static TempFolder unpack(Path epub, long maxBytes, int maxEntries) throws UnreadableInputException {
        TempFolder unpacked = TempFolder.create("pairforge-epub");
        Path dir = unpacked.root();
        try (ZipFile zip = new ZipFile(epub.toFile())) {
            long written = 0;
            int entries = 0;
            Enumeration<? extends ZipEntry> all = zip.entries();
            while (all.hasMoreElements()) {
                ZipEntry entry = all.nextElement();
                if (++entries > maxEntries) {
                    throw new UnreadableInputException("zip_bomb", epub.getFileName() + " has more than " + maxEntries + " entries");
                }
                Path target = dir.resolve(entry.getName()).normalize();
                if (!target.startsWith(dir) || entry.getName().startsWith("/")) {
                    throw new UnreadableInputException("zip_slip", epub.getFileName() + ": entry '" + entry.getName()
                            + "' would be written outside the unpacking folder");
                }
                if (entry.isDirectory()) {
                    Files.createDirectories(target);
                    continue;
                }
                Files.createDirectories(target.getParent());
                try (InputStream in = zip.getInputStream(entry); OutputStream out = Files.newOutputStream(target)) {
                    byte[] buf = new byte[1 << 16];
                    int n;
                    while ((n = in.read(buf)) > 0) {
                        written += n;
                        if (written > maxBytes) {
                            throw new UnreadableInputException("zip_bomb", epub.getFileName() + " unpacks to more than "
                                    + maxBytes + " bytes (--max-input-mb)");
                        }
                        out.write(buf, 0, n);
                    }
                }
            }
            return unpacked;
        } catch (UnreadableInputException e) {
            closeQuietly(unpacked);
            throw e;
        } catch (IOException e) {
            closeQuietly(unpacked);
            throw new UnreadableInputException("bad_epub", epub.getFileName() + " is not a readable zip: " + e.getMessage());
        }
    }

    private static void closeQuietly(TempFolder u) {
        u.close();
    }
}
