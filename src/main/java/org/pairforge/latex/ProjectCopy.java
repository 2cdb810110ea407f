package org.pairforge.latex;

import org.apache.commons.compress.archivers.ArchiveEntry;
import org.apache.commons.compress.archivers.ArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipArchiveInputStream;
import org.pairforge.core.TempFolder;
import org.pairforge.core.UnreadableInputException;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Locale;
import java.util.zip.GZIPInputStream;

/**
 * Puts a paper's sources into a private temporary folder that TeX may write into: a project folder is
 * copied, an arXiv archive ({@code .tar.gz}, {@code .tgz}, {@code .tar}, {@code .zip}, or a lone gzipped
 * {@code .tex}) unpacked, a single {@code .tex} copied alone. Nothing can point outside the copy: symbolic
 * and hard links are skipped, entry names that leave the folder are refused, and the entry count and bytes
 * written are capped (headers can lie, so bytes are counted as written).
 */
final class ProjectCopy {
    private final long maxBytes;
    private final int maxEntries;

    private long written;
    private int entries;

    private ProjectCopy(long maxBytes, int maxEntries) {
        this.maxBytes = maxBytes;
        this.maxEntries = maxEntries;
    }

    /** @param maxBytes the most the sources may occupy once copied or unpacked ({@code --max-input-mb}) */
    static TempFolder of(Path location, long maxBytes, int maxEntries) throws UnreadableInputException {
        TempFolder copy = TempFolder.create("pairforge-latex");
        try {
            new ProjectCopy(maxBytes, maxEntries).fill(location, copy.root());
            return copy;
        } catch (UnreadableInputException e) {
            copy.close();
            throw e;
        } catch (CapExceeded e) {
            copy.close();
            throw (UnreadableInputException) e.getCause();
        } catch (IOException e) {
            copy.close();
            throw new UnreadableInputException("bad_archive", location.getFileName() + " cannot be read: " + e.getMessage());
        } catch (RuntimeException e) {
            copy.close();
            throw e;
        }
    }

    private void fill(Path location, Path dest) throws IOException, UnreadableInputException {
        if (Files.isDirectory(location)) {
            copyTree(location, dest);
            return;
        }
        String name = location.getFileName().toString().toLowerCase(Locale.ROOT);
        if (name.endsWith(".zip")) {
            try (InputStream in = new BufferedInputStream(Files.newInputStream(location), 1 << 16)) {
                unpack(new ZipArchiveInputStream(in), dest, location);
            }
        } else if (name.endsWith(".tar")) {
            try (InputStream in = new BufferedInputStream(Files.newInputStream(location), 1 << 16)) {
                unpack(new TarArchiveInputStream(in), dest, location);
            }
        } else if (name.endsWith(".gz") || name.endsWith(".tgz")) {
            unpackGzip(location, dest);
        } else {
            copyFile(location, dest.resolve(location.getFileName().toString()), location);
        }
    }

    /** arXiv serves a one-file source as plain gzip and a project as a gzipped tar, both often as .gz. */
    private void unpackGzip(Path location, Path dest) throws IOException, UnreadableInputException {
        try (InputStream in = new BufferedInputStream(new GZIPInputStream(Files.newInputStream(location), 1 << 16), 1 << 16)) {
            in.mark(512);
            byte[] header = in.readNBytes(512);
            in.reset();
            if (isTarHeader(header)) {
                unpack(new TarArchiveInputStream(in), dest, location);
            } else {
                String base = location.getFileName().toString().replaceFirst("(?i)(\\.tex)?\\.(gz|tgz)$", "");
                write(in, dest.resolve((base.isEmpty() ? "main" : base) + ".tex"), location);
            }
        }
    }

    private static boolean isTarHeader(byte[] header) {
        return header.length == 512 && header[257] == 'u' && header[258] == 's' && header[259] == 't'
                && header[260] == 'a' && header[261] == 'r';
    }

    private void unpack(ArchiveInputStream<? extends ArchiveEntry> archive, Path dest, Path location)
            throws IOException, UnreadableInputException {
        ArchiveEntry entry;
        while ((entry = archive.getNextEntry()) != null) {
            Path target = inside(dest, entry.getName(), location);
            if (entry.isDirectory()) {
                Files.createDirectories(target);
            } else if (isPlainFile(entry)) {
                write(archive, target, location);
            }
        }
    }

    /** Links could point anywhere (/etc/passwd); devices and fifos are not sources. */
    private static boolean isPlainFile(ArchiveEntry entry) {
        if (entry instanceof TarArchiveEntry tar) {
            return tar.isFile() && !tar.isLink() && !tar.isSymbolicLink();
        }
        if (entry instanceof ZipArchiveEntry zip) {
            return !zip.isUnixSymlink();
        }
        return true;
    }

    private Path inside(Path dest, String name, Path location) throws UnreadableInputException {
        Path target = dest.resolve(name).normalize();
        if (name.startsWith("/") || !target.startsWith(dest)) {
            throw new UnreadableInputException("unsafe_archive", location.getFileName() + ": entry '" + name
                    + "' would be written outside the project folder");
        }
        return target;
    }

    private void copyTree(Path from, Path dest) throws IOException {
        Files.walkFileTree(from, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                Files.createDirectories(dest.resolve(from.relativize(dir).toString()));
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                // walkFileTree does not follow links, so a link is seen as a link here and skipped.
                if (attrs.isRegularFile()) {
                    try {
                        copyFile(file, dest.resolve(from.relativize(file).toString()), from);
                    } catch (UnreadableInputException e) {
                        throw new CapExceeded(e);
                    }
                }
                return FileVisitResult.CONTINUE;
            }
        });
    }

    private void copyFile(Path file, Path target, Path location) throws IOException, UnreadableInputException {
        if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (InputStream in = Files.newInputStream(file)) {
            write(in, target, location);
        }
    }

    private void write(InputStream in, Path target, Path location) throws IOException, UnreadableInputException {
        if (++entries > maxEntries) {
            throw new UnreadableInputException("too_many_files", location.getFileName() + " has more than " + maxEntries + " files");
        }
        Files.createDirectories(target.getParent());
        try (OutputStream out = Files.newOutputStream(target)) {
            byte[] buf = new byte[1 << 16];
            int n;
            while ((n = in.read(buf)) > 0) {
                written += n;
                if (written > maxBytes) {
                    throw new UnreadableInputException("too_large", location.getFileName() + " holds more than "
                            + maxBytes + " bytes of sources (--max-input-mb)");
                }
                out.write(buf, 0, n);
            }
        }
    }

    /** Carries a cap through FileVisitor, whose methods may only throw IOException. */
    private static final class CapExceeded extends IOException {
        CapExceeded(UnreadableInputException cause) {
            super(cause.getMessage(), cause);
        }
    }
}
