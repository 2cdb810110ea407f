package org.pairforge.shard;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.pairforge.core.Sample;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.ObjectStreamException;
import java.util.Map;
import java.util.Set;

/** {@link SampleFormat#WEBDATASET}: tars written by {@link WebDatasetWriter}, byte-identical for the same samples. */
final class WebDatasetFormat implements SampleFormat {
    @Override
    public String file(int shard) {
        return ShardLayout.tarName(shard);
    }

    @Override
    public Writer create(RunStore store, String name) throws IOException {
        RunStore.Output out = store.create(name);
        WebDatasetWriter tar = new WebDatasetWriter(out);
        return new Writer() {
            @Override
            public void add(Sample sample) throws IOException {
                tar.add(sample);
            }

            @Override
            public void abort() throws IOException {
                out.abort();
            }

            @Override
            public void close() throws IOException {
                tar.finish();
                tar.close();
            }
        };
    }

    @Override
    public void rewriteWithout(RunStore store, String name, Set<String> keys) throws IOException {
        // members are copied as they are: the kept samples' bytes do not change
        store.write(name, out -> {
            try (InputStream file = new BufferedInputStream(store.open(name), 1 << 20);
                 TarArchiveInputStream in = new TarArchiveInputStream(file)) {
                // closed to write the archive's last block; the file itself is closed (made whole) by the store
                WebDatasetWriter tar = new WebDatasetWriter(new java.io.FilterOutputStream(out) {
                    @Override
                    public void write(byte[] b, int off, int len) throws IOException {
                        out.write(b, off, len);
                    }

                    @Override
                    public void close() throws IOException {
                        out.flush();
                    }
                });
                TarArchiveEntry e;
                while ((e = in.getNextEntry()) != null) {
                    String member = e.getName();
                    if (!keys.contains(member.substring(0, member.indexOf('.')))) {
                        tar.addMember(member, in.readAllBytes());
                    }
                }
                tar.finish();
                tar.close();
            }
        });
    }

    @Override
    public Map<String, String> dedupKeys(RunStore store, String name) throws IOException {
        try (InputStream in = store.open(name)) {
            return ShardReader.dedupKeys(in, store.describe(name));
        }
    }

    private Object readResolve() throws ObjectStreamException {
        return SampleFormat.WEBDATASET;
    }
}
