package org.pairforge;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.SocketTimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A TCP listener on 127.0.0.1 that counts connections: hermetic-rendering tests point untrusted input at
 * it and assert that nothing ever connected.
 */
public final class LoopbackListener implements AutoCloseable {
    private final ServerSocket socket;
    private final AtomicInteger connections = new AtomicInteger();
    private final Thread acceptor;

    public LoopbackListener() throws IOException {
        socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        socket.setSoTimeout(100);
        acceptor = new Thread(() -> {
            while (!socket.isClosed()) {
                try {
                    socket.accept().close();
                    connections.incrementAndGet();
                } catch (SocketTimeoutException e) {
                    // poll again until closed
                } catch (IOException e) {
                    return;
                }
            }
        }, "loopback-listener");
        acceptor.start();
    }

    public String url() {
        return "http://127.0.0.1:" + socket.getLocalPort();
    }

    /** Connections so far, after a short wait for any that are still on their way. */
    public int connections() throws InterruptedException {
        Thread.sleep(300);
        return connections.get();
    }

    @Override
    public void close() throws IOException, InterruptedException {
        socket.close();
        acceptor.join();
    }
}
