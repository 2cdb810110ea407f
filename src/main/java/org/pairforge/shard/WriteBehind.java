package org.pairforge.shard;

import org.pairforge.core.internal.Daemons;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * A local file's bytes written by a thread of their own, a few buffers behind the writer. A buffered write still
 * copies every byte into the kernel's page cache in the thread that calls it, and on the notebook path (a run
 * writes a third of its input size as tar) that copy was about a sixth of the worker's time, on the one thread
 * that decides the run's wall time; here it runs beside the worker. The bytes, and their order, are the caller's.
 * At most {@code buffers} buffers are filled or being written, so a slow disk holds the caller back instead of
 * filling the heap. A failed write is thrown to the caller at its next write, flush or close.
 */
final class WriteBehind extends OutputStream {
    static final int BUFFER_BYTES = 256 * 1024;
    static final int BUFFERS = 4;

    private final FileChannel channel;
    private final int bufferBytes;
    private final int maxBuffers;
    private final ArrayBlockingQueue<ByteBuffer> free;
    private int allocated;
    private ByteBuffer current;
    private ExecutorService writer;
    private Future<?> last;
    private volatile IOException failed;
    private volatile boolean discarded;
    private boolean closed;

    WriteBehind(FileChannel channel) {
        this(channel, BUFFER_BYTES, BUFFERS);
    }

    WriteBehind(FileChannel channel, int bufferBytes, int buffers) {
        this.channel = channel;
        this.bufferBytes = bufferBytes;
        this.maxBuffers = buffers;
        this.free = new ArrayBlockingQueue<>(buffers);
    }

    @Override
    public void write(int b) throws IOException {
        if (current != null && current.remaining() > 1 && !closed && failed == null) {
            current.put((byte) b);
        } else {
            write(new byte[] {(byte) b}, 0, 1);
        }
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        java.util.Objects.checkFromIndexSize(off, len, b.length);
        ensureOpen();
        while (len > 0) {
            if (current == null) {
                current = nextBuffer();
            }
            int n = Math.min(len, current.remaining());
            current.put(b, off, n);
            off += n;
            len -= n;
            if (!current.hasRemaining()) {
                handOff();
            }
        }
    }

    /** Waits until every byte written so far is in the file. */
    @Override
    public void flush() throws IOException {
        ensureOpen();
        drain();
    }

    /** Writes what is left, waits for it and closes the file; throws the first failed write. */
    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        try {
            drain();
        } finally {
            stopWriter();
            channel.close();
        }
    }

    /** Closes the file without writing what is not written yet (the caller gives the file up). */
    void discard() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        discarded = true;
        try {
            stopWriter();
        } finally {
            channel.close();
        }
    }

    private void ensureOpen() throws IOException {
        if (closed) {
            throw new IOException("stream closed");
        }
        throwIfFailed();
    }

    /** The writing thread's failure, thrown in the caller's thread (with the caller's stack). */
    private void throwIfFailed() throws IOException {
        IOException f = failed;
        if (f != null) {
            throw new IOException(f.getMessage(), f);
        }
    }

    private ByteBuffer nextBuffer() throws IOException {
        ByteBuffer b = free.poll();
        if (b != null) {
            return b;
        }
        if (allocated < maxBuffers) {
            allocated++;
            return ByteBuffer.allocate(bufferBytes);
        }
        try {
            return free.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting for a buffer to be written");
        }
    }

    private void handOff() {
        ByteBuffer b = current;
        current = null;
        b.flip();
        if (writer == null) {
            writer = Executors.newSingleThreadExecutor(Daemons.named("pairforge-write-behind"));
        }
        last = writer.submit(() -> {
            try {
                if (failed == null && !discarded) {
                    while (b.hasRemaining()) {
                        channel.write(b);
                    }
                }
            } catch (IOException | RuntimeException e) {
                if (!discarded) {
                    failed = e instanceof IOException io ? io : new IOException(e);
                }
            } finally {
                b.clear();
                free.add(b);
            }
        });
    }

    private void drain() throws IOException {
        if (current != null && current.position() > 0) {
            if (writer == null) {
                // A small file, never handed off: written here, without starting a thread for it.
                current.flip();
                while (current.hasRemaining()) {
                    channel.write(current);
                }
                current.clear();
            } else {
                handOff();
            }
        }
        if (last != null) {
            try {
                last.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted while waiting for a file's bytes to be written");
            } catch (ExecutionException e) {
                throw new IOException(e.getCause());
            }
        }
        throwIfFailed();
    }

    private void stopWriter() {
        if (writer != null) {
            writer.shutdown();
            try {
                // A buffer's write is one system call or a few; this waits only for the one under way.
                writer.awaitTermination(1, TimeUnit.MINUTES);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
