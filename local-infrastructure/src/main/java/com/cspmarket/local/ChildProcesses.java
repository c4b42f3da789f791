package com.cspmarket.local;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/** Stopping the JVMs the local stack starts (services, a restartable broker). */
final class ChildProcesses {

    private ChildProcesses() {
    }

    /**
     * SIGKILL with {@code kill}, else SIGTERM and {@code grace} to shut down cleanly before SIGKILL. Returns once the
     * process is gone (or 10 s after SIGKILL).
     */
    static void stop(Process process, boolean kill, Duration grace) {
        if (kill) {
            process.destroyForcibly();
        } else {
            process.destroy();
        }
        try {
            if (!process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
