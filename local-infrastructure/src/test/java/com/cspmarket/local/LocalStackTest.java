package com.cspmarket.local;

import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class LocalStackTest {

    /**
     * A port the kernel gave for a moment is free again once its socket closes, and the kernel may give it again:
     * two processes of one stack were once started on the same port (the portal and the identity provider).
     */
    @Test
    void aFreePortIsNeverHandedOutTwice() {
        Set<Integer> ports = new HashSet<>();
        for (int i = 0; i < 3000; i++) {
            int port = LocalStack.freePort();
            assertThat(ports.add(port)).as("port %s handed out before, call %s", port, i).isTrue();
        }
    }
}
